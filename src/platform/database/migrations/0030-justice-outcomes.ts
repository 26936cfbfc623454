// Criminal-justice outcomes against a person of concern in the intelligence register (issue 14: the board counts
// "convictions recorded"; staffordshire 56): a charge, a conviction or an acquittal, recorded by the police, so the
// board can count convictions and persons of concern convicted. The outcome kinds are written out here rather than
// imported, so that this migration never changes when the domain's list does.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table intel_justice_outcomes (
     id uuid primary key default gen_random_uuid(),
     entity_id uuid not null references intel_entities(id),
     outcome text not null check (outcome in ('charge', 'conviction', 'acquittal')),
     decided_on date not null,
     notes text,
     agency_id uuid not null references agencies(id),
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null
   )`,
  `create index intel_justice_outcomes_entity on intel_justice_outcomes (entity_id, decided_on desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
