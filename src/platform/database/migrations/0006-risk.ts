// Risk: indicator observations from every agency (each its own row, with its sharing level), decisions to share
// an entry more widely, CSE referrals and the coordinator's category decisions (history never overwritten),
// National Referral Mechanism considerations and explicit links between children.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table risk_observations (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     indicator_id text not null,
     observed_on date not null,
     recorded_by uuid not null references users(id),
     agency_id uuid not null references agencies(id),
     how_known text not null check (how_known in ('seen', 'told-by-child', 'reliable-source', 'third-hand')),
     note text not null default '',
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     created_at timestamptz not null default now(),
     version integer not null default 1
   )`,
  `create index risk_observations_case on risk_observations (case_id, observed_on desc)`,
  `create table sharing_decisions (
     id uuid primary key default gen_random_uuid(),
     child_id uuid not null references children(id),
     case_id uuid references cases(id),
     record_type text not null,
     record_id text not null,
     from_level text not null check (from_level in ('network', 'agency', 'named')),
     to_level text not null check (to_level in ('network', 'agency', 'named')),
     decided_by uuid not null references users(id),
     reason text not null,
     decided_at timestamptz not null default now()
   )`,
  `create index sharing_decisions_record on sharing_decisions (record_type, record_id)`,
  `create table cse_referrals (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     referred_by uuid not null references users(id),
     referred_at timestamptz not null,
     reason text not null,
     status text not null default 'awaiting' check (status in ('awaiting', 'accepted', 'declined')),
     decided_by uuid references users(id),
     decided_at timestamptz,
     decision_reason text,
     version integer not null default 1
   )`,
  `create unique index cse_referrals_one_awaiting on cse_referrals (case_id) where status = 'awaiting'`,
  `create index cse_referrals_status on cse_referrals (status, referred_at)`,
  `create table category_decisions (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     category smallint not null check (category in (1, 2, 3)),
     previous_category smallint check (previous_category in (1, 2, 3)),
     suggested_category smallint check (suggested_category in (1, 2, 3)),
     differs_reason text,
     rationale text not null,
     age_band text check (age_band in ('under-13', '13-15', '16-17', 'adult')),
     decided_by uuid not null references users(id),
     decided_at timestamptz not null,
     cse_referral_id uuid references cse_referrals(id)
   )`,
  `create index category_decisions_case on category_decisions (case_id, decided_at)`,
  `create table nrm_considerations (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     outcome text not null check (outcome in ('referred', 'not-referred')),
     reason text not null,
     decided_by uuid not null references users(id),
     decided_at timestamptz not null
   )`,
  `create index nrm_considerations_case on nrm_considerations (case_id, decided_at desc)`,
  `create table child_links (
     id uuid primary key default gen_random_uuid(),
     child_id uuid not null references children(id),
     linked_child_id uuid not null references children(id),
     reason text not null,
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null default now(),
     check (child_id <> linked_child_id)
   )`,
  `create unique index child_links_pair on child_links (least(child_id, linked_child_id), greatest(child_id, linked_child_id))`,
  `create index child_links_linked on child_links (linked_child_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
