// The authorisation matrix's declared answers (issue 16): for every route and method Harbour registers, what each
// actor of test/integration/security/world.ts gets. authorisation-matrix.test.ts reads the routes from Express's
// router and fails for any route missing here, naming it, and for any answer that differs.
//
// To add a route: append one line `'METHOD /path': POLICY,` using a policy below (or `{ ...POLICY, actor: outcome }`
// for an exception, with a comment saying why). The actors are about case CSE-0001 of the demo data:
//   no-session     nobody signed in
//   referrer       a housing officer who only refers (sees their own referrals)
//   board-analyst  aggregates only
//   outsider       a school's designated safeguarding lead outside the child's network, no area role
//   network        the child's lead professional (social worker), in the network
//   area-role      the area's CSE coordinator (also chairs the case's meeting, which must not weaken the area role)
//   break-glass    the independent reviewing officer, outside the network, who opened the case by break-glass
//   administrator  runs the system, does no casework
//   information-governance  the information governance officer: retention and subject access, no casework
// A state-changing request is sent with a valid CSRF token and an empty body: "allow" means it passed every
// access check and was answered (usually with the form's errors); a refusal must come before the body is read.
import type { Actor } from './world.ts';

export type Outcome = 'allow' | 'deny' | 'not-found' | 'sign-in';
export type Expectation = Record<Actor, Outcome>;

const ALL: Actor[] = ['no-session', 'referrer', 'board-analyst', 'outsider', 'network', 'area-role', 'break-glass', 'administrator', 'information-governance'];

/** Signed-in `allowed` actors get the page; everyone else signed in is refused (403); no session is sent to sign in. */
export function allowOnly(...allowed: Actor[]): Expectation {
  return Object.fromEntries(ALL.map((a) => [a, a === 'no-session' ? 'sign-in' : allowed.includes(a) ? 'allow' : 'deny'])) as Expectation;
}

/** The route names a record the seeded world does not hold (or holds on another case): whoever passes the gate is told it is not found. */
export function missing(policy: Expectation): Expectation {
  return Object.fromEntries(Object.entries(policy).map(([a, o]) => [a, o === 'allow' ? 'not-found' : o])) as Expectation;
}

/** The named actors are told the record is not found (they may not know it exists). */
export function notFoundFor(...actors: Actor[]): Partial<Expectation> {
  return Object.fromEntries(actors.map((a) => [a, 'not-found']));
}

export const PUBLIC: Expectation = Object.fromEntries(ALL.map((a) => [a, 'allow'])) as Expectation;
/** Everyone, signed in or not, is refused and sent to sign in (401). */
export const EVERYONE_TO_SIGN_IN: Expectation = Object.fromEntries(ALL.map((a) => [a, 'sign-in'])) as Expectation;
export const SIGNED_IN = allowOnly('referrer', 'board-analyst', 'outsider', 'network', 'area-role', 'break-glass', 'administrator', 'information-governance');
export const ADMINISTRATOR = allowOnly('administrator');
/** Reading the child's case: the network, the area's roles and an open break-glass. */
export const CASE_READ = allowOnly('network', 'area-role', 'break-glass');
/** Recording on the case: the network and the area's roles; break-glass (and a meeting invitation) only read. */
export const CASE_RECORD = allowOnly('network', 'area-role');
/** What only the lead professional (or the social worker in the network) does on the case. */
export const LEAD_PROFESSIONAL = allowOnly('network');
/** Practitioners (the cases:search permission): the register, the child search, the break-glass form. */
export const PRACTITIONER = allowOnly('outsider', 'network', 'area-role', 'break-glass');
/** The cse:coordinate permission. */
export const CSE_COORDINATOR = allowOnly('area-role');
/** Roles no matrix actor holds (front door, team manager, the use's reviewer): everyone here is refused. */
export const NO_MATRIX_ACTOR = allowOnly();
/** A referral: the referrer who made it, and the area's front door, CSE coordinator and team managers. */
export const REFERRER_AND_AREA = allowOnly('referrer', 'area-role');
/** The case-audits:manage permission: the board analyst and the board manager draw and close case audits. */
export const CASE_AUDIT_MANAGER = allowOnly('board-analyst');
/** A case audit: the board, and its named auditors (the world's audit names the school nurse, outside the matrix). */
export const CASE_AUDIT_READER = allowOnly('board-analyst');
/** A sampled case's finding: only the audit's named auditors, never the board, which sees aggregates only (issue 14). */
export const CASE_AUDITOR = allowOnly();
/** The statistics:view permission: the board, the area's coordinator and managers, and the administrator. */
export const STATISTICS = allowOnly('board-analyst', 'area-role', 'administrator');
/** The information-governance:manage permission: retention reviews and subject access requests. */
export const INFORMATION_GOVERNANCE = allowOnly('information-governance');
/** The retention schedule is read by administrators and information governance, and changed by administrators. */
export const RETENTION_SCHEDULE = allowOnly('administrator', 'information-governance');
/** The front door or the CSE coordinator of the child's authority (merging records, answering consultations). */
export const FRONT_DOOR_OR_COORDINATOR = allowOnly('area-role');
/** The Child Sex Offender Disclosure Scheme is the police's (cambridgeshire 9): no matrix actor is a police officer. */
export const POLICE = allowOnly();

export const ROUTE_TABLE: Record<string, Expectation> = {
  // Every parameter names a real record of the seeded world (world.ts; the test fails otherwise): missing(...) is for
  // a route asked without what it needs (no ?type=, an empty body naming no plan type) or about a record in another
  // state (a sent concern is no draft; the meeting has no minutes yet).
  "GET /health": PUBLIC,
  "GET /sign-in": PUBLIC,
  "POST /sign-in": PUBLIC,
  "GET /signed-out": PUBLIC,
  "POST /session/keep-alive": SIGNED_IN,
  // Single sign-on (docs/decisions/0021-single-sign-on.md), registered because the world configures HARBOUR_OIDC_*:
  // starting sends anyone to the provider; the callback, asked with the attempt that start left in the browser but
  // without the provider's code, tells anyone the sign-in failed (401). A session changes neither answer: the
  // provider decides who is signed in (test/integration/single-sign-on/oidc.test.ts follows the whole flow).
  "GET /sign-in/oidc": PUBLIC,
  "GET /sign-in/oidc/callback": EVERYONE_TO_SIGN_IN,
  "GET /sign-in/second-factor": PUBLIC,
  "POST /sign-in/second-factor": PUBLIC,
  "GET /sign-in/recovery-code": PUBLIC,
  "POST /sign-in/recovery-code": PUBLIC,
  "GET /sign-in/set-up-second-factor": PUBLIC,
  "POST /sign-in/set-up-second-factor/start": PUBLIC,
  "POST /sign-in/set-up-second-factor": PUBLIC,
  "GET /account/second-factor/set-up": SIGNED_IN,
  "POST /account/second-factor/set-up/start": SIGNED_IN,
  "POST /account/second-factor/set-up": SIGNED_IN,
  "GET /account/second-factor/recovery-codes": SIGNED_IN,
  "POST /account/second-factor/recovery-codes": SIGNED_IN,
  "GET /account/second-factor/turn-off": SIGNED_IN,
  "POST /account/second-factor/turn-off": SIGNED_IN,
  "GET /account": SIGNED_IN,
  "POST /account/password": SIGNED_IN,
  "POST /account/api-tokens": SIGNED_IN,
  "POST /account/api-tokens/revoke": SIGNED_IN,
  "GET /": SIGNED_IN,
  "GET /accessibility": PUBLIC,
  "GET /children/search": PRACTITIONER,
  "POST /children/search": PRACTITIONER,
  "GET /cases/:caseId": CASE_READ,
  "GET /cases/:caseId/break-glass": PRACTITIONER, // the form; those with access are told they have it
  "POST /cases/:caseId/break-glass": PRACTITIONER,
  "GET /procedure": SIGNED_IN,
  "GET /admin/bank-holidays": ADMINISTRATOR,
  "POST /admin/bank-holidays": ADMINISTRATOR,
  "GET /admin/local-authorities": ADMINISTRATOR,
  "POST /admin/local-authorities": ADMINISTRATOR,
  "POST /admin/local-authorities/:authorityId/profile": ADMINISTRATOR,
  "GET /concerns/new": SIGNED_IN,
  "POST /concerns": SIGNED_IN,
  "GET /concerns/:contactId/sent": REFERRER_AND_AREA,
  "GET /referrals/new": SIGNED_IN,
  "GET /referrals/drafts/:contactId": missing(SIGNED_IN), // the referrer's concern is sent, not a draft
  "POST /referrals": SIGNED_IN,
  "GET /my-referrals": SIGNED_IN,
  "GET /concerns/:contactId": REFERRER_AND_AREA, // the referrer raised the seeded concern
  "GET /front-door": NO_MATRIX_ACTOR,
  "GET /front-door/contacts/:contactId": NO_MATRIX_ACTOR,
  "POST /front-door/contacts/:contactId/identify": NO_MATRIX_ACTOR,
  "POST /front-door/contacts/:contactId/decision": NO_MATRIX_ACTOR,
  "POST /front-door/contacts/:contactId/written-confirmation": NO_MATRIX_ACTOR,
  "POST /front-door/contacts/:contactId/handover": NO_MATRIX_ACTOR,
  "GET /report-a-concern": PUBLIC,
  "POST /report-a-concern": PUBLIC,
  "GET /cases/:caseId/risk": CASE_READ,
  "GET /cases/:caseId/risk/observations/new": CASE_READ,
  "POST /cases/:caseId/risk/observations": CASE_READ,
  "GET /cases/:caseId/risk/observations/:observationId/share": NO_MATRIX_ACTOR, // shared with the network already: nothing wider to share it with
  "POST /cases/:caseId/risk/nrm": CASE_READ,
  "POST /cases/:caseId/risk/links": CASE_READ,
  "GET /cases/:caseId/risk/referral/new": CASE_READ,
  "POST /cases/:caseId/risk/referral": CASE_READ,
  "GET /cases/:caseId/risk/referrals/:referralId/decision": CSE_COORDINATOR,
  "POST /cases/:caseId/risk/referrals/:referralId/decision": CSE_COORDINATOR,
  "GET /cases/:caseId/risk/category": CSE_COORDINATOR,
  "POST /cases/:caseId/risk/category": CSE_COORDINATOR,
  "GET /risk/coordinator": CSE_COORDINATOR,
  "GET /chronology-assets/print.css": PUBLIC,
  "GET /cases/:caseId/chronology": CASE_READ,
  "GET /cases/:caseId/chronology/new": CASE_READ,
  "POST /cases/:caseId/chronology": CASE_READ,
  "GET /cases/:caseId/chronology/print": CASE_READ,
  "POST /cases/:caseId/chronology/export": CASE_READ,
  "GET /cases/:caseId/network": CASE_READ,
  "POST /cases/:caseId/network/members": CASE_READ,
  "POST /cases/:caseId/network/members/:memberId/remove": CASE_RECORD,
  "POST /cases/:caseId/network/lead-professional": CASE_READ,
  "POST /cases/:caseId/network/key-professional": CASE_READ,
  "POST /cases/:caseId/network/related-people": CASE_READ,
  "POST /cases/:caseId/network/related-people/:personId/remove": CASE_RECORD, // break-glass could remove them (fixed, issue 16)
  "GET /cases/:caseId/notes": CASE_READ,
  "GET /cases/:caseId/notes/new": CASE_READ,
  "POST /cases/:caseId/notes": CASE_READ,
  "GET /cases/:caseId/notes/:noteId": CASE_READ,
  "GET /cases/:caseId/notes/:noteId/edit": LEAD_PROFESSIONAL,
  "POST /cases/:caseId/notes/:noteId": LEAD_PROFESSIONAL,
  "GET /cases/:caseId/missing": CASE_READ,
  "GET /cases/:caseId/missing/new": CASE_RECORD,
  "POST /cases/:caseId/missing/new": CASE_RECORD,
  "GET /cases/:caseId/missing/:episodeId/return": CASE_RECORD,
  "POST /cases/:caseId/missing/:episodeId/return": CASE_RECORD,
  "GET /cases/:caseId/missing/:episodeId/interview": CASE_RECORD,
  "POST /cases/:caseId/missing/:episodeId/interview": CASE_RECORD,
  "GET /work/team": NO_MATRIX_ACTOR,
  "GET /work/cse": CSE_COORDINATOR,
  "POST /notifications/:notificationId/read": SIGNED_IN,
  "POST /notifications/read-all": SIGNED_IN,
  "GET /cases/:caseId/meetings": CASE_READ,
  "GET /cases/:caseId/meetings/new": CASE_READ,
  "POST /cases/:caseId/meetings": CASE_READ,
  "GET /cases/:caseId/section-47": CASE_READ,
  "POST /cases/:caseId/section-47": CASE_READ,
  "POST /cases/:caseId/actions/:actionId/complete": CASE_READ,
  "GET /cases/:caseId/meetings/:meetingId": CASE_READ,
  "POST /cases/:caseId/meetings/:meetingId/police-checks": CASE_READ,
  "POST /cases/:caseId/meetings/:meetingId/attendance": CASE_READ,
  "POST /cases/:caseId/meetings/:meetingId/actions": CASE_RECORD,
  "POST /cases/:caseId/meetings/:meetingId/minutes/share": CASE_READ,
  "GET /cases/:caseId/meetings/:meetingId/reschedule": CASE_RECORD,
  "GET /cases/:caseId/meetings/:meetingId/cancel": CASE_RECORD,
  "POST /cases/:caseId/meetings/:meetingId/reschedule": CASE_RECORD,
  "POST /cases/:caseId/meetings/:meetingId/cancel": CASE_RECORD,
  "GET /cases/:caseId/meetings/:meetingId/record": CASE_READ,
  "POST /cases/:caseId/meetings/:meetingId/record": CASE_READ,
  "GET /cases/:caseId/meetings/:meetingId/minutes": missing(CASE_READ),
  "GET /cases/:caseId/meetings/:meetingId/minutes.pdf": missing(CASE_READ),
  "GET /cases/:caseId/plans": CASE_READ,
  "GET /cases/:caseId/plans/new": missing(CASE_READ), // asked without ?type=: no such plan type
  "POST /cases/:caseId/plans": missing(CASE_READ), // an empty body names no plan type
  "GET /cases/:caseId/plans/:planId": CASE_READ,
  "GET /cases/:caseId/plans/:planId/versions/:version": CASE_READ,
  "GET /cases/:caseId/plans/:planId/edit": CASE_READ,
  "POST /cases/:caseId/plans/:planId": CASE_READ,
  "POST /cases/:caseId/plans/:planId/actions": CASE_RECORD,
  "POST /cases/:caseId/plans/:planId/actions/:actionId/complete": CASE_READ,
  "GET /cases/:caseId/plans/:planId/review": CASE_READ,
  "POST /cases/:caseId/plans/:planId/reviews": CASE_READ,
  "GET /cases/:caseId/assessments": CASE_READ,
  "GET /cases/:caseId/assessments/new": CASE_RECORD,
  "POST /cases/:caseId/assessments": CASE_RECORD,
  "GET /cases/:caseId/assessments/:assessmentId": CASE_READ,
  "GET /cases/:caseId/assessments/:assessmentId/edit": CASE_RECORD,
  "POST /cases/:caseId/assessments/:assessmentId/edit": CASE_RECORD,
  "POST /cases/:caseId/assessments/:assessmentId/authorise": CASE_READ,
  "GET /cases/:caseId/assessments/:assessmentId/return": CASE_RECORD,
  "POST /cases/:caseId/assessments/:assessmentId/return": CASE_RECORD,
  "GET /cases/:caseId/assessments/:assessmentId/significant-harm": CASE_RECORD,
  "POST /cases/:caseId/assessments/:assessmentId/significant-harm": CASE_RECORD,
  "GET /cases/:caseId/assessments/:assessmentId/related": CASE_RECORD,
  "POST /cases/:caseId/assessments/:assessmentId/related": CASE_RECORD,
  "GET /cases/:caseId/assessments/:assessmentId/print": CASE_READ,
  "GET /cases/:caseId/assessments/:assessmentId/print.pdf": CASE_READ,
  // The world's held form is the lead professional's: only its owner sees it, anyone else is told it is not found.
  "GET /held-submissions/:heldId": { ...missing(SIGNED_IN), network: 'allow' },
  "POST /held-submissions/:heldId/discard": { ...missing(SIGNED_IN), network: 'allow' },
  "GET /cases/:caseId/police-protection": CASE_READ,
  "POST /cases/:caseId/police-protection": CASE_READ,
  "GET /cases/:caseId/police-protection/:protectionId/outcome": CASE_RECORD,
  "POST /cases/:caseId/police-protection/:protectionId/outcome": CASE_RECORD,
  "GET /break-glass/reviews": SIGNED_IN,
  "GET /break-glass/:grantId": NO_MATRIX_ACTOR, // the case's manager (the demo team manager) reviews the use
  "POST /break-glass/:grantId/review": NO_MATRIX_ACTOR,
  "GET /cases/:caseId/access": CASE_READ,
  "GET /intelligence": PRACTITIONER,
  "GET /intelligence/new": PRACTITIONER,
  "POST /intelligence/new": PRACTITIONER,
  "GET /intelligence/alerts": CSE_COORDINATOR,
  "GET /intelligence/alerts/:alertId": CSE_COORDINATOR, // the alert of the world's vehicle, linked to three children
  "POST /intelligence/alerts/:alertId/dismiss": CSE_COORDINATOR,
  "GET /intelligence/:entityId": PRACTITIONER,
  "POST /intelligence/:entityId/links": PRACTITIONER,
  "POST /intelligence/:entityId/merge": PRACTITIONER,
  "POST /intelligence/:entityId/disruptions": PRACTITIONER,
  // Only the police record a charge, conviction or acquittal; no actor of the seeded world is a police investigator.
  "POST /intelligence/:entityId/justice-outcomes": allowOnly(),
  "POST /intelligence/:entityId/merge/undo": PRACTITIONER,
  "GET /cases/:caseId/intelligence": CASE_READ,
  "GET /cases/:caseId/intelligence/link": CASE_RECORD,
  "POST /cases/:caseId/intelligence/link": CASE_RECORD,
  "GET /api/v1/intelligence": PRACTITIONER,
  "POST /api/v1/intelligence": PRACTITIONER,
  "GET /api/v1/intelligence/:entityId": PRACTITIONER,
  "GET /api/v1/cases/:caseId/intelligence": CASE_READ,
  "POST /api/v1/cases/:caseId/intelligence/links": CASE_RECORD, // refused before the body is read (fixed, issue 16)
  "GET /admin": ADMINISTRATOR,
  "GET /admin/agencies": ADMINISTRATOR,
  "GET /admin/agencies/new": ADMINISTRATOR,
  "POST /admin/agencies": ADMINISTRATOR,
  "GET /admin/agencies/:agencyId": ADMINISTRATOR,
  "GET /admin/agencies/:agencyId/edit": ADMINISTRATOR,
  "POST /admin/agencies/:agencyId/edit": ADMINISTRATOR,
  "GET /admin/agencies/:agencyId/teams/new": ADMINISTRATOR,
  "POST /admin/agencies/:agencyId/teams": ADMINISTRATOR,
  "GET /admin/agencies/:agencyId/teams/:teamId/edit": ADMINISTRATOR,
  "POST /admin/agencies/:agencyId/teams/:teamId/edit": ADMINISTRATOR,
  "POST /admin/agencies/:agencyId/teams/:teamId/deactivate": ADMINISTRATOR,
  "POST /admin/agencies/:agencyId/teams/:teamId/reactivate": ADMINISTRATOR,
  "GET /admin/users": ADMINISTRATOR,
  "POST /admin/users/search": ADMINISTRATOR,
  "GET /admin/users/new": ADMINISTRATOR,
  "POST /admin/users": ADMINISTRATOR,
  "GET /admin/users/:userId": ADMINISTRATOR,
  "GET /admin/users/:userId/edit": ADMINISTRATOR,
  "POST /admin/users/:userId/edit": ADMINISTRATOR,
  "GET /admin/users/:userId/deactivate": ADMINISTRATOR,
  "POST /admin/users/:userId/deactivate": ADMINISTRATOR,
  "POST /admin/users/:userId/reactivate": ADMINISTRATOR,
  "GET /admin/users/:userId/password": ADMINISTRATOR,
  "POST /admin/users/:userId/password": ADMINISTRATOR,
  "POST /admin/users/:userId/unlock": ADMINISTRATOR,
  "GET /admin/users/:userId/second-factor/reset": ADMINISTRATOR,
  "POST /admin/users/:userId/second-factor/reset": ADMINISTRATOR,
  "GET /admin/audit": ADMINISTRATOR,
  "POST /admin/audit/verify": ADMINISTRATOR,
  "GET /api/v1/me": SIGNED_IN,
  "GET /api/v1/cases": SIGNED_IN,
  "GET /api/v1/cases/:caseId": CASE_READ,
  "GET /api/v1/cases/:caseId/clocks": CASE_READ,
  "POST /api/v1/concerns": SIGNED_IN,
  "GET /api/v1/my-referrals": SIGNED_IN,
  // Features merged after the matrix (issues 12-15): the missing-episode and mention ties to the register, plan targets,
  // case audits, the case lifecycle, plan ending, meeting corrections, transfers, merges, parents, consultations,
  // the disclosure scheme, retention, subject access and the board. Empty-bodied web forms follow the convention
  // above (whoever may open the case is answered with the form's errors); the API refuses before the body is read.
  "GET /cases/:caseId/missing/:episodeId/leaving": CASE_RECORD,
  "POST /cases/:caseId/missing/:episodeId/leaving": CASE_RECORD,
  "GET /cases/:caseId/missing/:episodeId/intelligence": CASE_READ,
  "POST /cases/:caseId/missing/:episodeId/intelligence": CASE_READ,
  "GET /cases/:caseId/mentions/:recordType/:recordId": CASE_READ,
  "POST /cases/:caseId/mentions/:recordType/:recordId": CASE_READ,
  "GET /cases/:caseId/plans/:planId/targets": CASE_READ,
  "POST /cases/:caseId/plans/:planId/targets": CASE_READ,
  "GET /case-audits": SIGNED_IN, // each sees the audits they manage or are named on
  "GET /case-audits/new": CASE_AUDIT_MANAGER,
  "POST /case-audits": CASE_AUDIT_MANAGER,
  "GET /case-audits/:auditId": CASE_AUDIT_READER,
  "POST /case-audits/:auditId/close": CASE_AUDIT_MANAGER,
  "GET /case-audits/:auditId/cases/:caseId": CASE_AUDITOR,
  "POST /case-audits/:auditId/cases/:caseId": CASE_AUDITOR,
  "GET /cases/:caseId/lifecycle": CASE_READ,
  "GET /cases/:caseId/close": CASE_READ, // the form says who may close: the CSE coordinator or a team manager
  "POST /cases/:caseId/close": CASE_READ,
  "GET /cases/:caseId/reopen": CASE_READ,
  "POST /cases/:caseId/reopen": CASE_READ,
  "GET /cases/:caseId/eighteen-review": CASE_READ,
  "POST /cases/:caseId/eighteen-review": CASE_READ,
  "POST /api/v1/cases/:caseId/close": CASE_RECORD, // refused before the body is read (fixed, issue 16)
  "POST /api/v1/cases/:caseId/reopen": CASE_RECORD, // refused before the body is read (fixed, issue 16)
  "GET /cases/:caseId/plans/:planId/end": CASE_READ,
  "POST /cases/:caseId/plans/:planId/end": CASE_READ,
  "GET /cases/:caseId/meetings/:meetingId/correct": missing(CASE_READ), // the seeded meeting has no minutes to correct
  "POST /cases/:caseId/meetings/:meetingId/correct": missing(CASE_READ),
  "GET /cases/:caseId/meetings/:meetingId/cancelled-actions": CASE_READ,
  "POST /cases/:caseId/meetings/:meetingId/cancelled-actions": CASE_READ,
  "GET /cases/:caseId/transfer": CASE_READ,
  "POST /cases/:caseId/transfer": CASE_READ,
  // The world's transfer request, from the CSE coordinator to Neighbour Borough's: the case gate first, so an outsider
  // learns nothing of a request; who may answer it is decided after the body (VALID_BODIES).
  "GET /cases/:caseId/transfer/:transferId": CASE_READ,
  "POST /cases/:caseId/transfer/:transferId/accept": CASE_READ,
  "POST /cases/:caseId/transfer/:transferId/decline": CASE_READ,
  "POST /cases/:caseId/transfer/:transferId/withdraw": CASE_READ,
  "GET /transfers": SIGNED_IN, // each sees the transfers addressed to them
  "GET /cases/:caseId/transferred-record": CASE_READ,
  "POST /api/v1/cases/:caseId/transfers": CSE_COORDINATOR, // refused before the body is read (fixed, issue 16)
  // Only the two coordinators of a transfer learn of it: anyone else is told it is not found before the body is read (fixed, issue 16).
  "POST /api/v1/transfers/:transferId/accept": { ...missing(SIGNED_IN), 'area-role': 'allow' },
  "POST /api/v1/transfers/:transferId/decline": { ...missing(SIGNED_IN), 'area-role': 'allow' },
  "POST /api/v1/transfers/:transferId/withdraw": { ...missing(SIGNED_IN), 'area-role': 'allow' },
  "GET /children/merge": FRONT_DOOR_OR_COORDINATOR, // anyone signed in had the page (fixed, issue 16)
  "POST /children/merge": FRONT_DOOR_OR_COORDINATOR, // anyone signed in was answered with the form's errors (fixed, issue 16)
  "GET /children/merges": FRONT_DOOR_OR_COORDINATOR,
  "GET /children/merges/:mergeId": FRONT_DOOR_OR_COORDINATOR, // the world's merge of a duplicate of Daniel's record (CSE-0005)
  "POST /children/merges/:mergeId/undo": FRONT_DOOR_OR_COORDINATOR,
  "GET /children/:childId/duplicates": FRONT_DOOR_OR_COORDINATOR,
  "GET /cases/:caseId/parents": CASE_READ,
  "POST /cases/:caseId/parents": CASE_READ,
  "POST /cases/:caseId/parents/:notificationId/agreement": CASE_READ, // the page again with the form's errors
  "GET /api/v1/cases/:caseId/parent-notifications": CASE_READ,
  "POST /api/v1/cases/:caseId/parent-notifications": CASE_RECORD, // refused before the body is read (fixed, issue 16)
  // The case's write gate before the body (fixed, issue 16): break-glass passes it, and the service's rule (a manager
  // or CSE coordinator of the area, never the recorder, while an under-13 exception awaits) decides after it.
  "POST /api/v1/cases/:caseId/parent-notifications/:notificationId/agreement": CASE_READ,
  "GET /consultations": SIGNED_IN, // each sees their own, and the front door and coordinator those of their area
  "GET /consultations/new": SIGNED_IN,
  "POST /consultations/new": SIGNED_IN,
  "GET /consultations/:consultationId": { ...NO_MATRIX_ACTOR, outsider: 'allow', 'area-role': 'allow', ...notFoundFor('referrer', 'board-analyst', 'network', 'break-glass', 'administrator', 'information-governance') }, // the asker and the area's answerers; others are told nothing exists
  "POST /consultations/:consultationId/answer": { ...NO_MATRIX_ACTOR, outsider: 'allow', 'area-role': 'allow', ...notFoundFor('referrer', 'board-analyst', 'network', 'break-glass', 'administrator', 'information-governance') },
  "POST /consultations/:consultationId/attach": { ...NO_MATRIX_ACTOR, outsider: 'allow', 'area-role': 'allow', ...notFoundFor('referrer', 'board-analyst', 'network', 'break-glass', 'administrator', 'information-governance') },
  "GET /api/v1/consultations/counts": STATISTICS,
  "GET /api/v1/consultations": SIGNED_IN,
  "POST /api/v1/consultations": SIGNED_IN,
  "GET /api/v1/consultations/:consultationId": { ...NO_MATRIX_ACTOR, outsider: 'allow', 'area-role': 'allow', ...notFoundFor('referrer', 'board-analyst', 'network', 'break-glass', 'administrator', 'information-governance') },
  "POST /api/v1/consultations/:consultationId/answer": { ...NO_MATRIX_ACTOR, outsider: 'deny', 'area-role': 'allow', ...notFoundFor('referrer', 'board-analyst', 'network', 'break-glass', 'administrator', 'information-governance') }, // (fixed, issue 16)
  "POST /api/v1/consultations/:consultationId/attach": { ...NO_MATRIX_ACTOR, outsider: 'allow', 'area-role': 'allow', ...notFoundFor('referrer', 'board-analyst', 'network', 'break-glass', 'administrator', 'information-governance') }, // (fixed, issue 16)
  "GET /disclosure-scheme": POLICE,
  "GET /disclosure-scheme/new": POLICE,
  "POST /disclosure-scheme/new": POLICE,
  // The world's application, recorded by the police: only its force and handling officer learn of it, so every matrix
  // actor (none is police) is told it is not found.
  "GET /disclosure-scheme/:applicationId": missing(SIGNED_IN),
  "POST /disclosure-scheme/:applicationId/decision": missing(SIGNED_IN),
  "POST /disclosure-scheme/:applicationId/disclosure": missing(SIGNED_IN),
  "GET /api/v1/disclosure-scheme": POLICE,
  "POST /api/v1/disclosure-scheme": POLICE, // refused before the body is read (fixed, issue 16)
  "GET /api/v1/disclosure-scheme/:applicationId": missing(SIGNED_IN),
  "POST /api/v1/disclosure-scheme/:applicationId/decision": POLICE, // (fixed, issue 16)
  "POST /api/v1/disclosure-scheme/:applicationId/disclosure": POLICE, // (fixed, issue 16)
  "GET /retention": INFORMATION_GOVERNANCE,
  "GET /retention/reviews/:reviewId": INFORMATION_GOVERNANCE, // Amira's record (CSE-0003), closed long ago
  "POST /retention/reviews/:reviewId/decision": INFORMATION_GOVERNANCE,
  "GET /retention/schedule": RETENTION_SCHEDULE,
  "POST /retention/schedule": ADMINISTRATOR,
  "GET /api/v1/retention/reviews": INFORMATION_GOVERNANCE,
  "GET /subject-access": INFORMATION_GOVERNANCE,
  "POST /subject-access": INFORMATION_GOVERNANCE,
  "GET /subject-access/:id": INFORMATION_GOVERNANCE,
  "POST /subject-access/:id/items/:itemId": INFORMATION_GOVERNANCE,
  "POST /subject-access/:id/release": INFORMATION_GOVERNANCE,
  "GET /subject-access/:id/record.json": INFORMATION_GOVERNANCE,
  "GET /subject-access/:id/record.pdf": INFORMATION_GOVERNANCE,
  "GET /api/v1/subject-access/:id/record": INFORMATION_GOVERNANCE,
  "GET /board": STATISTICS,
  "POST /board/export": STATISTICS,
  "GET /board/cases": STATISTICS, // asked without a figure: the dashboard with its error; with one, only an area viewer is shown cases
  "POST /sign-out": PUBLIC,
  "GET /cases/:caseId/shared-summary": CASE_READ,
  // Sharing decisions (issue 13): the case's Sharing section, the approvers' list and the API.
  "GET /cases/:caseId/sharing": CASE_READ,
  "GET /cases/:caseId/sharing/new": CASE_RECORD, // break-glass reads only
  "POST /cases/:caseId/sharing/new": CASE_RECORD,
  // The world's decisions: the case summary shared with the network on her mother's consent (in force), and a request to
  // share it without consent (awaiting approval). Who may approve, withdraw or record telling is decided after the body
  // (VALID_BODIES).
  "GET /cases/:caseId/sharing/:decisionId": CASE_READ,
  "POST /cases/:caseId/sharing/:decisionId/approval": CASE_READ,
  "POST /cases/:caseId/sharing/:decisionId/withdrawal": CASE_READ,
  "POST /cases/:caseId/sharing/:decisionId/telling": CASE_READ,
  "GET /work/sharing": allowOnly('outsider'), // team managers and designated safeguarding leads approve: the outsider is a DSL
  "GET /api/v1/cases/:caseId/sharing-decisions": CASE_READ,
  "POST /api/v1/cases/:caseId/sharing-decisions": CASE_RECORD,
  "POST /api/v1/cases/:caseId/sharing-decisions/:decisionId/approval": CASE_READ,
  "POST /api/v1/cases/:caseId/sharing-decisions/:decisionId/withdrawal": CASE_READ,
  "POST /api/v1/cases/:caseId/sharing-decisions/:decisionId/telling": CASE_READ,
  "GET /cases/:caseId/nhs-number": CASE_READ,
  "POST /cases/:caseId/nhs-number": CASE_READ,
};

/**
 * Routes whose finer rule (who may record on the case) is applied after the body is read: with an empty body,
 * whoever may open the case is answered with the form's errors, so the matrix asks these again with a body that
 * passes validation, and declares that answer too. Each actor's valid request really writes when allowed.
 */
export type BodyContext = { today: string; users: Map<string, string> };
export const VALID_BODIES: Record<string, { body: (c: BodyContext) => Record<string, string>; expect: Expectation }> = {
  // Break-glass could add chronology events and related people until the matrix asked with a valid body (issue 16).
  'POST /cases/:caseId/nhs-number': { body: () => ({ version: '1', nhsNumber: '943 476 5919' }), expect: CASE_RECORD },
  'POST /cases/:caseId/notes': { body: (c) => ({ contactDate: c.today, contactType: 'home visit', body: 'Visited at home.', sharingLevel: 'network' }), expect: CASE_RECORD },
  'POST /cases/:caseId/chronology': { body: (c) => ({ title: 'Seen with older men', date: c.today, time: '', description: 'Seen at the station.', source: 'Mother, by phone', sharingLevel: 'network' }), expect: CASE_RECORD },
  'POST /cases/:caseId/risk/observations': { body: (c) => ({ indicatorId: 'matrix.running-away.l2.missing-episodes', observedOn: c.today, howKnown: 'seen', note: 'Missing overnight.', sharingLevel: 'network' }), expect: CASE_RECORD },
  'POST /cases/:caseId/network/related-people': { body: () => ({ relationship: 'sibling', name: 'A Brother', dateOfBirth: '', hasParentalResponsibility: 'no' }), expect: CASE_RECORD },
  'POST /cases/:caseId/network/members': { body: (c) => ({ userId: c.users.get('frontdoor')!, roleInCase: 'Duty social worker' }), expect: CASE_RECORD },
  // Only the receiving authority's CSE coordinator (Neighbour Borough's, no matrix actor) accepts or declines a transfer.
  'POST /cases/:caseId/transfer/:transferId/accept': { body: () => ({ version: '1' }), expect: NO_MATRIX_ACTOR },
  'POST /cases/:caseId/transfer/:transferId/decline': { body: () => ({ version: '1', reason: 'We cannot take the case this month.' }), expect: NO_MATRIX_ACTOR },
  'POST /api/v1/transfers/:transferId/accept': { body: () => ({ version: '1' }), expect: NO_MATRIX_ACTOR },
  'POST /api/v1/transfers/:transferId/decline': { body: () => ({ version: '1', reason: 'We cannot take the case this month.' }), expect: NO_MATRIX_ACTOR },
  // A sharing decision, asked with a stale version so that nothing changes and the access rule alone decides: consent's
  // withdrawal (of the decision made on her mother's consent) and telling the child (of the request to share without
  // consent) are recorded by the network and the area's roles, never by break-glass; the request is approved only by
  // a team manager or the requesting agency's designated safeguarding lead other than its maker: no matrix actor.
  ...Object.fromEntries(['/cases/:caseId/sharing/:decisionId', '/api/v1/cases/:caseId/sharing-decisions/:decisionId'].flatMap((at) => [
    [`POST ${at}/withdrawal`, { body: () => ({ version: '99', reason: 'Her mother withdrew consent by phone.' }), expect: CASE_RECORD }],
    [`POST ${at}/telling`, { body: () => ({ version: '99', childTold: 'told' }), expect: CASE_RECORD }],
    [`POST ${at}/approval`, { body: () => ({ version: '99', outcome: 'approve' }), expect: NO_MATRIX_ACTOR }],
  ])),
  // The CSE coordinator decides CSE referrals and does not make them (the profile's cseReferrers).
  'POST /cases/:caseId/risk/referral': { body: () => ({ reason: 'Regular overnight stays with older men.' }), expect: { ...CASE_RECORD, 'area-role': 'deny' } },
};
