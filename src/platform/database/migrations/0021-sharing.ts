// Information-sharing decisions (issue 13; bedford-luton 3.11-3.12, 5.6-5.7; camden Part 1 §6): what is shared
// (items), with whom (recipients), the purpose and the basis (consent, without consent with the seven answers of
// bedford-luton 5.7 and a second person's approval, or a decision not to share), consent withdrawn, and whether the
// child and family are told. Only a decision with status 'in-force' widens what anyone sees: the one visibility
// predicate (src/features/cases/queries-visibility.ts) reads these tables. Lists of values are written out here rather
// than imported, so that this migration never changes when the domain's do.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table info_sharing_decisions (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     basis text not null check (basis in ('consent', 'public-interest', 'child-protection', 'not-shared')),
     status text not null check (status in ('pending', 'in-force', 'declined', 'withdrawn', 'not-shared')),
     purpose text not null,
     consent_giver text check (consent_giver in ('child-16-plus', 'child-with-capacity', 'parental-responsibility')),
     consent_giver_name text,
     consent_method text check (consent_method in ('in-person', 'in-writing', 'by-phone')),
     consent_given_on date,
     capacity_reasons text,
     consent_limits text,
     answers jsonb not null default '{}',
     not_shared_reason text,
     requested_by uuid not null references users(id),
     requested_agency_id uuid not null references agencies(id),
     requested_at timestamptz not null,
     decided_by uuid references users(id),
     decided_at timestamptz,
     decision_note text,
     withdrawn_by uuid references users(id),
     withdrawn_at timestamptz,
     withdrawal_reason text,
     child_told text check (child_told in ('told', 'will-tell', 'not-told')),
     family_told text check (family_told in ('told', 'will-tell', 'not-told', 'not-appropriate')),
     teller_name text,
     tell_by date,
     not_told_reason text,
     family_not_told_reason text,
     telling_recorded_by uuid references users(id),
     telling_recorded_at timestamptz,
     version integer not null default 1,
     check (basis <> 'consent' or (consent_giver is not null and consent_given_on is not null)),
     check (basis <> 'not-shared' or not_shared_reason is not null),
     check (consent_giver is distinct from 'child-with-capacity' or capacity_reasons is not null),
     check (decided_by is null or decided_by <> requested_by)
   )`,
  `create index info_sharing_decisions_case on info_sharing_decisions (case_id, requested_at desc)`,
  `create index info_sharing_decisions_pending on info_sharing_decisions (requested_at) where status = 'pending'`,
  `create table info_sharing_items (
     decision_id uuid not null references info_sharing_decisions(id),
     record_type text not null check (record_type in ('chronology-entry', 'risk_observation', 'intelligence-link', 'meeting-information', 'case-summary')),
     record_id uuid,
     check ((record_type = 'case-summary') = (record_id is null))
   )`,
  `create index info_sharing_items_record on info_sharing_items (record_id, record_type)`,
  // A chronology entry is shared when the record it mirrors is (its record_id is text): this index serves that test.
  `create index info_sharing_items_record_text on info_sharing_items ((record_id::text), record_type)`,
  `create index info_sharing_items_decision on info_sharing_items (decision_id)`,
  `create table info_sharing_recipients (
     decision_id uuid not null references info_sharing_decisions(id),
     kind text not null check (kind in ('agency', 'user', 'network')),
     agency_id uuid references agencies(id),
     user_id uuid references users(id),
     check ((kind = 'agency') = (agency_id is not null) and (kind = 'user') = (user_id is not null))
   )`,
  `create index info_sharing_recipients_decision on info_sharing_recipients (decision_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
