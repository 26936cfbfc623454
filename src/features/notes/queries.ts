// All of the SQL of case notes. Every function takes the database or the transaction first.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CaseNotesTable, CaseNoteVersionsTable, ChronologyEntriesTable, Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { visibleTo } from '../cases/queries-visibility.ts';
import type { NoteType } from './schemas.ts';

/** The notes this actor may see (canSeeEntry, as for chronology entries). */
const visible = (db: Kysely<Database>, actor: Actor) => db.selectFrom('case_notes as n').where(visibleTo(actor, 'n', 'author_id', 'case-note'));

/** A page of the case's notes the actor may see, newest contact first, and how many there are in all. */
export async function visibleNotes(db: Kysely<Database>, actor: Actor, caseId: string, filter: { type?: NoteType | undefined; page: number; pageSize: number }) {
  let base = visible(db, actor).where('n.case_id', '=', caseId);
  if (filter.type) base = base.where('n.contact_type', '=', filter.type);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('users', 'users.id', 'n.author_id')
      .innerJoin('agencies', 'agencies.id', 'n.agency_id')
      .select(['n.id', 'n.contact_date', 'n.contact_type', 'n.sharing_level', 'n.body', 'n.author_id', 'n.version', 'n.created_at', 'n.updated_at', 'users.display_name as author_name', 'agencies.name as agency_name'])
      .orderBy('n.contact_date', 'desc')
      .orderBy('n.created_at', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const visibleNote = (db: Kysely<Database>, actor: Actor, caseId: string, noteId: string) =>
  visible(db, actor)
    .innerJoin('users', 'users.id', 'n.author_id')
    .innerJoin('agencies', 'agencies.id', 'n.agency_id')
    .selectAll('n')
    .select(['users.display_name as author_name', 'agencies.name as agency_name'])
    .where('n.id', '=', noteId)
    .where('n.case_id', '=', caseId)
    .executeTakeFirst();

/** Every version of a note, newest first, with who wrote it. */
export const noteVersions = (db: Kysely<Database>, noteId: string) =>
  db
    .selectFrom('case_note_versions as v')
    .innerJoin('users', 'users.id', 'v.edited_by')
    .select(['v.version', 'v.contact_date', 'v.contact_type', 'v.sharing_level', 'v.body', 'v.edited_at', 'users.display_name as edited_by_name'])
    .where('v.note_id', '=', noteId)
    .orderBy('v.version', 'desc')
    .execute();

export const lockNote = (trx: Kysely<Database>, caseId: string, noteId: string) => trx.selectFrom('case_notes').selectAll().where('id', '=', noteId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();

export const insertEntry = (trx: Kysely<Database>, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).returning('id').executeTakeFirstOrThrow();

export const updateEntry = (trx: Kysely<Database>, entryId: string, values: Updateable<ChronologyEntriesTable>) => trx.updateTable('chronology_entries').set(values).where('id', '=', entryId).execute();

export const insertNote = (trx: Kysely<Database>, values: Insertable<CaseNotesTable>) => trx.insertInto('case_notes').values(values).returning('id').executeTakeFirstOrThrow();

/** Changes the note only if it is still at the version it was read at. */
export const updateNote = (trx: Kysely<Database>, note: { id: string; version: number }, values: Updateable<CaseNotesTable>) =>
  trx.updateTable('case_notes').set(values).where('id', '=', note.id).where('version', '=', note.version).execute();

export const insertNoteVersion = (trx: Kysely<Database>, values: Insertable<CaseNoteVersionsTable>) => trx.insertInto('case_note_versions').values(values).execute();
