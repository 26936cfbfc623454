// Route-wide checks from the same route list as the matrix (issue 16): every state-changing form refuses a request
// without a valid CSRF token and writes nothing; every answer carries the security headers.
import { ACTOR_NAMES, countDifferences, paramsFor, rowCounts } from './world.ts';
import type { Actor, World } from './world.ts';
import { ROUTE_TABLE } from './route-table.ts';
import { ask, csrfFor } from './probe.ts';
import { concretePath, isApi, isStateChanging } from './route-list.ts';
import type { RegisteredRoute } from './route-list.ts';
import { Browserish } from '../../support/http-client.ts';
import type { Response } from '../../support/http-client.ts';

/** The actor a route is best tried as: the first the table lets in (so the refusal cannot be the access check's), else the network. */
export function allowedActor(route: RegisteredRoute): Actor {
  const expected = ROUTE_TABLE[route.key];
  return (expected && ACTOR_NAMES.find((a) => expected[a] === 'allow')) || 'network';
}

export type CsrfFigures = { formRoutes: number; requests: number; refused: number; accepted: string[]; apiRoutes: number; apiCookieRefused: number; apiCookieAccepted: string[]; partialWrites: string[] };

const isCsrfRefusal = (res: Response) => res.status === 403 && /This form has expired/.test(res.text);

export async function runCsrf(world: World): Promise<CsrfFigures> {
  const figures: CsrfFigures = { formRoutes: 0, requests: 0, refused: 0, accepted: [], apiRoutes: 0, apiCookieRefused: 0, apiCookieAccepted: [], partialWrites: [] };
  const before = await rowCounts(world.harbour);
  for (const route of world.routes) {
    if (!isStateChanging(route.method)) continue;
    if (isApi(route.path)) {
      // The API is exempt from CSRF because it never reads the session cookie: a browser's cookie alone is refused.
      figures.apiRoutes++;
      const b = world.browsers.get('network')!;
      const res = await b.request(route.method, concretePath(route.path, paramsFor(world, route.path)), '{}', { 'content-type': 'application/json' });
      if (res.status === 401) figures.apiCookieRefused++;
      else figures.apiCookieAccepted.push(`${route.key}: ${res.status}`);
      continue;
    }
    figures.formRoutes++;
    const actor = allowedActor(route);
    const other = actor === 'network' ? 'area-role' : 'network';
    const variants: [string, Parameters<typeof ask>[3]][] = [
      ['no token', { csrf: false }],
      ['an empty token', { csrf: false, body: { _csrf: '' } }],
      ['another session’s token', { csrf: false, body: { _csrf: await csrfFor(world, other) } }],
      ['two tokens, one right', { csrf: false, body: { _csrf: [await csrfFor(world, actor), 'forged'] } }],
    ];
    for (const [label, options] of variants) {
      figures.requests++;
      const res = await ask(world, route, actor, options);
      if (isCsrfRefusal(res)) figures.refused++;
      else figures.accepted.push(`${route.key} as ${actor} with ${label}: ${res.status}`);
    }
  }
  figures.partialWrites = countDifferences(before, await rowCounts(world.harbour));
  return figures;
}

export type HeaderFigures = { responses: number; pageTypes: string[]; failures: string[] };

/** What every answer must carry, with the reason it is missing if it is not. */
export function headerProblems(res: Response): string[] {
  const problems: string[] = [];
  const csp = res.headers.get('content-security-policy') ?? '';
  const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
  if (!csp) problems.push('no Content-Security-Policy');
  else {
    if (directive('default-src') !== "default-src 'self'") problems.push(`default-src is "${directive('default-src')}"`);
    if (directive('script-src') !== "script-src 'self'") problems.push(`script-src is "${directive('script-src')}"`);
    if (/unsafe-inline|unsafe-eval|\*/.test(csp)) problems.push('the CSP allows inline script, eval or any source');
    if (directive('frame-ancestors') !== "frame-ancestors 'none'") problems.push(`frame-ancestors is "${directive('frame-ancestors')}"`);
    if (directive('object-src') !== "object-src 'none'") problems.push(`object-src is "${directive('object-src')}"`);
  }
  if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff');
  if (!['same-origin', 'no-referrer', 'strict-origin'].includes(res.headers.get('referrer-policy') ?? '')) problems.push(`Referrer-Policy is "${res.headers.get('referrer-policy')}"`);
  if (res.headers.get('x-frame-options') !== 'SAMEORIGIN' && res.headers.get('x-frame-options') !== 'DENY') problems.push('no X-Frame-Options');
  if (res.headers.get('x-powered-by')) problems.push('X-Powered-By is sent');
  return problems;
}

/** Every GET route of the list, as an actor it lets in: each answer's headers. */
export async function runHeaders(world: World): Promise<HeaderFigures> {
  const figures: HeaderFigures = { responses: 0, pageTypes: [], failures: [] };
  for (const route of world.routes) {
    if (route.method !== 'GET') continue;
    const res = await ask(world, route, allowedActor(route));
    figures.responses++;
    for (const problem of headerProblems(res)) figures.failures.push(`${route.key} (${res.status}): ${problem}`);
  }
  return figures;
}

/** One answer of each page type, each checked to be that page, then its headers. */
export async function runPageTypes(world: World): Promise<{ checked: string[]; failures: string[] }> {
  const caseId = () => world.caseId;
  const bearer = (actor: 'network') => ({ authorization: `Bearer ${world.tokens.get(actor)}` });
  const worker = world.browsers.get('network')!;
  const outsider = world.browsers.get('outsider')!;
  const anonymous = new Browserish(world.harbour.url);
  const assessmentId = world.params.assessmentId!;
  const big = 'x'.repeat(300_000);
  const pages: [string, () => Promise<Response>, (res: Response) => boolean][] = [
    ['sign-in page', () => anonymous.get('/sign-in'), (r) => r.status === 200],
    ['redirect to sign in', () => anonymous.get('/'), (r) => r.status === 303],
    ['home page', () => worker.get('/'), (r) => r.status === 200],
    ['case page', () => worker.get(`/cases/${caseId()}`), (r) => r.status === 200],
    ['form', () => worker.get(`/cases/${caseId()}/notes/new`), (r) => r.status === 200 && /name="_csrf"/.test(r.text)],
    ['form with errors (400)', async () => worker.request('POST', `/cases/${caseId()}/notes`, { _csrf: await csrfFor(world, 'network') }), (r) => r.status === 400 && /govuk-error-summary/.test(r.text)],
    ['refusal (403)', () => outsider.get(`/cases/${caseId()}`), (r) => r.status === 403],
    ['not found (404)', () => worker.get('/no-such-page'), (r) => r.status === 404],
    ['too large (413)', async () => worker.request('POST', `/cases/${caseId()}/notes`, { _csrf: await csrfFor(world, 'network'), body: big }), (r) => r.status === 413],
    ['CSRF refusal (403)', () => worker.request('POST', `/cases/${caseId()}/notes`, {}), (r) => r.status === 403 && /This form has expired/.test(r.text)],
    ['PDF download', () => worker.get(`/cases/${caseId()}/assessments/${assessmentId}/print.pdf`), (r) => r.status === 200 && /application\/pdf/.test(r.headers.get('content-type') ?? '')],
    ['CSV download', async () => worker.request('POST', `/cases/${caseId()}/chronology/export`, { _csrf: await csrfFor(world, 'network'), reasonCode: 'case-audit', reason: 'Supervision audit of the case file' }), (r) => r.status === 200 && /text\/csv/.test(r.headers.get('content-type') ?? '')],
    ['API JSON', () => worker.request('GET', '/api/v1/me', undefined, bearer('network')), (r) => r.status === 200 && /application\/json/.test(r.headers.get('content-type') ?? '')],
    ['API problem (401)', () => anonymous.request('GET', '/api/v1/me'), (r) => r.status === 401 && /problem\+json/.test(r.headers.get('content-type') ?? '')],
    ['API problem (400)', () => worker.request('POST', '/api/v1/concerns', '{"narrative": 1', { ...bearer('network'), 'content-type': 'application/json' }), (r) => r.status === 400],
    ['health check', () => anonymous.get('/health'), (r) => r.status === 200],
    ['static file', () => anonymous.get('/static/harbour.css'), (r) => r.status === 200],
    ['GOV.UK Frontend asset', () => anonymous.get('/assets/govuk/govuk-frontend.min.js'), (r) => r.status === 200],
  ];
  const failures: string[] = [];
  for (const [label, request, isThatPage] of pages) {
    const res = await request();
    if (!isThatPage(res)) failures.push(`${label}: not the expected answer (${res.status} ${res.headers.get('content-type')})`);
    for (const problem of headerProblems(res)) failures.push(`${label}: ${problem}`);
  }
  return { checked: pages.map(([label]) => label), failures };
}

/** The 500 page and the API's 500 problem: the database is taken away, so this is the last thing asked of a world. */
export async function runServerFaultPages(world: World): Promise<string[]> {
  const worker = world.browsers.get('network')!;
  await world.harbour.db.destroy();
  const page = await worker.get('/');
  const api = await worker.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${world.tokens.get('network')}` });
  const failures = [...headerProblems(page).map((p) => `500 page: ${p}`), ...headerProblems(api).map((p) => `API 500: ${p}`)];
  if (page.status !== 500) failures.push(`500 page answered ${page.status}`);
  if (api.status !== 500) failures.push(`API 500 answered ${api.status}`);
  return failures;
}
