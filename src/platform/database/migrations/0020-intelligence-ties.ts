// The intelligence register at scale and tied to the rest of the record (issue 12). Indexes so that matching on
// creation is an index lookup at 200,000 entries (partial plates either way round, the last six digits of a
// number, addresses by trigram); a missing episode's links ("who the child was with", "where found"); mentions of
// an entry in a case note or an observation; and the entries a disruption plan names (bedford-luton 11.9).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create index intel_entities_plate_trgm on intel_entities using gin (plate_key gin_trgm_ops) where merged_into is null and plate_key is not null`,
  `create index intel_entities_phone_tail on intel_entities (right(phone_key, 6)) where merged_into is null and phone_key is not null`,
  `create index intel_entities_address_trgm on intel_entities using gin (address_key gin_trgm_ops) where merged_into is null and address_key is not null`,
  // A link made from a missing episode: who the child was with, or where they were found.
  `alter table intel_links add column missing_episode_id uuid references missing_episodes(id)`,
  `alter table intel_links add column missing_role text check (missing_role in ('with', 'found-at'))`,
  `alter table intel_links add constraint intel_links_missing_role check ((missing_episode_id is null) = (missing_role is null) and (missing_episode_id is null or case_id is not null))`,
  `create index intel_links_missing on intel_links (missing_episode_id) where missing_episode_id is not null and removed_at is null`,
  // An entry mentioned in a case note or an observation. Who may see a mention is decided when it is read, by
  // the sharing of the note or observation itself, so that narrowing or widening the note carries to its mentions.
  `create table intel_mentions (
     id uuid primary key default gen_random_uuid(),
     entity_id uuid not null references intel_entities(id),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     record_type text not null check (record_type in ('case-note', 'observation')),
     record_id uuid not null,
     agency_id uuid not null references agencies(id),
     author_id uuid not null references users(id),
     created_at timestamptz not null,
     removed_at timestamptz,
     unique (record_type, record_id, entity_id)
   )`,
  `create index intel_mentions_entity on intel_mentions (entity_id, created_at desc) where removed_at is null`,
  `create index intel_mentions_record on intel_mentions (record_type, record_id) where removed_at is null`,
  // The entries a disruption plan names, in place of free text (bedford-luton 11.9).
  `create table intel_plan_targets (
     plan_id uuid not null references plans(id),
     entity_id uuid not null references intel_entities(id),
     added_by uuid not null references users(id),
     added_at timestamptz not null,
     removed_at timestamptz,
     primary key (plan_id, entity_id)
   )`,
  `create index intel_plan_targets_entity on intel_plan_targets (entity_id) where removed_at is null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
