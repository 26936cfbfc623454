// Plans (issue 6): one plan per type per case, each save a new immutable version (content as jsonb); plan reviews
// record progress on each of the plan's actions (the shared `actions` table, source_type 'plan').
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const REVIEW_ITEM_STATUSES = ['on-track', 'achieved', 'delayed', 'not-started'] as const;

export const statements = [
  `create table plans (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     local_authority_id text not null references local_authorities(id),
     profile_id text not null,
     plan_type text not null,
     kind text,
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency')),
     agency_id uuid not null references agencies(id),
     current_version integer not null default 0,
     created_by uuid not null references users(id),
     created_at timestamptz not null,
     updated_at timestamptz not null,
     unique (case_id, plan_type)
   )`,
  `create table plan_versions (
     id uuid primary key default gen_random_uuid(),
     plan_id uuid not null references plans(id),
     version integer not null,
     content jsonb not null,
     author_id uuid not null references users(id),
     agency_id uuid not null references agencies(id),
     created_at timestamptz not null,
     unique (plan_id, version)
   )`,
  `create function plan_versions_refuse_change() returns trigger language plpgsql as $fn$
   begin
     raise exception 'plan_versions are immutable: % refused', tg_op using errcode = '42501';
   end
   $fn$`,
  `create trigger plan_versions_immutable before update or delete on plan_versions
     for each row execute function plan_versions_refuse_change()`,
  `create table plan_reviews (
     id uuid primary key default gen_random_uuid(),
     plan_id uuid not null references plans(id),
     case_id uuid not null references cases(id),
     plan_version integer not null,
     reviewed_at timestamptz not null,
     reviewer_id uuid not null references users(id),
     overall_note text not null
   )`,
  `create index plan_reviews_plan on plan_reviews (plan_id, reviewed_at desc)`,
  `create table plan_review_items (
     id uuid primary key default gen_random_uuid(),
     review_id uuid not null references plan_reviews(id),
     action_id uuid not null references actions(id),
     status text not null check (status in (${REVIEW_ITEM_STATUSES.map((s) => `'${s}'`).join(', ')})),
     progress_note text not null default '',
     unique (review_id, action_id)
   )`,
  `create index plan_review_items_action on plan_review_items (action_id)`,
  `create index actions_source on actions (source_type, source_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
