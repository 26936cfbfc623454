// All of the SQL of the retention review and of erasure. Every function takes the database or the transaction first;
// the service and erasure.ts decide what is listed and erased, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

type Db = Kysely<Database>;

// ---- The schedule and the monthly run ------------------------------------------------------------------------------

export const scheduleRow = (db: Db) => db.selectFrom('retention_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();

/** Saves the schedule only if it is still at the version it was read at. */
export const updateSchedule = (trx: Db, version: number, values: { schedule: string; updated_by: string; updated_at: Date }) =>
  trx
    .updateTable('retention_settings')
    .set({ ...values, version: sql<number>`version + 1` })
    .where('id', '=', 1)
    .where('version', '=', version)
    .executeTakeFirst();

/** One monthly run at a time, across processes, for the rest of the transaction. */
export const lockRetentionRun = (trx: Db) => sql`select pg_advisory_xact_lock(7100027)`.execute(trx);

export const recordRunMonth = (trx: Db, month: string) => trx.updateTable('retention_settings').set({ last_run_month: month }).where('id', '=', 1).execute();

/** Every child with cases: whether all are closed and when the last closed, with what the schedule needs of the child. */
export const childrenWithCases = async (db: Db) =>
  (
    await sql<{ id: string; local_authority_id: string; date_of_birth: string | null; looked_after: boolean; all_closed: boolean; last_closed: Date | null }>`
    select ch.id, ch.local_authority_id, ch.date_of_birth::text as date_of_birth, ch.looked_after,
           bool_and(k.status = 'closed') as all_closed, max(k.closed_at) as last_closed
    from children ch join cases k on k.child_id = ch.id
    group by ch.id`.execute(db)
  ).rows;

/** Contacts decided without becoming a case. */
export const contactsDecidedWithoutCase = (db: Db) => db.selectFrom('contacts').select(['id', 'local_authority_id', 'decided_at']).where('status', '=', 'decided').where('case_id', 'is', null).where('decided_at', 'is not', null).execute();

/** Intelligence not merged into another item, with its agency's authority. */
export const unmergedIntelligence = (db: Db) => db.selectFrom('intel_entities as e').innerJoin('agencies as a', 'a.id', 'e.agency_id').select(['e.id', 'e.updated_at', 'a.local_authority_id']).where('e.merged_into', 'is', null).execute();

/** Reviews pending, deleted, or extended to a date after today. */
export const settledReviews = (db: Db, today: string) =>
  db
    .selectFrom('retention_reviews')
    .select(['record_kind', 'record_id', 'status', 'extended_until'])
    .where((eb) => eb.or([eb('status', 'in', ['pending', 'deleted']), eb('extended_until', '>', today)]))
    .execute();

/** Extensions whose date has been reached. */
export const lapsedExtensions = (db: Db, today: string) => db.selectFrom('retention_reviews').select(['record_kind', 'record_id', 'extended_until']).where('status', '=', 'extended').where('extended_until', '<=', today).execute();

export const insertReview = (trx: Db, values: Insertable<Database['retention_reviews']>) => trx.insertInto('retention_reviews').values(values).execute();

export const activeGovernanceOfficers = (db: Db) =>
  db.selectFrom('users as u').innerJoin('user_roles as r', 'r.user_id', 'u.id').select(['u.id', 'u.local_authority_id']).where('r.role', '=', 'information-governance-officer').where('u.active', '=', true).execute();

// ---- The officer's queue and decisions ----------------------------------------------------------------------------

export const pendingReviewAreas = (db: Db) => db.selectFrom('retention_reviews').select(['local_authority_id']).where('status', '=', 'pending').execute();

/** Subject access requests not yet released, in the authority when one is given. */
export function unreleasedRequestDueDates(db: Db, localAuthorityId: string | null) {
  let requests = db.selectFrom('subject_access_requests').select(['due_on']).where('released_at', 'is', null);
  if (localAuthorityId) requests = requests.where('local_authority_id', '=', localAuthorityId);
  return requests.execute();
}

export const caseReferencesOfChild = (db: Db, childId: string) => db.selectFrom('cases').select('reference').where('child_id', '=', childId).orderBy('reference').execute();

export const contactReference = (db: Db, contactId: string) => db.selectFrom('contacts').select('reference').where('id', '=', contactId).executeTakeFirst();

export const intelligenceKind = (db: Db, entityId: string) => db.selectFrom('intel_entities').select('kind').where('id', '=', entityId).executeTakeFirst();

/** The first 500 reviews, soonest due first. */
export const reviews = (db: Db) => db.selectFrom('retention_reviews').selectAll().orderBy('due_on').orderBy('listed_at').limit(500).execute();

export const openSubjectAccessRequestFor = (db: Db, childId: string) => db.selectFrom('subject_access_requests').select('id').where('child_id', '=', childId).where('released_at', 'is', null).executeTakeFirst();

export const reviewWithDecider = (db: Db, reviewId: string) =>
  db.selectFrom('retention_reviews as r').leftJoin('users as u', 'u.id', 'r.decided_by').selectAll('r').select('u.display_name as decided_by_name').where('r.id', '=', reviewId).executeTakeFirst();

export const lockReview = (trx: Db, reviewId: string) => trx.selectFrom('retention_reviews').selectAll().where('id', '=', reviewId).forUpdate().executeTakeFirst();

export const updateReview = (trx: Db, reviewId: string, values: Updateable<Database['retention_reviews']>) => trx.updateTable('retention_reviews').set(values).where('id', '=', reviewId).execute();

// ---- Erasure: the walk down the foreign keys -----------------------------------------------------------------------

type Fk = { table: string; column: string; refColumn: string };
export type ForeignKeyCache = Map<string, Fk[]>;

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unexpected table or column name in erasure: ${name}`);
  return `"${name}"`;
}

function uuidList(ids: readonly string[]): string {
  for (const id of ids) if (!isRecordId(id)) throw new Error('erasure given something that is not an id');
  return ids.map((id) => `'${id}'`).join(', ');
}

/** The rows whose id is one of these (each checked to be an id). */
export const whereIdIn = (ids: readonly string[]) => `id in (${uuidList(ids)})`;

/** The row whose id is this (checked to be an id). */
export const whereIdIs = (id: string) => `id = '${uuidList([id]).slice(1, -1)}'`;

/** The single-column foreign keys to `table`, but those from the tables in `neverPurged`. */
async function referencing(db: Db, table: string, cache: ForeignKeyCache, neverPurged: ReadonlySet<string>): Promise<Fk[]> {
  const cached = cache.get(table);
  if (cached) return cached;
  const rows = await sql<{ tbl: string; col: string; refcol: string }>`
    select cl.relname as tbl, a.attname as col, af.attname as refcol
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_class rcl on rcl.oid = c.confrelid
    join pg_namespace n on n.oid = rcl.relnamespace
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
    where c.contype = 'f' and rcl.relname = ${table} and n.nspname = current_schema() and array_length(c.conkey, 1) = 1
    order by cl.relname, a.attname`.execute(db);
  const fks = rows.rows.filter((r) => !neverPurged.has(r.tbl)).map((r) => ({ table: r.tbl, column: r.col, refColumn: r.refcol }));
  cache.set(table, fks);
  return fks;
}

/** Deletes the rows of `table` matching `where` (SQL built only from checked names and ids) and all that reference them. */
export async function purge(db: Db, table: string, where: string, counts: Record<string, number>, cache: ForeignKeyCache, neverPurged: ReadonlySet<string>, depth = 0): Promise<void> {
  if (depth > 12) throw new Error('erasure: references nest too deep');
  for (const fk of await referencing(db, table, cache, neverPurged)) {
    if (fk.table === table) {
      // A row pointing at another of its own table (a merge, a correction): cut the link first.
      await sql.raw(`update ${ident(table)} set ${ident(fk.column)} = null where ${ident(fk.column)} in (select ${ident(fk.refColumn)} from ${ident(table)} where ${where})`).execute(db);
      continue;
    }
    await purge(db, fk.table, `${ident(fk.column)} in (select ${ident(fk.refColumn)} from ${ident(table)} where ${where})`, counts, cache, neverPurged, depth + 1);
  }
  const result = await sql.raw(`delete from ${ident(table)} where ${where}`).execute(db);
  const n = Number(result.numAffectedRows ?? 0n);
  if (n) counts[table] = (counts[table] ?? 0) + n;
}

/** Deletes every row that references rows of `table` matching `where`, but keeps the rows themselves. */
export async function purgeDependents(db: Db, table: string, where: string, counts: Record<string, number>, cache: ForeignKeyCache, neverPurged: ReadonlySet<string>): Promise<void> {
  for (const fk of await referencing(db, table, cache, neverPurged)) {
    if (fk.table === table) continue;
    await purge(db, fk.table, `${ident(fk.column)} in (select ${ident(fk.refColumn)} from ${ident(table)} where ${where})`, counts, cache, neverPurged, 1);
  }
}

// ---- Erasure: the records themselves -------------------------------------------------------------------------------

export const caseIdsOfChild = async (db: Db, childId: string) => (await db.selectFrom('cases').select('id').where('child_id', '=', childId).execute()).map((c) => c.id);

/** The meetings whose every case is one of these. */
export const meetingsOnlyAbout = async (db: Db, caseIds: readonly string[]) =>
  (
    await sql<{ meeting_id: string }>`
      select meeting_id from meeting_cases group by meeting_id
      having bool_and(case_id in (${sql.join(caseIds)}))`.execute(db)
  ).rows.map((m) => m.meeting_id);

/** Deletes the notifications whose link names the case; returns how many. */
export const deleteNotificationsLinkingTo = async (db: Db, caseId: string) => (await db.deleteFrom('notifications').where('link', 'like', `%${caseId}%`).executeTakeFirst()).numDeletedRows;

/** Deletes the outbox messages whose payload names the case; returns how many. */
export const deleteOutboxNaming = async (db: Db, caseId: string) => (await sql`delete from outbox where payload::text like ${`%${caseId}%`}`.execute(db)).numAffectedRows;

/** The child's row as a tombstone: every personal field blanked. */
export const blankChild = (db: Db, childId: string) =>
  db
    .updateTable('children')
    .set({
      given_name: null,
      family_name: null,
      known_as: null,
      date_of_birth: null,
      approximate_age: null,
      gender: null,
      ethnicity: null,
      religion: null,
      language: null,
      disability: null,
      address: null,
      postcode: null,
      ward: null,
      school: null,
      gp: null,
      home_authority: null,
      placement: null,
      looked_after: false,
      care_leaver: false,
      updated_at: new Date(),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', childId)
    .execute();

/** The contact's row as a tombstone: its personal fields and free text blanked. */
export const blankContact = (db: Db, contactId: string) =>
  db
    .updateTable('contacts')
    .set({
      public_reporter: null,
      narrative: '',
      indicators: [],
      dsl_consulted: null,
      child_given_name: null,
      child_family_name: null,
      child_known_as: null,
      child_date_of_birth: null,
      child_approximate_age: null,
      child_description: null,
      child_location: null,
      child_address: null,
      child_postcode: null,
      child_ward: null,
      child_school: null,
      child_gp: null,
      details: '{}',
      submitter_ip_hash: null,
      written_confirmation_note: null,
      handover_done: null,
      handover_outstanding: null,
      updated_at: new Date(),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', contactId)
    .execute();

/** The item of intelligence as a tombstone: its identifying fields blanked. */
export const blankIntelligence = (db: Db, entityId: string) =>
  db
    .updateTable('intel_entities')
    .set({ label: 'Erased under the retention schedule', details: '{}', date_of_birth: null, sex: null, plate_key: null, phone_key: null, handle_key: null, address_key: null, name_keys: [], names: '', updated_at: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', entityId)
    .execute();
