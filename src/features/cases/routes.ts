import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { childName } from '../../platform/web/child-name.ts';
import { knownToServicesAnswer } from '../../domain/access/access.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { recordAudit } from '../audit/service.ts';
import { openCasePage } from './service-case-page.ts';
import { createCaseService } from './service.ts';
import { BREAK_GLASS_HOURS } from '../case-access/service.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { casePaths } from './paths.ts';

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
  const cases = createCaseService(services);

  r.get('/children/search', { access: 'cases:search', audit: { none: 'the empty search form; the search itself is audited (child.search)' } }, (_req, res) => res.render('cases/views/search.njk', {}));

  r.post(
    '/children/search',
    { access: 'cases:search', audit: 'child.search', schema: searchSchema, invalid: (_req, res, errors, input) => res.render('cases/views/search.njk', { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const { visible, hidden } = await cases.search(req.user!, data, auditContext(req));
      res.render('cases/views/search.njk', {
        input: data,
        searched: true,
        results: visible.map((m) => ({ ...m, childName: childName(m) })),
        known: hidden.length ? knownToServicesAnswer(hidden.map((m) => ({ teamName: m.team_name }))) : null,
      });
    },
  );

  r.get('/cases/:caseId', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await openCasePage(services, req, 'overview');
    const today = londonDateOf(page.now);
    const { chronology, clocks, actions, nextMeeting, profile, safetyPlan } = await cases.overview(req.user!, page.kase, page.now, OVERVIEW_CHRONOLOGY_SIZE);
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
    const kase = await cases.breakGlassCase(req.user!, String(req.params.caseId));
    // The form names no child, but asking to break the glass on this case is itself worth a row (issue 17).
    await recordAudit(services.db, auditContext(req), { action: 'case.break-glass-offered', entityType: 'case', entityId: kase.id, childId: kase.childId });
    res.render('cases/views/break-glass.njk', { caseId: kase.id, hours: BREAK_GLASS_HOURS, ...extra });
  };

  r.get('/cases/:caseId/break-glass', { access: 'signed-in', audit: 'case.break-glass-offered' }, (req, res) => renderBreakGlass(req, res));

  r.post(
    '/cases/:caseId/break-glass',
    { access: 'signed-in', audit: 'case.break-glass', schema: breakGlassSchema, invalid: (req, res, errors, input) => renderBreakGlass(req, res, { ...validationLocals(errors), reason: input.reason }) },
    async (req, res, data) => {
      const kase = await cases.breakGlass(req.user!, String(req.params.caseId), data.reason, auditContext(req));
      res.redirect(303, casePaths.case(kase.id));
    },
  );

  return router;
}

