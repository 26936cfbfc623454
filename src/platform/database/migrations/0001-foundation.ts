// Foundation: organisations, accounts, sessions, children and cases, network, chronology, notifications,
// outbox and the append-only, hash-chained audit trail.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { AGENCY_KINDS, ROLES } from '../../../domain/access/roles.ts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const statements = [
  `create extension if not exists pg_trgm`,
  `create table local_authorities (
     id text primary key,
     name text not null,
     profile_id text not null
   )`,
  `create table agencies (
     id uuid primary key default gen_random_uuid(),
     name text not null,
     kind text not null check (kind in (${list(AGENCY_KINDS)})),
     local_authority_id text references local_authorities(id),
     active boolean not null default true,
     created_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create unique index agencies_name_unique on agencies (lower(name))`,
  `create table teams (
     id uuid primary key default gen_random_uuid(),
     agency_id uuid not null references agencies(id),
     name text not null,
     local_authority_id text references local_authorities(id),
     active boolean not null default true,
     created_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create unique index teams_name_unique on teams (agency_id, lower(name))`,
  `create table users (
     id uuid primary key default gen_random_uuid(),
     email text not null,
     display_name text not null,
     job_title text,
     phone text,
     agency_id uuid not null references agencies(id),
     team_id uuid references teams(id),
     local_authority_id text references local_authorities(id),
     password_hash text not null,
     active boolean not null default true,
     deactivated_at timestamptz,
     locked_until timestamptz,
     created_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create unique index users_email_unique on users (lower(email))`,
  `create table user_roles (
     user_id uuid not null references users(id),
     role text not null check (role in (${list(ROLES)})),
     primary key (user_id, role)
   )`,
  `create table sign_in_attempts (
     id bigint generated always as identity primary key,
     email_lower text not null,
     user_id uuid references users(id),
     succeeded boolean not null,
     at timestamptz not null default now()
   )`,
  `create index sign_in_attempts_email_at on sign_in_attempts (email_lower, at desc)`,
  `create table sessions (
     id_hash text primary key,
     user_id uuid not null references users(id),
     csrf_secret text not null,
     created_at timestamptz not null default now(),
     last_seen_at timestamptz not null default now(),
     expires_at timestamptz not null,
     flash jsonb
   )`,
  `create index sessions_user on sessions (user_id)`,
  `create table api_tokens (
     id uuid primary key default gen_random_uuid(),
     user_id uuid not null references users(id),
     name text not null,
     prefix text not null,
     token_hash text not null unique,
     created_at timestamptz not null default now(),
     last_used_at timestamptz,
     revoked_at timestamptz
   )`,
  `create table children (
     id uuid primary key default gen_random_uuid(),
     local_authority_id text not null references local_authorities(id),
     given_name text,
     family_name text,
     known_as text,
     date_of_birth date,
     approximate_age integer,
     gender text,
     ethnicity text,
     religion text,
     language text,
     disability text,
     address text,
     postcode text,
     ward text,
     school text,
     gp text,
     home_authority text,
     looked_after boolean not null default false,
     care_leaver boolean not null default false,
     placement text,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create table child_aliases (
     id uuid primary key default gen_random_uuid(),
     child_id uuid not null references children(id),
     alias text not null
   )`,
  `create index child_aliases_child on child_aliases (child_id)`,
  `create table cases (
     id uuid primary key default gen_random_uuid(),
     reference text not null unique,
     child_id uuid not null references children(id),
     local_authority_id text not null references local_authorities(id),
     status text not null default 'open' check (status in ('open', 'closed')),
     stage text not null default 'referral',
     category smallint check (category in (1, 2, 3)),
     category_decided_at timestamptz,
     lead_professional_id uuid references users(id),
     key_professional_id uuid references users(id),
     manager_id uuid references users(id),
     team_id uuid references teams(id),
     opened_at timestamptz not null default now(),
     closed_at timestamptz,
     version integer not null default 1
   )`,
  `create index cases_child on cases (child_id)`,
  `create index cases_area on cases (local_authority_id, status)`,
  `create table case_network (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     user_id uuid not null references users(id),
     role_in_case text not null,
     added_by uuid references users(id),
     added_at timestamptz not null default now(),
     removed_at timestamptz,
     removed_by uuid references users(id)
   )`,
  `create unique index case_network_current on case_network (case_id, user_id) where removed_at is null`,
  `create index case_network_user on case_network (user_id) where removed_at is null`,
  `create table break_glass_grants (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     user_id uuid not null references users(id),
     reason text not null,
     granted_at timestamptz not null default now(),
     expires_at timestamptz not null
   )`,
  `create index break_glass_user_case on break_glass_grants (user_id, case_id, expires_at)`,
  `create table notifications (
     id uuid primary key default gen_random_uuid(),
     user_id uuid not null references users(id),
     kind text not null,
     title text not null,
     body text not null default '',
     link text,
     created_at timestamptz not null default now(),
     read_at timestamptz
   )`,
  `create index notifications_user on notifications (user_id, created_at desc)`,
  `create table outbox (
     id bigint generated always as identity primary key,
     kind text not null,
     payload jsonb not null,
     created_at timestamptz not null default now(),
     available_at timestamptz not null default now(),
     attempts integer not null default 0,
     processed_at timestamptz,
     last_error text
   )`,
  `create index outbox_pending on outbox (available_at) where processed_at is null`,
  `create table chronology_entries (
     id uuid primary key default gen_random_uuid(),
     child_id uuid not null references children(id),
     case_id uuid references cases(id),
     occurred_at timestamptz not null,
     recorded_at timestamptz not null default now(),
     kind text not null,
     title text not null,
     summary text not null default '',
     agency_id uuid references agencies(id),
     author_id uuid references users(id),
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     record_type text,
     record_id text,
     source text
   )`,
  `create index chronology_child_time on chronology_entries (child_id, occurred_at desc, id)`,
  `create table audit_events (
     id bigint generated always as identity primary key,
     at timestamptz not null,
     actor_id uuid,
     actor_label text not null,
     action text not null,
     entity_type text not null,
     entity_id text,
     child_id uuid,
     outcome text not null,
     ip text,
     request_id text,
     details jsonb not null default '{}',
     prev_hash text not null,
     hash text not null
   )`,
  `create index audit_events_at on audit_events (at desc)`,
  `create index audit_events_child on audit_events (child_id, at desc)`,
  `create index audit_events_actor on audit_events (actor_id, at desc)`,
  // The database itself keeps the trail append-only, whatever the application does.
  `create function audit_events_refuse_change() returns trigger language plpgsql as $fn$
   begin
     raise exception 'audit_events is append-only: % refused', tg_op using errcode = '42501';
   end
   $fn$`,
  `create trigger audit_events_no_update_or_delete before update or delete on audit_events
     for each row execute function audit_events_refuse_change()`,
  `create trigger audit_events_no_truncate before truncate on audit_events
     for each statement execute function audit_events_refuse_change()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
