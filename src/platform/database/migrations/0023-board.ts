// Board monitoring (issue 14; staffordshire 55-56; camden Part 4 §2): the figures are counted from the records, and
// a snapshot of each filter's counts is kept so that the board's page and exports answer quickly under load; the
// page shows how old the snapshot is. Raw counts are stored: suppression is applied when they are shown. Indexes
// let the period filters find the events of a period without reading every row.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table board_snapshots (
     key text primary key,
     computed_at timestamptz not null,
     payload jsonb not null
   )`,
  `create index clocks_started on clocks (started_at)`,
  `create index cases_opened on cases (opened_at)`,
  `create index cases_closed on cases (closed_at) where closed_at is not null`,
  `create index missing_episodes_left on missing_episodes (left_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
