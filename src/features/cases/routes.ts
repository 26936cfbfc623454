import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { decideCaseAccess, knownToServicesAnswer, mayBreakGlass } from '../../domain/access/access.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { auditContext } from '../audit/request-context.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { accessFacts, BREAK_GLASS_HOURS, findCaseHeader } from '../case-access/service.ts';
import { searchChildren, visibleChronology } from './case-queries.ts';
import { childName, openCasePage } from './case-page.ts';
import { latestSafetyPlan } from '../plans/plan-queries.ts';
export { childName } from './case-page.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { londonDateOf } from '../../domain/clock/index.ts';

export const CHRONOLOGY_PAGE_SIZE = 20;
/** The overview shows the latest entries; the chronology page has them all. */
export const OVERVIEW_CHRONOLOGY_SIZE = 10;

const searchSchema = z.object({
  name: z.string().trim().min(2, 'Enter at least 2 letters of the child’s name or known-as name').max(200, 'Name must be 200 characters or fewer'),
  dateOfBirth: z.preprocess(blankToUndefined, isoDateSchema('Date of birth').optional()),
});

const breakGlassSchema = z.object({
  reason: z.string().trim().min(20, 'Explain in at least 20 characters why you need to open this case now').max(2000, 'Reason must be 2000 characters or fewer'),
});

export function caseRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  r.get('/children/search', { access: 'cases:search' }, (_req, res) => res.render('cases/views/search.njk', {}));

  r.post(
    '/children/search',
    { access: 'cases:search', schema: searchSchema, invalid: (_req, res, errors, input) => res.render('cases/views/search.njk', { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const actor = req.user!;
      const matches = await searchChildren(db, data);
      const now = services.now();
      const visible: typeof matches = [];
      const hidden: typeof matches = [];
      for (const match of matches) {
        const header = { id: match.case_id, reference: match.reference, childId: match.child_id, localAuthorityId: match.local_authority_id, leadProfessionalId: null, managerId: null, version: 0 };
        const decision = decideCaseAccess(actor, await accessFacts(db, actor, header, now));
        (decision.allowed ? visible : hidden).push(match);
      }
      await recordAudit(db, auditContext(req), {
        action: 'child.search',
        entityType: 'child',
        details: { matches: matches.length, shown: visible.length, knownOnly: hidden.length, withDateOfBirth: Boolean(data.dateOfBirth) },
      });
      res.render('cases/views/search.njk', {
        input: data,
        searched: true,
        results: visible.map((m) => ({ ...m, childName: childName(m) })),
        known: hidden.length ? knownToServicesAnswer(hidden.map((m) => ({ teamName: m.team_name }))) : null,
      });
    },
  );

  r.get('/cases/:caseId', { access: 'signed-in' }, async (req, res) => {
    const page = await openCasePage(services, req, 'overview');
    const today = londonDateOf(page.now);
    const [chronology, clocks, actions, nextMeeting, profile, safetyPlan] = await Promise.all([
      visibleChronology(db, req.user!, page.kase.childId, { limit: OVERVIEW_CHRONOLOGY_SIZE, offset: 0 }),
      services.clocks.forSubject(db, { caseId: page.kase.id }, page.now),
      db
        .selectFrom('actions')
        .leftJoin('users', 'users.id', 'actions.owner_user_id')
        .leftJoin('agencies', 'agencies.id', 'actions.owner_agency_id')
        .select(['actions.id', 'actions.title', 'actions.desired_outcome', 'actions.due_date', 'users.display_name as owner_name', 'agencies.name as owner_agency_name'])
        .where('actions.case_id', '=', page.kase.id)
        .where('actions.status', '=', 'open')
        .orderBy('actions.due_date')
        .orderBy('actions.created_at')
        .limit(50)
        .execute(),
      db
        .selectFrom('meetings')
        .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
        .select(['meetings.id', 'meetings.meeting_type', 'meetings.scheduled_at', 'meetings.venue'])
        .where('meeting_cases.case_id', '=', page.kase.id)
        .where('meetings.status', '=', 'convened')
        .where('meetings.scheduled_at', '>=', page.now)
        .orderBy('meetings.scheduled_at')
        .limit(1)
        .executeTakeFirst(),
      services.profiles.forAuthority(db, page.kase.localAuthorityId),
      latestSafetyPlan(db, req.user!, page.kase.id),
    ]);
    res.render('cases/views/case.njk', {
      kase: page.overview,
      subNavigation: page.subNavigation,
      basis: page.decision.basis,
      missingSince: page.kase.missingSince ?? null,
      clocks,
      actions: actions.map((a) => ({ ...a, overdue: a.due_date < today })),
      nextMeeting: nextMeeting ? { ...nextMeeting, label: profile.meetingTypes.find((t) => t.id === nextMeeting.meeting_type)?.label ?? nextMeeting.meeting_type } : null,
      chronology: chronology.entries.map((e) => ({ ...e, sharingLabel: SHARING_LEVEL_LABELS[e.sharing_level as SharingLevel] })),
      total: chronology.total,
      safetyPlan,
    });
  });

  const renderBreakGlass = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const kase = await findCaseHeader(db, String(req.params.caseId));
    if (!kase) throw notFound('Case');
    if (!mayBreakGlass(req.user!)) throw forbidden('Your roles do not allow opening a case by break-glass.');
    res.render('cases/views/break-glass.njk', { caseId: kase.id, hours: BREAK_GLASS_HOURS, ...extra });
  };

  r.get('/cases/:caseId/break-glass', { access: 'signed-in' }, (req, res) => renderBreakGlass(req, res));

  r.post(
    '/cases/:caseId/break-glass',
    { access: 'signed-in', schema: breakGlassSchema, invalid: (req, res, errors, input) => renderBreakGlass(req, res, { ...validationLocals(errors), reason: input.reason }) },
    async (req, res, data) => {
      const actor = req.user!;
      const kase = await findCaseHeader(db, String(req.params.caseId));
      if (!kase) throw notFound('Case');
      if (!mayBreakGlass(actor)) throw forbidden('Your roles do not allow opening a case by break-glass.');
      const now = services.now();
      await db.transaction().execute(async (trx) => {
        const grant = await trx
          .insertInto('break_glass_grants')
          .values({ case_id: kase.id, user_id: actor.id, reason: data.reason, granted_at: now, expires_at: new Date(now.getTime() + BREAK_GLASS_HOURS * 3_600_000) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditContext(req), { action: 'case.break-glass', entityType: 'case', entityId: kase.id, childId: kase.childId, details: { grantId: grant.id, hours: BREAK_GLASS_HOURS } });
        // The case's manager, or the area's CSE coordinators when it has none, is told, and reviews the use (issue 16).
        await services.breakGlass.tellReviewers(trx, kase, grant.id, actor);
      });
      res.redirect(303, `/cases/${kase.id}`);
    },
  );

  return router;
}

/** GOV.UK pagination for a list; `link` is a path (gets ?page=N) or a function that keeps the list's filters. */
export function pagination(link: string | ((page: number) => string), page: number, total: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = typeof link === 'function' ? link : (p: number) => `${link}?page=${p}`;
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((p) => p === 1 || p === pages || Math.abs(p - page) <= 2)
      .flatMap((p, i, list) => (i > 0 && p - list[i - 1]! > 1 ? [{ ellipsis: true }, { number: p, href: href(p), current: p === page }] : [{ number: p, href: href(p), current: p === page }])),
  };
}
