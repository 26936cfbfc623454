// All of the SQL of merging two records of a child and undoing it. Every function takes the database or the transaction
// first; the service decides and authorises, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

type Db = Kysely<Database>;

export function childById(db: Db, id: string, lock = false) {
  let q = db.selectFrom('children').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Every (table, column) with a foreign key to children(id), from the catalogue, and whether the table has an id. */
export async function childForeignKeys(db: Db) {
  const rows = await sql<{ table_name: string; column_name: string; has_id: boolean }>`
      select c.conrelid::regclass::text as table_name, a.attname as column_name,
        exists (select 1 from pg_attribute i where i.attrelid = c.conrelid and i.attname = 'id' and not i.attisdropped) as has_id
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.confrelid = 'children'::regclass
      order by 1, 2`.execute(db);
  return rows.rows;
}

/** The cases of a child, oldest first. */
export const casesOfChild = (db: Db, childId: string) => db.selectFrom('cases').select(['id', 'reference', 'status', 'local_authority_id']).where('child_id', '=', childId).orderBy('opened_at').execute();

export const chronologyCountOf = (db: Db, childId: string) => db.selectFrom('chronology_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('child_id', '=', childId).executeTakeFirstOrThrow();

export const contactCountOf = (db: Db, childId: string) => db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('child_id', '=', childId).executeTakeFirstOrThrow();

export const aliasesOf = (db: Db, childId: string) => db.selectFrom('child_aliases').select('alias').where('child_id', '=', childId).orderBy('alias').execute();

/** The merge not undone that merged either of these records away, with who made it. */
export const liveMergeOf = (db: Db, childIds: string[]) =>
  db
    .selectFrom('child_merges as m')
    .innerJoin('users as u', 'u.id', 'm.merged_by')
    .select(['m.id', 'm.reason', 'm.merged_at', 'u.display_name as merged_by_name'])
    .where('m.merged_child_id', 'in', childIds)
    .where('m.undone_at', 'is', null)
    .executeTakeFirst();

/**
 * Points one column's rows at the kept record instead of the merged one; returns the ids of the rows it moved.
 * child_links joins two children: a link between these two, or one the kept record already has, stays put.
 */
export async function moveChildReference(trx: Db, ref: { table_name: string; column_name: string }, keptId: string, mergedId: string) {
  const table = sql.table(ref.table_name);
  const column = sql.ref(ref.column_name);
  const keep =
    ref.table_name === 'child_links'
      ? sql`and not (child_id = ${keptId} or linked_child_id = ${keptId})
                    and not exists (select 1 from child_links o where (o.child_id = ${keptId} or o.linked_child_id = ${keptId})
                      and (o.child_id = (case when t.child_id = ${mergedId} then t.linked_child_id else t.child_id end)
                        or o.linked_child_id = (case when t.child_id = ${mergedId} then t.linked_child_id else t.child_id end)))`
      : sql``;
  const rows = await sql<{ id: string }>`update ${table} as t set ${column} = ${keptId} where t.${column} = ${mergedId} ${keep} returning t.id::text as id`.execute(trx);
  return rows.rows;
}

/** Points the rows that moved back at the merged record, only while they still name the kept one; returns those it moved. */
export async function restoreChildReference(trx: Db, group: { table: string; column: string; ids: string[] }, keptId: string, mergedId: string) {
  const rows = await sql<{ id: string }>`update ${sql.table(group.table)} set ${sql.ref(group.column)} = ${mergedId}
            where id::text = any(${group.ids}::text[]) and ${sql.ref(group.column)} = ${keptId} returning id::text as id`.execute(trx);
  return rows.rows;
}

export const updateChildMerge = (trx: Db, childId: string, values: { merged_into_id?: string | null; version: number; updated_at: Date }) => trx.updateTable('children').set(values).where('id', '=', childId).execute();

export const insertMerge = (trx: Db, values: Insertable<Database['child_merges']>) => trx.insertInto('child_merges').values(values).returning('id').executeTakeFirstOrThrow();

export const insertMergeChronologyEntry = (trx: Db, values: Insertable<Database['chronology_entries']>) => trx.insertInto('chronology_entries').values(values).execute();

/** One merge with both records' names, who made it and who undid it. */
export const mergeWithRecords = (db: Db, mergeId: string) =>
  db
    .selectFrom('child_merges as m')
    .innerJoin('children as k', 'k.id', 'm.kept_child_id')
    .innerJoin('children as d', 'd.id', 'm.merged_child_id')
    .innerJoin('users as u', 'u.id', 'm.merged_by')
    .leftJoin('users as x', 'x.id', 'm.undone_by')
    .select([
      'm.id', 'm.kept_child_id', 'm.merged_child_id', 'm.reason', 'm.merged_at', 'm.moved', 'm.undone_at', 'm.undo_reason', 'm.version', 'k.local_authority_id',
      'k.given_name as kept_given', 'k.family_name as kept_family', 'k.known_as as kept_known_as', 'k.merged_into_id as kept_merged_into',
      'd.given_name as merged_given', 'd.family_name as merged_family', 'd.known_as as merged_known_as',
      'u.display_name as merged_by_name', 'x.display_name as undone_by_name',
    ])
    .where('m.id', '=', mergeId)
    .executeTakeFirst();

export const lockMerge = (trx: Db, mergeId: string) => trx.selectFrom('child_merges').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();

export const markMergeUndone = (trx: Db, mergeId: string, values: { undone_at: Date; undone_by: string; undo_reason: string; version: number }) => trx.updateTable('child_merges').set(values).where('id', '=', mergeId).execute();

/** The merges whose kept record is in this authority, newest first. */
export const recentMerges = (db: Db, localAuthorityId: string, limit: number) =>
  db
    .selectFrom('child_merges as m')
    .innerJoin('children as k', 'k.id', 'm.kept_child_id')
    .select(['m.id', 'm.kept_child_id', 'm.merged_child_id', 'm.merged_at', 'm.undone_at'])
    .where('k.local_authority_id', '=', localAuthorityId)
    .orderBy('m.merged_at', 'desc')
    .limit(limit)
    .execute();

/** The kept record's open cases, oldest first (where the merged child's work now goes on). */
export const openCasesOfChild = (db: Db, childId: string) => db.selectFrom('cases').select(['id', 'reference', 'opened_at']).where('child_id', '=', childId).where('status', '=', 'open').orderBy('opened_at').execute();
