// Telling parents, anonymous consultations and the Child Sex Offender Disclosure Scheme (issue 13, in part).
// - parent_notifications: at a CSE referral or at a meeting, whether the parents were told (who told them, when, how)
//   or not, with the exception and its reasons (bedford-luton 7.16; camden Part 3 §3.3); for a child under 13 an
//   exception is in force only once a second person, a team manager or CSE coordinator, agrees (camden Part 3 §4.2).
// - anonymous_consultations: advice asked about a child who is not identified (bedford-luton 3.12; ird). There is no
//   column for a name, a date of birth or an address: only an age band, sex, area, school type and the concerns.
//   case_id is set only when the child is later identified and the consultation attached to their case.
// - disclosure_applications: the Child Sex Offender Disclosure Scheme (cambridgeshire 9): the application, the police
//   decision and the disclosure made in person with the recipient's signed undertaking.
// The lists of values are written out here rather than imported, so this migration never changes when the domain's do.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table parent_notifications (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     context text not null check (context in ('referral', 'meeting')),
     cse_referral_id uuid references cse_referrals(id),
     meeting_id uuid references meetings(id),
     told boolean not null,
     told_by text,
     told_at timestamptz,
     told_how text check (told_how in ('in-person', 'telephone', 'letter', 'other')),
     what_told text,
     exception_ground text check (exception_ground in ('parent-may-be-involved', 'would-place-child-at-risk', 'would-prejudice-investigation', 'child-asks-not-to', 'other')),
     exception_reasons text,
     clearly_inconsistent boolean,
     under_13 boolean not null,
     status text not null check (status in ('told', 'in-force', 'awaiting-agreement', 'declined')),
     agreed_by uuid references users(id),
     agreed_at timestamptz,
     agreement_note text,
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null,
     version integer not null default 1,
     check (context <> 'referral' or cse_referral_id is not null),
     check (context <> 'meeting' or meeting_id is not null),
     check (told = (status = 'told')),
     check (agreed_by is null or agreed_by <> recorded_by)
   )`,
  `create index parent_notifications_case on parent_notifications (case_id, recorded_at)`,
  `create index parent_notifications_awaiting on parent_notifications (status) where status = 'awaiting-agreement'`,

  `create table anonymous_consultations (
     id uuid primary key default gen_random_uuid(),
     reference text not null unique,
     local_authority_id text not null references local_authorities(id),
     addressed_to text not null check (addressed_to in ('front-door', 'cse-coordinator')),
     asked_by uuid not null references users(id),
     asked_at timestamptz not null,
     age_band text not null check (age_band in ('under-10', '10-12', '13-15', '16-17', 'not-known')),
     sex text not null check (sex in ('female', 'male', 'other', 'not-known')),
     area text,
     school_type text not null check (school_type in ('primary', 'secondary', 'special', 'alternative-provision', 'college', 'not-in-education', 'not-known')),
     concerns text[] not null default '{}',
     question text not null,
     answer text,
     advice text check (advice in ('no-referral', 'discuss-with-dsl', 'refer-to-csc', 'refer-to-police', 'strategy-discussion', 'other')),
     answered_by uuid references users(id),
     answered_at timestamptz,
     case_id uuid references cases(id),
     attached_by uuid references users(id),
     attached_at timestamptz,
     version integer not null default 1,
     check ((answer is null) = (answered_at is null)),
     check ((case_id is null) = (attached_at is null))
   )`,
  `create index anonymous_consultations_queue on anonymous_consultations (local_authority_id, asked_at) where answered_at is null`,
  `create index anonymous_consultations_asked on anonymous_consultations (local_authority_id, asked_at)`,
  `create index anonymous_consultations_case on anonymous_consultations (case_id) where case_id is not null`,

  `create table disclosure_applications (
     id uuid primary key default gen_random_uuid(),
     reference text not null unique,
     police_agency_id uuid not null references agencies(id),
     applicant_name text not null,
     applicant_relationship text not null,
     applicant_contact text,
     child_description text not null,
     entity_id uuid references intel_entities(id),
     person_description text,
     concern text not null,
     handling_officer_id uuid not null references users(id),
     received_at timestamptz not null,
     recorded_by uuid not null references users(id),
     status text not null default 'received' check (status in ('received', 'disclose', 'no-disclosure', 'disclosed', 'not-disclosed')),
     decision_reason text,
     decided_by uuid references users(id),
     decided_at timestamptz,
     disclosed_at timestamptz,
     disclosed_by uuid references users(id),
     recipient_name text,
     recipient_relationship text,
     in_person boolean,
     warnings_given boolean,
     undertaking_signed boolean,
     unsigned_consideration text,
     disclosure_summary text,
     version integer not null default 1,
     check (entity_id is not null or person_description is not null)
   )`,
  `create index disclosure_applications_agency on disclosure_applications (police_agency_id, received_at)`,
  `create index disclosure_applications_officer on disclosure_applications (handling_officer_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
