// The front door's missing steps (issue 11): the written confirmation of an urgent telephone referral (camden
// Part 3 §2; bedford-luton 12.4), the out-of-hours handover from the emergency duty team to the day team
// (bedford-luton 2.7, 12.3), and police protection under Children Act 1989 s46 with its outcome (bedford-luton
// 11.4). The outcome values are written out here rather than imported, so that this migration never changes when
// the domain's list does; src/domain/triage/police-protection.ts holds the same four values.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `alter table contacts
     add column written_confirmation_at timestamptz,
     add column written_confirmation_form text,
     add column written_confirmation_note text,
     add column written_confirmation_by uuid references users(id),
     add column handed_over_at timestamptz,
     add column handed_over_by uuid references users(id),
     add column handover_done text,
     add column handover_outstanding text,
     add constraint contacts_written_confirmation_complete check ((written_confirmation_at is null) = (written_confirmation_form is null)),
     add constraint contacts_handover_complete check ((handed_over_at is null) = (handover_done is null))`,
  `create table police_protections (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     contact_id uuid references contacts(id),
     started_at timestamptz not null,
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null,
     note text,
     ended_at timestamptz,
     outcome text check (outcome in ('returned-home', 'emergency-protection-order', 'accommodated-s20', 'other')),
     outcome_detail text,
     outcome_recorded_by uuid references users(id),
     version integer not null default 1,
     updated_at timestamptz not null default now(),
     check ((ended_at is null) = (outcome is null)),
     check (ended_at is null or ended_at >= started_at),
     check (outcome is distinct from 'other' or outcome_detail is not null)
   )`,
  // At most one open police protection per case; the same index lists a case's protections.
  `create unique index police_protections_open on police_protections (case_id) where ended_at is null`,
  `create index police_protections_case on police_protections (case_id, started_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
