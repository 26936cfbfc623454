// The whole life of a case (issue 15, corrections, endings, closing and reopening): corrections of a recorded
// meeting keep every earlier version; a plan can be ended, its actions closed or moved to the next plan; a
// cancelled meeting's actions are closed or carried over; a case's closures, reopenings and its at-18 review are
// kept as a history (cases.status and closed_at say only where it is now). The reason codes are written out here
// rather than imported, so that this migration never changes when the domain's lists do.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table meeting_corrections (
     id uuid primary key default gen_random_uuid(),
     meeting_id uuid not null references meetings(id),
     version_number integer not null,
     previous jsonb not null,
     corrected jsonb not null,
     reason text not null,
     recipients_told integer not null default 0,
     corrected_by uuid not null references users(id),
     corrected_at timestamptz not null,
     unique (meeting_id, version_number)
   )`,
  `alter table meetings add column minutes_version integer not null default 1`,
  `alter table actions
     add column carried_from_type text check (carried_from_type in ('meeting', 'plan')),
     add column carried_from_id uuid,
     add column resolution_note text`,
  `alter table plans
     add column ended_at timestamptz,
     add column ended_by uuid references users(id),
     add column end_reason_code text check (end_reason_code in ('risk-reduced', 'replaced', 'child-moved', 'case-closed')),
     add column end_reason text,
     add column next_plan_id uuid references plans(id)`,
  `alter table plans add constraint plans_ending_recorded check ((ended_at is null) = (ended_by is null and end_reason_code is null and end_reason is null))`,
  `create table case_lifecycle_events (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     kind text not null check (kind in ('closed', 'reopened', 'eighteen-review')),
     reason_code text,
     reasons text not null,
     last_category integer,
     plans_ended uuid[] not null default '{}',
     clocks_stopped integer not null default 0,
     receiving_authority text,
     contact_id uuid references contacts(id),
     outcome text,
     care_leaver boolean,
     pathway_plan text,
     support_until date,
     decided_by uuid references users(id),
     decided_at timestamptz not null
   )`,
  `create index case_lifecycle_events_case on case_lifecycle_events (case_id, decided_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
