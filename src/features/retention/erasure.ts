// Erasing a child's record, a contact or an item of intelligence (issue 15): every row that references it is found
// from the database's own foreign keys and deleted, deepest first, so no table added later is missed; the record's own
// row stays as a tombstone with its personal fields blanked, so the audit trail's identifiers still resolve to something
// and nothing that references it breaks. The audit trail is never touched: its rows hold identifiers and codes only
// (AuditEvent.details), so its hash chain still verifies (docs/decisions/0018-retention-and-subject-access.md).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

type Fk = { table: string; column: string; refColumn: string };

/** Tables that must outlive an erasure: the audit trail, and the records of the review and of requests. */
const NEVER_PURGED = new Set(['audit_events', 'retention_reviews', 'subject_access_requests', 'subject_access_items']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unexpected table or column name in erasure: ${name}`);
  return `"${name}"`;
}

function uuidList(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error('erasure given something that is not an id');
  return ids.map((id) => `'${id}'`).join(', ');
}

async function referencing(db: Kysely<Database>, table: string, cache: Map<string, Fk[]>): Promise<Fk[]> {
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
  const fks = rows.rows.filter((r) => !NEVER_PURGED.has(r.tbl)).map((r) => ({ table: r.tbl, column: r.col, refColumn: r.refcol }));
  cache.set(table, fks);
  return fks;
}

/** Deletes the rows of `table` matching `where` (SQL built only from checked names and ids) and all that reference them. */
async function purge(db: Kysely<Database>, table: string, where: string, counts: Record<string, number>, cache: Map<string, Fk[]>, depth = 0): Promise<void> {
  if (depth > 12) throw new Error('erasure: references nest too deep');
  for (const fk of await referencing(db, table, cache)) {
    if (fk.table === table) {
      // A row pointing at another of its own table (a merge, a correction): cut the link first.
      await sql.raw(`update ${ident(table)} set ${ident(fk.column)} = null where ${ident(fk.column)} in (select ${ident(fk.refColumn)} from ${ident(table)} where ${where})`).execute(db);
      continue;
    }
    await purge(db, fk.table, `${ident(fk.column)} in (select ${ident(fk.refColumn)} from ${ident(table)} where ${where})`, counts, cache, depth + 1);
  }
  const result = await sql.raw(`delete from ${ident(table)} where ${where}`).execute(db);
  const n = Number(result.numAffectedRows ?? 0n);
  if (n) counts[table] = (counts[table] ?? 0) + n;
}

/** Deletes every row that references rows of `table` matching `where`, but keeps the rows themselves. */
async function purgeDependents(db: Kysely<Database>, table: string, where: string, counts: Record<string, number>, cache: Map<string, Fk[]>): Promise<void> {
  for (const fk of await referencing(db, table, cache)) {
    if (fk.table === table) continue;
    await purge(db, fk.table, `${ident(fk.column)} in (select ${ident(fk.refColumn)} from ${ident(table)} where ${where})`, counts, cache, 1);
  }
}

export type ErasureCounts = Record<string, number>;

/**
 * A child's whole record: meetings that were only about this child, notifications and outbox messages pointing at
 * its cases, then every row referencing its cases or the child (the cases themselves included); the child row stays,
 * blanked, as the tombstone the audit trail's child id points to.
 */
export async function eraseChildRecord(db: Kysely<Database>, childId: string): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  const cache = new Map<string, Fk[]>();
  const caseIds = (await db.selectFrom('cases').select('id').where('child_id', '=', childId).execute()).map((c) => c.id);
  if (caseIds.length) {
    const cases = uuidList(caseIds);
    // A meeting about this child alone goes with the record; one shared with other children stays for them.
    const soleMeetings = await sql<{ meeting_id: string }>`
      select meeting_id from meeting_cases group by meeting_id
      having bool_and(case_id in (${sql.join(caseIds)}))`.execute(db);
    const meetingIds = soleMeetings.rows.map((m) => m.meeting_id);
    await purgeDependents(db, 'cases', `id in (${cases})`, counts, cache);
    if (meetingIds.length) await purge(db, 'meetings', `id in (${uuidList(meetingIds)})`, counts, cache);
    for (const caseId of caseIds) {
      const n = await db.deleteFrom('notifications').where('link', 'like', `%${caseId}%`).executeTakeFirst();
      if (n.numDeletedRows) counts.notifications = (counts.notifications ?? 0) + Number(n.numDeletedRows);
      const o = await sql`delete from outbox where payload::text like ${`%${caseId}%`}`.execute(db);
      if (o.numAffectedRows) counts.outbox = (counts.outbox ?? 0) + Number(o.numAffectedRows);
    }
  }
  await purgeDependents(db, 'children', `id = '${uuidList([childId]).slice(1, -1)}'`, counts, cache);
  await db
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
  counts['children (blanked)'] = 1;
  return counts;
}

/** A contact that never became a case: its dependents go, and its personal fields and free text are blanked. */
export async function eraseContact(db: Kysely<Database>, contactId: string): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  await purgeDependents(db, 'contacts', `id = '${uuidList([contactId]).slice(1, -1)}'`, counts, new Map());
  await db
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
  counts['contacts (blanked)'] = 1;
  return counts;
}

/** An item of intelligence: its links and dependents go, and its identifying fields are blanked. */
export async function eraseIntelligence(db: Kysely<Database>, entityId: string): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  await purgeDependents(db, 'intel_entities', `id = '${uuidList([entityId]).slice(1, -1)}'`, counts, new Map());
  await db
    .updateTable('intel_entities')
    .set({ label: 'Erased under the retention schedule', details: '{}', date_of_birth: null, sex: null, plate_key: null, phone_key: null, handle_key: null, address_key: null, name_keys: [], names: '', updated_at: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', entityId)
    .execute();
  counts['intel_entities (blanked)'] = 1;
  return counts;
}
