import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { can } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { myNetworkCases } from '../cases/queries.ts';
import { childName } from '../../platform/web/child-name.ts';
import { pagination } from '../../platform/web/pagination.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import { withStatus } from '../clocks/service.ts';
import { NOTIFICATIONS_PAGE_SIZE, WORK_PAGE_SIZE, actionRow, clockRow, flagParam, linkWith, pageParam, workNavigation } from '../work/presenters.ts';
import { frontDoorSummary, myClocks, myNotifications, myOpenActions, myReferralCount, myUpcomingMeetings, overdueActionsFromMyMeetings } from '../work/queries.ts';
import { meetingTypeOf } from '../../domain/meetings/rules.ts';
import { auditListedCases } from '../cases/service-listed-cases.ts';
import { createSharingService } from '../sharing/service.ts';
import { eighteenReviewDueIds } from '../case-lifecycle/queries.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { myCaseAudits } from '../case-audits/service.ts';
import { issue13Work } from '../parents/service-work.ts';
import { governanceWork } from '../retention/service.ts';

const myWorkQuery = z.object({ ap: pageParam, aoverdue: flagParam, cp: pageParam, np: pageParam, nunread: flagParam });

export function homeRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  r.get('/', { access: 'signed-in', audit: { none: 'the home page, a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const user = req.user!;
    const now = services.now();
    const today = londonDateOf(now);
    const q = myWorkQuery.parse(req.query);
    const current = { ap: q.ap, aoverdue: q.aoverdue, cp: q.cp, np: q.np, nunread: q.nunread };
    const showFrontDoor = can(user, 'front-door:queue') && user.localAuthorityId;
    const [cases, actions, clocks, notifications, referrals, frontDoor, chaired, meetings] = await Promise.all([
      myNetworkCases(db, user.id),
      myOpenActions(db, user.id, today, { page: q.ap ?? 1, pageSize: WORK_PAGE_SIZE, overdueOnly: q.aoverdue === '1' }),
      myClocks(db, user.id, now, { page: q.cp ?? 1, pageSize: WORK_PAGE_SIZE }),
      myNotifications(db, user.id, { page: q.np ?? 1, pageSize: NOTIFICATIONS_PAGE_SIZE, unreadOnly: q.nunread === '1' }),
      myReferralCount(db, user.id),
      showFrontDoor ? frontDoorSummary(db, user.localAuthorityId!) : Promise.resolve(null),
      overdueActionsFromMyMeetings(db, user.id, today),
      myUpcomingMeetings(db, user.id, now),
    ]);
    // Break-glass uses this person reviews that are past their 5 working days unreviewed (issue 16).
    const breakGlassOverdue = (await services.breakGlass.queue(user)).filter((use) => use.overdue);
    // Board case audits this person is a named auditor on, while their access is in force (issue 14).
    const caseAudits = await myCaseAudits(db, user.id, now);
    // Exceptions to telling parents awaiting this manager, consultations to answer, disclosures handled (issue 13).
    const issue13 = await issue13Work(services, user);
    // Retention decisions and subject access requests waiting for an information governance officer (issue 15).
    const governance = await governanceWork(db, user, today);
    const sharingToApprove = await createSharingService({ db, now: services.now }).pendingCountForApprover(user);
    // Every child the page names is a read of their record (issue 16).
    await auditListedCases(db, auditContext(req), 'my-work', [
      ...cases.map((c) => c.id),
      ...actions.rows.map((a) => a.case_id),
      ...chaired.map((a) => a.case_id),
      ...meetings.map((m) => m.case_id),
      ...clocks.rows.map((c) => c.case_id),
      ...breakGlassOverdue.map((use) => use.case_id),
      ...issue13.caseIds,
    ]);
    const returnTo = linkWith('/', current, {});
    res.render('home/views/my-work.njk', {
      workNavigation: workNavigation(user, 'mine'),
      sharingToApprove,
      cases: await (async () => {
        // Issue 15: the review at 18 is prompted 3 months before the 18th birthday.
        const due = await eighteenReviewDueIds(db, cases, today);
        return cases.map((c) => ({ ...c, childName: childName(c), age: c.date_of_birth ? ageInYears(c.date_of_birth, now) : null, eighteenReviewDue: due.has(c.id) }));
      })(),
      actions: actions.rows.map((a) => actionRow(a, today)),
      actionsTotal: actions.total,
      chairedOverdue: chaired.map((a) => actionRow(a, today)),
      meetings: meetings.map((m) => ({
        ...m,
        childName: childName(m),
        typeLabel: meetingTypeOf(services.profiles.byId(m.profile_id), m.meeting_type)?.label ?? m.meeting_type,
        roleLabel: m.invited_role === 'chair' ? 'Chair' : 'Invited',
        others: Number(m.case_count) - 1,
      })),
      actionsPagination: pagination((p) => linkWith('/', current, { ap: p }), q.ap ?? 1, actions.total, WORK_PAGE_SIZE),
      actionsOverdueOnly: q.aoverdue === '1',
      actionsToggle: linkWith('/', current, { aoverdue: q.aoverdue === '1' ? null : '1', ap: null }),
      clocks: clocks.rows.map((c) => clockRow(c, now)),
      clocksTotal: clocks.total,
      clocksPagination: pagination((p) => linkWith('/', current, { cp: p }), q.cp ?? 1, clocks.total, WORK_PAGE_SIZE),
      notifications: notifications.rows,
      notificationsTotal: notifications.total,
      unreadCount: notifications.unread,
      notificationsPagination: pagination((p) => linkWith('/', current, { np: p }), q.np ?? 1, notifications.total, NOTIFICATIONS_PAGE_SIZE),
      unreadOnly: q.nunread === '1',
      notificationsToggle: linkWith('/', current, { nunread: q.nunread === '1' ? null : '1', np: null }),
      returnTo,
      breakGlassOverdue,
      caseAudits,
      issue13Work: issue13,
      governance,
      referrals,
      frontDoor: frontDoor ? { ...frontDoor, next: frontDoor.nextDueAt ? withStatus({ due_at: frontDoor.nextDueAt, stopped_at: null, warning_hours: 4 }, now) : null } : null,
    });
  });

  r.get('/accessibility', { access: 'public', audit: { none: 'a static page' } }, (_req, res) => res.render('home/views/accessibility.njk'));

  return router;
}
