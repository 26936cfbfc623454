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
// A state-changing request is sent with a valid CSRF token and an empty body: "allow" means it passed every
// access check and was answered (usually with the form's errors); a refusal must come before the body is read.
import type { Actor } from './world.ts';

export type Outcome = 'allow' | 'deny' | 'not-found' | 'sign-in';
export type Expectation = Record<Actor, Outcome>;

const ALL: Actor[] = ['no-session', 'referrer', 'board-analyst', 'outsider', 'network', 'area-role', 'break-glass', 'administrator'];

/** Signed-in `allowed` actors get the page; everyone else signed in is refused (403); no session is sent to sign in. */
export function allowOnly(...allowed: Actor[]): Expectation {
  return Object.fromEntries(ALL.map((a) => [a, a === 'no-session' ? 'sign-in' : allowed.includes(a) ? 'allow' : 'deny'])) as Expectation;
}

/** The route names a record the seeded world does not hold (or holds on another case): whoever passes the gate is told it is not found. */
export function missing(policy: Expectation): Expectation {
  return Object.fromEntries(Object.entries(policy).map(([a, o]) => [a, o === 'allow' ? 'not-found' : o])) as Expectation;
}

export const PUBLIC: Expectation = Object.fromEntries(ALL.map((a) => [a, 'allow'])) as Expectation;
export const SIGNED_IN = allowOnly('referrer', 'board-analyst', 'outsider', 'network', 'area-role', 'break-glass', 'administrator');
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

export const ROUTE_TABLE: Record<string, Expectation> = {
  // Parameters the seeded world holds no record for are filled with an id that matches nothing: missing(...).
  "GET /health": PUBLIC,
  "GET /sign-in": PUBLIC,
  "POST /sign-in": PUBLIC,
  "GET /signed-out": PUBLIC,
  "POST /session/keep-alive": SIGNED_IN,
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
  "POST /cases/:caseId/risk/observations/:observationId/share": NO_MATRIX_ACTOR,
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
  "GET /held-submissions/:heldId": missing(SIGNED_IN),
  "POST /held-submissions/:heldId/discard": missing(SIGNED_IN),
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
  "GET /intelligence/alerts/:alertId": missing(CSE_COORDINATOR),
  "POST /intelligence/alerts/:alertId/dismiss": missing(CSE_COORDINATOR),
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
  "POST /sign-out": PUBLIC,
};

/**
 * Routes whose finer rule (who may record on the case) is applied after the body is read: with an empty body,
 * whoever may open the case is answered with the form's errors, so the matrix asks these again with a body that
 * passes validation, and declares that answer too. Each actor's valid request really writes when allowed.
 */
export type BodyContext = { today: string; users: Map<string, string> };
export const VALID_BODIES: Record<string, { body: (c: BodyContext) => Record<string, string>; expect: Expectation }> = {
  // Break-glass could add chronology events and related people until the matrix asked with a valid body (issue 16).
  'POST /cases/:caseId/notes': { body: (c) => ({ contactDate: c.today, contactType: 'home visit', body: 'Visited at home.', sharingLevel: 'network' }), expect: CASE_RECORD },
  'POST /cases/:caseId/chronology': { body: (c) => ({ title: 'Seen with older men', date: c.today, time: '', description: 'Seen at the station.', source: 'Mother, by phone', sharingLevel: 'network' }), expect: CASE_RECORD },
  'POST /cases/:caseId/risk/observations': { body: (c) => ({ indicatorId: 'matrix.running-away.l2.missing-episodes', observedOn: c.today, howKnown: 'seen', note: 'Missing overnight.', sharingLevel: 'network' }), expect: CASE_RECORD },
  'POST /cases/:caseId/network/related-people': { body: () => ({ relationship: 'sibling', name: 'A Brother', dateOfBirth: '', hasParentalResponsibility: 'no' }), expect: CASE_RECORD },
  'POST /cases/:caseId/network/members': { body: (c) => ({ userId: c.users.get('frontdoor')!, roleInCase: 'Duty social worker' }), expect: CASE_RECORD },
  // The CSE coordinator decides CSE referrals and does not make them (the profile's cseReferrers).
  'POST /cases/:caseId/risk/referral': { body: () => ({ reason: 'Regular overnight stays with older men.' }), expect: { ...CASE_RECORD, 'area-role': 'deny' } },
};
