// Anonymous consultations (issue 13; bedford-luton 3.12; ird): a professional asks the front door or the CSE
// coordinator for advice about a child without identifying them. Each is logged (so the partnership knows how many
// children may be at risk: anonymousConsultationCounts), answered from the front door's or coordinator's queue, and
// attached to a case only if the child is later identified. Nothing that identifies a child is ever stored on it: the
// table has no column for it, and free text carrying a date, postcode, phone number or e-mail address is refused.
// Every step is audited (with no child until it is attached).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { hasRole } from '../../domain/access/access.ts';
import { checkAnonymous, checkAttach, checkNoIdentifyingFields, mayAnswer, maySeeConsultation } from '../../domain/consultations/anonymous.ts';
import type { AddressedTo, Refusal } from '../../domain/consultations/anonymous.ts';
import { londonInstant } from '../../domain/clock/index.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { insertNotification } from '../notifications/queries.ts';
import { caseWrite, writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { AnswerInput, AskInput } from './schemas.ts';
import { caseByReference, consultationById, consultationCounts, insertChronologyEntry, insertConsultation, listConsultations, markAnswered, markAttached, unansweredConsultations } from './queries.ts';
import type { ConsultationRow } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import { consultationsPaths } from './paths.ts';

const refused = (refusals: readonly Refusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })));

/**
 * How many anonymous consultations an area had between two London dates (inclusive), for the board's statistics:
 * how many were asked, answered and later attached to a case, by age band and by kind of concern.
 */
export async function anonymousConsultationCounts(db: Kysely<Database>, q: { from: string; to: string; localAuthorityId: string }) {
  const from = londonInstant(q.from, 0, 0);
  const to = new Date(londonInstant(q.to, 0, 0).getTime() + 86_400_000);
  const [totals, bands, concerns] = await consultationCounts(db, q.localAuthorityId, from, to);
  const byConcern: Record<string, number> = {};
  for (const c of concerns) byConcern[c.concern] = (byConcern[c.concern] ?? 0) + 1;
  return {
    from: q.from, to: q.to, localAuthorityId: q.localAuthorityId,
    asked: Number(totals.asked), answered: Number(totals.answered), attachedToCase: Number(totals.attached),
    byAgeBand: Object.fromEntries(bands.map((b) => [b.age_band, Number(b.n)])) as Record<string, number>,
    byConcern,
  };
}

export function createConsultationService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  const toView = (row: ConsultationRow) => ({ ...row, addressedTo: row.addressed_to as AddressedTo });

  async function load(actor: Actor, id: string, audit: AuditContext, action: string) {
    const row = isRecordId(id) ? await consultationById(db, id) : undefined;
    // Someone who may not see it learns nothing, not even that it exists.
    if (!row || !maySeeConsultation(actor, { localAuthorityId: row.local_authority_id, askedBy: row.asked_by })) {
      if (row) await recordAudit(db, audit, { action, entityType: 'anonymous-consultation', entityId: row.id, outcome: 'denied', details: { code: 'not-asker-or-front-door' } });
      throw notFound('Consultation');
    }
    return toView(row);
  }

  return {
    /** The consultation if the actor may see it (else not found, the refusal audited): an API gate before the body is read. */
    visible: (actor: Actor, id: string, audit: AuditContext, action: string) => load(actor, id, audit, action),

    /** Logs a consultation. `sent` is the whole request body, refused if it carries a field that identifies the child. */
    async ask(actor: Actor, input: AskInput, sent: Record<string, unknown>, audit: AuditContext) {
      if (!actor.localAuthorityId) throw new RecordRefused([{ field: 'addressedTo', message: 'Your account belongs to no local authority, so there is no front door to ask' }]);
      const refusals = [...checkNoIdentifyingFields(sent), ...checkAnonymous({ question: input.question, area: input.area })];
      if (refusals.length) throw refused(refusals);
      const at = now();
      return db.transaction().execute(async (trx) => {
        const reference = `AC-${randomBytes(3).toString('hex').toUpperCase()}`;
        const row = await insertConsultation(trx, {
          reference, local_authority_id: actor.localAuthorityId!, addressed_to: input.addressedTo, asked_by: actor.id, asked_at: at,
          age_band: input.ageBand, sex: input.sex, area: input.area ?? null, school_type: input.schoolType, concerns: [...new Set(input.concerns)], question: input.question,
        });
        await recordAudit(trx, audit, { action: 'consultation.asked', entityType: 'anonymous-consultation', entityId: row.id, details: { addressedTo: input.addressedTo, ageBand: input.ageBand } });
        return row;
      });
    },

    /** The consultations a person sees: the area's, for the front door and CSE coordinator; otherwise those they asked. */
    async list(actor: Actor, audit: AuditContext) {
      const answering = actor.localAuthorityId !== null && hasRole(actor, 'front-door', 'cse-coordinator');
      const rows = await listConsultations(db, answering ? { localAuthorityId: actor.localAuthorityId! } : { askedBy: actor.id });
      await recordAudit(db, audit, { action: 'consultation.list', entityType: 'anonymous-consultation', details: { count: rows.length } });
      return { answering, rows: rows.map(toView) };
    },

    /** Unanswered consultations the person answers: their work list. */
    async waiting(actor: Actor) {
      if (!actor.localAuthorityId || !hasRole(actor, 'front-door', 'cse-coordinator')) return [];
      const rows = await unansweredConsultations(db, actor.localAuthorityId, actor.id);
      return rows.filter((r) => mayAnswer(actor, { addressedTo: r.addressed_to, localAuthorityId: r.local_authority_id, askedBy: r.asked_by }));
    },

    async one(actor: Actor, id: string, audit: AuditContext) {
      const row = await load(actor, id, audit, 'consultation.read');
      await recordAudit(db, audit, { action: 'consultation.read', entityType: 'anonymous-consultation', entityId: row.id });
      return row;
    },

    mayAnswer: (actor: Actor, row: { addressed_to: AddressedTo; local_authority_id: string; asked_by: string }) => mayAnswer(actor, { addressedTo: row.addressed_to, localAuthorityId: row.local_authority_id, askedBy: row.asked_by }),

    async answer(actor: Actor, id: string, input: AnswerInput, audit: AuditContext) {
      const row = await load(actor, id, audit, 'consultation.answered');
      if (!mayAnswer(actor, { addressedTo: row.addressedTo, localAuthorityId: row.local_authority_id, askedBy: row.asked_by })) {
        await recordAudit(db, audit, { action: 'consultation.answered', entityType: 'anonymous-consultation', entityId: row.id, outcome: 'denied', details: { code: 'not-answerer' } });
        throw forbidden(row.addressed_to === 'cse-coordinator' ? 'The CSE coordinator of the area answers this consultation.' : 'The front door or the CSE coordinator of the area answers this consultation.');
      }
      if (row.answered_at) throw new RecordRefused([{ field: 'answer', message: 'This consultation has already been answered' }], 409);
      const refusals = checkAnonymous({ answer: input.answer });
      if (refusals.length) throw refused(refusals);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const updated = await markAnswered(trx, row, { answer: input.answer, advice: input.advice, answeredBy: actor.id, at });
        if (!updated) throw new RecordRefused([{ field: 'answer', message: 'This consultation has already been answered' }], 409);
        await insertNotification(trx, { userId: row.asked_by, kind: 'consultation-answered', title: `Your anonymous consultation ${row.reference} has been answered`, body: '', link: consultationsPaths.consultation(row.id) });
        await recordAudit(trx, audit, { action: 'consultation.answered', entityType: 'anonymous-consultation', entityId: row.id, details: { advice: input.advice } });
      });
    },

    /**
     * Once the child is identified: the consultation is attached to their case, with an entry on its chronology. The
     * case is found by its reference through the case gate, so only someone who may open it attaches to it.
     */
    async attach(actor: Actor, id: string, caseReference: string, audit: AuditContext, tokenCaseIds: readonly string[] | null = null) {
      const row = await load(actor, id, audit, 'consultation.attached');
      const found = await caseByReference(db, caseReference);
      if (!found) throw new RecordRefused([{ field: 'caseReference', message: 'No case has this reference' }]);
      // An API token limited to some cases never writes to another, even when the case is named by its reference.
      if (tokenCaseIds && !tokenCaseIds.includes(found.id)) throw forbidden('The token is limited to some cases and this is not one of them.');
      const at = now();
      // The case's write gate in the attaching transaction: attaching adds to the case's chronology, so a closed
      // case or read-only access refuses it (audited), as every other change to a case.
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, found.id, audit, 'consultation.attached', at);
        const refusals = checkAttach(actor, { localAuthorityId: row.local_authority_id, answered: row.answered_at !== null, attached: row.case_id !== null, caseLocalAuthorityId: kase.localAuthorityId });
        if (refusals.length) throw refused(refusals);
        const updated = await markAttached(trx, row, { caseId: kase.id, attachedBy: actor.id, at });
        if (!updated) throw new RecordRefused([{ field: 'caseReference', message: 'This consultation is already attached to a case' }], 409);
        await insertChronologyEntry(trx, {
          child_id: kase.childId, case_id: kase.id, occurred_at: row.asked_at, recorded_at: at, kind: 'consultation',
          title: `Anonymous consultation ${row.reference} (before the child was identified)`,
          summary: `${row.asked_by_name} (${row.asked_by_agency}) asked for advice without identifying the child. Attached to this case once the child was identified.`,
          agency_id: actor.agencyId, author_id: actor.id, record_type: 'anonymous-consultation', record_id: row.id, source: 'Anonymous consultation',
        });
        await recordAudit(trx, audit, { action: 'consultation.attached', entityType: 'anonymous-consultation', entityId: row.id, childId: kase.childId, details: { caseId: kase.id } });
        return kase;
      });
    },
  };
}

export type ConsultationService = ReturnType<typeof createConsultationService>;
