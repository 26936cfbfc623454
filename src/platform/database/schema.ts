// Kysely's view of the tables; the migrations are the source of truth and these types follow them.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type LocalAuthoritiesTable = { id: string; name: string; profile_id: string };

export type AgenciesTable = {
  id: Generated<string>;
  name: string;
  kind: string;
  local_authority_id: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  version: Generated<number>;
};

export type TeamsTable = {
  id: Generated<string>;
  agency_id: string;
  name: string;
  local_authority_id: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  version: Generated<number>;
};

export type UsersTable = {
  id: Generated<string>;
  email: string;
  display_name: string;
  job_title: string | null;
  phone: string | null;
  agency_id: string;
  team_id: string | null;
  local_authority_id: string | null;
  password_hash: string;
  active: Generated<boolean>;
  deactivated_at: Date | null;
  locked_until: Date | null;
  failures_reset_at: Date | null;
  created_at: Timestamp;
  version: Generated<number>;
  /** The OpenID Connect provider and subject the person signs in as, once linked (migration 0028). */
  oidc_issuer: string | null;
  oidc_subject: string | null;
};

export type UserRolesTable = { user_id: string; role: string };

export type SignInAttemptsTable = {
  id: Generated<number>;
  email_lower: string;
  user_id: string | null;
  succeeded: boolean;
  at: Timestamp;
  /** HMAC of the client address (0017-security): counts attempts per address without keeping it. */
  address_key: string | null;
};

export type SessionsTable = {
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: RequiredTimestamp;
  flash: Json<Record<string, unknown> | null> | null;
  /** Null once signed in; otherwise the only step the session may take. */
  pending: 'second-factor' | 'enrolment' | null;
  /** Signed in through the identity provider, which asserted multi-factor authentication (migration 0028). */
  provider_mfa: Generated<boolean>;
};

/** A form sent after its session timed out (migration 0013); used_at once sent or discarded. */
export type HeldSubmissionsTable = {
  id: Generated<string>;
  user_id: string;
  method: 'POST';
  path: string;
  body: Json<Record<string, string | string[]>>;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
  used_at: Date | null;
};

export type SecondFactorsTable = {
  user_id: string;
  secret: string;
  confirmed_at: Date | null;
  last_used_step: number | null;
  failures_since_success: Generated<number>;
  created_at: Timestamp;
};

export type SecondFactorRecoveryCodesTable = {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
};

export type SecondFactorResetsTable = {
  id: Generated<string>;
  user_id: string;
  reset_by: string | null;
  reason_code: string;
  reason: string | null;
  reset_at: Timestamp;
};

export type ApiTokensTable = {
  id: Generated<string>;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** 0017-security: every token expires; its scope is read-only or read-write, optionally limited to some cases. */
  expires_at: RequiredTimestamp;
  scope: Generated<'read-only' | 'read-write'>;
  case_ids: string[] | null;
};

export type ChildrenTable = {
  id: Generated<string>;
  local_authority_id: string;
  given_name: string | null;
  family_name: string | null;
  known_as: string | null;
  date_of_birth: string | null;
  approximate_age: number | null;
  gender: string | null;
  ethnicity: string | null;
  religion: string | null;
  language: string | null;
  disability: string | null;
  address: string | null;
  postcode: string | null;
  ward: string | null;
  school: string | null;
  gp: string | null;
  home_authority: string | null;
  looked_after: Generated<boolean>;
  care_leaver: Generated<boolean>;
  placement: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  /** 0026: ten digits, or null when not known. */
  nhs_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0026: set while this record is merged into another (child_merges). */
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
};

export type ChildAliasesTable = { id: Generated<string>; child_id: string; alias: string };

export type CasesTable = {
  id: Generated<string>;
  reference: string;
  child_id: string;
  local_authority_id: string;
  status: Generated<'open' | 'closed'>;
  stage: Generated<string>;
  category: 1 | 2 | 3 | null;
  category_decided_at: Date | null;
  lead_professional_id: string | null;
  key_professional_id: string | null;
  manager_id: string | null;
  team_id: string | null;
  opened_at: Timestamp;
  closed_at: Date | null;
  version: Generated<number>;
};

export type CaseNetworkTable = {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  role_in_case: string;
  added_by: string | null;
  added_at: Timestamp;
  removed_at: Date | null;
  removed_by: string | null;
};

export type BreakGlassGrantsTable = {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  reason: string;
  granted_at: Timestamp;
  expires_at: RequiredTimestamp;
  /** 0017-security: the review by the case's manager (or the area's CSE coordinator), all set together or none. */
  reviewed_at: Date | null;
  reviewed_by: string | null;
  justified: boolean | null;
  review_note: string | null;
  version: Generated<number>;
};

export type NotificationsTable = {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  created_at: Timestamp;
  read_at: Date | null;
};

export type OutboxTable = {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  available_at: Timestamp;
  attempts: Generated<number>;
  processed_at: Date | null;
  last_error: string | null;
};

export type ChronologyEntriesTable = {
  id: Generated<string>;
  child_id: string;
  case_id: string | null;
  occurred_at: RequiredTimestamp;
  recorded_at: Timestamp;
  kind: string;
  title: string;
  summary: Generated<string>;
  agency_id: string | null;
  author_id: string | null;
  sharing_level: Generated<'network' | 'agency' | 'named'>;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  record_type: string | null;
  record_id: string | null;
  source: string | null;
};

export type AuditEventsTable = {
  id: Generated<number>;
  at: RequiredTimestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  child_id: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
};

export type ClocksTable = {
  id: Generated<string>;
  local_authority_id: string;
  profile_id: string;
  rule_id: string;
  label: string;
  source: string | null;
  child_id: string | null;
  case_id: string | null;
  referral_id: string | null;
  started_at: RequiredTimestamp;
  due_at: RequiredTimestamp;
  warning_hours: Generated<number>;
  stopped_at: Date | null;
  stop_reason: string | null;
  owner_user_id: string | null;
  owner_team: string | null;
  created_at: Timestamp;
};

export type ExtraBankHolidaysTable = { date: string; name: string; added_by: string | null; added_at: Timestamp };

export type ContactsTable = {
  id: Generated<string>;
  reference: string;
  kind: 'professional-concern' | 'public-concern' | 'referral';
  local_authority_id: string;
  status: Generated<'draft' | 'received' | 'decided'>;
  raised_by: string | null;
  raised_by_agency_id: string | null;
  public_reporter: Json<Record<string, string> | null> | null;
  channel: string | null;
  urgent: Generated<boolean>;
  observed_at: Date | null;
  narrative: Generated<string>;
  indicators: ColumnType<string[], string[] | undefined, string[]>;
  immediate_danger: Generated<boolean>;
  police_called: boolean | null;
  dsl_consulted: string | null;
  sexual_activity: Generated<boolean>;
  child_given_name: string | null;
  child_family_name: string | null;
  child_known_as: string | null;
  child_date_of_birth: string | null;
  child_approximate_age: number | null;
  child_description: string | null;
  child_location: string | null;
  child_address: string | null;
  child_postcode: string | null;
  child_ward: string | null;
  child_school: string | null;
  child_gp: string | null;
  child_care_leaver: Generated<boolean>;
  details: Json<Record<string, unknown>>;
  routed_team: string | null;
  routed_team_label: string | null;
  out_of_hours: Generated<boolean>;
  identification: 'linked' | 'new-child' | 'unidentified' | null;
  child_id: string | null;
  case_id: string | null;
  idempotency_key: string;
  submitter_ip_hash: string | null;
  received_at: Date | null;
  decided_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  /** When the written referral (e.g. the CAF or the multi-agency referral form) arrived, which form, a note. */
  written_confirmation_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  written_confirmation_form: ColumnType<string | null, string | null | undefined, string | null>;
  written_confirmation_note: ColumnType<string | null, string | null | undefined, string | null>;
  written_confirmation_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** An out-of-hours contact handed back to the day team: when, by whom, what was done, what is outstanding. */
  handed_over_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  handed_over_by: ColumnType<string | null, string | null | undefined, string | null>;
  handover_done: ColumnType<string | null, string | null | undefined, string | null>;
  handover_outstanding: ColumnType<string | null, string | null | undefined, string | null>;
};

export type PoliceProtectionsTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  contact_id: string | null;
  started_at: Date;
  recorded_by: string;
  recorded_at: Date;
  note: string | null;
  ended_at: Date | null;
  outcome: 'returned-home' | 'emergency-protection-order' | 'accommodated-s20' | 'other' | null;
  outcome_detail: string | null;
  outcome_recorded_by: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
};

export type ContactDecisionsTable = {
  id: Generated<string>;
  contact_id: string;
  decision: string;
  reasons: string;
  decided_by: string;
  decided_at: RequiredTimestamp;
  age_band: string | null;
  presumption_reason: string | null;
  checklist: Json<Record<string, string>>;
  details: Json<Record<string, unknown>>;
};

export type ActionsTable = {
  id: Generated<string>;
  case_id: string;
  title: string;
  description: Generated<string>;
  desired_outcome: Generated<string>;
  owner_user_id: string | null;
  owner_agency_id: string | null;
  due_date: string;
  status: Generated<'open' | 'done' | 'cancelled'>;
  completed_at: Date | null;
  completed_by: string | null;
  completion_evidence: string | null;
  source_type: 'meeting' | 'plan' | 'decision' | 'manual';
  source_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
  carried_from_type: 'meeting' | 'plan' | null;
  carried_from_id: string | null;
  resolution_note: string | null;
};

export type RelatedPeopleTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  relationship: 'parent' | 'parental-responsibility' | 'sibling' | 'household-member' | 'peer' | 'other';
  name: string;
  date_of_birth: string | null;
  notes: Generated<string>;
  has_parental_responsibility: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  removed_at: Date | null;
  removed_by: string | null;
  version: Generated<number>;
};

export type CaseNotesTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  author_id: string;
  agency_id: string;
  contact_date: string;
  contact_type: string;
  sharing_level: Generated<'network' | 'agency' | 'named'>;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  body: string;
  chronology_entry_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
};

/** The intelligence register (migration 0018). */
export type IntelEntitiesTable = {
  id: Generated<string>;
  kind: 'person' | 'vehicle' | 'place' | 'phone';
  label: string;
  details: Json<Record<string, unknown>>;
  date_of_birth: string | null;
  sex: string | null;
  plate_key: string | null;
  phone_key: string | null;
  handle_key: string | null;
  address_key: string | null;
  name_keys: string[];
  names: string;
  agency_id: string;
  created_by: string;
  created_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
  merged_into: string | null;
  review_flagged_at: Date | null;
  version: Generated<number>;
};

export type IntelLinksTable = {
  id: Generated<string>;
  entity_id: string;
  case_id: string | null;
  child_id: string | null;
  other_entity_id: string | null;
  nature: string;
  first_known: string | null;
  last_known: string;
  source: string | null;
  how_known: 'seen' | 'told-by-child' | 'reliable-source' | 'third-hand';
  sharing_level: 'network' | 'agency' | 'named';
  shared_with: string[];
  agency_id: string;
  author_id: string;
  created_at: RequiredTimestamp;
  removed_at: Date | null;
  removed_by: string | null;
  /** Migration 0020: a link made from a missing episode (who the child was with, where they were found). */
  missing_episode_id: string | null;
  missing_role: 'with' | 'found-at' | null;
};

export type IntelMergesTable = {
  id: Generated<string>;
  kept_id: string;
  merged_id: string;
  moved_link_ids: string[];
  moved_other_link_ids: string[];
  reason: string;
  merged_by: string;
  merged_at: RequiredTimestamp;
  undone_by: string | null;
  undone_at: Date | null;
};

export type IntelDisruptionsTable = {
  id: Generated<string>;
  entity_id: string;
  kind: 'child-abduction-notice' | 'sexual-harm-prevention-order' | 'closure-of-premises' | 'other-order';
  taken_on: string;
  notes: string | null;
  agency_id: string;
  recorded_by: string;
  recorded_at: RequiredTimestamp;
};

/** A charge, conviction or acquittal recorded against a person of concern (migration 0030). */
export type IntelJusticeOutcomesTable = {
  id: Generated<string>;
  entity_id: string;
  outcome: 'charge' | 'conviction' | 'acquittal';
  decided_on: string;
  notes: string | null;
  agency_id: string;
  recorded_by: string;
  recorded_at: RequiredTimestamp;
};

/** An entry mentioned in a case note or observation (migration 0020). */
export type IntelMentionsTable = {
  id: Generated<string>;
  entity_id: string;
  case_id: string;
  child_id: string;
  record_type: 'case-note' | 'observation';
  record_id: string;
  agency_id: string;
  author_id: string;
  created_at: RequiredTimestamp;
  removed_at: Date | null;
};

/** The entries a disruption plan names (migration 0020). */
export type IntelPlanTargetsTable = {
  plan_id: string;
  entity_id: string;
  added_by: string;
  added_at: RequiredTimestamp;
  removed_at: Date | null;
};

export type IntelAlertsTable = {
  id: Generated<string>;
  entity_id: string;
  local_authority_id: string;
  headline: string;
  children: number;
  link_ids: string[];
  raised_at: RequiredTimestamp;
  dismissed_at: Date | null;
  dismissed_by: string | null;
  dismissal_reason: string | null;
  meeting_id: string | null;
};

export type MissingEpisodesTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  left_at: RequiredTimestamp;
  reported_at: RequiredTimestamp;
  reported_by: string;
  agency_id: string;
  from_where: 'home' | 'care-placement' | 'school' | 'other';
  appearance_on_leaving: string;
  who_with: string | null;
  returned_at: Date | null;
  appearance_on_return: string | null;
  return_recorded_by: string | null;
  return_interview_at: Date | null;
  return_interview_by: string | null;
  return_interview_independent: boolean | null;
  return_interview_summary: string | null;
  return_interview_recorded_by: string | null;
  sharing_level: Generated<'network' | 'agency' | 'named'>;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type CaseNoteVersionsTable = {
  id: Generated<string>;
  note_id: string;
  version: number;
  contact_date: string;
  contact_type: string;
  sharing_level: string;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  body: string;
  edited_by: string;
  edited_at: RequiredTimestamp;
};

export type ChronologyExportsTable = {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  reason_code: string;
  reason: string;
  entry_count: number;
  filters: Json<Record<string, unknown>>;
  exported_at: RequiredTimestamp;
};

export type RiskObservationsTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  indicator_id: string;
  observed_on: ColumnType<string, string, string>;
  recorded_by: string;
  agency_id: string;
  how_known: 'seen' | 'told-by-child' | 'reliable-source' | 'third-hand';
  note: Generated<string>;
  sharing_level: Generated<'network' | 'agency' | 'named'>;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  version: Generated<number>;
};

export type SharingDecisionsTable = {
  id: Generated<string>;
  child_id: string;
  case_id: string | null;
  record_type: string;
  record_id: string;
  from_level: 'network' | 'agency' | 'named';
  to_level: 'network' | 'agency' | 'named';
  decided_by: string;
  reason: string;
  decided_at: Timestamp;
};

export type CseReferralsTable = {
  id: Generated<string>;
  case_id: string;
  referred_by: string;
  referred_at: RequiredTimestamp;
  reason: string;
  status: Generated<'awaiting' | 'accepted' | 'declined'>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  version: Generated<number>;
};

export type CategoryDecisionsTable = {
  id: Generated<string>;
  case_id: string;
  category: 1 | 2 | 3;
  previous_category: 1 | 2 | 3 | null;
  suggested_category: 1 | 2 | 3 | null;
  differs_reason: string | null;
  rationale: string;
  age_band: string | null;
  decided_by: string;
  decided_at: RequiredTimestamp;
  cse_referral_id: string | null;
};

export type NrmConsiderationsTable = {
  id: Generated<string>;
  case_id: string;
  outcome: 'referred' | 'not-referred';
  reason: string;
  decided_by: string;
  decided_at: RequiredTimestamp;
};

export type ChildLinksTable = {
  id: Generated<string>;
  child_id: string;
  linked_child_id: string;
  reason: string;
  recorded_by: string;
  recorded_at: Timestamp;
};

export type MeetingsTable = {
  id: Generated<string>;
  local_authority_id: string;
  profile_id: string;
  meeting_type: string;
  status: Generated<'convened' | 'held' | 'cancelled'>;
  scheduled_at: RequiredTimestamp;
  venue: string;
  chair_id: string | null;
  convened_by: string;
  convened_at: RequiredTimestamp;
  clock_id: string | null;
  clock_due_at: Date | null;
  late_reason: string | null;
  looked_after: Generated<boolean>;
  iro_informed_at: Date | null;
  police_checks_subjects: string[] | null;
  police_checks_requested_at: Date | null;
  police_checks_requested_by: string | null;
  police_checks_notes: string | null;
  attendance_considered: string[] | null;
  child_attends: boolean | null;
  parents_attend: boolean | null;
  attendance_reasons: string | null;
  attendance_safety_confirmed: boolean | null;
  who_will_inform: string | null;
  attendance_decided_by: string | null;
  attendance_decided_at: Date | null;
  held_at: Date | null;
  purposes: ColumnType<string[], string[] | undefined, string[]>;
  decisions_summary: string | null;
  parents_told: boolean | null;
  parents_told_what: string | null;
  parents_told_by: string | null;
  parents_exception_reason: string | null;
  key_professional_id: string | null;
  review_date: ColumnType<string | null, string | null | undefined, string | null>;
  criminal_justice: ColumnType<unknown, string | null | undefined, string | null>;
  recorded_by: string | null;
  recorded_at: Date | null;
  minutes_shared_at: Date | null;
  minutes_shared_by: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason_code: string | null;
  cancel_reason: string | null;
  last_change: string | null;
  last_changed_by: string | null;
  last_changed_at: Date | null;
  version: Generated<number>;
  minutes_version: Generated<number>;
};

export type MeetingReschedulesTable = {
  id: Generated<string>;
  meeting_id: string;
  previous_at: Date;
  new_at: Date;
  previous_venue: string;
  new_venue: string;
  reason: string;
  late_reason: string | null;
  changed_by: string;
  changed_at: Date;
};

export type MeetingCasesTable = { meeting_id: string; case_id: string; is_primary: Generated<boolean> };

export type MeetingInviteesTable = {
  id: Generated<string>;
  meeting_id: string;
  user_id: string | null;
  name: string | null;
  invited_role: string;
  attended: boolean | null;
  apologies: Generated<boolean>;
  notified_at: Date | null;
};

export type MeetingOutcomesTable = { meeting_id: string; outcome_id: string; label: string };

export type MeetingInformationTable = {
  id: Generated<string>;
  meeting_id: string;
  item: string;
  sharing_level: Generated<'network' | 'agency' | 'named'>;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  agency_id: string | null;
  author_id: string | null;
  created_at: Timestamp;
};

export type MeetingDisagreementsTable = {
  id: Generated<string>;
  meeting_id: string;
  text: string;
  escalated: Generated<boolean>;
  escalated_to: string | null;
  author_id: string | null;
  created_at: Timestamp;
};

export type Section47OutcomesTable = {
  id: Generated<string>;
  case_id: string;
  outcome: string;
  follow_up: string | null;
  reasons: string;
  action_id: string | null;
  recorded_by: string;
  recorded_at: RequiredTimestamp;
};

export type PlansTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  local_authority_id: string;
  profile_id: string;
  plan_type: string;
  kind: string | null;
  sharing_level: Generated<'network' | 'agency'>;
  agency_id: string;
  current_version: Generated<number>;
  created_by: string;
  created_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason_code: 'risk-reduced' | 'replaced' | 'child-moved' | 'case-closed' | null;
  end_reason: string | null;
  next_plan_id: string | null;
};

export type PlanVersionsTable = {
  id: Generated<string>;
  plan_id: string;
  version: number;
  content: Json<Record<string, unknown>>;
  author_id: string;
  agency_id: string;
  created_at: RequiredTimestamp;
};

export type PlanReviewsTable = {
  id: Generated<string>;
  plan_id: string;
  case_id: string;
  plan_version: number;
  reviewed_at: RequiredTimestamp;
  reviewer_id: string;
  overall_note: string;
};

export type PlanReviewItemsTable = {
  id: Generated<string>;
  review_id: string;
  action_id: string;
  status: 'on-track' | 'achieved' | 'delayed' | 'not-started';
  progress_note: Generated<string>;
};

export type AssessmentsTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  kind: 'initial' | 'core';
  referral_id: string | null;
  from_assessment_id: string | null;
  status: Generated<'draft' | 'submitted' | 'authorised'>;
  started_at: RequiredTimestamp;
  started_by: string;
  agency_id: string;
  submitted_at: Date | null;
  submitted_by: string | null;
  authorised_at: Date | null;
  authorised_by: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  return_reason: string | null;
  significant_harm_at: Date | null;
  significant_harm_by: string | null;
  significant_harm_early: boolean | null;
  significant_harm_details: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type AssessmentSectionsTable = {
  assessment_id: string;
  section_id: string;
  body: Generated<string>;
  sharing_level: Generated<'network' | 'agency' | 'named'>;
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  agency_id: string;
  author_id: string;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type AssessmentSectionVersionsTable = {
  id: Generated<string>;
  assessment_id: string;
  version: number;
  section_id: string;
  body: string;
  sharing_level: 'network' | 'agency' | 'named';
  shared_with: ColumnType<string[], string[] | undefined, string[]>;
  agency_id: string;
  author_id: string;
  saved_by: string;
  saved_at: RequiredTimestamp;
};

export type AssessmentHistoryTable = {
  id: Generated<string>;
  assessment_id: string;
  version: number;
  event: 'started' | 'draft-saved' | 'submitted' | 'returned' | 'authorised' | 'significant-harm-found';
  actor_id: string;
  at: RequiredTimestamp;
  reason: string | null;
};

export type AssessmentRelatedChildrenTable = {
  id: Generated<string>;
  assessment_id: string;
  name: string;
  relationship: 'sibling' | 'household' | 'peer' | 'child-of-person-of-concern';
  person_of_concern: string | null;
  decision: 'assessed-here' | 'referred' | 'no-action';
  reason: string | null;
  contact_id: string | null;
  recorded_by: string;
  recorded_at: RequiredTimestamp;
};

/** 0024-case-audits: board case audits (issue 14). */
export type CaseAuditsTable = {
  id: Generated<string>;
  title: string;
  criteria: Json<Record<string, unknown>>;
  seed: string;
  eligible_count: number;
  eligible_digest: string;
  sample_size: number;
  created_by: string;
  starts_at: RequiredTimestamp;
  ends_on: ColumnType<string, string, string>;
  ends_at: RequiredTimestamp;
  closed_at: Date | null;
  closed_by: string | null;
  version: Generated<number>;
};
export type CaseAuditCasesTable = { audit_id: string; case_id: string; position: number };
export type CaseAuditAuditorsTable = { audit_id: string; user_id: string; added_by: string; added_at: RequiredTimestamp };
type AuditGrade = 'good' | 'requires-improvement' | 'inadequate';
export type CaseAuditFindingsTable = {
  id: Generated<string>;
  audit_id: string;
  case_id: string;
  auditor_id: string;
  timeliness: AuditGrade;
  timeliness_comment: string;
  assessment: AuditGrade;
  assessment_comment: string;
  voice: AuditGrade;
  voice_comment: string;
  multi_agency: AuditGrade;
  multi_agency_comment: string;
  recorded_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
  version: Generated<number>;
};
export type CaseAuditFindingVersionsTable = { finding_id: string; version: number; grades: Json<Record<string, unknown>>; saved_by: string; saved_at: RequiredTimestamp };

export type CaseTransfersTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  from_local_authority_id: string;
  to_local_authority_id: string;
  receiving_coordinator_id: string;
  summary: string;
  reason: string;
  status: Generated<'requested' | 'accepted' | 'declined' | 'withdrawn'>;
  requested_by: string;
  requested_at: RequiredTimestamp;
  respond_by: RequiredTimestamp;
  clock_id: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  answer_reason: string | null;
  version: Generated<number>;
};

export type ChildMergesTable = {
  id: Generated<string>;
  kept_child_id: string;
  merged_child_id: string;
  reason: string;
  merged_by: string;
  merged_at: RequiredTimestamp;
  /** Which rows moved from the merged record to the kept one: [{ table, column, ids }]. */
  moved: Json<{ table: string; column: string; ids: string[] }[]>;
  undone_by: string | null;
  undone_at: Date | null;
  undo_reason: string | null;
  version: Generated<number>;
};

export type ParentNotificationsTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  context: 'referral' | 'meeting';
  cse_referral_id: string | null;
  meeting_id: string | null;
  told: boolean;
  told_by: string | null;
  told_at: Date | null;
  told_how: string | null;
  what_told: string | null;
  exception_ground: string | null;
  exception_reasons: string | null;
  clearly_inconsistent: boolean | null;
  under_13: boolean;
  status: 'told' | 'in-force' | 'awaiting-agreement' | 'declined';
  agreed_by: string | null;
  agreed_at: Date | null;
  agreement_note: string | null;
  recorded_by: string;
  recorded_at: RequiredTimestamp;
  version: Generated<number>;
};

export type AnonymousConsultationsTable = {
  id: Generated<string>;
  reference: string;
  local_authority_id: string;
  addressed_to: 'front-door' | 'cse-coordinator';
  asked_by: string;
  asked_at: RequiredTimestamp;
  age_band: string;
  sex: string;
  area: string | null;
  school_type: string;
  concerns: ColumnType<string[], string[] | undefined, string[]>;
  question: string;
  answer: string | null;
  advice: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  case_id: string | null;
  attached_by: string | null;
  attached_at: Date | null;
  version: Generated<number>;
};

export type DisclosureApplicationsTable = {
  id: Generated<string>;
  reference: string;
  police_agency_id: string;
  applicant_name: string;
  applicant_relationship: string;
  applicant_contact: string | null;
  child_description: string;
  entity_id: string | null;
  person_description: string | null;
  concern: string;
  handling_officer_id: string;
  received_at: RequiredTimestamp;
  recorded_by: string;
  status: Generated<'received' | 'disclose' | 'no-disclosure' | 'disclosed' | 'not-disclosed'>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  disclosed_at: Date | null;
  disclosed_by: string | null;
  recipient_name: string | null;
  recipient_relationship: string | null;
  in_person: boolean | null;
  warnings_given: boolean | null;
  undertaking_signed: boolean | null;
  unsigned_consideration: string | null;
  disclosure_summary: string | null;
  version: Generated<number>;
};

export type RetentionSettingsTable = { id: number; schedule: Json<Record<string, unknown>>; updated_by: string | null; updated_at: Timestamp; last_run_month: string | null; version: Generated<number> };

export type RetentionReviewsTable = {
  id: Generated<string>;
  record_kind: 'case-record' | 'intelligence' | 'contact-no-further-action';
  record_id: string;
  local_authority_id: string | null;
  due_on: string;
  listed_at: Timestamp;
  status: Generated<'pending' | 'deleted' | 'extended'>;
  decided_at: Date | null;
  decided_by: string | null;
  reason: string | null;
  extended_until: string | null;
  erased_rows: Json<Record<string, number>> | null;
  version: Generated<number>;
};

export type SubjectAccessRequestsTable = {
  id: Generated<string>;
  child_id: string;
  local_authority_id: string;
  requester: 'child' | 'parent' | 'representative';
  received_on: string;
  due_on: string;
  recorded_by: string;
  recorded_at: Timestamp;
  released_at: Date | null;
  released_by: string | null;
  version: Generated<number>;
};

export type SubjectAccessItemsTable = {
  id: Generated<string>;
  request_id: string;
  item_kind: string;
  item_id: string;
  review_reasons: string[];
  decision: 'release' | 'withhold' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
};

export type BoardSnapshotsTable = { key: string; computed_at: Date; payload: Json<Record<string, unknown>> };

export type InfoSharingDecisionsTable = {
  id: Generated<string>;
  case_id: string;
  child_id: string;
  basis: 'consent' | 'public-interest' | 'child-protection' | 'not-shared';
  status: 'pending' | 'in-force' | 'declined' | 'withdrawn' | 'not-shared';
  purpose: string;
  consent_giver: 'child-16-plus' | 'child-with-capacity' | 'parental-responsibility' | null;
  consent_giver_name: string | null;
  consent_method: 'in-person' | 'in-writing' | 'by-phone' | null;
  consent_given_on: string | null;
  capacity_reasons: string | null;
  consent_limits: string | null;
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  not_shared_reason: string | null;
  requested_by: string;
  requested_agency_id: string;
  requested_at: RequiredTimestamp;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  child_told: 'told' | 'will-tell' | 'not-told' | null;
  family_told: 'told' | 'will-tell' | 'not-told' | 'not-appropriate' | null;
  teller_name: string | null;
  tell_by: string | null;
  not_told_reason: string | null;
  family_not_told_reason: string | null;
  telling_recorded_by: string | null;
  telling_recorded_at: Date | null;
  version: Generated<number>;
};

export type InfoSharingItemsTable = {
  decision_id: string;
  record_type: 'chronology-entry' | 'risk_observation' | 'intelligence-link' | 'meeting-information' | 'case-summary' | 'plan';
  record_id: string | null;
};

export type InfoSharingRecipientsTable = {
  decision_id: string;
  kind: 'agency' | 'user' | 'network';
  agency_id: string | null;
  user_id: string | null;
};

export type Database = {
  info_sharing_decisions: InfoSharingDecisionsTable;
  info_sharing_items: InfoSharingItemsTable;
  info_sharing_recipients: InfoSharingRecipientsTable;
  board_snapshots: BoardSnapshotsTable;
  retention_settings: RetentionSettingsTable;
  retention_reviews: RetentionReviewsTable;
  subject_access_requests: SubjectAccessRequestsTable;
  subject_access_items: SubjectAccessItemsTable;
  parent_notifications: ParentNotificationsTable;
  anonymous_consultations: AnonymousConsultationsTable;
  disclosure_applications: DisclosureApplicationsTable;
  case_audits: CaseAuditsTable;
  case_audit_cases: CaseAuditCasesTable;
  case_audit_auditors: CaseAuditAuditorsTable;
  case_audit_findings: CaseAuditFindingsTable;
  case_audit_finding_versions: CaseAuditFindingVersionsTable;
  case_transfers: CaseTransfersTable;
  child_merges: ChildMergesTable;
  assessments: AssessmentsTable;
  assessment_sections: AssessmentSectionsTable;
  assessment_section_versions: AssessmentSectionVersionsTable;
  assessment_history: AssessmentHistoryTable;
  assessment_related_children: AssessmentRelatedChildrenTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  plan_reviews: PlanReviewsTable;
  plan_review_items: PlanReviewItemsTable;
  meetings: MeetingsTable;
  meeting_cases: MeetingCasesTable;
  meeting_reschedules: MeetingReschedulesTable;
  meeting_invitees: MeetingInviteesTable;
  meeting_outcomes: MeetingOutcomesTable;
  meeting_information: MeetingInformationTable;
  meeting_disagreements: MeetingDisagreementsTable;
  section47_outcomes: Section47OutcomesTable;
  risk_observations: RiskObservationsTable;
  sharing_decisions: SharingDecisionsTable;
  cse_referrals: CseReferralsTable;
  category_decisions: CategoryDecisionsTable;
  nrm_considerations: NrmConsiderationsTable;
  child_links: ChildLinksTable;
  related_people: RelatedPeopleTable;
  missing_episodes: MissingEpisodesTable;
  intel_entities: IntelEntitiesTable;
  intel_links: IntelLinksTable;
  intel_merges: IntelMergesTable;
  intel_alerts: IntelAlertsTable;
  intel_disruptions: IntelDisruptionsTable;
  intel_justice_outcomes: IntelJusticeOutcomesTable;
  intel_mentions: IntelMentionsTable;
  intel_plan_targets: IntelPlanTargetsTable;
  case_notes: CaseNotesTable;
  case_note_versions: CaseNoteVersionsTable;
  chronology_exports: ChronologyExportsTable;
  actions: ActionsTable;
  contacts: ContactsTable;
  contact_decisions: ContactDecisionsTable;
  police_protections: PoliceProtectionsTable;
  clocks: ClocksTable;
  extra_bank_holidays: ExtraBankHolidaysTable;
  local_authorities: LocalAuthoritiesTable;
  agencies: AgenciesTable;
  teams: TeamsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sign_in_attempts: SignInAttemptsTable;
  sessions: SessionsTable;
  held_submissions: HeldSubmissionsTable;
  second_factors: SecondFactorsTable;
  second_factor_recovery_codes: SecondFactorRecoveryCodesTable;
  second_factor_resets: SecondFactorResetsTable;
  api_tokens: ApiTokensTable;
  children: ChildrenTable;
  child_aliases: ChildAliasesTable;
  cases: CasesTable;
  case_network: CaseNetworkTable;
  break_glass_grants: BreakGlassGrantsTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  chronology_entries: ChronologyEntriesTable;
  audit_events: AuditEventsTable;
  meeting_corrections: MeetingCorrectionsTable;
  case_lifecycle_events: CaseLifecycleEventsTable;
};

export type MeetingCorrectionsTable = {
  id: Generated<string>;
  meeting_id: string;
  version_number: number;
  previous: Json<Record<string, unknown>>;
  corrected: Json<Record<string, unknown>>;
  reason: string;
  recipients_told: Generated<number>;
  corrected_by: string;
  corrected_at: Date;
};

export type CaseLifecycleEventsTable = {
  id: Generated<string>;
  case_id: string;
  kind: 'closed' | 'reopened' | 'eighteen-review';
  reason_code: string | null;
  reasons: string;
  last_category: number | null;
  plans_ended: ColumnType<string[], string[] | undefined, string[]>;
  clocks_stopped: Generated<number>;
  receiving_authority: string | null;
  contact_id: string | null;
  outcome: string | null;
  care_leaver: boolean | null;
  pathway_plan: string | null;
  support_until: string | null;
  decided_by: string | null;
  decided_at: Date;
};

export type UserRow = Selectable<UsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewChronologyEntry = Insertable<ChronologyEntriesTable>;
