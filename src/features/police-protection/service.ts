// Police protection under Children Act 1989 s46 followed through (bedford-luton 11.4): its start, recorded from the
// front door's decision of immediate protective action or from the case, and its outcome, which ends it. Each is
// one transaction with its audit row, its chronology entry and its clock event (the profile's 72-hour clock where
// the procedure has one). Each outcome names the version it was made from, so two windows cannot overwrite each
// other unseen.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import type { Actor } from '../../domain/access/access.ts';
import { POLICE_PROTECTION_OUTCOME_LABELS, checkPoliceProtectionOutcome, checkPoliceProtectionStart, endedPastLimit } from '../../domain/front-door/police-protection.ts';
import type { PoliceProtectionOutcome, Refusal } from '../../domain/front-door/police-protection.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { ClockService } from '../clocks/service.ts';
import { caseWrite, writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { atLondon } from '../chronology/service.ts';
import type { OutcomeInput, StartInput } from './schemas.ts';
import { endProtection, insertProtection, insertProtectionChronology, lockProtection, openProtectionOf, protectionOfCase, protectionsOfCase, userDisplayName } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** Every event this module passes to clocks.applyEvent. */
export const CLOCK_EVENTS_SENT = ['police-protection-started', 'police-protection-ended'] as const satisfies readonly TimescaleEvent[];

const RECORD_TYPE = 'police-protection';
const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record police protection.';
export const ALREADY_OPEN = 'This child is already recorded as in police protection on this case: record its outcome first.';

export class StaleProtection extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'This police protection was changed', detail);
  }
}

const refused = (refusals: readonly Refusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message })));

export const startedTitle = 'Police protection started (Children Act 1989 s46)';
export const endedTitle = (outcome: PoliceProtectionOutcome) => `Police protection ended: ${POLICE_PROTECTION_OUTCOME_LABELS[outcome].replace(' (describe it)', '')}`;

/**
 * The record of police protection starting, inside the caller's transaction: the row and its chronology entry.
 * The caller sends 'police-protection-started' to the clocks (the front door's decision does so itself).
 * Returns null when the case already has an open police protection (nothing is recorded twice).
 */
export async function insertPoliceProtection(
  trx: Transaction<Database>,
  input: { caseId: string; childId: string; contactId: string | null; startedAt: Date; note: string | null; actor: Actor; at: Date },
): Promise<string | null> {
  const open = await openProtectionOf(trx, input.caseId);
  if (open) return null;
  const row = await insertProtection(trx, { case_id: input.caseId, child_id: input.childId, contact_id: input.contactId, started_at: input.startedAt, note: input.note, recorded_by: input.actor.id, recorded_at: input.at, updated_at: input.at });
  await insertProtectionChronology(trx, {
    child_id: input.childId, case_id: input.caseId, occurred_at: input.startedAt, recorded_at: input.at, kind: 'police-protection', title: startedTitle,
    summary: (input.note ?? 'The police took the child into police protection, for up to 72 hours.').slice(0, 2000), agency_id: input.actor.agencyId, author_id: input.actor.id,
    record_type: RECORD_TYPE, record_id: row.id, source: 'Police protection',
  });
  return row.id;
}

export function createPoliceProtectionService(deps: { db: Kysely<Database>; clocks: ClockService; now: () => Date }) {
  const { db, now } = deps;
  const clocks = { applyEvent: deps.clocks.sender(CLOCK_EVENTS_SENT) };

  return {
    /** The case's police protections, newest first. The caller has opened the case page (access checked, audited). */
    async list(caseId: string) {
      return protectionsOfCase(db, caseId);
    },

    async one(caseId: string, protectionId: string) {
      if (!isRecordId(protectionId)) throw notFound('Police protection');
      const row = await protectionOfCase(db, caseId, protectionId);
      if (!row) throw notFound('Police protection');
      return row;
    },

    /** Police protection recorded from the case (for one the front door's decision did not record). */
    async start(actor: Actor, caseId: string, input: StartInput, audit: AuditContext) {
      const at = now();
      const startedAt = atLondon(input.startedDate, input.startedTime);
      try {
        return await caseWrite(db, audit, async (trx) => {
          const { kase } = await writeCase(trx, actor, caseId, audit, 'police-protection.started', at, WRITE_REFUSAL);
          const open = await openProtectionOf(trx, kase.id);
          const refusals = checkPoliceProtectionStart({ startedAt, now: at, alreadyOpen: Boolean(open) });
          if (refusals.length) throw refused(refusals);
          const id = await insertPoliceProtection(trx, { caseId: kase.id, childId: kase.childId, contactId: null, startedAt, note: input.note ?? null, actor, at });
          if (!id) throw new RecordRefused([{ field: 'startedDate', message: ALREADY_OPEN }]);
          await clocks.applyEvent(trx, { event: 'police-protection-started', at: startedAt, subject: { caseId: kase.id, childId: kase.childId, localAuthorityId: kase.localAuthorityId }, ownerUserId: kase.leadProfessionalId ?? actor.id });
          await recordAudit(trx, audit, { action: 'police-protection.started', entityType: 'police-protection', entityId: id, childId: kase.childId, details: { caseId: kase.id, from: 'case' } });
          return id;
        });
      } catch (error) {
        // Two records at once: the partial unique index lets one through and refuses the other.
        if ((error as { code?: string }).code === '23505') throw new RecordRefused([{ field: 'startedDate', message: ALREADY_OPEN }]);
        throw error;
      }
    },

    /** The outcome: returned home, an emergency protection order applied for, accommodated, or another. It ends the protection and stops its clock. */
    async recordOutcome(actor: Actor, caseId: string, protectionId: string, input: OutcomeInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'police-protection.ended', at, WRITE_REFUSAL);
        if (!isRecordId(protectionId)) throw notFound('Police protection');
        const endedAt = atLondon(input.endedDate, input.endedTime);
        const row = await lockProtection(trx, kase.id, protectionId);
        if (!row) throw notFound('Police protection');
        if (row.version !== input.version) {
          const by = row.outcome_recorded_by ? await userDisplayName(trx, row.outcome_recorded_by) : undefined;
          throw new StaleProtection(`${by?.display_name ?? 'Someone else'} changed this police protection at ${formatDateTime(row.updated_at)}. The page now shows what is recorded; check it before saving again.`);
        }
        const refusals = checkPoliceProtectionOutcome({ startedAt: row.started_at, endedAt, outcome: input.outcome, detail: input.outcomeDetail, now: at, alreadyEnded: row.ended_at !== null });
        if (refusals.length) throw refused(refusals);
        await endProtection(trx, row, { endedAt, outcome: input.outcome, outcomeDetail: input.outcomeDetail ?? null, recordedBy: actor.id, at });
        const late = endedPastLimit(row.started_at, endedAt);
        await insertProtectionChronology(trx, {
          child_id: row.child_id, case_id: kase.id, occurred_at: endedAt, recorded_at: at, kind: 'police-protection', title: endedTitle(input.outcome),
          summary: [input.outcomeDetail ?? '', late ? 'Ended after the 72 hours that s46 allows.' : ''].filter(Boolean).join(' ').slice(0, 2000) || POLICE_PROTECTION_OUTCOME_LABELS[input.outcome],
          agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: row.id, source: 'Police protection',
        });
        await clocks.applyEvent(trx, { event: 'police-protection-ended', at: endedAt, subject: { caseId: kase.id, referralId: row.contact_id, childId: row.child_id, localAuthorityId: kase.localAuthorityId } });
        await recordAudit(trx, audit, { action: 'police-protection.ended', entityType: 'police-protection', entityId: row.id, childId: row.child_id, details: { caseId: kase.id, outcome: input.outcome, pastLimit: late } });
      });
    },
  };
}

export type PoliceProtectionService = ReturnType<typeof createPoliceProtectionService>;
export type ProtectionRow = Awaited<ReturnType<PoliceProtectionService['list']>>[number];
