// One seeded Harbour for the route-wide security tests (issue 16): the demo data, a record of every kind on one
// child's case (CSE-0001), a signed-in browser and an API token for each actor of the authorisation matrix, and a
// value for every route parameter. Built once per test file and reused by every request.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestHarbour } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { oidcEnv, oidcRedirectReady, startProvider } from '../../support/oidc-provider.ts';
import { addNeighbourAuthority, NEIGHBOUR } from '../../support/neighbour-authority.ts';
import { harbourApp } from '../../../src/composition.ts';
import { londonDateOf, addDays } from '../../../src/domain/clock/index.ts';
import { runRetentionReview } from '../../../src/features/retention/service.ts';
import { registeredRoutes } from './route-list.ts';
import type { RegisteredRoute } from './route-list.ts';

/** The actors of the matrix: who each is in relation to case CSE-0001 (demo data, src/features/demo/service.ts). */
export const ACTORS = {
  'no-session': null,
  referrer: 'referrer',
  'board-analyst': 'analyst',
  /** A practitioner (designated safeguarding lead at a school) outside the child's network, with no area role. */
  outsider: 'teacher',
  /** The child's lead professional, in the network. */
  network: 'social.worker',
  /** The area's CSE coordinator: an area role for the child's local authority, not in the network. */
  'area-role': 'coordinator',
  /** The independent reviewing officer, outside the network, who opened the case by break-glass. */
  'break-glass': 'iro',
  administrator: 'admin',
  /** The information governance officer: retention reviews and subject access requests, no casework. */
  'information-governance': 'igo',
} as const;
export type Actor = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as Actor[];

export type World = {
  harbour: TestHarbour;
  routes: RegisteredRoute[];
  browsers: Map<Actor, Browserish>;
  tokens: Map<Actor, string>;
  params: Record<string, string>;
  /**
   * A parameter whose name means another record under some paths (:notificationId is a user's notification under
   * /notifications and a record of telling parents under a case's parents; :decisionId is the request awaiting
   * approval where it is approved or the child's telling recorded): the value for those paths.
   */
  paramsByPath: { under: RegExp; params: Record<string, string>; unresolved: string[] }[];
  /**
   * Parameters for which no record could be made: the route is still checked, with an id that matches nothing, and
   * authorisation-matrix.test.ts fails naming them (every parameter must name a real record).
   */
  unresolved: string[];
  caseId: string;
  users: Map<string, string>;
  signIn(actor: Actor): Promise<Browserish>;
  /** Stops Harbour and the OpenID provider its single sign-on routes answer to. */
  stop(): Promise<void>;
};

/** The values of a route's parameters: the world's, with those of another kind under the path's own prefix. */
export function paramsFor(world: Pick<World, 'params' | 'paramsByPath'>, path: string): Record<string, string> {
  return Object.assign({}, world.params, ...world.paramsByPath.filter((p) => p.under.test(path)).map((p) => p.params));
}

/** The route's parameters that name no real record of the world (an empty list: every parameter is a real record). */
export function unresolvedIn(world: Pick<World, 'unresolved' | 'paramsByPath'>, path: string): string[] {
  const names = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  const overrides = world.paramsByPath.filter((p) => p.under.test(path));
  return names.filter((name) => {
    const override = overrides.find((p) => name in p.params);
    return override ? override.unresolved.includes(name) : world.unresolved.includes(name);
  });
}

export async function buildWorld(): Promise<World> {
  // Single sign-on is configured, so the router registers its routes (they exist only with HARBOUR_OIDC_*): a real
  // OpenID provider on 127.0.0.1, as test/integration/single-sign-on/oidc.test.ts starts it.
  const provider = await startProvider();
  const harbour = await startTestHarbour({ env: oidcEnv(provider.issuer) });
  oidcRedirectReady(provider, [harbour]);
  const stop = async () => {
    await harbour.stop();
    await provider.stop();
  };
  const routes = registeredRoutes(harbourApp(harbour.services));
  const db = harbour.db;
  const users = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email.split('@')[0]!, u.id]));
  const caseId = (await db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;

  const signIn = async (actor: Actor) => {
    const b = new Browserish(harbour.url);
    const who = ACTORS[actor];
    if (who) await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const browsers = new Map<Actor, Browserish>();
  for (const actor of ACTOR_NAMES) browsers.set(actor, await signIn(actor));
  const tokens = new Map<Actor, string>();
  for (const actor of ACTOR_NAMES) {
    if (actor === 'no-session') continue;
    const page = await browsers.get(actor)!.submit('/account', '/account/api-tokens', { name: 'matrix', scope: 'read-write' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)?.[1];
    if (token) tokens.set(actor, token);
  }

  // Records of every kind on the case, made as their users would make them. Each is best effort: one that cannot
  // be made leaves its parameter unresolved (reported), not the whole test broken.
  const worker = browsers.get('network')!;
  const coordinator = browsers.get('area-role')!;
  const base = `/cases/${caseId}`;
  const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London' });
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-GB', { timeZone: 'Europe/London' });
  const attempts: [string, () => Promise<unknown>][] = [
    ['break-glass', () => browsers.get('break-glass')!.submit(`${base}/break-glass`, `${base}/break-glass`, { reason: 'Child found overnight, need the safety plan to place her safely tonight.' })],
    ['note', () => worker.submit(`${base}/notes/new`, `${base}/notes`, { contactDate: today, contactType: 'home visit', body: 'Visited at home.', sharingLevel: 'network' })],
    ['plan', () => worker.submit(`${base}/plans/new?type=safety-plan`, `${base}/plans`, { planType: 'safety-plan', sharingLevel: 'network', 'section-risks': 'Older males contacting her online', 'section-keeping-safe': 'Phone checks agreed with mother', 'section-who-to-contact': 'Social worker; police 101' })],
    ['meeting', () => coordinator.submit(`${base}/meetings/new?type=catse-meeting`, `${base}/meetings`, { meetingType: 'catse-meeting', date: tomorrow, time: '10:00', venue: 'Crowndale Centre, room 2', chairId: users.get('coordinator')! })],
    ['assessment', () => worker.submit(`${base}/assessments/new?kind=initial`, `${base}/assessments`, { kind: 'initial' })],
    ['referral', () => worker.submit(`${base}/risk/referral/new`, `${base}/risk/referral`, { reason: 'Regular overnight stays with older men.' })],
    ['related person', () => worker.submit(`${base}/network`, `${base}/network/related-people`, { relationship: 'parent', name: 'A Parent', dateOfBirth: '', hasParentalResponsibility: 'yes' })],
    ['observation', () => worker.submit(`${base}/risk/observations/new`, `${base}/risk/observations`, { indicatorId: 'matrix.running-away.l2.missing-episodes', observedOn: today, howKnown: 'seen', note: 'Missing overnight.', sharingLevel: 'network' })],
    ['missing episode', () => worker.submit(`${base}/missing/new`, `${base}/missing/new`, { leftDate: today, leftTime: '00:10', fromWhere: 'home', appearanceOnLeaving: 'Blue jacket.', whoWith: 'Not known.', sharingLevel: 'network' })],
    ['police protection', () => worker.submit(`${base}/police-protection`, `${base}/police-protection`, { startedDate: today, startedTime: '00:05', note: 'Taken from a hotel by the police.' })],
    ['intelligence', () => worker.submit('/intelligence/new?kind=vehicle', '/intelligence/new', { kind: 'vehicle', registration: 'AB12 CDE', make: 'Vauxhall', model: 'Astra', colour: 'silver' })],
    ['concern', async () => {
      const referrer = browsers.get('referrer')!;
      const page = await referrer.get('/concerns/new');
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)?.[1] ?? randomUUID();
      return referrer.request('POST', '/concerns', { _csrf: csrfTokenIn(page.text), idempotencyKey: key, narrative: 'Seen getting into a car with older men.', childKnownAs: 'Ess', childApproximateAge: '14', immediateDanger: 'no', dslConsulted: 'not-applicable' });
    }],
    // Records of the features merged after the matrix, made by those who make them.
    ['consultation', () => browsers.get('outsider')!.submit('/consultations/new', '/consultations/new', { addressedTo: 'cse-coordinator', ageBand: '13-15', sex: 'female', area: '', schoolType: 'secondary', concerns: 'missing', question: 'Older boys wait for her after school: is this a concern to refer?' })],
    ['subject access request', () => browsers.get('information-governance')!.submit('/subject-access', '/subject-access', { reference: 'CSE-0001', requester: 'child', receivedOn: today })],
    ['case audit', () => browsers.get('board-analyst')!.submit('/case-audits/new', '/case-audits', { intent: 'draw', title: 'Matrix audit', localAuthorityId: '', openFrom: '', openTo: '', category: '', agencyId: '', sampleSize: '50', auditors: users.get('nurse')!, endsOn: tomorrow })],
  ];
  for (const [, attempt] of attempts) await attempt().catch(() => undefined);
  const planId = (await db.selectFrom('plans').select('id').where('case_id', '=', caseId).executeTakeFirst())?.id;
  if (planId) await worker.submit(`${base}/plans/${planId}`, `${base}/plans/${planId}/actions`, { what: 'Fit a phone safety app', dueDate: '' }).catch(() => undefined);
  const entityId = (await db.selectFrom('intel_entities').select('id').executeTakeFirst())?.id;
  if (entityId) await worker.submit(`${base}/intelligence/link?entityId=${entityId}`, `${base}/intelligence/link`, { entityId, howKnown: 'told-by-child', nature: 'picked her up', sharingLevel: 'network' }).catch(() => undefined);

  const first = async (query: string) => ((await sql.raw<{ id: string }>(query).execute(db)).rows[0]?.id ?? null);
  const onCase = (table: string) => `select id::text as id from ${table} where case_id = '${caseId}' order by 1 limit 1`;
  // The records no matrix actor's first steps make (issue 16): each made by whoever makes it, so that the routes
  // naming one are asked about a real record. A plan action needs an owner and a date.
  const plan = (await db.selectFrom('plans').select('id').where('case_id', '=', caseId).executeTakeFirst())?.id;
  const due = addDays(londonDateOf(harbour.clock.now), 14);
  const caseIdOf = async (reference: string) => (await db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
  const police = new Browserish(harbour.url);
  await police.signIn('police@harbour.example');
  const neighbour = await addNeighbourAuthority(db);
  const later: [string, () => Promise<unknown>][] = [
    ['plan action', async () => plan && worker.submit(`${base}/plans/${plan}`, `${base}/plans/${plan}/actions`, { what: 'Fit a phone safety app', ownerUserId: users.get('social.worker')!, dueDate: due, desiredOutcome: 'Safer online contact' })],
    // A form the lead professional typed into a session that timed out (held-submissions/holding.ts keeps it so);
    // kept through the service, since timing one session out moves the clock every actor's session runs on.
    ['held submission', () => harbour.services.heldSubmissions.hold(users.get('social.worker')!, `${base}/notes`, { contactDate: londonDateOf(harbour.clock.now), contactType: 'home visit', body: 'Typed before the time-out.', sharingLevel: 'network' }, { actorId: users.get('social.worker')!, actorLabel: `user:${users.get('social.worker')}`, ip: null, requestId: null })],
    // The vehicle linked to two more children reaches the alert threshold (three within twelve months): an alert for
    // the area, and a notification to its CSE coordinator.
    ['intelligence alert', async () => {
      for (const reference of ['CSE-0002', 'CSE-0003']) {
        const other = await caseIdOf(reference);
        if (entityId) await worker.submit(`/cases/${other}/intelligence/link?entityId=${entityId}`, `/cases/${other}/intelligence/link`, { entityId, howKnown: 'told-by-child', nature: 'picked her up', sharingLevel: 'network' });
      }
    }],
    ['transfer', () => coordinator.submit(`${base}/transfer`, `${base}/transfer`, { toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.coordinator'], reason: 'Child moved area', summary: 'Jade moved to live with her aunt in Neighbour Borough.' })],
    ['parents told', async () => {
      const referral = await first(onCase('cse_referrals'));
      return worker.submit(`${base}/parents`, `${base}/parents`, { occasion: `referral:${referral}`, told: 'no', ground: 'parent-may-be-involved', reasons: 'Her mother’s partner is named by the child as taking her to the flat.' });
    }],
    // A request to share without consent, waiting for a manager's or designated safeguarding lead's approval: the
    // routes that approve a request and record telling the child name this one (paramsByPath below).
    ['sharing request', () => worker.submit(`${base}/sharing/new`, `${base}/sharing/new`, {
      items: ['case-summary'], network: 'yes', purpose: 'Police to find her tonight', basis: 'public-interest',
      ...Object.fromEntries(['crime', 'protection', 'risksToOthers', 'vulnerability', 'impact', 'proportionate', 'alternative'].map((q) => [`answer-${q}`, 'Yes: she is at risk of sexual exploitation tonight.'])),
      childTold: 'will-tell', tellerName: 'Sam Worker', tellBy: tomorrow, familyTold: 'not-appropriate', familyNotToldReason: 'Her mother’s partner is named by the child.',
    })],
    ['sharing decision', () => worker.submit(`${base}/sharing/new`, `${base}/sharing/new`, { items: ['case-summary'], network: 'yes', purpose: 'Safety planning with her school', basis: 'consent', consentGiver: 'parental-responsibility', consentGiverName: 'Jade’s mother', consentMethod: 'in-person', consentGivenOn: today, childTold: 'told', familyTold: 'told' })],
    ['disclosure application', () => police.submit('/disclosure-scheme/new', '/disclosure-scheme/new', { applicantName: 'Ms Ayres', applicantRelationship: 'Mother', childDescription: 'Her daughter, 9', personDescription: 'Her new partner, about 40', concern: 'Her new partner stays over and babysits.', handlingOfficerId: users.get('police')!, receivedDate: today })],
    // A duplicate of Daniel's record (CSE-0005), entered again as the front door's matching would find it, merged by
    // the area's CSE coordinator.
    ['child merge', async () => {
      const kept = await db.selectFrom('children').selectAll().where('id', '=', (await db.selectFrom('cases').select('child_id').where('reference', '=', 'CSE-0005').executeTakeFirstOrThrow()).child_id).executeTakeFirstOrThrow();
      const duplicate = await db.insertInto('children').values({ local_authority_id: kept.local_authority_id, given_name: kept.given_name, family_name: kept.family_name, date_of_birth: kept.date_of_birth, postcode: kept.postcode }).returning(['id', 'version']).executeTakeFirstOrThrow();
      const page = await coordinator.get(`/children/merge?keep=${kept.id}&merge=${duplicate.id}`);
      return coordinator.request('POST', '/children/merge', { _csrf: csrfTokenIn(page.text), keptId: kept.id, mergedId: duplicate.id, keptVersion: String(kept.version), mergedVersion: String(duplicate.version), reason: 'Same child: checked with the school.', confirm: 'yes' });
    }],
    // Amira's case (CSE-0003) closed long ago and she is past 25, as retention.test.ts sets it: the monthly run lists
    // her record for the information governance officer's review.
    ['retention review', async () => {
      const amira = await db.selectFrom('cases').select('child_id').where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow();
      await db.updateTable('children').set({ date_of_birth: '1991-02-11' }).where('id', '=', amira.child_id).execute();
      await db.updateTable('cases').set({ status: 'closed', closed_at: new Date('2014-06-01T12:00:00Z') }).where('reference', '=', 'CSE-0003').execute();
      return runRetentionReview(db, harbour.clock.now);
    }],
  ];
  for (const [, attempt] of later) await attempt().catch(() => undefined);

  const resolvers: Record<string, () => Promise<string | null>> = {
    caseId: async () => caseId,
    contactId: () => first(`select id::text as id from contacts order by created_at limit 1`),
    observationId: () => first(onCase('risk_observations')),
    referralId: () => first(onCase('cse_referrals')),
    noteId: () => first(onCase('case_notes')),
    episodeId: () => first(`select id::text as id from missing_episodes order by (case_id = '${caseId}') desc limit 1`),
    meetingId: () => first(`select meeting_id::text as id from meeting_cases where case_id = '${caseId}' limit 1`),
    actionId: () => first(onCase('actions')),
    planId: () => first(onCase('plans')),
    version: async () => '1',
    assessmentId: () => first(onCase('assessments')),
    protectionId: () => first(onCase('police_protections')),
    heldId: () => first('select id::text as id from held_submissions limit 1'),
    grantId: () => first(onCase('break_glass_grants')),
    entityId: async () => entityId ?? null,
    alertId: () => first('select id::text as id from intel_alerts limit 1'),
    memberId: () => first(`select id::text as id from case_network where case_id = '${caseId}' and user_id = '${users.get('outreach')}'`),
    personId: () => first(onCase('related_people')),
    // The CSE coordinator's notification of the intelligence alert.
    notificationId: () => first(`select id::text as id from notifications where user_id = '${users.get('coordinator')}' order by created_at limit 1`),
    authorityId: () => first('select id::text as id from local_authorities limit 1'),
    agencyId: () => first('select id::text as id from agencies order by name limit 1'),
    teamId: () => first('select id::text as id from teams order by name limit 1'),
    // Someone outside the matrix, so an administrator's change to them alters no actor's access.
    userId: async () => users.get('frontdoor') ?? null,
    // The features merged after the matrix (case audits, transfers, merges, parents, consultations, the disclosure
    // scheme, retention, subject access, mentions): the first record of each the world holds.
    recordType: async () => 'case-note',
    recordId: () => first(onCase('case_notes')),
    auditId: () => first('select id::text as id from case_audits order by 1 limit 1'),
    transferId: () => first(onCase('case_transfers')),
    mergeId: () => first('select id::text as id from child_merges order by 1 limit 1'),
    childId: () => first(`select child_id::text as id from cases where id = '${caseId}'`),
    consultationId: () => first('select id::text as id from anonymous_consultations order by 1 limit 1'),
    applicationId: () => first('select id::text as id from disclosure_applications order by 1 limit 1'),
    reviewId: () => first('select id::text as id from retention_reviews order by 1 limit 1'),
    id: () => first('select id::text as id from subject_access_requests order by 1 limit 1'),
    itemId: () => first('select id::text as id from subject_access_items order by 1 limit 1'),
    // The decision in force on her mother's consent.
    decisionId: () => first(`select id::text as id from info_sharing_decisions where case_id = '${caseId}' and basis = 'consent' limit 1`),
  };
  const params: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, resolve] of Object.entries(resolvers)) {
    const value = await resolve().catch(() => null);
    if (value) params[name] = value;
    else {
      params[name] = randomUUID();
      unresolved.push(name);
    }
  }
  // Under a case's parents, :notificationId is a record of telling the child's parents, not a user's notification.
  const parentNotification = await first(onCase('parent_notifications')).catch(() => null);
  // Approving a request and telling the child are about sharing without consent: the request awaiting approval.
  const sharingRequest = await first(`select id::text as id from info_sharing_decisions where case_id = '${caseId}' and status = 'pending' limit 1`).catch(() => null);
  const paramsByPath: World['paramsByPath'] = [
    { under: /^(\/api\/v1)?\/cases\/:caseId\/(parents|parent-notifications)\//, params: { notificationId: parentNotification ?? randomUUID() }, unresolved: parentNotification ? [] : ['notificationId'] },
    { under: /\/:decisionId\/(approval|telling)$/, params: { decisionId: sharingRequest ?? randomUUID() }, unresolved: sharingRequest ? [] : ['decisionId'] },
  ];
  // The team of the agency, so /admin/agencies/:agencyId/teams/:teamId names a real pair.
  const team = await db.selectFrom('teams').select(['id', 'agency_id']).orderBy('name').executeTakeFirst();
  if (team) {
    params.teamId = team.id;
    params.agencyId = team.agency_id;
  }
  return { harbour, routes, browsers, tokens, params, paramsByPath, unresolved, caseId, users, signIn, stop };
}

/** Row counts of every table: compared before and after refused requests to find partial writes. */
export async function rowCounts(harbour: TestHarbour): Promise<Map<string, number>> {
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(harbour.db);
  const union = tables.rows.map((t) => `select '${t.table_name}' as t, count(*)::int as n from "${t.table_name}"`).join(' union all ');
  const counts = await sql.raw<{ t: string; n: number }>(union).execute(harbour.db);
  return new Map(counts.rows.map((r) => [r.t, Number(r.n)]));
}

export function countDifferences(before: Map<string, number>, after: Map<string, number>, ignore: readonly string[] = []): string[] {
  const changed: string[] = [];
  for (const [table, n] of after) if (!ignore.includes(table) && before.get(table) !== n) changed.push(`${table} ${before.get(table) ?? 0}→${n}`);
  return changed;
}
