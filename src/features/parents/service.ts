// Telling parents (issue 13; bedford-luton 7.16; camden Part 3 §3.3, §4.2): at a CSE referral and at each meeting of a
// case, a record that the parents were told (who told them, when, how) or were not, with the exception and its
// reasons. For a child under 13 an exception waits for a second person's agreement (a team manager or CSE
// coordinator of the area, never the recorder); until then the page and the chronology say it awaits agreement.
// Each write is one transaction with its audit row and its chronology entry (which says what was decided, never the
// reasons: those stay on the Telling parents page, which only those who may open the case see).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { checkAgreement, checkNotification, initialStatus, mayAgreeExceptions, notificationTitle, under13Rule } from '../../domain/parents/notification.ts';
import type { NotificationInput, NotificationStatus, Refusal } from '../../domain/parents/notification.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, refuseCase, writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { atLondon } from '../chronology/service.ts';
import type { AgreementInput, NotificationFormInput } from './schemas.ts';
import {
  agreementFacts,
  childAgeFacts,
  exceptionsAwaitingAgreement,
  insertNotification,
  insertParentsChronologyEntry,
  lockNotification,
  meetingsOfCase,
  notificationOfCase,
  notificationsOfCase,
  recordAgreement,
  referralsOfCase,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const RECORD_TYPE = 'parent-notification';
export const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record whether parents were told.';

export class StaleNotification extends HttpError {
  constructor(detail: string) {
    super(409, 'stale', 'This decision was changed', detail);
  }
}

const refused = (refusals: readonly Refusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })));

/** The child's age on a day, from the date of birth or the approximate age; null when neither is known. */
export function childAge(child: { date_of_birth: string | null; approximate_age: number | null }, on: Date): number | null {
  if (child.date_of_birth) return ageInYears(child.date_of_birth, on);
  return child.approximate_age;
}

export function toDomainInput(input: NotificationFormInput): NotificationInput {
  return input.told === 'yes'
    ? { told: true, toldBy: input.toldBy, toldAt: input.toldDate ? atLondon(input.toldDate, '00:00') : undefined, toldHow: input.toldHow, whatTold: input.whatTold }
    : { told: false, ground: input.ground, reasons: input.reasons, clearlyInconsistent: input.clearlyInconsistent === true };
}

/**
 * A meeting's "the parents will not be told" for a child under 13 (camden Part 3 §4.2): the same parent-notification
 * record the Telling parents page makes, awaiting a manager's agreement, for that meeting. Called inside the meeting's
 * transaction, with its audit row and a chronology entry that says what was decided, never the reasons.
 */
export async function recordMeetingException(
  trx: Kysely<Database>,
  actor: Actor,
  input: { caseId: string; childId: string; meetingId: string; reasons: string; at: Date },
  audit: AuditContext,
) {
  const status: NotificationStatus = 'awaiting-agreement';
  const row = await insertNotification(trx, {
    case_id: input.caseId, child_id: input.childId, context: 'meeting', cse_referral_id: null, meeting_id: input.meetingId,
    told: false, told_by: null, told_at: null, told_how: null, what_told: null,
    exception_ground: 'other', exception_reasons: input.reasons.trim(), clearly_inconsistent: null,
    under_13: true, status, recorded_by: actor.id, recorded_at: input.at,
  });
  await insertParentsChronologyEntry(trx, {
    child_id: input.childId, case_id: input.caseId, occurred_at: input.at, recorded_at: input.at, kind: 'parents', title: notificationTitle(status, 'meeting'),
    summary: 'The exception and its reasons are on the case’s Telling parents page.',
    agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: row.id, source: 'Telling parents',
  });
  await recordAudit(trx, audit, { action: 'parent-notification.recorded', entityType: RECORD_TYPE, entityId: row.id, childId: input.childId, details: { caseId: input.caseId, context: 'meeting', status, under13: true } });
  return { id: row.id, status };
}

export function createParentsService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  /** The referrals and meetings of a case a decision can belong to, newest first. */
  async function occasions(caseId: string, executor: Kysely<Database> = db) {
    const [referrals, meetings] = await Promise.all([referralsOfCase(executor, caseId), meetingsOfCase(executor, caseId)]);
    return { referrals, meetings };
  }

  return {
    occasions,

    /** The case's decisions, newest first. The caller has opened the case page (access checked, audited). */
    async list(caseId: string) {
      return notificationsOfCase(db, caseId);
    },

    async one(caseId: string, id: string) {
      if (!isRecordId(id)) throw notFound('Decision');
      const row = await notificationOfCase(db, caseId, id);
      if (!row) throw notFound('Decision');
      return row;
    },

    /** Whether the under-13 rule applies to the case's child today (camden Part 3 §4.2). */
    async under13(childId: string) {
      const child = await childAgeFacts(db, childId);
      const age = childAge(child, now());
      return { age, under13: under13Rule(age) };
    },

    /** Records a decision: told, or not told with the exception (awaiting agreement when the child is under 13). */
    async record(actor: Actor, caseId: string, input: NotificationFormInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'parent-notification.recorded', at, WRITE_REFUSAL);
        const [kind, occasionId] = input.occasion.split(':') as ['referral' | 'meeting', string];
        const { referrals, meetings } = await occasions(kase.id, trx);
        const occasion = kind === 'referral' ? referrals.find((r) => r.id === occasionId) : meetings.find((m) => m.id === occasionId);
        if (!occasion) throw new RecordRefused([{ field: 'occasion', message: 'Choose a CSE referral or meeting of this case' }]);
        const child = await childAgeFacts(trx, kase.childId);
        const under13 = under13Rule(childAge(child, at));
        const domain = toDomainInput(input);
        const refusals = checkNotification(domain, { under13, now: at });
        if (refusals.length) throw refused(refusals);
        const status = initialStatus(domain.told, under13);
        const row = await insertNotification(trx, {
          case_id: kase.id, child_id: kase.childId, context: kind, cse_referral_id: kind === 'referral' ? occasionId : null, meeting_id: kind === 'meeting' ? occasionId : null,
          told: domain.told,
          told_by: domain.told ? domain.toldBy!.trim() : null,
          told_at: domain.told ? domain.toldAt! : null,
          told_how: domain.told ? domain.toldHow! : null,
          what_told: domain.told ? (domain.whatTold ?? null) : null,
          exception_ground: domain.told ? null : domain.ground!,
          exception_reasons: domain.told ? null : domain.reasons!.trim(),
          clearly_inconsistent: domain.told ? null : domain.clearlyInconsistent,
          under_13: under13, status, recorded_by: actor.id, recorded_at: at,
        });
        await insertParentsChronologyEntry(trx, {
          child_id: kase.childId, case_id: kase.id, occurred_at: domain.told ? domain.toldAt! : at, recorded_at: at, kind: 'parents', title: notificationTitle(status, kind),
          summary: domain.told ? `Told by ${domain.toldBy!.trim()}.` : 'The exception and its reasons are on the case’s Telling parents page.',
          agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: row.id, source: 'Telling parents',
        });
        await recordAudit(trx, audit, { action: 'parent-notification.recorded', entityType: RECORD_TYPE, entityId: row.id, childId: kase.childId, details: { caseId: kase.id, context: kind, status, under13 } });
        return { id: row.id, status };
      });
    },

    /** A manager agrees an under-13 exception, or does not (then the parents must be told). */
    async decideAgreement(actor: Actor, caseId: string, id: string, input: AgreementInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'parent-notification.agreement', at);
        if (!isRecordId(id)) throw notFound('Decision');
        // Who may agree is refused with its audit row written after the rollback (a row written in it would roll back too).
        const current = await agreementFacts(trx, kase.id, id);
        if (!current) throw notFound('Decision');
        const refusal = checkAgreement(actor, { status: current.status, recordedBy: current.recorded_by, caseLocalAuthorityId: kase.localAuthorityId });
        if (refusal && refusal.code !== 'not-awaiting') {
          await refuseCase(trx, audit, { action: 'parent-notification.agreement', entityType: RECORD_TYPE, entityId: current.id, childId: current.child_id, details: { code: refusal.code } }, forbidden(refusal.message));
        }
        const row = await lockNotification(trx, kase.id, id);
        if (!row) throw notFound('Decision');
        if (row.version !== input.version) {
          throw new StaleNotification(`This decision was changed at ${formatDateTime(row.agreed_at ?? row.recorded_at)}. The page now shows what is recorded; check it before saving again.`);
        }
        const again = checkAgreement(actor, { status: row.status, recordedBy: row.recorded_by, caseLocalAuthorityId: kase.localAuthorityId });
        if (again) throw new RecordRefused([{ field: 'agree', message: again.message }], 409);
        const agree = input.agree === 'yes';
        if (!agree && (input.note ?? '').trim().length < 10) throw new RecordRefused([{ field: 'note', message: 'Say why you do not agree, in at least 10 characters: the parents must then be told', source: 'camden Part 3 §4.2' }]);
        const status: NotificationStatus = agree ? 'in-force' : 'declined';
        await recordAgreement(trx, row, { status, agreed_by: actor.id, agreed_at: at, agreement_note: input.note ?? null, version: row.version + 1 });
        await insertParentsChronologyEntry(trx, {
          child_id: row.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'parents',
          title: agree ? `A manager agreed the exception: parents not told (${row.context === 'referral' ? 'at the CSE referral' : 'at a meeting'})` : notificationTitle('declined', row.context),
          summary: agree ? 'The under-13 exception is agreed by a second person (camden Part 3 §4.2).' : 'The manager did not agree the exception: the parents must be told.',
          agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: row.id, source: 'Telling parents',
        });
        await recordAudit(trx, audit, { action: 'parent-notification.agreement', entityType: RECORD_TYPE, entityId: row.id, childId: row.child_id, details: { caseId: kase.id, agreed: agree } });
        return { status };
      });
    },

    /** Under-13 exceptions awaiting agreement in the person's area, recorded by someone else: their work list. */
    async awaitingAgreement(actor: Actor) {
      if (!mayAgreeExceptions(actor)) return [];
      return exceptionsAwaitingAgreement(db, actor.localAuthorityId!, actor.id);
    },
  };
}

export type ParentsService = ReturnType<typeof createParentsService>;
export type NotificationRow = Awaited<ReturnType<ParentsService['list']>>[number];
