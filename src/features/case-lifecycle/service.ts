// Closing and reopening a case, and its at-18 review (issue 15; PROCEDURES.md step 10). Each is one transaction:
// the decision of the pure lifecycle (src/domain/case-lifecycle), the case row (cases.status and closed_at, its
// version checked so a stale form writes nothing), a row of the case's lifecycle history, the plans ended with
// their open actions, the clocks stopped through this capability's clock sender, the network told, the chronology
// entry and the audit row. A closed case stays readable through the same access gate as an open one.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { Actor } from '../../domain/access/access.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import { CLOSURE_REASONS, decide } from '../../domain/case-lifecycle/lifecycle.ts';
import type { CaseLifecycleCommand, CaseLifecycleEvent, CaseLifecycleState, ClosureReason } from '../../domain/case-lifecycle/lifecycle.ts';
import { EIGHTEEN_OUTCOMES, eighteenFacts, eighteenReviewRefusals } from '../../domain/case-lifecycle/eighteen.ts';
import type { EighteenOutcome } from '../../domain/case-lifecycle/eighteen.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { CloseInput, EighteenReviewInput, ReopenInput } from './schemas.ts';
import { lifecyclePath } from './paths.ts';
import {
  cancelOpenActions,
  caseLifecycleFacts,
  convenedMeetingsAboutOnly,
  endPlans,
  insertChronologyEntry,
  insertLifecycleEvent,
  lastClosure,
  latestClosedCaseOf,
  lifecycleHistory,
  lockCase,
  lockFoundCase,
  networkUserIds,
  openActionCount,
  openPlanIds,
  openPlans,
  runningClockCount,
  updateCase,
} from './queries.ts';
import type { LockedCase } from './queries.ts';
import { createMeetingService } from '../meetings/service.ts';

/** Every event this module passes to clocks.applyEvent. */
export const CLOCK_EVENTS_SENT = ['case-closed'] as const satisfies readonly TimescaleEvent[];

const RECORD_TYPE = 'case-lifecycle';

/** The case changed after the form was opened: nothing is written, the page shows what it is now. */
export class StaleCase extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'This case was changed', detail);
  }
}

type Trx = Kysely<Database>;

export function createLifecycleService(services: Services) {
  const { db, notifier } = services;
  const clocks = { applyEvent: services.clocks.sender(CLOCK_EVENTS_SENT) };
  const meetings = createMeetingService(services);

  async function lockedCase(trx: Trx, caseId: string) {
    const row = await lockCase(trx, caseId);
    if (!row) throw notFound('Case');
    return row;
  }

  async function stateOf(trx: Trx, kase: LockedCase): Promise<CaseLifecycleState> {
    if (kase.status === 'closed') {
      const last = await lastClosure(trx, kase.id);
      return { status: 'closed', closedAt: kase.closed_at ?? last?.decided_at ?? new Date(0), reasonCode: (last?.reason_code ?? 'risk-gone') as ClosureReason };
    }
    return { status: 'open', category: kase.category, openPlanIds: await openPlanIds(trx, kase.id), dateOfBirth: kase.date_of_birth };
  }

  function checkVersion(kase: { version: number }, version: number, at: Date) {
    if (kase.version !== version) {
      throw new StaleCase(`This case was changed at or before ${formatDateTime(at)}, after you opened this page (perhaps in another window). What is recorded now is shown on this page: check it and decide again.`);
    }
  }

  const refused = (d: Extract<ReturnType<typeof decide>, { ok: false }>) => new RecordRefused(d.refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })));

  /** Cancels the convened meetings about this case alone (or with other children whose cases are closed). */
  async function cancelConvenedMeetings(trx: Transaction<Database>, actor: { id: string; agencyId: string }, kase: LockedCase, label: string, reasons: string, audit: AuditContext) {
    const convened = await convenedMeetingsAboutOnly(trx, kase.id);
    const header = { id: kase.id, reference: kase.reference, childId: kase.child_id, localAuthorityId: kase.local_authority_id, leadProfessionalId: kase.lead_professional_id, managerId: kase.manager_id, version: kase.version };
    const reason = `The case was closed: ${label.toLowerCase()}. ${reasons}`.slice(0, 2000);
    for (const m of convened) await meetings.cancelWithin(trx, { ...(actor as Actor) }, header, m.id, { reasonCode: 'no-longer-needed', reason }, audit);
    return convened.length;
  }

  /** Applies a lifecycle event to the case inside the caller's transaction. */
  async function apply(trx: Transaction<Database>, actor: { id: string; agencyId: string } | null, kase: LockedCase, event: CaseLifecycleEvent, at: Date, audit: AuditContext, contactId: string | null = null) {
    const told = (await networkUserIds(trx, kase.id)).filter((id) => id !== actor?.id);
    if (event.type === 'case-closed') {
      const label = CLOSURE_REASONS[event.reasonCode];
      // The plans end with the case, and every action still open on the case closes with them (never left open).
      if (event.plansEnded.length) {
        await endPlans(trx, event.plansEnded, { at, by: actor!.id, reason: event.reasons });
      }
      // Meetings still convened about the child are cancelled through the meetings' own cancellation, the closure as
      // the reason and their invitees told; a meeting that is also about another child whose case is open stays.
      const meetingsCancelled = actor ? await cancelConvenedMeetings(trx, actor, kase, label, event.reasons, audit) : 0;
      const closedActions = await cancelOpenActions(trx, kase.id, { at, by: actor!.id, note: `Closed with the case: ${label}` });
      const { stopped } = await clocks.applyEvent(trx, { event: 'case-closed', at, subject: { caseId: kase.id, childId: kase.child_id, localAuthorityId: kase.local_authority_id } });
      await updateCase(trx, kase.id, { status: 'closed', closed_at: at, version: kase.version + 1 });
      const row = await insertLifecycleEvent(trx, { case_id: kase.id, kind: 'closed', reason_code: event.reasonCode, reasons: event.reasons, last_category: event.lastCategory, plans_ended: event.plansEnded, clocks_stopped: stopped.length, receiving_authority: event.receivingAuthority, decided_by: actor!.id, decided_at: at });
      const summary = [
        `${label}.`,
        event.reasons,
        `Last risk category: ${event.lastCategory ?? 'none recorded'}.`,
        `${event.plansEnded.length} ${event.plansEnded.length === 1 ? 'plan' : 'plans'} ended, ${closedActions.length} open ${closedActions.length === 1 ? 'action' : 'actions'} closed, ${stopped.length} ${stopped.length === 1 ? 'clock' : 'clocks'} stopped.`,
        event.receivingAuthority ? `Moved to ${event.receivingAuthority}.` : '',
      ].filter(Boolean).join(' ');
      await insertChronologyEntry(trx, { child_id: kase.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'decision', title: 'CSE involvement ended: case closed', summary: summary.slice(0, 2000), agency_id: actor!.agencyId, author_id: actor!.id, record_type: RECORD_TYPE, record_id: row.id });
      for (const userId of told) await notifier.notify(trx, { userId, kind: 'case-closed', title: `${kase.reference} is closed: ${label.toLowerCase()}`, link: lifecyclePath(kase.id) });
      await recordAudit(trx, audit, { action: 'case.closed', entityType: 'case', entityId: kase.id, childId: kase.child_id, details: { reasonCode: event.reasonCode, lastCategory: event.lastCategory, plansEnded: event.plansEnded.length, actionsClosed: closedActions.length, clocksStopped: stopped.length, told: told.length } });
      return { eventId: row.id, clocksStopped: stopped.length, plansEnded: event.plansEnded.length, actionsClosed: closedActions.length, meetingsCancelled, told: told.length };
    }
    await updateCase(trx, kase.id, { status: 'open', closed_at: null, version: kase.version + 1 });
    const row = await insertLifecycleEvent(trx, { case_id: kase.id, kind: 'reopened', reason_code: event.trigger, reasons: event.reasons, last_category: kase.category, contact_id: contactId, decided_by: actor?.id ?? null, decided_at: at });
    const summary = `${event.trigger === 'new-concern' ? 'Reopened by a new concern about the same child.' : 'Reopened by decision.'} ${event.reasons} It was closed on ${londonDateOf(event.previousClosure.closedAt)} (${CLOSURE_REASONS[event.previousClosure.reasonCode].toLowerCase()}); that history is kept.`;
    await insertChronologyEntry(trx, { child_id: kase.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'decision', title: 'Case reopened', summary: summary.slice(0, 2000), agency_id: actor?.agencyId ?? null, author_id: actor?.id ?? null, record_type: RECORD_TYPE, record_id: row.id });
    const reopenTold = new Set(told);
    if (kase.manager_id && kase.manager_id !== actor?.id) reopenTold.add(kase.manager_id);
    for (const userId of reopenTold) await notifier.notify(trx, { userId, kind: 'case-reopened', title: `${kase.reference} is open again${event.trigger === 'new-concern' ? ': a new concern about the child' : ''}`, link: lifecyclePath(kase.id) });
    await recordAudit(trx, audit, { action: 'case.reopened', entityType: 'case', entityId: kase.id, childId: kase.child_id, details: { trigger: event.trigger, contactId, told: reopenTold.size } });
    return { eventId: row.id, clocksStopped: 0, plansEnded: 0, actionsClosed: 0, meetingsCancelled: 0, told: reopenTold.size };
  }

  async function change(actor: Actor, caseId: string, version: number, command: CaseLifecycleCommand, auditAction: string, audit: AuditContext) {
    const at = services.now();
    return caseWrite(db, audit, async (trx) => {
      const { kase: header } = await writeCase(trx, actor, caseId, audit, auditAction, at);
      const kase = await lockedCase(trx, header.id);
      checkVersion(kase, version, at);
      const decision = decide(await stateOf(trx, kase), command, at);
      if (!decision.ok) throw refused(decision);
      return apply(trx, actor, kase, decision.events[0]!, at, audit);
    });
  }

  return {
    close: (actor: Actor, caseId: string, input: CloseInput, audit: AuditContext) =>
      change(actor, caseId, input.version, { type: 'close', roles: actor.roles, reasonCode: input.reasonCode, reasons: input.reasons, receivingAuthority: input.receivingAuthority }, 'case.closed', audit),

    reopen: (actor: Actor, caseId: string, input: ReopenInput, audit: AuditContext) =>
      change(actor, caseId, input.version, { type: 'reopen', roles: actor.roles, trigger: 'decision', reasons: input.reasons }, 'case.reopened', audit),

    /** The at-18 review (cambridgeshire 6; camden Part 4 §1.5): what happens at 18, and a care leaver's pathway plan. */
    async recordEighteenReview(actor: Actor, caseId: string, input: EighteenReviewInput, audit: AuditContext) {
      const at = services.now();
      return caseWrite(db, audit, async (trx) => {
        const { kase: header } = await writeCase(trx, actor, caseId, audit, 'case.eighteen-review', at);
        const kase = await lockedCase(trx, header.id);
        checkVersion(kase, input.version, at);
        if (kase.status === 'closed') throw new RecordRefused([{ field: 'outcome', message: 'This case is closed: reopen it before reviewing it' }]);
        if (!actor.roles.some((r) => ['cse-coordinator', 'team-manager', 'social-worker'].includes(r))) throw new RecordRefused([{ field: 'outcome', message: 'The social worker, the CSE coordinator or a team manager records the review at 18' }], 403);
        if (!kase.date_of_birth) throw new RecordRefused([{ field: 'outcome', message: 'Record the child’s date of birth before the review at 18' }]);
        const careLeaver = kase.care_leaver || kase.looked_after;
        const refusals = eighteenReviewRefusals({ careLeaver, pathwayPlan: input.pathwayPlan, outcome: input.outcome });
        if (refusals.length) throw new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })));
        const facts = eighteenFacts(kase.date_of_birth, careLeaver, londonDateOf(at));
        const outcome = input.outcome as EighteenOutcome;
        const row = await insertLifecycleEvent(trx, { case_id: kase.id, kind: 'eighteen-review', outcome, reasons: input.notes ?? EIGHTEEN_OUTCOMES[outcome], care_leaver: careLeaver, pathway_plan: careLeaver ? (input.pathwayPlan ?? null) : null, support_until: outcome === 'care-leaver-support' ? facts.supportUntil : null, last_category: kase.category, decided_by: actor.id, decided_at: at });
        await updateCase(trx, kase.id, { version: kase.version + 1 });
        const summary = `${EIGHTEEN_OUTCOMES[outcome]}. 18th birthday ${facts.eighteenthBirthday}.${outcome === 'care-leaver-support' ? ` Support to ${facts.supportUntil}. Pathway plan: ${input.pathwayPlan}` : ''}${input.notes ? ` ${input.notes}` : ''}`;
        await insertChronologyEntry(trx, { child_id: kase.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'decision', title: 'Review at 18 recorded', summary: summary.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: row.id });
        await recordAudit(trx, audit, { action: 'case.eighteen-review', entityType: 'case', entityId: kase.id, childId: kase.child_id, details: { outcome, careLeaver } });
        return { eventId: row.id };
      });
    },

    /** The case's closures, reopenings and reviews at 18, newest first. */
    async history(caseId: string) {
      return lifecycleHistory(db, caseId);
    },

    async summary(caseId: string) {
      const row = await caseLifecycleFacts(db, caseId);
      const plans = await openPlans(db, caseId);
      const openActions = await openActionCount(db, caseId);
      const runningClocks = await runningClockCount(db, caseId);
      return { ...row, openPlans: plans, openActions, runningClocks };
    },
  };
}

/**
 * A new concern about a child whose cases are all closed reopens the latest one (history kept), inside the front
 * door's transaction. Returns the reopened case's id, or null when there is nothing to reopen (the child died, or
 * has no closed case). The clock sender is not needed: reopening starts nothing (the concern's own clocks do).
 */
export async function reopenForNewConcern(trx: Transaction<Database>, deps: { notifier: Services['notifier'] }, input: { childId: string; contactId: string; contactReference: string; at: Date; audit: AuditContext }) {
  const latest = await latestClosedCaseOf(trx, input.childId);
  if (!latest) return null;
  const kase = await lockFoundCase(trx, latest.id);
  const last = await lastClosure(trx, kase.id);
  const decision = decide({ status: 'closed', closedAt: kase.closed_at ?? input.at, reasonCode: (last?.reason_code ?? 'risk-gone') as ClosureReason }, { type: 'reopen', roles: [], trigger: 'new-concern', reasons: undefined, contactReference: input.contactReference }, input.at);
  if (!decision.ok) return null;
  const event = decision.events[0]!;
  if (event.type !== 'case-reopened') return null;
  await updateCase(trx, kase.id, { status: 'open', closed_at: null, version: kase.version + 1 });
  const row = await insertLifecycleEvent(trx, { case_id: kase.id, kind: 'reopened', reason_code: 'new-concern', reasons: event.reasons, last_category: kase.category, contact_id: input.contactId, decided_by: input.audit.actorId ?? null, decided_at: input.at });
  await insertChronologyEntry(trx, { child_id: kase.child_id, case_id: kase.id, occurred_at: input.at, recorded_at: input.at, kind: 'decision', title: 'Case reopened', summary: `Reopened by a new concern (${input.contactReference}) about the same child. It was closed on ${londonDateOf(event.previousClosure.closedAt)} (${CLOSURE_REASONS[event.previousClosure.reasonCode].toLowerCase()}); that history is kept.`, record_type: RECORD_TYPE, record_id: row.id });
  const told = new Set(await networkUserIds(trx, kase.id));
  if (kase.manager_id) told.add(kase.manager_id);
  for (const userId of told) await deps.notifier.notify(trx, { userId, kind: 'case-reopened', title: `${kase.reference} is open again: a new concern about the child`, link: lifecyclePath(kase.id) });
  await recordAudit(trx, input.audit, { action: 'case.reopened', entityType: 'case', entityId: kase.id, childId: kase.child_id, details: { trigger: 'new-concern', contactId: input.contactId, told: told.size } });
  return kase.id;
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;
