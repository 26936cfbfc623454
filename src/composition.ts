// The composition root: what Harbour is made of, declared once. Every capability's router, every background worker,
// the case pages' sections and the hooks the platform calls (the pending second-factor step, a form sent after a
// time-out, demo data at start) are listed here and handed to the platform (src/platform/server.ts, web/app.ts),
// which knows no feature by name. The services themselves are built in src/services.ts.
import type { Config } from './platform/config.ts';
import type { Db } from './platform/database/connection.ts';
import { logger } from './platform/logger.ts';
import type { Composition, Worker } from './platform/server.ts';
import { createApp } from './platform/web/app.ts';
import type { WebFeatures } from './platform/web/app.ts';
import { createServices } from './services.ts';
import type { Services } from './services.ts';
import { accountRoutes } from './features/accounts/routes.ts';
import { pendingStepAllows, pendingStepPath } from './features/second-factor/paths.ts';
import { adminRoutes } from './features/admin/routes.ts';
import { apiRoutes } from './features/api/routes.ts';
import { assessmentRoutes } from './features/assessments/routes.ts';
import { boardRoutes } from './features/board/routes.ts';
import { boardServiceFor, startBoardWarmer } from './features/board/service.ts';
import { breakGlassRoutes } from './features/break-glass/routes.ts';
import { caseAuditRoutes } from './features/case-audits/routes.ts';
import { lifecycleRoutes } from './features/case-lifecycle/routes.ts';
import { caseTransferRoutes } from './features/case-transfer/routes.ts';
import { declareCaseNavigation } from './features/cases/service-case-page.ts';
import type { CaseSectionLink } from './features/cases/service-case-page.ts';
import { caseRoutes } from './features/cases/routes.ts';
import { childDetailsRoutes } from './features/child-details/routes.ts';
import { childMergeRoutes } from './features/child-merge/routes.ts';
import { chronologyRoutes } from './features/chronology/routes.ts';
import { consultationRoutes } from './features/consultations/routes.ts';
import { contactRoutes } from './features/contacts/routes.ts';
import { DEMO_PASSWORD, DEMO_USERS, isDatabaseEmpty, loadDemoData } from './features/demo/service.ts';
import { disclosureSchemeRoutes } from './features/disclosure-scheme/routes.ts';
import { holdAfterTimeOut, sendingHeldSubmissions } from './features/held-submissions/service-holding.ts';
import { heldSubmissionRoutes } from './features/held-submissions/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { intelligenceRoutes } from './features/intelligence/routes.ts';
import { duplicateRoutes } from './features/duplicates/routes.ts';
import { meetingCorrectionRoutes } from './features/meeting-corrections/routes.ts';
import { meetingRoutes } from './features/meetings/routes.ts';
import { missingRoutes } from './features/missing/routes.ts';
import { networkRoutes } from './features/network/routes.ts';
import { notesRoutes } from './features/notes/routes.ts';
import { createMailer, startOutboxWorker } from './features/notifications/worker.ts';
import { parentsRoutes } from './features/parents/routes.ts';
import { planEndingRoutes } from './features/plan-endings/routes.ts';
import { planRoutes } from './features/plans/routes.ts';
import { policeProtectionRoutes } from './features/police-protection/routes.ts';
import { bankHolidayRoutes } from './features/bank-holidays/routes.ts';
import { localAuthorityRoutes } from './features/local-authorities/routes.ts';
import { createProfileRegistry } from './features/profiles/service.ts';
import { procedureRoutes } from './features/profiles/routes.ts';
import { retentionRoutes } from './features/retention/routes.ts';
import { startRetentionScheduler } from './features/retention/service.ts';
import { riskRoutes } from './features/risk/routes.ts';
import { sharingRoutes } from './features/sharing/routes.ts';
import { subjectAccessRoutes } from './features/subject-access/routes.ts';
import { workRoutes } from './features/work/routes.ts';
import { accountPaths } from './features/accounts/paths.ts';
import { adminPaths } from './features/admin/paths.ts';
import { assessmentPaths } from './features/assessments/paths.ts';
import { bankHolidaysPaths } from './features/bank-holidays/paths.ts';
import { boardPaths } from './features/board/paths.ts';
import { breakGlassPaths } from './features/break-glass/paths.ts';
import { caseAuditPaths } from './features/case-audits/paths.ts';
import { lifecyclePaths } from './features/case-lifecycle/paths.ts';
import { paths as caseTransferPaths } from './features/case-transfer/paths.ts';
import { casePaths } from './features/cases/paths.ts';
import { childDetailsPaths } from './features/child-details/paths.ts';
import { paths as childMergePaths } from './features/child-merge/paths.ts';
import { chronologyPaths } from './features/chronology/paths.ts';
import { consultationsPaths } from './features/consultations/paths.ts';
import { contactsPaths } from './features/contacts/paths.ts';
import { disclosureSchemePaths } from './features/disclosure-scheme/paths.ts';
import { duplicatesPaths } from './features/duplicates/paths.ts';
import { heldSubmissionPaths } from './features/held-submissions/paths.ts';
import { intelligencePaths } from './features/intelligence/paths.ts';
import { localAuthoritiesPaths } from './features/local-authorities/paths.ts';
import { meetingCorrectionsPaths } from './features/meeting-corrections/paths.ts';
import { meetingsPaths } from './features/meetings/paths.ts';
import { missingPaths } from './features/missing/paths.ts';
import { networkPaths } from './features/network/paths.ts';
import { notesPaths } from './features/notes/paths.ts';
import { parentsPaths } from './features/parents/paths.ts';
import { planEndingsPaths } from './features/plan-endings/paths.ts';
import { plansPaths } from './features/plans/paths.ts';
import { policeProtectionPaths } from './features/police-protection/paths.ts';
import { retentionPaths } from './features/retention/paths.ts';
import { riskPaths } from './features/risk/paths.ts';
import { sharingPaths } from './features/sharing/paths.ts';
import { sarPaths } from './features/subject-access/paths.ts';
import { workPaths } from './features/work/paths.ts';

/** Every capability's router, in the order they are mounted. */
export function featureRouters(services: Services) {
  return [
    accountRoutes(services),
    homeRoutes(services),
    caseRoutes(services),
    procedureRoutes(services),
    bankHolidayRoutes(services),
    localAuthorityRoutes(services),
    contactRoutes(services, services.contacts),
    riskRoutes(services),
    chronologyRoutes(services),
    networkRoutes(services),
    notesRoutes(services),
    missingRoutes(services),
    workRoutes(services),
    meetingRoutes(services),
    planRoutes(services),
    assessmentRoutes(services),
    heldSubmissionRoutes(services),
    policeProtectionRoutes(services),
    breakGlassRoutes(services),
    intelligenceRoutes(services),
    sharingRoutes(services),
    caseAuditRoutes(services),
    lifecycleRoutes(services),
    planEndingRoutes(services),
    meetingCorrectionRoutes(services),
    caseTransferRoutes(services),
    childMergeRoutes(services),
    duplicateRoutes(services),
    parentsRoutes(services),
    consultationRoutes(services),
    disclosureSchemeRoutes(services),
    retentionRoutes(services),
    subjectAccessRoutes(services),
    boardRoutes(services),
    childDetailsRoutes(services),
    adminRoutes(services),
    apiRoutes(services),
  ];
}

/** The sub-navigation of every case page, in this order. */
export const CASE_NAVIGATION = [
  { id: 'overview', text: 'Overview', path: '' },
  { id: 'chronology', text: 'Chronology', path: '/chronology' },
  { id: 'risk', text: 'Risk', path: '/risk' },
  { id: 'assessments', text: 'Assessments', path: '/assessments' },
  { id: 'meetings', text: 'Meetings', path: '/meetings' },
  { id: 'plans', text: 'Plans', path: '/plans' },
  { id: 'network', text: 'Network', path: '/network' },
  { id: 'notes', text: 'Case notes', path: '/notes' },
  { id: 'missing', text: 'Missing episodes', path: '/missing' },
  { id: 'intelligence', text: 'Intelligence', path: '/intelligence' },
  { id: 'police-protection', text: 'Police protection', path: '/police-protection' },
  { id: 'sharing', text: 'Sharing', path: '/sharing' },
  { id: 'parents', text: 'Telling parents', path: '/parents' },
  { id: 'transfer', text: 'Transfer', path: '/transfer' },
  { id: 'lifecycle', text: 'Closure', path: '/lifecycle' },
  { id: 'access', text: 'Access record', path: '/access' },
] as const satisfies readonly CaseSectionLink[];

/**
 * Every feature's URL builders, by feature: the views build their links with them (`urls.plans.plan(kase.id, plan.id)`),
 * as routes and services do, so a link in a template cannot drift from its route.
 */
export const PATHS = {
  accounts: accountPaths,
  admin: adminPaths,
  assessments: assessmentPaths,
  bankHolidays: bankHolidaysPaths,
  board: boardPaths,
  breakGlass: breakGlassPaths,
  caseAudits: caseAuditPaths,
  caseLifecycle: lifecyclePaths,
  caseTransfer: caseTransferPaths,
  cases: casePaths,
  childDetails: childDetailsPaths,
  childMerge: childMergePaths,
  chronology: chronologyPaths,
  consultations: consultationsPaths,
  contacts: contactsPaths,
  disclosureScheme: disclosureSchemePaths,
  duplicates: duplicatesPaths,
  heldSubmissions: heldSubmissionPaths,
  intelligence: intelligencePaths,
  localAuthorities: localAuthoritiesPaths,
  meetingCorrections: meetingCorrectionsPaths,
  meetings: meetingsPaths,
  missing: missingPaths,
  network: networkPaths,
  notes: notesPaths,
  parents: parentsPaths,
  planEndings: planEndingsPaths,
  plans: plansPaths,
  policeProtection: policeProtectionPaths,
  retention: retentionPaths,
  risk: riskPaths,
  sharing: sharingPaths,
  subjectAccess: sarPaths,
  work: workPaths,
} as const;

/** What the web platform mounts and calls: the routers, and the features' two points in the request pipeline. */
export function webFeatures(services: Services): WebFeatures {
  declareCaseNavigation(CASE_NAVIGATION);
  return {
    routers: featureRouters(services),
    // Password checked, second factor not yet: the session loader lets a pending session open only its own step.
    pendingSignIn: { allows: pendingStepAllows, pathOf: pendingStepPath },
    // A form sent from the session that has just timed out is kept, not lost (docs/decisions/0010-nothing-lost-to-a-time-out.md).
    afterTimeOut: (req, res, reason, ended) => holdAfterTimeOut(services, req, res, reason, ended),
    beforeRoutes: [sendingHeldSubmissions(services)],
    paths: PATHS,
    breakGlassPath: casePaths.breakGlass,
  };
}

/** Harbour's web application over these services (the server's, or a test's). */
export function harbourApp(services: Services) {
  return createApp(services, webFeatures(services));
}

const logFailure = (message: string) => (error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'error' }, message);

/** Every background worker, in the order they start (they stop in the reverse order). */
export function backgroundWorkers(services: Services): Worker[] {
  const { config, db, now } = services;
  return [
    {
      name: 'notifications outbox',
      start: () => startOutboxWorker(db, createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir }), { publicUrl: config.publicUrl, now }),
    },
    {
      // Forms kept after a time-out are also deleted whenever one is kept or looked for; this catches the rest, so none
      // outlives its 24 hours by more than a quarter of an hour (docs/decisions/0010-nothing-lost-to-a-time-out.md).
      name: 'expired held submissions',
      start: () => {
        const housekeeping = setInterval(() => {
          services.heldSubmissions.deleteExpired().catch(logFailure('deleting expired held submissions failed'));
        }, 15 * 60_000);
        housekeeping.unref();
        return () => clearInterval(housekeeping);
      },
    },
    // The monthly retention review (issue 15): checked at start-up and hourly; runs once a London calendar month.
    { name: 'retention review', start: () => startRetentionScheduler(db, now, logFailure('the monthly retention review failed')) },
    // The board's default views (issue 14), counted at start-up and again as each snapshot reaches 10 minutes, so an
    // analyst normally gets a stored snapshot with its age shown. Off under NODE_ENV=test unless HARBOUR_BOARD_WARM asks.
    ...(config.warmBoard ? [{ name: 'board warmer', start: () => startBoardWarmer(boardServiceFor(services), logFailure('warming the board’s figures failed')) }] : []),
  ];
}

/** Demo data into an empty database, when the configuration asks for it. */
async function loadDemoDataIfEmpty(db: Db, config: Config): Promise<boolean> {
  if (!config.loadDemoData || !(await isDatabaseEmpty(db))) return false;
  await loadDemoData(db, config.profileId);
  return true;
}

/** Harbour, as the platform starts it (src/cli.ts). */
export const harbour: Composition<Services> = {
  // Validate every procedure profile before touching the database: a broken one stops start-up here.
  checkBeforeStart: (config) => void createProfileRegistry(config.profileId),
  loadDemoData: loadDemoDataIfEmpty,
  services: (config, handle) => createServices(config, handle),
  web: webFeatures,
  workers: backgroundWorkers,
};

export function demoSignInText(): string {
  const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(32)} ${u.roles.join(', ')}`);
  return [`Demo sign-ins (password for all: "${DEMO_PASSWORD}"):`, ...lines].join('\n');
}
