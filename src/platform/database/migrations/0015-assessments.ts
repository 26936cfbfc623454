// Assessments (issue 11; PROCEDURES.md step 5): the initial assessment and the core assessment / Section 47 enquiry,
// their sections (each at its own sharing level), every saved version of every section and every step of the
// lifecycle (both append-only), and the related children each decision is recorded for. Kinds, sections and
// decisions are written out here rather than imported, so that this migration (and the test template hashed from the
// migration files) never changes when the domain's lists do; src/domain/assessments holds the same values.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table assessments (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     kind text not null check (kind in ('initial', 'core')),
     referral_id uuid references contacts(id),
     from_assessment_id uuid references assessments(id),
     status text not null default 'draft' check (status in ('draft', 'submitted', 'authorised')),
     started_at timestamptz not null,
     started_by uuid not null references users(id),
     agency_id uuid not null references agencies(id),
     submitted_at timestamptz,
     submitted_by uuid references users(id),
     authorised_at timestamptz,
     authorised_by uuid references users(id),
     returned_at timestamptz,
     returned_by uuid references users(id),
     return_reason text,
     significant_harm_at timestamptz,
     significant_harm_by uuid references users(id),
     significant_harm_early boolean,
     significant_harm_details text,
     version integer not null default 1,
     updated_at timestamptz not null default now(),
     updated_by uuid references users(id),
     check (status <> 'authorised' or (authorised_at is not null and authorised_by is not null))
   )`,
  // One assessment of each kind in progress per case at a time; authorised ones are kept alongside.
  `create unique index assessments_in_progress on assessments (case_id, kind) where status <> 'authorised'`,
  `create index assessments_case on assessments (case_id, started_at desc)`,
  `create table assessment_sections (
     assessment_id uuid not null references assessments(id),
     section_id text not null check (section_id in ('developmentalNeeds', 'parentingCapacity', 'familyAndEnvironment', 'childsViews', 'servicesNeeded', 'significantHarm', 'recommendation')),
     body text not null default '',
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     agency_id uuid not null references agencies(id),
     author_id uuid not null references users(id),
     updated_at timestamptz not null default now(),
     updated_by uuid references users(id),
     primary key (assessment_id, section_id)
   )`,
  `create table assessment_section_versions (
     id uuid primary key default gen_random_uuid(),
     assessment_id uuid not null references assessments(id),
     version integer not null,
     section_id text not null,
     body text not null,
     sharing_level text not null check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     agency_id uuid not null references agencies(id),
     author_id uuid not null references users(id),
     saved_by uuid not null references users(id),
     saved_at timestamptz not null,
     unique (assessment_id, version, section_id)
   )`,
  `create table assessment_history (
     id uuid primary key default gen_random_uuid(),
     assessment_id uuid not null references assessments(id),
     version integer not null,
     event text not null check (event in ('started', 'draft-saved', 'submitted', 'returned', 'authorised', 'significant-harm-found')),
     actor_id uuid not null references users(id),
     at timestamptz not null,
     reason text
   )`,
  `create index assessment_history_assessment on assessment_history (assessment_id, at)`,
  `create table assessment_related_children (
     id uuid primary key default gen_random_uuid(),
     assessment_id uuid not null references assessments(id),
     name text not null,
     relationship text not null check (relationship in ('sibling', 'household', 'peer', 'child-of-person-of-concern')),
     person_of_concern text,
     decision text not null check (decision in ('assessed-here', 'referred', 'no-action')),
     reason text,
     contact_id uuid references contacts(id),
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null,
     check (decision <> 'referred' or contact_id is not null)
   )`,
  // The history of an assessment is kept as written: versions and lifecycle steps are never changed or removed.
  `create function assessment_history_is_append_only() returns trigger language plpgsql as $fn$
   begin
     raise exception 'assessment history is append-only';
   end
   $fn$`,
  `create trigger assessment_section_versions_append_only before update or delete on assessment_section_versions for each row execute function assessment_history_is_append_only()`,
  `create trigger assessment_history_append_only before update or delete on assessment_history for each row execute function assessment_history_is_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
