// All of the SQL of missing episodes. Every function takes the database or the transaction first.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { ChronologyEntriesTable, Database, MissingEpisodesTable } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { visibleTo } from '../cases/queries-visibility.ts';

export const RECORD_TYPE = 'missing-episode';

type EntryKind = 'missing-reported' | 'missing-returned' | 'return-interview';

/** The episodes this actor may see (the same rule as chronology entries and case notes: canSeeEntry). */
const visible = (db: Kysely<Database>, actor: Actor) => db.selectFrom('missing_episodes as m').where(visibleTo(actor, 'm', 'reported_by', 'missing-episode'));

const withNames = (db: Kysely<Database>, actor: Actor) =>
  visible(db, actor)
    .innerJoin('users as reporter', 'reporter.id', 'm.reported_by')
    .innerJoin('agencies', 'agencies.id', 'm.agency_id')
    .leftJoin('users as updater', 'updater.id', 'm.updated_by')
    .selectAll('m')
    .select(['reporter.display_name as reported_by_name', 'agencies.name as agency_name', 'updater.display_name as updated_by_name']);

/** The case's episodes this actor may see, newest first, with who reported and last changed them. */
export const visibleEpisodes = (db: Kysely<Database>, actor: Actor, caseId: string) =>
  withNames(db, actor).where('m.case_id', '=', caseId).orderBy('m.left_at', 'desc').orderBy('m.id', 'desc').execute();

export const visibleEpisode = (db: Kysely<Database>, actor: Actor, caseId: string, episodeId: string) =>
  withNames(db, actor).where('m.id', '=', episodeId).where('m.case_id', '=', caseId).executeTakeFirst();

/** An episode of the case the actor may see, locked for a change. */
export const lockVisibleEpisode = (trx: Kysely<Database>, actor: Actor, caseId: string, episodeId: string) =>
  visible(trx, actor).selectAll('m').where('m.id', '=', episodeId).where('m.case_id', '=', caseId).forUpdate().executeTakeFirst();

export const userName = async (trx: Kysely<Database>, userId: string) =>
  (await trx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name;

/** Every episode of the child, whoever may see it: overlaps are refused across all of them. */
export const childEpisodeSpans = (trx: Kysely<Database>, childId: string) =>
  trx.selectFrom('missing_episodes').select(['id', 'left_at', 'returned_at']).where('child_id', '=', childId).execute();

export const openEpisodeOnCase = (trx: Kysely<Database>, caseId: string, childId: string) =>
  trx.selectFrom('missing_episodes').select('id').where('case_id', '=', caseId).where('child_id', '=', childId).where('returned_at', 'is', null).executeTakeFirst();

export const insertEpisode = (trx: Kysely<Database>, values: Insertable<MissingEpisodesTable>) =>
  trx.insertInto('missing_episodes').values(values).returning('id').executeTakeFirstOrThrow();

/** Changes the episode only if it is still at the version it was read at. */
export const updateEpisode = (trx: Kysely<Database>, episode: { id: string; version: number }, values: Updateable<MissingEpisodesTable>) =>
  trx.updateTable('missing_episodes').set(values).where('id', '=', episode.id).where('version', '=', episode.version).execute();

export const insertEntry = (trx: Kysely<Database>, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).execute();

export const episodeEntryId = async (trx: Kysely<Database>, episodeId: string, kind: EntryKind) =>
  (await trx.selectFrom('chronology_entries').select('id').where('record_type', '=', RECORD_TYPE).where('record_id', '=', episodeId).where('kind', '=', kind).executeTakeFirst())?.id;

export const updateEntry = (trx: Kysely<Database>, entryId: string, values: Updateable<ChronologyEntriesTable>) => trx.updateTable('chronology_entries').set(values).where('id', '=', entryId).execute();

/** Brings the episode's chronology entry of one kind up to date. */
export const updateEpisodeEntry = (trx: Kysely<Database>, episodeId: string, kind: EntryKind, values: Updateable<ChronologyEntriesTable>) =>
  trx.updateTable('chronology_entries').set(values).where('record_type', '=', RECORD_TYPE).where('record_id', '=', episodeId).where('kind', '=', kind).execute();
