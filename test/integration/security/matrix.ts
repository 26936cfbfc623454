// The authorisation matrix (issue 16): every registered route and method, asked by every actor, against the table.
import { sql } from 'kysely';
import { ACTOR_NAMES, unresolvedIn } from './world.ts';
import type { Actor, World } from './world.ts';
import { ROUTE_TABLE, VALID_BODIES } from './route-table.ts';
import { ask, classify } from './probe.ts';
import type { Answer } from './probe.ts';

export type MatrixFigures = {
  /** Route × method entries the router registers (GET /x and POST /x are two). */
  routes: number;
  /** Distinct paths among them. */
  paths: number;
  /** How many of the routes answer each HTTP method. */
  methods: Record<string, number>;
  actors: number;
  /** Routes with at least one parameter, and of those, the ones whose every parameter names a real record of the world. */
  parameterisedRoutes: number;
  resolvedRoutes: number;
  /** The routes asked with a parameter that matches nothing, as `METHOD /path (:name, …)`. */
  unresolvedRoutes: string[];
  pairs: number;
  unexpectedAllows: number;
  unexpectedRefusals: number;
  otherDifferences: number;
  serverErrors: number;
  /** Of the pairs, those asked again with a body that passes validation. */
  withValidBody: number;
  /** Routes Harbour registers that the table does not declare, as `METHOD /path`. */
  undeclared: string[];
  /** Table entries for routes Harbour no longer registers. */
  stale: string[];
  differences: string[];
};

/** Signing out ends the session the other requests use, so it is asked last. */
const LAST = new Set(['POST /sign-out']);

function count(figures: MatrixFigures, got: Answer, want: Answer) {
  if (got === 'server-error') figures.serverErrors++;
  else if (got === 'allow') figures.unexpectedAllows++;
  else if (want === 'allow') figures.unexpectedRefusals++;
  else figures.otherDifferences++;
}

export async function runMatrix(world: World): Promise<MatrixFigures> {
  const registered = new Set(world.routes.map((r) => r.key));
  const undeclared = world.routes.filter((r) => !(r.key in ROUTE_TABLE)).map((r) => r.key);
  const stale = Object.keys(ROUTE_TABLE).filter((key) => !registered.has(key));
  const routes = world.routes.filter((r) => r.key in ROUTE_TABLE).sort((a, b) => Number(LAST.has(a.key)) - Number(LAST.has(b.key)));
  const methods: Record<string, number> = {};
  for (const r of world.routes) methods[r.method] = (methods[r.method] ?? 0) + 1;
  const parameterised = world.routes.filter((r) => r.path.includes(':'));
  const unresolvedRoutes = parameterised.filter((r) => unresolvedIn(world, r.path).length).map((r) => `${r.key} (${unresolvedIn(world, r.path).map((n) => `:${n}`).join(', ')})`);
  const figures: MatrixFigures = {
    routes: world.routes.length,
    paths: new Set(world.routes.map((r) => r.path)).size,
    methods,
    actors: ACTOR_NAMES.length,
    parameterisedRoutes: parameterised.length,
    resolvedRoutes: parameterised.length - unresolvedRoutes.length,
    unresolvedRoutes,
    pairs: 0, unexpectedAllows: 0, unexpectedRefusals: 0, otherDifferences: 0, serverErrors: 0, withValidBody: 0, undeclared, stale, differences: [] };
  // The routes that read the body before their finer rule, asked with a valid body (route-table.ts VALID_BODIES).
  const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London' });
  for (const [key, { body, expect }] of Object.entries(VALID_BODIES)) {
    const route = world.routes.find((r) => r.key === key);
    if (!route) {
      figures.stale.push(`${key} (VALID_BODIES)`);
      continue;
    }
    for (const actor of ACTOR_NAMES) {
      const res = await ask(world, route, actor, { body: body({ today, users: world.users }) });
      const got: Answer = classify(route, res);
      figures.pairs++;
      figures.withValidBody++;
      const want = expect[actor as Actor];
      if (got === want) continue;
      count(figures, got, want);
      figures.differences.push(`${key} with a valid body as ${actor}: expected ${want}, got ${got} (${res.status}${res.location ? ` → ${res.location}` : ''})`);
    }
  }
  for (const route of routes) {
    const expected = ROUTE_TABLE[route.key]!;
    for (const actor of ACTOR_NAMES) {
      const res = await ask(world, route, actor);
      const got: Answer = classify(route, res);
      figures.pairs++;
      const want = expected[actor as Actor];
      if (got === want) continue;
      count(figures, got, want);
      figures.differences.push(`${route.key} as ${actor}: expected ${want}, got ${got} (${res.status}${res.location ? ` → ${res.location}` : ''})`);
    }
  }
  return figures;
}

/** The figures docs/assurance.md quotes, in one line (the test prints it; scripts/assurance.ts writes the table). */
export function matrixSummary(f: MatrixFigures): string {
  const methods = Object.entries(f.methods).map(([m, n]) => `${n} ${m}`).join(', ');
  return `${f.routes} routes (${f.paths} paths; ${methods}), ${f.actors} actors, ${f.pairs} pairs checked, ${f.unexpectedAllows} unexpected allows, ${f.unexpectedRefusals} unexpected refusals, ${f.otherDifferences} other differences, ${f.serverErrors} 5xx, ${f.resolvedRoutes} of ${f.parameterisedRoutes} routes with parameters asked about real records`;
}

/** Parameters naming a record that belongs to one case: a URL of case A must not reach case B's record. */
const CASE_OWNED = ['noteId', 'planId', 'assessmentId', 'episodeId', 'observationId', 'meetingId', 'protectionId', 'referralId'] as const;

export type CrossCaseFigures = { asked: number; refused: number; reached: string[]; kinds: string[] };

/**
 * The lead professional of two children (CSE-0001 and CSE-0002) asks for CSE-0002's records through CSE-0001's URLs:
 * every such route, for each case-owned parameter it has, must answer not found or refused, never the record.
 */
export async function runCrossCase(world: World): Promise<CrossCaseFigures> {
  const db = world.harbour.db;
  const other = (await db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0002').executeTakeFirstOrThrow()).id;
  const worker = world.browsers.get('network')!;
  const coordinator = world.browsers.get('area-role')!;
  const base = `/cases/${other}`;
  const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London' });
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-GB', { timeZone: 'Europe/London' });
  const made = [
    () => worker.submit(`${base}/notes/new`, `${base}/notes`, { contactDate: today, contactType: 'home visit', body: 'Visited at home.', sharingLevel: 'network' }),
    () => worker.submit(`${base}/plans/new?type=safety-plan`, `${base}/plans`, { planType: 'safety-plan', sharingLevel: 'network', 'section-risks': 'Online contact', 'section-keeping-safe': 'Phone checks', 'section-who-to-contact': 'Social worker' }),
    () => worker.submit(`${base}/assessments/new?kind=initial`, `${base}/assessments`, { kind: 'initial' }),
    () => worker.submit(`${base}/missing/new`, `${base}/missing/new`, { leftDate: today, leftTime: '00:20', fromWhere: 'home', appearanceOnLeaving: 'Grey coat.', whoWith: 'Not known.', sharingLevel: 'network' }),
    () => worker.submit(`${base}/risk/observations/new`, `${base}/risk/observations`, { indicatorId: 'matrix.running-away.l2.missing-episodes', observedOn: today, howKnown: 'seen', note: 'Missing overnight.', sharingLevel: 'network' }),
    () => worker.submit(`${base}/risk/referral/new`, `${base}/risk/referral`, { reason: 'Regular overnight stays with older men.' }),
    () => worker.submit(`${base}/police-protection`, `${base}/police-protection`, { startedDate: today, startedTime: '00:15', note: 'Taken from a hotel by the police.' }),
    () => coordinator.submit(`${base}/meetings/new?type=catse-meeting`, `${base}/meetings`, { meetingType: 'catse-meeting', date: tomorrow, time: '11:00', venue: 'Crowndale Centre, room 3', chairId: world.users.get('coordinator')! }),
  ];
  for (const make of made) await make().catch(() => undefined);
  const one = async (table: string, column = 'id') => (await sql.raw<{ id: string }>(`select ${column}::text as id from ${table} where case_id = '${other}' limit 1`).execute(db)).rows[0]?.id;
  const theirs: Partial<Record<(typeof CASE_OWNED)[number], string | undefined>> = {
    noteId: await one('case_notes'), planId: await one('plans'), assessmentId: await one('assessments'), episodeId: await one('missing_episodes'),
    observationId: await one('risk_observations'), meetingId: await one('meeting_cases', 'meeting_id'), protectionId: await one('police_protections'), referralId: await one('cse_referrals'),
  };
  const figures: CrossCaseFigures = { asked: 0, refused: 0, reached: [], kinds: Object.entries(theirs).filter(([, v]) => v).map(([k]) => k) };
  for (const route of world.routes) {
    if (!route.path.includes(':caseId') || ROUTE_TABLE[route.key]?.network !== 'allow') continue;
    for (const name of CASE_OWNED) {
      const id = theirs[name];
      if (!id || !route.path.includes(`:${name}`)) continue;
      const params = { ...world.params, [name]: id };
      const res = await ask({ ...world, params }, route, 'network');
      figures.asked++;
      if (res.status === 404 || res.status === 403) figures.refused++;
      else figures.reached.push(`${route.key} with CSE-0002's ${name}: ${res.status}`);
    }
  }
  return figures;
}
