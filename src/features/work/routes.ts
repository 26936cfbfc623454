// Work lists beyond a person's own: a team manager's team, the CSE coordinator's cases; and notifications
// marked as read. (A person's own list is the home page, src/features/home.)
import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { hasRole } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { childName } from '../../platform/web/child-name.ts';
import { pagination } from '../../platform/web/pagination.ts';
import { auditListedCases } from '../cases/service-listed-cases.ts';
import { WORK_PAGE_SIZE, actionRow, clockRow, cseListTotal, flagParam, linkWith, pageParam, workNavigation } from './presenters.ts';
import { createWorkService } from './service.ts';
import { ttlCache } from '../../platform/ttl-cache.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const teamQuery = z.object({ ap: pageParam, aoverdue: flagParam, cp: pageParam });
const cseQuery = z.object({ category: z.enum(['1', '2', '3']).optional().catch(undefined), overdue: flagParam, page: pageParam });
const markReadSchema = z.object({ returnTo: z.string().max(500).optional() }).loose();

/** Only paths inside Harbour: never an open redirect. */
const safeReturn = (value: string | undefined) => (value && /^\/(?!\/)[A-Za-z0-9/_?=&%.-]*$/.test(value) ? value : '/');

/** The coordinator's headline counts scan every CSE case of the area: they may be up to 30 seconds old. */
export const CSE_SUMMARY_MAX_AGE_MS = 30_000;

export function workRoutes(services: Services) {
  const work = createWorkService(services);
  const summaries = ttlCache<Awaited<ReturnType<typeof work.cseSummary>>>(CSE_SUMMARY_MAX_AGE_MS, () => services.now().getTime());
  const router = Router();
  const r = routes(router);

  r.get('/work/team', { access: 'signed-in', audit: { none: 'a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const actor = req.user!;
    if (!hasRole(actor, 'team-manager')) throw forbidden('The team’s work list is for team managers.');
    const now = services.now();
    const today = londonDateOf(now);
    const q = teamQuery.parse(req.query);
    const team = await work.teamOf(actor.id);
    const current = { ap: q.ap, aoverdue: q.aoverdue, cp: q.cp };
    const [actions, clocks] = team.team_id
      ? await Promise.all([
          work.teamOpenActions(team.team_id, today, { page: q.ap ?? 1, pageSize: WORK_PAGE_SIZE, overdueOnly: q.aoverdue === '1' }),
          work.teamOverdueClocks(team.team_id, now, { page: q.cp ?? 1, pageSize: WORK_PAGE_SIZE }),
        ])
      : [{ rows: [], total: 0 }, { rows: [], total: 0 }];
    // The list names children: each case it shows is audited, as on "My work" (docs/access-model.md).
    await auditListedCases(services.db, auditContext(req), 'team-work', [...actions.rows.map((a) => a.case_id), ...clocks.rows.map((c) => c.case_id)]);
    res.render('work/views/team.njk', {
      workNavigation: workNavigation(actor, 'team'),
      teamName: team.name,
      actions: actions.rows.map((a) => actionRow(a, today)),
      actionsTotal: actions.total,
      actionsPagination: pagination((p) => linkWith('/work/team', current, { ap: p }), q.ap ?? 1, actions.total, WORK_PAGE_SIZE),
      overdueOnly: q.aoverdue === '1',
      overdueToggle: linkWith('/work/team', current, { aoverdue: q.aoverdue === '1' ? null : '1', ap: null }),
      clocks: clocks.rows.map((c) => clockRow(c, now)),
      clocksTotal: clocks.total,
      clocksPagination: pagination((p) => linkWith('/work/team', current, { cp: p }), q.cp ?? 1, clocks.total, WORK_PAGE_SIZE),
    });
  });

  r.get('/work/cse', { access: 'signed-in', audit: { none: 'a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const actor = req.user!;
    if (!hasRole(actor, 'cse-coordinator') || !actor.localAuthorityId) throw forbidden('The list of CSE cases is for the CSE coordinator of the area.');
    const now = services.now();
    const q = cseQuery.parse(req.query);
    const category = q.category ? (Number(q.category) as 1 | 2 | 3) : undefined;
    const current = { category: q.category, overdue: q.overdue, page: q.page };
    const page = q.page ?? 1;
    const overdueOnly = q.overdue === '1';
    const [rows, summary] = await Promise.all([
      work.cseCases(actor.localAuthorityId, now, { page, pageSize: WORK_PAGE_SIZE, category, overdueOnly }),
      summaries.get(actor.localAuthorityId, () => work.cseSummary(actor.localAuthorityId!, now)),
    ]);
    const total = cseListTotal(summary.value, { category, overdueOnly }, page, WORK_PAGE_SIZE, rows.length);
    const eighteenReviews = await work.eighteenReviewsDue(actor.localAuthorityId, londonDateOf(now));
    // The list names children: each case it shows is audited, as on "My work" (docs/access-model.md).
    await auditListedCases(services.db, auditContext(req), 'cse-cases', [...rows.map((c) => c.id), ...eighteenReviews.map((e) => e.id)]);
    res.render('work/views/cse.njk', {
      workNavigation: workNavigation(actor, 'cse'),
      summaryAt: new Date(summary.at),
      summary: summary.value.map((s) => ({ ...s, href: linkWith('/work/cse', {}, { category: s.category }), overdueHref: linkWith('/work/cse', {}, { category: s.category, overdue: '1' }) })),
      cases: rows.map((c) => ({
        ...c,
        childName: childName(c),
        age: c.date_of_birth ? ageInYears(c.date_of_birth, now) : null,
        overdue: Number(c.overdue_clocks),
        nextDue: c.next_due_at ? new Date(c.next_due_at) : null,
        reassessmentDue: c.reassessment_due_at ? new Date(c.reassessment_due_at) : null,
      })),
      total,
      pagination: pagination((p) => linkWith('/work/cse', current, { page: p }), page, total, WORK_PAGE_SIZE),
      categoryOptions: [{ value: '', text: 'All categories' }, ...[3, 2, 1].map((c) => ({ value: String(c), text: `Category ${c}`, selected: q.category === String(c) }))],
      overdueOnly,
      filtered: Boolean(q.category || q.overdue),
      eighteenReviews,
    });
  });

  r.post('/notifications/:notificationId/read', { access: 'signed-in', audit: { none: 'the person’s own notifications' }, schema: markReadSchema, invalid: (_req, res) => res.redirect(303, '/') }, async (req, res, data) => {
    const id = String(req.params.notificationId);
    if (isRecordId(id)) await work.markRead(req.user!.id, id, auditContext(req));
    res.redirect(303, safeReturn(data.returnTo));
  });

  r.post('/notifications/read-all', { access: 'signed-in', audit: { none: 'the person’s own notifications' }, schema: markReadSchema, invalid: (_req, res) => res.redirect(303, '/') }, async (req, res, data) => {
    await work.markAllRead(req.user!.id, auditContext(req));
    res.redirect(303, safeReturn(data.returnTo));
  });

  return router;
}
