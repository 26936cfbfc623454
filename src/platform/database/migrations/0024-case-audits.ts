// Board case audits (issue 14; staffordshire 55-56): a reproducible random sample of cases drawn by criteria (the seed,
// the criteria and a digest of the eligible cases stored with it), the named auditors whose read access to just those
// cases lasts until the end date or the audit's closing, and their findings per case against a short template,
// versioned. The themes and grades are written out here rather than imported, so this migration never changes when
// the domain's lists do.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

const GRADE = `text not null check (%s in ('good', 'requires-improvement', 'inadequate'))`;
const grade = (column: string) => `${column} ${GRADE.replace('%s', column)}`;

export const statements = [
  `create table case_audits (
     id uuid primary key default gen_random_uuid(),
     title text not null,
     criteria jsonb not null,
     seed text not null,
     eligible_count integer not null,
     eligible_digest text not null,
     sample_size integer not null check (sample_size > 0),
     created_by uuid not null references users(id),
     starts_at timestamptz not null,
     ends_on date not null,
     ends_at timestamptz not null,
     closed_at timestamptz,
     closed_by uuid references users(id),
     version integer not null default 1,
     check (ends_at > starts_at)
   )`,
  `create table case_audit_cases (
     audit_id uuid not null references case_audits(id),
     case_id uuid not null references cases(id),
     position integer not null,
     primary key (audit_id, case_id)
   )`,
  `create index case_audit_cases_case on case_audit_cases (case_id)`,
  `create table case_audit_auditors (
     audit_id uuid not null references case_audits(id),
     user_id uuid not null references users(id),
     added_by uuid not null references users(id),
     added_at timestamptz not null,
     primary key (audit_id, user_id)
   )`,
  `create index case_audit_auditors_user on case_audit_auditors (user_id)`,
  `create table case_audit_findings (
     id uuid primary key default gen_random_uuid(),
     audit_id uuid not null references case_audits(id),
     case_id uuid not null references cases(id),
     auditor_id uuid not null references users(id),
     ${grade('timeliness')},
     timeliness_comment text not null,
     ${grade('assessment')},
     assessment_comment text not null,
     ${grade('voice')},
     voice_comment text not null,
     ${grade('multi_agency')},
     multi_agency_comment text not null,
     recorded_at timestamptz not null,
     updated_at timestamptz not null,
     version integer not null default 1,
     unique (audit_id, case_id, auditor_id),
     foreign key (audit_id, case_id) references case_audit_cases (audit_id, case_id),
     foreign key (audit_id, auditor_id) references case_audit_auditors (audit_id, user_id)
   )`,
  `create index case_audit_findings_updated on case_audit_findings (updated_at)`,
  // Every saved version of a finding, so a change can be traced and a stale save shown against what was saved.
  `create table case_audit_finding_versions (
     finding_id uuid not null references case_audit_findings(id),
     version integer not null,
     grades jsonb not null,
     saved_by uuid not null references users(id),
     saved_at timestamptz not null,
     primary key (finding_id, version)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
