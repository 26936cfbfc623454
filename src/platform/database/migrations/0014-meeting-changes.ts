// Rescheduling and cancelling a convened meeting (src/domain/meetings/lifecycle.ts): who cancelled it, when and why,
// and one row per change of date, time or venue, shown on the meeting page. The cancel reasons are written out here
// rather than imported, so that this migration (and the test template hashed from the migration files) never changes
// when the domain's list does; CANCEL_REASONS in the lifecycle holds the same values.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `alter table meetings
     add column cancelled_at timestamptz,
     add column cancelled_by uuid references users(id),
     add column cancel_reason_code text check (cancel_reason_code in ('convened-in-error', 'to-be-convened-again', 'no-longer-needed', 'child-moved-area', 'other')),
     add column cancel_reason text`,
  // A cancelled meeting always says when, by whom and why; no other meeting has any of it.
  `alter table meetings add constraint meetings_cancellation_recorded check (
     (status = 'cancelled') = (cancelled_at is not null and cancelled_by is not null and cancel_reason_code is not null and cancel_reason is not null)
   )`,
  `create table meeting_reschedules (
     id uuid primary key default gen_random_uuid(),
     meeting_id uuid not null references meetings(id),
     previous_at timestamptz not null,
     new_at timestamptz not null,
     previous_venue text not null,
     new_venue text not null,
     reason text not null,
     late_reason text,
     changed_by uuid not null references users(id),
     changed_at timestamptz not null
   )`,
  `create index meeting_reschedules_meeting on meeting_reschedules (meeting_id, changed_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
