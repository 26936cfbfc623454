// All of the SQL of subject access requests. Every function takes the database or the transaction first; the service
// authorises and decides, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

type Db = Kysely<Database>;

// ---- The child's record, as the officer reads it -------------------------------------------------------------------

export const childRow = (db: Db, childId: string) => db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();

export const casesOfChild = (db: Db, childId: string) => db.selectFrom('cases').select(['id', 'reference', 'status', 'opened_at', 'closed_at']).where('child_id', '=', childId).orderBy('opened_at').execute();

/** The child's chronology, oldest first, with each entry's agency and author. */
export const chronologyOfChild = (db: Db, childId: string) =>
  db
    .selectFrom('chronology_entries as e')
    .leftJoin('agencies as a', 'a.id', 'e.agency_id')
    .leftJoin('users as u', 'u.id', 'e.author_id')
    .select(['e.id', 'e.title', 'e.summary', 'e.occurred_at', 'e.sharing_level', 'a.kind as agency_kind', 'a.name as agency_name', 'u.display_name as author_name'])
    .where('e.child_id', '=', childId)
    .orderBy('e.occurred_at')
    .execute();

/** The child's case notes, oldest contact first, with each note's agency and author. */
export const caseNotesOfChild = (db: Db, childId: string) =>
  db
    .selectFrom('case_notes as n')
    .innerJoin('agencies as a', 'a.id', 'n.agency_id')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.contact_type', 'n.contact_date', 'n.body', 'n.sharing_level', 'a.kind as agency_kind', 'a.name as agency_name', 'u.display_name as author_name'])
    .where('n.child_id', '=', childId)
    .orderBy('n.contact_date')
    .execute();

export const relatedPeopleOfChild = (db: Db, childId: string) =>
  db.selectFrom('related_people').select(['id', 'name', 'relationship', 'notes']).where('child_id', '=', childId).where('removed_at', 'is', null).orderBy('name').execute();

/** The child's current intelligence links, with the item and the agency that made each. */
export const intelligenceLinksOfChild = (db: Db, childId: string) =>
  db
    .selectFrom('intel_links as l')
    .innerJoin('intel_entities as e', 'e.id', 'l.entity_id')
    .innerJoin('agencies as a', 'a.id', 'l.agency_id')
    .select(['l.id', 'l.nature', 'l.last_known', 'l.sharing_level', 'e.label', 'e.kind', 'a.kind as agency_kind', 'a.name as agency_name'])
    .where('l.child_id', '=', childId)
    .where('l.removed_at', 'is', null)
    .execute();

// ---- Requests and their items ----------------------------------------------------------------------------------------

export const caseByReference = (db: Db, reference: string) => db.selectFrom('cases').select(['child_id', 'local_authority_id']).where('reference', '=', reference).executeTakeFirst();

export const insertRequest = async (trx: Db, values: Insertable<Database['subject_access_requests']>) => (await trx.insertInto('subject_access_requests').values(values).returning('id').execute())[0];

export const insertRequestItem = (trx: Db, values: Insertable<Database['subject_access_items']>) => trx.insertInto('subject_access_items').values(values).execute();

/** The newest 200 requests (in the authority when one is given), each with its child's case references. */
export function requests(db: Db, localAuthorityId: string | null) {
  let q = db
    .selectFrom('subject_access_requests as r')
    .select(['r.id', 'r.requester', 'r.received_on', 'r.due_on', 'r.released_at', sql<string>`(select string_agg(k.reference, ', ' order by k.reference) from cases k where k.child_id = r.child_id)`.as('references')])
    .orderBy('r.received_on', 'desc')
    .limit(200);
  if (localAuthorityId) q = q.where('r.local_authority_id', '=', localAuthorityId);
  return q.execute();
}

export function requestById(db: Db, requestId: string, lock = false) {
  let q = db.selectFrom('subject_access_requests').selectAll().where('id', '=', requestId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export const itemsOfRequest = (db: Db, requestId: string) => db.selectFrom('subject_access_items').selectAll().where('request_id', '=', requestId).execute();

export const itemOfRequest = (trx: Db, requestId: string, itemRowId: string) => trx.selectFrom('subject_access_items').selectAll().where('id', '=', itemRowId).where('request_id', '=', requestId).executeTakeFirst();

export const itemDecisions = (trx: Db, requestId: string) => trx.selectFrom('subject_access_items').select(['decision']).where('request_id', '=', requestId).execute();

export const updateItem = (trx: Db, itemRowId: string, values: Updateable<Database['subject_access_items']>) => trx.updateTable('subject_access_items').set(values).where('id', '=', itemRowId).execute();

export const updateRequest = (trx: Db, requestId: string, values: Updateable<Database['subject_access_requests']>) => trx.updateTable('subject_access_requests').set(values).where('id', '=', requestId).execute();
