// Concerns and referrals ("contacts") as they reach the front door, and the front door's decisions.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create sequence contact_reference_seq start 1001`,
  `create sequence case_reference_seq start 1001`,
  `create table contacts (
     id uuid primary key default gen_random_uuid(),
     reference text not null unique,
     kind text not null check (kind in ('professional-concern', 'public-concern', 'referral')),
     local_authority_id text not null references local_authorities(id),
     status text not null default 'draft' check (status in ('draft', 'received', 'decided')),
     raised_by uuid references users(id),
     raised_by_agency_id uuid references agencies(id),
     public_reporter jsonb,
     channel text check (channel in ('phone', 'in-person', 'letter', 'fax', 'online')),
     urgent boolean not null default false,
     observed_at timestamptz,
     narrative text not null default '',
     indicators text[] not null default '{}',
     immediate_danger boolean not null default false,
     police_called boolean,
     dsl_consulted text check (dsl_consulted in ('yes', 'no', 'i-am-the-dsl', 'not-applicable')),
     sexual_activity boolean not null default false,
     child_given_name text,
     child_family_name text,
     child_known_as text,
     child_date_of_birth date,
     child_approximate_age integer,
     child_description text,
     child_location text,
     child_address text,
     child_postcode text,
     child_ward text,
     child_school text,
     child_gp text,
     child_care_leaver boolean not null default false,
     details jsonb not null default '{}',
     routed_team text,
     routed_team_label text,
     out_of_hours boolean not null default false,
     identification text check (identification in ('linked', 'new-child', 'unidentified')),
     child_id uuid references children(id),
     case_id uuid references cases(id),
     idempotency_key text not null unique,
     submitter_ip_hash text,
     received_at timestamptz,
     decided_at timestamptz,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create index contacts_queue on contacts (local_authority_id, status, received_at)`,
  `create index contacts_raised_by on contacts (raised_by, created_at desc)`,
  `create index contacts_public_ip on contacts (submitter_ip_hash, created_at) where submitter_ip_hash is not null`,
  `create table contact_decisions (
     id uuid primary key default gen_random_uuid(),
     contact_id uuid not null unique references contacts(id),
     decision text not null,
     reasons text not null,
     decided_by uuid not null references users(id),
     decided_at timestamptz not null,
     age_band text,
     presumption_reason text,
     checklist jsonb not null default '{}',
     details jsonb not null default '{}'
   )`,
  // An administrator's unlock resets the failure count, so the next wrong password does not lock at once.
  `alter table users add column failures_reset_at timestamptz`,
  `alter table clocks add constraint clocks_referral_fk foreign key (referral_id) references contacts(id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
