// Transfer between authorities (bedford-luton 18-19: the home authority takes over when a child moves) and the merging of
// two records of the same child (issue 15). A transfer is a request from the sending authority that the receiving
// coordinator accepts or declines; a merge keeps which rows moved, so that it can be undone. The NHS number is one of
// the two facts (with the date of birth) that refuse a contradicting merge. The status values are written out here
// rather than imported, so that this migration never changes when the domain's list does.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `alter table children
     add column nhs_number text check (nhs_number is null or nhs_number ~ '^[0-9]{10}$'),
     add column merged_into_id uuid references children(id)`,
  `create table case_transfers (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     from_local_authority_id text not null references local_authorities(id),
     to_local_authority_id text not null references local_authorities(id),
     receiving_coordinator_id uuid not null references users(id),
     summary text not null,
     reason text not null,
     status text not null default 'requested' check (status in ('requested', 'accepted', 'declined', 'withdrawn')),
     requested_by uuid not null references users(id),
     requested_at timestamptz not null,
     respond_by timestamptz not null,
     clock_id uuid references clocks(id),
     answered_by uuid references users(id),
     answered_at timestamptz,
     answer_reason text,
     version integer not null default 1,
     check (from_local_authority_id <> to_local_authority_id),
     check ((status = 'requested') = (answered_at is null)),
     check (status <> 'declined' or answer_reason is not null)
   )`,
  // At most one open request per case; the same index lists a case's transfers.
  `create unique index case_transfers_one_open on case_transfers (case_id) where status = 'requested'`,
  `create index case_transfers_case on case_transfers (case_id, requested_at)`,
  `create index case_transfers_incoming on case_transfers (receiving_coordinator_id) where status = 'requested'`,
  `create table child_merges (
     id uuid primary key default gen_random_uuid(),
     kept_child_id uuid not null references children(id),
     merged_child_id uuid not null references children(id),
     reason text not null,
     merged_by uuid not null references users(id),
     merged_at timestamptz not null,
     moved jsonb not null,
     undone_by uuid references users(id),
     undone_at timestamptz,
     undo_reason text,
     version integer not null default 1,
     check (kept_child_id <> merged_child_id),
     check ((undone_at is null) = (undone_by is null))
   )`,
  // A record is merged into at most one other at a time.
  `create unique index child_merges_one_live on child_merges (merged_child_id) where undone_at is null`,
  `create index child_merges_kept on child_merges (kept_child_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
