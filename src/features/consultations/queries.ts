// The anonymous consultations' SQL: the board's counts, a consultation with the names around it, the lists, and the
// writes (asked, answered, attached with its chronology entry).
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

/** Asked, answered and attached; by age band; and every concern named, for one area between two instants. */
export function consultationCounts(db: Kysely<Database>, localAuthorityId: string, from: Date, to: Date) {
  const base = db.selectFrom('anonymous_consultations').where('local_authority_id', '=', localAuthorityId).where('asked_at', '>=', from).where('asked_at', '<', to);
  return Promise.all([
    base
      .select((eb) => [
        eb.fn.countAll<number>().as('asked'),
        eb.fn.count<number>('answered_at').as('answered'),
        eb.fn.count<number>('attached_at').as('attached'),
      ])
      .executeTakeFirstOrThrow(),
    base.select(['age_band', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('age_band').execute(),
    base.select([sql<string>`unnest(concerns)`.as('concern')]).execute(),
  ]);
}

function withNames(db: Kysely<Database>) {
  return db
    .selectFrom('anonymous_consultations as c')
    .innerJoin('users as asker', 'asker.id', 'c.asked_by')
    .innerJoin('agencies as asker_agency', 'asker_agency.id', 'asker.agency_id')
    .leftJoin('users as answerer', 'answerer.id', 'c.answered_by')
    .leftJoin('cases as k', 'k.id', 'c.case_id')
    .selectAll('c')
    .select(['asker.display_name as asked_by_name', 'asker_agency.name as asked_by_agency', 'answerer.display_name as answered_by_name', 'k.reference as case_reference']);
}

export type ConsultationRow = Awaited<ReturnType<ReturnType<typeof withNames>['executeTakeFirstOrThrow']>>;

export function consultationById(db: Kysely<Database>, id: string) {
  return withNames(db).where('c.id', '=', id).executeTakeFirst();
}

/** The area's consultations, or those one person asked: unanswered first, then newest. */
export function listConsultations(db: Kysely<Database>, scope: { localAuthorityId: string } | { askedBy: string }) {
  const q = 'localAuthorityId' in scope ? withNames(db).where('c.local_authority_id', '=', scope.localAuthorityId) : withNames(db).where('c.asked_by', '=', scope.askedBy);
  return q.orderBy(sql`c.answered_at is null`, 'desc').orderBy('c.asked_at', 'desc').limit(100).execute();
}

/** The area's unanswered consultations that someone else asked, oldest first. */
export function unansweredConsultations(db: Kysely<Database>, localAuthorityId: string, exceptAskedBy: string) {
  return withNames(db).where('c.local_authority_id', '=', localAuthorityId).where('c.answered_at', 'is', null).where('c.asked_by', '<>', exceptAskedBy).orderBy('c.asked_at').limit(25).execute();
}

export function insertConsultation(trx: Kysely<Database>, values: Insertable<Database['anonymous_consultations']>) {
  return trx
    .insertInto('anonymous_consultations')
    .values(values)
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
}

/** Records the answer unless someone answered first; the id, or undefined when they did. */
export function markAnswered(trx: Kysely<Database>, row: { id: string; version: number }, values: { answer: string; advice: string | null; answeredBy: string; at: Date }) {
  return trx.updateTable('anonymous_consultations').set({ answer: values.answer, advice: values.advice, answered_by: values.answeredBy, answered_at: values.at, version: row.version + 1 }).where('id', '=', row.id).where('answered_at', 'is', null).returning('id').executeTakeFirst();
}

export function caseByReference(db: Kysely<Database>, reference: string) {
  return db.selectFrom('cases').select(['id', 'local_authority_id']).where(sql`upper(reference)`, '=', reference.trim().toUpperCase()).executeTakeFirst();
}

/** Attaches the consultation to a case unless it already is; the id, or undefined when it was. */
export function markAttached(trx: Kysely<Database>, row: { id: string; version: number }, values: { caseId: string; attachedBy: string; at: Date }) {
  return trx.updateTable('anonymous_consultations').set({ case_id: values.caseId, attached_by: values.attachedBy, attached_at: values.at, version: row.version + 1 }).where('id', '=', row.id).where('case_id', 'is', null).returning('id').executeTakeFirst();
}

/** The case chronology's entry for the consultation attached to it. */
export function insertChronologyEntry(trx: Kysely<Database>, values: Insertable<Database['chronology_entries']>) {
  return trx.insertInto('chronology_entries').values(values).execute();
}
