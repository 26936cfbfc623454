// The Child Sex Offender Disclosure Scheme (issue 13; cambridgeshire 9): an application about a person of concern
// (an intelligence register entry, or described), the police decision, and a disclosure made in person with the
// recipient's signed undertaking of confidentiality. The scheme is the police's: police officers of the agency that
// holds an application, and its handling officer, see it; to anyone else it does not exist. Each step is one
// transaction with its audit row; a refusal is audited too.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { checkApplication, checkDecision, checkDisclosure, isPolice, maySeeApplication } from '../../domain/disclosure-scheme/scheme.ts';
import type { ApplicationStatus, Refusal } from '../../domain/disclosure-scheme/scheme.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { atLondon } from '../chronology/service.ts';
import type { ApplicationInput, DecisionInput, DisclosureFormInput } from './schemas.ts';
import { agencyKindOf, applicationById, insertApplication, listApplications, policeOfficersOf, registerPerson, registerPersons, unfinishedApplicationsHandledBy, updateApplicationAt } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const ENTITY = 'disclosure-application';
export const POLICE_ONLY = 'The Child Sex Offender Disclosure Scheme is managed by the police: only police officers record and decide applications (cambridgeshire 9).';
const refused = (refusals: readonly Refusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })));

export function createSchemeService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  const agencyKind = async (actor: Actor) => agencyKindOf(db, actor.agencyId);

  async function requirePolice(actor: Actor, audit: AuditContext, action: string, entityId?: string) {
    if (isPolice(actor, await agencyKind(actor))) return;
    await recordAudit(db, audit, { action, entityType: ENTITY, entityId: entityId ?? null, outcome: 'denied', details: { code: 'not-police' } });
    throw forbidden(POLICE_ONLY);
  }

  async function load(actor: Actor, id: string, audit: AuditContext, action: string) {
    const row = isRecordId(id) ? await applicationById(db, id) : undefined;
    if (!row || !maySeeApplication(actor, await agencyKind(actor), { policeAgencyId: row.police_agency_id, handlingOfficerId: row.handling_officer_id })) {
      if (row) await recordAudit(db, audit, { action, entityType: ENTITY, entityId: row.id, outcome: 'denied', details: { code: 'not-police-or-handling-officer' } });
      throw notFound('Application');
    }
    return row;
  }

  return {
    agencyKind,
    isPoliceActor: async (actor: Actor) => isPolice(actor, await agencyKind(actor)),

    /** Police officers of the actor's agency: who may be the handling officer. */
    async officers(actor: Actor) {
      return policeOfficersOf(db, actor.agencyId);
    },

    /** People of concern in the intelligence register, to link the application to. */
    async persons() {
      return registerPersons(db);
    },

    async list(actor: Actor, audit: AuditContext) {
      const police = isPolice(actor, await agencyKind(actor));
      const rows = await listApplications(db, actor, police);
      if (!police && rows.length === 0) {
        await recordAudit(db, audit, { action: 'disclosure-scheme.list', entityType: ENTITY, outcome: 'denied', details: { code: 'not-police' } });
        throw forbidden(POLICE_ONLY);
      }
      await recordAudit(db, audit, { action: 'disclosure-scheme.list', entityType: ENTITY, details: { count: rows.length } });
      return { police, rows };
    },

    /** Applications the officer handles that are not finished: their work list. */
    async handledBy(actor: Actor) {
      return unfinishedApplicationsHandledBy(db, actor.id);
    },

    async one(actor: Actor, id: string, audit: AuditContext) {
      const row = await load(actor, id, audit, 'disclosure-scheme.read');
      await recordAudit(db, audit, { action: 'disclosure-scheme.read', entityType: ENTITY, entityId: row.id });
      return row;
    },

    async apply(actor: Actor, input: ApplicationInput, audit: AuditContext) {
      await requirePolice(actor, audit, 'disclosure-scheme.applied');
      const at = now();
      const receivedAt = atLondon(input.receivedDate, '00:00');
      const refusals = checkApplication({ entityId: input.entityId, personDescription: input.personDescription, receivedAt, now: at });
      if (input.entityId && !(await registerPerson(db, input.entityId))) {
        refusals.push({ field: 'entityId', code: 'entity-unknown', message: 'Choose a person from the register' });
      }
      if (!(await this.officers(actor)).some((o) => o.id === input.handlingOfficerId)) refusals.push({ field: 'handlingOfficerId', code: 'officer-unknown', message: 'Choose a police officer of your force as the handling officer' });
      if (refusals.length) throw refused(refusals);
      return db.transaction().execute(async (trx) => {
        const row = await insertApplication(trx, {
          reference: `CSODS-${randomBytes(3).toString('hex').toUpperCase()}`, police_agency_id: actor.agencyId,
          applicant_name: input.applicantName, applicant_relationship: input.applicantRelationship, applicant_contact: input.applicantContact ?? null,
          child_description: input.childDescription, entity_id: input.entityId ?? null, person_description: input.personDescription ?? null, concern: input.concern,
          handling_officer_id: input.handlingOfficerId, received_at: receivedAt, recorded_by: actor.id,
        });
        await recordAudit(trx, audit, { action: 'disclosure-scheme.applied', entityType: ENTITY, entityId: row.id, details: { linkedToRegister: Boolean(input.entityId) } });
        return row;
      });
    },

    async decide(actor: Actor, id: string, input: DecisionInput, audit: AuditContext) {
      const row = await load(actor, id, audit, 'disclosure-scheme.decided');
      await requirePolice(actor, audit, 'disclosure-scheme.decided', row.id);
      const refusals = checkDecision({ status: row.status, reason: input.reason });
      if (refusals.length) throw new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })), refusals[0]!.code === 'already-decided' ? 409 : 400);
      await db.transaction().execute(async (trx) => {
        const updated = await updateApplicationAt(trx, row, { status: input.decision, decision_reason: input.reason, decided_by: actor.id, decided_at: now(), version: row.version + 1 });
        if (!updated) throw new RecordRefused([{ field: 'decision', message: 'Someone else changed this application: reload the page' }], 409);
        await recordAudit(trx, audit, { action: 'disclosure-scheme.decided', entityType: ENTITY, entityId: row.id, details: { decision: input.decision } });
      });
    },

    async disclose(actor: Actor, id: string, input: DisclosureFormInput, audit: AuditContext) {
      const row = await load(actor, id, audit, 'disclosure-scheme.disclosed');
      await requirePolice(actor, audit, 'disclosure-scheme.disclosed', row.id);
      const at = now();
      const disclosedAt = atLondon(input.disclosedDate, '00:00');
      const { refusals, status } = checkDisclosure(row.status, {
        inPerson: input.inPerson, warningsGiven: input.warningsGiven, undertakingSigned: input.undertakingSigned, proceedWithoutSignature: input.proceedWithoutSignature,
        unsignedConsideration: input.unsignedConsideration, recipientName: input.recipientName, disclosedAt, now: at,
      });
      if (refusals.length) throw new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message, source: r.source })), refusals[0]!.code === 'not-decided-to-disclose' ? 409 : 400);
      await db.transaction().execute(async (trx) => {
        const updated = await updateApplicationAt(trx, row, {
          status: status as ApplicationStatus, disclosed_at: disclosedAt, disclosed_by: actor.id, recipient_name: input.recipientName, recipient_relationship: input.recipientRelationship,
          in_person: input.inPerson, warnings_given: input.warningsGiven, undertaking_signed: input.undertakingSigned,
          unsigned_consideration: input.undertakingSigned ? null : (input.unsignedConsideration ?? null), disclosure_summary: input.summary ?? null, version: row.version + 1,
        });
        if (!updated) throw new RecordRefused([{ field: 'inPerson', message: 'Someone else changed this application: reload the page' }], 409);
        await recordAudit(trx, audit, { action: 'disclosure-scheme.disclosed', entityType: ENTITY, entityId: row.id, details: { status, undertakingSigned: input.undertakingSigned } });
      });
      return status;
    },
  };
}

export type SchemeService = ReturnType<typeof createSchemeService>;
export type ApplicationRow = Awaited<ReturnType<SchemeService['one']>>;
