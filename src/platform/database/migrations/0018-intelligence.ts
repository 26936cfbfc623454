// The intelligence register (issue 12; bedford-luton Appendix 2, 9 and 11.1; camden Part 4 §1.4): persons of
// concern, vehicles, places and phones or online identities, each a record many children can be linked to, and
// the links between a child's case and an entity or between two entities. The comparable forms (plate, number,
// handle, address, name keys) are written by src/domain/intelligence at every write, so a match on creation is an
// index lookup. The lists of kinds, sharing levels and grades are written out here rather than imported, so that
// this migration (and the test template hashed from the migration files) never changes when the domain's do.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table intel_entities (
     id uuid primary key default gen_random_uuid(),
     kind text not null check (kind in ('person', 'vehicle', 'place', 'phone')),
     label text not null,
     details jsonb not null default '{}',
     date_of_birth date,
     sex text,
     plate_key text,
     phone_key text,
     handle_key text,
     address_key text,
     name_keys text[] not null default '{}',
     names text not null default '',
     agency_id uuid not null references agencies(id),
     created_by uuid not null references users(id),
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     merged_into uuid references intel_entities(id),
     review_flagged_at timestamptz,
     version integer not null default 1
   )`,
  `create index intel_entities_plate on intel_entities (plate_key text_pattern_ops) where merged_into is null`,
  `create index intel_entities_phone on intel_entities (phone_key) where merged_into is null`,
  `create index intel_entities_handle on intel_entities (handle_key) where merged_into is null`,
  `create index intel_entities_address on intel_entities (address_key) where merged_into is null`,
  `create index intel_entities_name_keys on intel_entities using gin (name_keys) where merged_into is null`,
  `create index intel_entities_names_trgm on intel_entities using gin (names gin_trgm_ops) with (fastupdate = off)`,
  // A link: case to entity (case_id set) or entity to entity (other_entity_id set), never both.
  `create table intel_links (
     id uuid primary key default gen_random_uuid(),
     entity_id uuid not null references intel_entities(id),
     case_id uuid references cases(id),
     child_id uuid references children(id),
     other_entity_id uuid references intel_entities(id),
     nature text not null,
     first_known date,
     last_known date not null,
     source text,
     how_known text not null check (how_known in ('seen', 'told-by-child', 'reliable-source', 'third-hand')),
     sharing_level text not null check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     agency_id uuid not null references agencies(id),
     author_id uuid not null references users(id),
     created_at timestamptz not null default now(),
     removed_at timestamptz,
     removed_by uuid references users(id),
     check ((case_id is null) <> (other_entity_id is null)),
     check (case_id is null or child_id is not null),
     check (other_entity_id is null or other_entity_id <> entity_id),
     check (first_known is null or first_known <= last_known)
   )`,
  `create index intel_links_entity on intel_links (entity_id) where removed_at is null`,
  `create index intel_links_other on intel_links (other_entity_id) where removed_at is null and other_entity_id is not null`,
  `create index intel_links_case on intel_links (case_id) where removed_at is null and case_id is not null`,
  // A merge moves the merged entity's links to the kept one; undo moves exactly those links back.
  `create table intel_merges (
     id uuid primary key default gen_random_uuid(),
     kept_id uuid not null references intel_entities(id),
     merged_id uuid not null references intel_entities(id),
     moved_link_ids uuid[] not null default '{}',
     moved_other_link_ids uuid[] not null default '{}',
     reason text not null,
     merged_by uuid not null references users(id),
     merged_at timestamptz not null,
     undone_by uuid references users(id),
     undone_at timestamptz
   )`,
  `create index intel_merges_kept on intel_merges (kept_id, merged_at desc)`,
  // Pattern-of-targeting alerts: one per entity, area and crossing of the threshold.
  `create table intel_alerts (
     id uuid primary key default gen_random_uuid(),
     entity_id uuid not null references intel_entities(id),
     local_authority_id text not null references local_authorities(id),
     headline text not null,
     children integer not null,
     link_ids uuid[] not null,
     raised_at timestamptz not null,
     dismissed_at timestamptz,
     dismissed_by uuid references users(id),
     dismissal_reason text,
     meeting_id uuid references meetings(id)
   )`,
  // Disruption actions against an entry (bedford-luton 11.7, 11.9), so that disruptions per perpetrator can be counted.
  `create table intel_disruptions (
     id uuid primary key default gen_random_uuid(),
     entity_id uuid not null references intel_entities(id),
     kind text not null check (kind in ('child-abduction-notice', 'sexual-harm-prevention-order', 'closure-of-premises', 'other-order')),
     taken_on date not null,
     notes text,
     agency_id uuid not null references agencies(id),
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null
   )`,
  `create index intel_disruptions_entity on intel_disruptions (entity_id, taken_on desc)`,
  `create index intel_alerts_open on intel_alerts (local_authority_id, raised_at desc) where dismissed_at is null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
