// Meetings (one meeting may cover several linked cases), their invitees, outcomes, information shared and
// disagreements; Section 47 enquiry outcomes.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table meetings (
     id uuid primary key default gen_random_uuid(),
     local_authority_id text not null references local_authorities(id),
     profile_id text not null,
     meeting_type text not null,
     status text not null default 'convened' check (status in ('convened', 'held', 'cancelled')),
     scheduled_at timestamptz not null,
     venue text not null,
     chair_id uuid references users(id),
     convened_by uuid not null references users(id),
     convened_at timestamptz not null,
     clock_id uuid references clocks(id),
     clock_due_at timestamptz,
     late_reason text,
     looked_after boolean not null default false,
     iro_informed_at timestamptz,
     police_checks_subjects text[],
     police_checks_requested_at timestamptz,
     police_checks_requested_by uuid references users(id),
     police_checks_notes text,
     attendance_considered text[],
     child_attends boolean,
     parents_attend boolean,
     attendance_reasons text,
     attendance_safety_confirmed boolean,
     who_will_inform text,
     attendance_decided_by uuid references users(id),
     attendance_decided_at timestamptz,
     held_at timestamptz,
     purposes text[] not null default '{}',
     decisions_summary text,
     parents_told boolean,
     parents_told_what text,
     parents_told_by text,
     parents_exception_reason text,
     key_professional_id uuid references users(id),
     review_date date,
     criminal_justice jsonb,
     recorded_by uuid references users(id),
     recorded_at timestamptz,
     minutes_shared_at timestamptz,
     minutes_shared_by uuid references users(id),
     last_change text,
     last_changed_by uuid references users(id),
     last_changed_at timestamptz,
     version integer not null default 1
   )`,
  `create table meeting_cases (
     meeting_id uuid not null references meetings(id),
     case_id uuid not null references cases(id),
     is_primary boolean not null default false,
     primary key (meeting_id, case_id)
   )`,
  `create index meeting_cases_case on meeting_cases (case_id)`,
  `create table meeting_invitees (
     id uuid primary key default gen_random_uuid(),
     meeting_id uuid not null references meetings(id),
     user_id uuid references users(id),
     name text,
     invited_role text not null,
     attended boolean,
     apologies boolean not null default false,
     notified_at timestamptz,
     check (user_id is not null or name is not null)
   )`,
  `create unique index meeting_invitees_user on meeting_invitees (meeting_id, user_id) where user_id is not null`,
  `create index meeting_invitees_by_user on meeting_invitees (user_id) where user_id is not null`,
  `create table meeting_outcomes (
     meeting_id uuid not null references meetings(id),
     outcome_id text not null,
     label text not null,
     primary key (meeting_id, outcome_id)
   )`,
  `create table meeting_information (
     id uuid primary key default gen_random_uuid(),
     meeting_id uuid not null references meetings(id),
     item text not null,
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     agency_id uuid references agencies(id),
     author_id uuid references users(id),
     created_at timestamptz not null default now()
   )`,
  `create index meeting_information_meeting on meeting_information (meeting_id)`,
  `create table meeting_disagreements (
     id uuid primary key default gen_random_uuid(),
     meeting_id uuid not null references meetings(id),
     text text not null,
     escalated boolean not null default false,
     escalated_to text,
     author_id uuid references users(id),
     created_at timestamptz not null default now()
   )`,
  `create index meeting_disagreements_meeting on meeting_disagreements (meeting_id)`,
  `create table section47_outcomes (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     outcome text not null,
     follow_up text,
     reasons text not null,
     action_id uuid references actions(id),
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null
   )`,
  `create index section47_outcomes_case on section47_outcomes (case_id, recorded_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
