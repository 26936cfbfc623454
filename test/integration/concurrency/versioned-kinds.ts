// Every table that has a version column (found from information_schema by concurrent-edits.test.ts, so a new
// versioned kind cannot be missed), and what is known about edits to it:
//  - 'two-tabs': edited through a page; concurrent-edits.test.ts drives two tabs through HTTP and checks that
//    the second save is refused, both versions are shown, and the row is as the first save left it.
//  - 'covered': edited through a page; the feature's own integration test (named) proves a stale save is refused
//    and says what it proves (`proves`): 'both' when it asserts both versions shown and nothing overwritten,
//    'refusal' when it asserts only the refusal (409), 'none' when the service checks the version but no test tries a
//    stale save. None of these is driven by the two-tabs test yet.
//  - 'not-edited': people do not edit this row through a form with a version (the reason says why).
export type VersionedKind =
  | { table: string; column: string; handling: 'two-tabs'; routes: string[]; scenario: string }
  | { table: string; column: string; handling: 'covered'; routes: string[]; test: string; proves: 'both' | 'refusal' | 'none' }
  | { table: string; column: string; handling: 'not-edited'; reason: string };

export const VERSIONED_KINDS: readonly VersionedKind[] = [
  { table: 'case_notes', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/notes/:noteId/edit', 'POST /cases/:caseId/notes/:noteId'], scenario: 'case note' },
  { table: 'plans', column: 'current_version', handling: 'two-tabs', routes: ['GET /cases/:caseId/plans/:planId/edit', 'POST /cases/:caseId/plans/:planId'], scenario: 'plan' },
  { table: 'cases', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/risk/category', 'POST /cases/:caseId/risk/category'], scenario: 'risk category decision' },
  { table: 'meetings', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/meetings/:meetingId', 'POST /cases/:caseId/meetings/:meetingId/police-checks'], scenario: 'meeting record' },
  { table: 'meetings', column: 'minutes_version', handling: 'two-tabs', routes: ['GET /cases/:caseId/meetings/:meetingId/correct', 'POST /cases/:caseId/meetings/:meetingId/correct'], scenario: 'meeting minutes correction' },
  { table: 'assessments', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/assessments/:assessmentId/edit', 'POST /cases/:caseId/assessments/:assessmentId/edit'], scenario: 'assessment' },
  { table: 'info_sharing_decisions', column: 'version', handling: 'covered', routes: ['POST /cases/:caseId/sharing/:decisionId/approval', 'POST /cases/:caseId/sharing/:decisionId/withdrawal', 'POST /cases/:caseId/sharing/:decisionId/telling'], test: 'test/integration/sharing/sharing.test.ts', proves: 'refusal' },
  { table: 'case_audits', column: 'version', handling: 'covered', routes: ['POST /case-audits/:auditId/close'], test: 'test/integration/case-audits/case-audits.test.ts', proves: 'none' },
  { table: 'case_audit_findings', column: 'version', handling: 'covered', routes: ['POST /case-audits/:auditId/cases/:caseId'], test: 'test/integration/case-audits/case-audits.test.ts', proves: 'both' },
  { table: 'missing_episodes', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/missing/:episodeId/return', 'POST /cases/:caseId/missing/:episodeId/return', 'POST /cases/:caseId/missing/:episodeId/interview'], scenario: 'missing episode return' },
  { table: 'retention_settings', column: 'version', handling: 'covered', routes: ['POST /retention/schedule'], test: 'test/integration/retention/retention.test.ts', proves: 'refusal' },
  { table: 'retention_reviews', column: 'version', handling: 'covered', routes: ['POST /retention/reviews/:reviewId/decision'], test: 'test/integration/retention/retention.test.ts', proves: 'both' },
  { table: 'users', column: 'version', handling: 'two-tabs', routes: ['GET /admin/users/:userId/edit', 'POST /admin/users/:userId/edit'], scenario: 'user' },
  { table: 'agencies', column: 'version', handling: 'two-tabs', routes: ['GET /admin/agencies/:agencyId/edit', 'POST /admin/agencies/:agencyId/edit'], scenario: 'agency' },
  { table: 'teams', column: 'version', handling: 'two-tabs', routes: ['GET /admin/agencies/:agencyId/teams/:teamId/edit', 'POST /admin/agencies/:agencyId/teams/:teamId/edit'], scenario: 'team' },
  { table: 'case_transfers', column: 'version', handling: 'covered', routes: ['POST /cases/:caseId/transfer/:transferId/accept', 'POST /cases/:caseId/transfer/:transferId/decline'], test: 'test/integration/case-transfer/transfer.test.ts', proves: 'refusal' },
  { table: 'child_merges', column: 'version', handling: 'two-tabs', routes: ['GET /children/merge', 'POST /children/merge'], scenario: 'merging duplicate children' },
  { table: 'contacts', column: 'version', handling: 'two-tabs', routes: ['POST /front-door/contacts/:contactId/identify', 'POST /front-door/contacts/:contactId/decision', 'POST /front-door/contacts/:contactId/handover', 'POST /front-door/contacts/:contactId/written-confirmation'], scenario: 'front door decision' },
  { table: 'cse_referrals', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/risk/referrals/:referralId/decision', 'POST /cases/:caseId/risk/referrals/:referralId/decision'], scenario: 'CSE referral decision' },
  { table: 'parent_notifications', column: 'version', handling: 'covered', routes: ['POST /cases/:caseId/parents/:notificationId/agreement'], test: 'test/integration/parents/parents.test.ts', proves: 'refusal' },
  { table: 'disclosure_applications', column: 'version', handling: 'two-tabs', routes: ['GET /disclosure-scheme/:applicationId', 'POST /disclosure-scheme/:applicationId/decision'], scenario: 'disclosure scheme decision' },
  { table: 'break_glass_grants', column: 'version', handling: 'two-tabs', routes: ['GET /break-glass/:grantId', 'POST /break-glass/:grantId/review'], scenario: 'break-glass review' },
  { table: 'anonymous_consultations', column: 'version', handling: 'two-tabs', routes: ['GET /consultations/:consultationId', 'POST /consultations/:consultationId/answer'], scenario: 'consultation answer' },
  { table: 'subject_access_requests', column: 'version', handling: 'covered', routes: ['POST /subject-access/:id/items/:itemId', 'POST /subject-access/:id/release'], test: 'test/integration/retention/retention.test.ts', proves: 'refusal' },
  { table: 'police_protections', column: 'version', handling: 'two-tabs', routes: ['GET /cases/:caseId/police-protection/:protectionId/outcome', 'POST /cases/:caseId/police-protection/:protectionId/outcome'], scenario: 'police protection outcome' },
  { table: 'actions', column: 'version', handling: 'not-edited', reason: 'actions are marked done once (a guarded status change), not edited as text; cancelling goes through the meeting record' },
  { table: 'children', column: 'version', handling: 'not-edited', reason: 'changed only by transfer, merge and erasure, each guarded by its own versioned record (case_transfers, child_merges, retention_reviews)' },
  { table: 'related_people', column: 'version', handling: 'not-edited', reason: 'added and removed only (removal is guarded by removed_at is null); never edited' },
  { table: 'risk_observations', column: 'version', handling: 'not-edited', reason: 'append-only observations; the version only moves when an erasure or widening of sharing rewrites them' },
  { table: 'intel_entities', column: 'version', handling: 'not-edited', reason: 'entities are merged or flagged by the system, not edited through a form' },
  { table: 'case_note_versions', column: 'version', handling: 'not-edited', reason: 'immutable history of case_notes (the number of each saved version)' },
  { table: 'plan_versions', column: 'version', handling: 'not-edited', reason: 'immutable history of plans (the number of each saved version)' },
  { table: 'plan_reviews', column: 'plan_version', handling: 'not-edited', reason: 'records which plan version a review looked at; written once' },
  { table: 'assessment_history', column: 'version', handling: 'not-edited', reason: 'immutable history of assessments' },
  { table: 'assessment_section_versions', column: 'version', handling: 'not-edited', reason: 'immutable history of assessment sections' },
  { table: 'case_audit_finding_versions', column: 'version', handling: 'not-edited', reason: 'immutable history of case_audit_findings' },
  { table: 'meeting_corrections', column: 'version_number', handling: 'not-edited', reason: 'immutable history of corrections to meeting minutes' },
];
