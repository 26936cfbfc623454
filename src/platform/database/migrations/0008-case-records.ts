// The case's own records (issue 7): related people, case notes with every earlier version, chronology exports
// (who exported what and why), and the indexes the chronology filters and the work lists need.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const RELATIONSHIPS = ['parent', 'parental-responsibility', 'sibling', 'household-member', 'peer', 'other'] as const;
export const NOTE_TYPES = ['home visit', 'office visit', 'phone call', 'school visit', 'multi-agency discussion', 'other'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const statements = [
  `create table related_people (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     relationship text not null check (relationship in (${list(RELATIONSHIPS)})),
     name text not null,
     date_of_birth date,
     notes text not null default '',
     has_parental_responsibility boolean not null default false,
     created_by uuid references users(id),
     created_at timestamptz not null default now(),
     removed_at timestamptz,
     removed_by uuid references users(id),
     version integer not null default 1
   )`,
  `create index related_people_case on related_people (case_id) where removed_at is null`,
  `create table case_notes (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     author_id uuid not null references users(id),
     agency_id uuid not null references agencies(id),
     contact_date date not null,
     contact_type text not null check (contact_type in (${list(NOTE_TYPES)})),
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     body text not null,
     chronology_entry_id uuid references chronology_entries(id),
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create index case_notes_case on case_notes (case_id, contact_date desc, created_at desc)`,
  `create table case_note_versions (
     id uuid primary key default gen_random_uuid(),
     note_id uuid not null references case_notes(id),
     version integer not null,
     contact_date date not null,
     contact_type text not null,
     sharing_level text not null,
     shared_with uuid[] not null default '{}',
     body text not null,
     edited_by uuid not null references users(id),
     edited_at timestamptz not null,
     unique (note_id, version)
   )`,
  `create table chronology_exports (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     user_id uuid not null references users(id),
     reason_code text not null,
     reason text not null,
     entry_count integer not null,
     filters jsonb not null default '{}',
     exported_at timestamptz not null
   )`,
  `create index chronology_exports_case on chronology_exports (case_id, exported_at desc)`,
  // Work lists: cases a person leads, a team's cases, the coordinator's CSE cases by category.
  `create index cases_lead_open on cases (lead_professional_id) where status = 'open'`,
  `create index cases_team_open on cases (team_id) where status = 'open'`,
  `create index cases_cse_open on cases (local_authority_id, category desc, reference) where status = 'open' and category is not null`,
  `create index users_team on users (team_id)`,
  `create index clocks_case_running on clocks (case_id, due_at) where stopped_at is null`,
  `create index clocks_referral_running on clocks (referral_id, due_at) where stopped_at is null`,
  `create index notifications_user_unread on notifications (user_id, created_at desc) where read_at is null`,
  `create index chronology_record on chronology_entries (record_type, record_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
