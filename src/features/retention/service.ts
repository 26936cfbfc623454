// The retention review (issue 15): the schedule as a Harbour setting, the monthly run that lists records past their
// date, and the information governance officer's decision (confirm deletion, or extend with a reason), each in one
// transaction with its audit row.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { can } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { afterEventDueOn, caseRecordDueOn, mergeSchedule, validateSchedule } from '../../domain/retention/schedule.ts';
import type { RetentionDate, RetentionSchedule, ReviewedKind } from '../../domain/retention/schedule.ts';
import { decideReview } from '../../domain/retention/review.ts';
import type { ReviewCommand, ReviewRefusal } from '../../domain/retention/review.ts';
import { recordAudit, SYSTEM_AUDIT_CONTEXT } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { eraseChildRecord, eraseContact, eraseIntelligence } from './service-erasure.ts';
import { createNotifier } from '../notifications/service.ts';
import {
  activeGovernanceOfficers,
  caseReferencesOfChild,
  childrenWithCases,
  contactReference,
  contactsDecidedWithoutCase,
  insertReview,
  intelligenceKind,
  lapsedExtensions,
  lockRetentionRun,
  lockReview,
  openSubjectAccessRequestFor,
  pendingReviewAreas,
  recordRunMonth,
  reviews,
  reviewWithDecider,
  scheduleRow,
  settledReviews,
  unmergedIntelligence,
  unreleasedRequestDueDates,
  updateReview,
  updateSchedule,
} from './queries.ts';

export type ScheduleSetting = { schedule: RetentionSchedule; version: number; updatedAt: Date; lastRunMonth: string | null };

export async function readSchedule(db: Kysely<Database>): Promise<ScheduleSetting> {
  const row = await scheduleRow(db);
  return { schedule: mergeSchedule(row.schedule), version: row.version, updatedAt: row.updated_at, lastRunMonth: row.last_run_month };
}

export type ScheduleSaveResult = { ok: true } | { ok: false; code: 'stale'; current: ScheduleSetting } | { ok: false; code: 'invalid'; problems: ReturnType<typeof validateSchedule> };

export async function saveSchedule(db: Kysely<Database>, actor: Actor, version: number, schedule: RetentionSchedule, audit: AuditContext): Promise<ScheduleSaveResult> {
  if (!can(actor, 'admin:manage')) throw forbidden('Only an administrator changes the retention schedule.');
  const problems = validateSchedule(schedule);
  if (problems.length) return { ok: false, code: 'invalid', problems };
  return db.transaction().execute(async (trx) => {
    const updated = await updateSchedule(trx, version, { schedule: JSON.stringify(schedule), updated_by: actor.id, updated_at: new Date() });
    if (!updated.numUpdatedRows) return { ok: false as const, code: 'stale' as const, current: await readSchedule(trx) };
    await recordAudit(trx, audit, { action: 'retention.schedule-changed', entityType: 'retention-schedule', entityId: null, details: { version: version + 1 } });
    return { ok: true as const };
  });
}

type Candidate = { kind: ReviewedKind; recordId: string; localAuthorityId: string | null; dueOn: string };

const due = (date: RetentionDate, today: string) => (date.kind === 'due' && date.on <= today ? date.on : null);

/** Every record past its date today that has no pending review and no extension still running. */
async function candidates(db: Kysely<Database>, schedule: RetentionSchedule, today: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const c of await childrenWithCases(db)) {
    const lastClosedOn = c.all_closed && c.last_closed ? londonDateOf(new Date(c.last_closed)) : null;
    const on = due(caseRecordDueOn(schedule['case-record'], { dateOfBirth: c.date_of_birth, lookedAfter: c.looked_after, lastClosedOn }), today);
    if (on) out.push({ kind: 'case-record', recordId: c.id, localAuthorityId: c.local_authority_id, dueOn: on });
  }
  for (const c of await contactsDecidedWithoutCase(db)) {
    const on = due(afterEventDueOn(schedule['contact-no-further-action'], londonDateOf(c.decided_at!)), today);
    if (on) out.push({ kind: 'contact-no-further-action', recordId: c.id, localAuthorityId: c.local_authority_id, dueOn: on });
  }
  for (const e of await unmergedIntelligence(db)) {
    const on = due(afterEventDueOn(schedule.intelligence, londonDateOf(e.updated_at)), today);
    if (on) out.push({ kind: 'intelligence', recordId: e.id, localAuthorityId: e.local_authority_id, dueOn: on });
  }
  if (!out.length) return out;
  // Already listed, already deleted, or extended to a date not yet reached: not listed again.
  const settled = await settledReviews(db, today);
  const skip = new Set(settled.map((s) => `${s.record_kind}:${s.record_id}`));
  // After an extension runs out, the record is listed again from the extension's date.
  const lapsed = await lapsedExtensions(db, today);
  const lapsedOn = new Map(lapsed.map((l) => [`${l.record_kind}:${l.record_id}`, l.extended_until!]));
  return out
    .filter((c) => !skip.has(`${c.kind}:${c.recordId}`))
    .map((c) => {
      const until = lapsedOn.get(`${c.kind}:${c.recordId}`);
      return until && until > c.dueOn ? { ...c, dueOn: until } : c;
    });
}

export type RunResult = { listed: number; ran: boolean };

const notifier = createNotifier();

/** Each information governance officer of an area with newly listed records is told how many (no names, no references). */
async function notifyOfficers(db: Kysely<Database>, found: readonly Candidate[]): Promise<void> {
  if (!found.length) return;
  const officers = await activeGovernanceOfficers(db);
  for (const officer of officers) {
    const n = found.filter((c) => c.localAuthorityId === null || officer.local_authority_id === null || c.localAuthorityId === officer.local_authority_id).length;
    if (!n) continue;
    await notifier.notify(db, { userId: officer.id, kind: 'retention-review', title: `${n} ${n === 1 ? 'record is' : 'records are'} past the retention date`, body: 'Confirm deletion or keep each one longer with a reason.', link: '/retention' });
  }
}

/** For "My work": what waits for the officer (counts only). */
export async function governanceWork(db: Kysely<Database>, actor: Actor, today: string): Promise<{ pendingReviews: number; openRequests: number; overdueRequests: number } | null> {
  if (!can(actor, 'information-governance:manage')) return null;
  const pending = await pendingReviewAreas(db);
  const open = await unreleasedRequestDueDates(db, actor.localAuthorityId);
  return { pendingReviews: pending.filter((r) => inArea(actor, r.local_authority_id)).length, openRequests: open.length, overdueRequests: open.filter((r) => r.due_on < today).length };
}

/**
 * The monthly run: lists every record past its date. Audited with counts only. With `onlyOncePerMonth` (the
 * scheduler), it does nothing when this London calendar month's run is already recorded; the check and the run share
 * one transaction under one lock, so a failed run is tried again and two processes never both run.
 */
export async function runRetentionReview(db: Kysely<Database>, now: Date, audit: AuditContext = SYSTEM_AUDIT_CONTEXT, options: { onlyOncePerMonth?: boolean } = {}): Promise<RunResult> {
  const today = londonDateOf(now);
  const month = today.slice(0, 7);
  return db.transaction().execute(async (trx) => {
    await lockRetentionRun(trx);
    const setting = await readSchedule(trx);
    if (options.onlyOncePerMonth && setting.lastRunMonth !== null && setting.lastRunMonth >= month) return { listed: 0, ran: false };
    const found = await candidates(trx, setting.schedule, today);
    for (const c of found) {
      await insertReview(trx, { record_kind: c.kind, record_id: c.recordId, local_authority_id: c.localAuthorityId, due_on: c.dueOn, listed_at: now });
    }
    await notifyOfficers(trx, found);
    await recordRunMonth(trx, month);
    await recordAudit(trx, audit, { action: 'retention.review-run', entityType: 'retention-schedule', details: { listed: found.length, on: today } });
    return { listed: found.length, ran: true };
  });
}

/** For the scheduler: runs once a calendar month (London), whichever process gets there first. */
export function runRetentionReviewIfDue(db: Kysely<Database>, now: Date): Promise<RunResult> {
  return runRetentionReview(db, now, SYSTEM_AUDIT_CONTEXT, { onlyOncePerMonth: true });
}

/** Starts the monthly run: checked at start-up and hourly after. Returns a stop function. */
export function startRetentionScheduler(db: Kysely<Database>, now: () => Date, onError: (error: unknown) => void): () => void {
  const tick = () => void runRetentionReviewIfDue(db, now()).catch(onError);
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, 60 * 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

export const REVIEWED_KIND_LABELS: Record<ReviewedKind, string> = {
  'case-record': "Child's case record",
  'contact-no-further-action': 'Contact, no further action',
  intelligence: 'Police intelligence',
};

function assertIgo(actor: Actor): void {
  if (!can(actor, 'information-governance:manage')) throw forbidden('Only an information governance officer reviews retention.');
}

/** What identifies a record to the officer without naming anyone: case references, a contact's reference, an id. */
async function describe(db: Kysely<Database>, kind: ReviewedKind, recordId: string): Promise<string> {
  if (kind === 'case-record') {
    const refs = await caseReferencesOfChild(db, recordId);
    return refs.length ? refs.map((r) => r.reference).join(', ') : 'Erased record';
  }
  if (kind === 'contact-no-further-action') {
    const c = await contactReference(db, recordId);
    return c?.reference ?? 'Erased contact';
  }
  const e = await intelligenceKind(db, recordId);
  return e ? `Intelligence ${e.kind} ${recordId.slice(0, 8)}` : 'Erased intelligence';
}

function inArea(actor: Actor, localAuthorityId: string | null): boolean {
  return localAuthorityId === null || actor.localAuthorityId === null || actor.localAuthorityId === localAuthorityId;
}

export type QueueItem = { id: string; kind: ReviewedKind; kindLabel: string; record: string; dueOn: string; listedAt: Date; status: string; reason: string | null; extendedUntil: string | null };

export async function reviewQueue(db: Kysely<Database>, actor: Actor): Promise<{ pending: QueueItem[]; decided: QueueItem[] }> {
  assertIgo(actor);
  const rows = await reviews(db);
  const pending: QueueItem[] = [];
  const decided: QueueItem[] = [];
  for (const r of rows.filter((x) => inArea(actor, x.local_authority_id))) {
    const item = { id: r.id, kind: r.record_kind, kindLabel: REVIEWED_KIND_LABELS[r.record_kind], record: await describe(db, r.record_kind, r.record_id), dueOn: r.due_on, listedAt: r.listed_at, status: r.status, reason: r.reason, extendedUntil: r.extended_until };
    (r.status === 'pending' ? pending : decided).push(item);
  }
  return { pending, decided: decided.slice(-50).reverse() };
}

export type ReviewView = QueueItem & { version: number; decidedAt: Date | null; decidedBy: string | null; erasedRows: Record<string, number> | null; legalHold: boolean; recordId: string };

async function legalHoldFor(db: Kysely<Database>, kind: ReviewedKind, recordId: string): Promise<boolean> {
  if (kind !== 'case-record') return false;
  const open = await openSubjectAccessRequestFor(db, recordId);
  return Boolean(open);
}

export async function openReview(db: Kysely<Database>, actor: Actor, reviewId: string): Promise<ReviewView> {
  assertIgo(actor);
  const r = await reviewWithDecider(db, reviewId);
  if (!r || !inArea(actor, r.local_authority_id)) throw notFound('Retention review');
  return {
    id: r.id,
    recordId: r.record_id,
    kind: r.record_kind,
    kindLabel: REVIEWED_KIND_LABELS[r.record_kind],
    record: await describe(db, r.record_kind, r.record_id),
    dueOn: r.due_on,
    listedAt: r.listed_at,
    status: r.status,
    reason: r.reason,
    extendedUntil: r.extended_until,
    version: r.version,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by_name,
    erasedRows: r.erased_rows,
    legalHold: await legalHoldFor(db, r.record_kind, r.record_id),
  };
}

export type DecideResult = { ok: true } | { ok: false; refusal: ReviewRefusal; current: ReviewView };

/** The officer's decision: version-checked; a deletion erases the record in the same transaction as its audit row. */
export async function decide(db: Kysely<Database>, actor: Actor, reviewId: string, command: ReviewCommand, now: Date, audit: AuditContext): Promise<DecideResult> {
  assertIgo(actor);
  const today = londonDateOf(now);
  const result = await db.transaction().execute(async (trx) => {
    const r = await lockReview(trx, reviewId);
    if (!r || !inArea(actor, r.local_authority_id)) throw notFound('Retention review');
    const state =
      r.status === 'pending'
        ? { status: 'pending' as const, dueOn: r.due_on, version: r.version, legalHold: await legalHoldFor(trx, r.record_kind, r.record_id) }
        : r.status === 'deleted'
          ? { status: 'deleted' as const, version: r.version }
          : { status: 'extended' as const, until: r.extended_until!, version: r.version };
    const decision = decideReview(state, command, today);
    if (!decision.ok) {
      await recordAudit(trx, audit, { action: 'retention.decision-refused', entityType: 'retention-review', entityId: r.id, childId: r.record_kind === 'case-record' ? r.record_id : null, outcome: 'denied', details: { code: decision.refusal.code } });
      return { ok: false as const, refusal: decision.refusal };
    }
    if (decision.event.type === 'deletion-confirmed') {
      const erased = r.record_kind === 'case-record' ? await eraseChildRecord(trx, r.record_id) : r.record_kind === 'contact-no-further-action' ? await eraseContact(trx, r.record_id) : await eraseIntelligence(trx, r.record_id);
      await updateReview(trx, r.id, { status: 'deleted', decided_at: now, decided_by: actor.id, erased_rows: JSON.stringify(erased), version: r.version + 1 });
      await recordAudit(trx, audit, { action: 'retention.erased', entityType: r.record_kind, entityId: r.record_id, childId: r.record_kind === 'case-record' ? r.record_id : null, details: { reviewId: r.id, dueOn: r.due_on, rows: erased } });
    } else {
      await updateReview(trx, r.id, { status: 'extended', decided_at: now, decided_by: actor.id, reason: decision.event.reason, extended_until: decision.event.until, version: r.version + 1 });
      // The reason is free text and stays in the review row; the audit row carries the date only.
      await recordAudit(trx, audit, { action: 'retention.extended', entityType: r.record_kind, entityId: r.record_id, childId: r.record_kind === 'case-record' ? r.record_id : null, details: { reviewId: r.id, until: decision.event.until } });
    }
    return { ok: true as const };
  });
  if (result.ok) return result;
  return { ok: false, refusal: result.refusal, current: await openReview(db, actor, reviewId) };
}
