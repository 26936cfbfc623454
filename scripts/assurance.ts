// `npm run assurance`: measures what docs/assurance.md reports and writes that page anew, each figure with its date,
// the commit it was measured on and the command that produced it. Needs the PostgreSQL server named by
// ASSURANCE_DATABASE_URL (default the local one) for the PostgreSQL figures; ASSURANCE_CRASH_TRIALS sets the number
// of SIGKILL trials per database (default 50), ASSURANCE_FUZZ_PER_ROUTE the generated inputs per route (default 10,000).
// `npm run assurance -- matrix fuzz` measures only the sections named (crash, backups, matrix, csrf, headers, fuzz, fuzz-full,
// ids, concurrency, sso) and keeps the others as they were last measured, with their own dates and commits. `fuzz-full`
// measures nothing itself: a full-depth run is hours long, so it summarises docs/fuzz-full-run.jsonl, which the fuzz
// benchmark writes route by route (BENCH_FUZZ_LOG) and can resume (BENCH_FUZZ_RESUME).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchPostgres } from '../test/support/scratch-postgres.ts';
import { runCrashTrials } from '../test/support/crash-harness.ts';
import type { CrashFigures } from '../test/support/crash-harness.ts';
import { buildWorld } from '../test/integration/security/world.ts';
import { runCrossCase, runMatrix } from '../test/integration/security/matrix.ts';
import type { CrossCaseFigures, MatrixFigures } from '../test/integration/security/matrix.ts';
import { runCsrf, runHeaders, runPageTypes, runServerFaultPages } from '../test/integration/security/csrf-and-headers.ts';
import { runFuzz } from '../test/integration/security/fuzz.ts';
import { NOT_IDS, runMalformedIds } from '../test/integration/security/malformed-ids.ts';
import type { FuzzFigures } from '../test/integration/security/fuzz.ts';

/** One line of docs/fuzz-full-run.jsonl (bench/fuzz.bench.ts writes it when a route's inputs are all sent). */
type FullRunRecord = { route: string; commit: string; database: string; routesAtCommit: number; inputs: number; serverErrors: number; partialWrites: number; at: string };

const root = join(import.meta.dirname, '..');
const serverUrl = process.env.ASSURANCE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const trials = Number(process.env.ASSURANCE_CRASH_TRIALS ?? 50);
const fuzzPerRoute = Number(process.env.ASSURANCE_FUZZ_PER_ROUTE ?? 10_000);
const SECTIONS = ['crash', 'backups', 'matrix', 'csrf', 'headers', 'fuzz', 'fuzz-full', 'ids', 'concurrency', 'sso'] as const;
type Section = (typeof SECTIONS)[number];
const asked = process.argv.slice(2);
for (const a of asked) if (!SECTIONS.includes(a as Section)) throw new Error(`unknown section ${a}: choose from ${SECTIONS.join(', ')}`);
const measuring = (section: Section) => asked.length === 0 || asked.includes(section);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
const today = new Date().toISOString().slice(0, 10);
const stamp = `${today}, commit ${commit}${dirty ? ' (with uncommitted changes)' : ''}`;
process.env.NODE_ENV = 'test';

const log = (text: string) => process.stdout.write(`${text}\n`);

const postgresDatabase = () => scratchPostgres(serverUrl, 'harbour_assurance');

/** Seeds the demo data, backs it up and restores it into an empty database, as an operator would, with the CLI. */
async function backupRoundTrip(kind: 'PGlite' | 'PostgreSQL'): Promise<string> {
  const dirs = [mkdtempSync(join(tmpdir(), 'harbour-assure-')), mkdtempSync(join(tmpdir(), 'harbour-assure-'))];
  const databases = kind === 'PostgreSQL' ? [await postgresDatabase(), await postgresDatabase()] : [];
  const file = join(dirs[0]!, 'harbour.backup');
  const cli = (i: number, ...args: string[]) => {
    const env = { ...process.env, HARBOUR_DATA_DIR: dirs[i]!, SESSION_SECRET: randomBytes(32).toString('hex'), HARBOUR_PROFILE: 'camden', ...(databases[i] ? { DATABASE_URL: databases[i]!.url } : {}) };
    const result = spawnSync(process.execPath, [join(root, 'src', 'cli.ts'), ...args], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed on ${kind}: ${result.stderr}`);
    return result.stdout.trim();
  };
  try {
    cli(0, 'seed-demo');
    const backedUp = cli(0, 'backup', file);
    const restored = cli(1, 'restore', file);
    return `| ${kind} | ${backedUp.replace(/ to .*$/, '')} | ${restored} |`;
  } finally {
    for (const d of databases) await d.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

const crashRow = (f: CrashFigures) => {
  const sorted = [...f.killedAfterMs].sort((a, b) => a - b);
  return `| ${f.database} | ${f.trials} | ${sorted[0]}-${sorted.at(-1)} ms | ${f.acknowledged.concerns} concerns, ${f.acknowledged.notes} notes | **${f.lost}** | **${f.halfWritten}** | **${f.brokenAuditChains}** |`;
};

/** The sections of the page as last written, by heading, so a filtered run keeps what it does not measure. */
const HEADINGS: Record<Section, string> = { crash: '## Crash trials', backups: '## Backups', matrix: '## Authorisation matrix', csrf: '## CSRF', headers: '## Security headers and session ids', fuzz: '## Fuzzing', 'fuzz-full': '## Fuzzing at full depth', ids: '## Ids in the address', concurrency: '## Concurrent edits', sso: '## Single sign-on' };
const pagePath = join(root, 'docs', 'assurance.md');
const previous = existsSync(pagePath) ? readFileSync(pagePath, 'utf8') : '';
function previousSection(section: Section): string {
  const at = previous.indexOf(`${HEADINGS[section]}\n`);
  if (at < 0) return `${HEADINGS[section]}\n\nNot measured yet: run \`npm run assurance -- ${section}\`.\n`;
  const next = previous.indexOf('\n## ', at + 1);
  return `${previous.slice(at, next < 0 ? undefined : next + 1).trimEnd()}\n`;
}

/** One seeded world per database for the route-wide figures (test/integration/security/world.ts). */
async function onEachDatabase<T>(measure: (world: Awaited<ReturnType<typeof buildWorld>>) => Promise<T>): Promise<{ database: string; figures: T }[]> {
  const results: { database: string; figures: T }[] = [];
  for (const database of ['PostgreSQL', 'PGlite'] as const) {
    if (database === 'PostgreSQL') process.env.TEST_DATABASE_URL = serverUrl;
    else delete process.env.TEST_DATABASE_URL;
    const world = await buildWorld();
    try {
      results.push({ database, figures: await measure(world) });
    } finally {
      await world.stop().catch(() => {});
    }
  }
  delete process.env.TEST_DATABASE_URL;
  return results;
}

let failed = false;
const sections = new Map<Section, string>();
log(`Measuring ${asked.length ? asked.join(', ') : 'everything'} on ${stamp}…`);

if (measuring('crash')) {
  log(`crash trials: ${trials} per database`);
  const crash = [await runCrashTrials({ trials, serverUrl }), await runCrashTrials({ trials })];
  failed ||= crash.some((f) => f.lost || f.halfWritten || f.brokenAuditChains);
  sections.set('crash', `## Crash trials

Measured ${stamp}, by \`npm run assurance\` (also \`npm run bench -- crash\`, ${trials} trials per database;
\`test/integration/foundation/crash.test.ts\` runs 5 in \`npm test\`).

Harbour runs in its own process (\`node src/cli.ts start\`) while three clients (a teacher raising concerns, a social
worker writing case notes and raising concerns, a nurse raising concerns) write as fast as the server answers; it
is killed with SIGKILL at a random moment, then the database is opened directly. "Lost" counts acknowledged writes
(a 303 answer) that are not there; "half written" counts concerns without their audit row and notes without their
chronology entry or first version, acknowledged or not; the audit chain is verified after every trial.

| database | trials | killed after | acknowledged | lost | half written | audit chains broken |
|---|---|---|---|---|---|---|
${crash.map(crashRow).join('\n')}

What PGlite keeps and cannot keep (a power loss, unlike a process crash): \`docs/decisions/0012-pglite-durability.md\`.
`);
}

if (measuring('backups')) {
  log('backups');
  const backups = [await backupRoundTrip('PostgreSQL'), await backupRoundTrip('PGlite')];
  sections.set('backups', `## Backups

Measured ${stamp}, by \`npm run assurance\` (\`test/integration/foundation/backup.test.ts\` checks the same in
\`npm test\` on each database).

The demo data is loaded with \`npm run seed:demo\`, backed up with \`npm run backup\` and restored with
\`npm run restore\` into an empty database, which checks every table's row count against the backup's manifest and
verifies the audit chain.

| database | backup | restore |
|---|---|---|
${backups.join('\n')}
`);
}

if (measuring('matrix')) {
  log('authorisation matrix');
  // The cross-case check first: the matrix's last request signs everyone out.
  const matrix = await onEachDatabase(async (world) => ({ cross: await runCrossCase(world), ...(await runMatrix(world)) }));
  const row = ({ database, figures: f }: { database: string; figures: MatrixFigures & { cross: CrossCaseFigures } }) =>
    `| ${database} | ${f.routes} (${f.paths} paths) | ${Object.entries(f.methods).map(([m, n]) => `${n} ${m}`).join(', ')} | ${f.actors} | ${f.pairs} | **${f.unexpectedAllows}** | **${f.unexpectedRefusals}** | ${f.otherDifferences} | **${f.serverErrors}** | ${f.undeclared.length} | ${f.resolvedRoutes} of ${f.parameterisedRoutes} | ${f.cross.refused} of ${f.cross.asked} |`;
  failed ||= matrix.some(({ figures: f }) => f.differences.length > 0 || f.undeclared.length > 0 || f.stale.length > 0 || f.unresolvedRoutes.length > 0 || f.cross.reached.length > 0);
  sections.set('matrix', `## Authorisation matrix

Measured ${stamp}, by \`npm run assurance -- matrix\` (\`test/integration/security/authorisation-matrix.test.ts\` runs
the whole matrix in \`npm test\`).

Every route and method the web app and the API register is read from Express's own router (\`route-list.ts\`), and
asked by nine actors about one child's case: no session, a referrer, a board analyst, a practitioner outside the
child's network, the lead professional in the network, the area's CSE coordinator (an area role), a practitioner
who opened the case by break-glass, an administrator and an information governance officer. The seeded world
configures single sign-on against a real OpenID provider on 127.0.0.1, so its routes (registered only then) are in
the list, and makes a real record for every route parameter (a held form, a plan action, an intelligence alert, a
transfer request, a merge, a disclosure application, a retention review, a sharing decision, a record of telling
parents…): "routes asked about real records" counts the routes with parameters whose every parameter names one. Each answer (allowed, refused, not found, sent to sign in)
is compared with the declared table \`test/integration/security/route-table.ts\`; a route missing from the table fails
the test. State-changing requests carry a valid CSRF token and an empty body, so a refusal must come before the body
is read; the write routes whose finer rule (who may record) is applied after the body are asked again with a valid
body (\`VALID_BODIES\`, counted in the pairs). Findings mended when the matrix was first run: the API's case-link
route read the body before the case's write gate; a CSE coordinator invited to a meeting about a child lost the area
role's right to record on the case; break-glass, which only reads, could add chronology events and add or remove the
child's related people.
"Another case's record" asks, as the lead professional of two children, for the second child's notes, plans,
assessments, missing episodes, observations, meetings, police protections and referrals through every URL of the
first child's case that names one: each must be refused or not found.

| database | routes | methods | actors | route × method × actor pairs | unexpected allows | unexpected refusals | other differences | 5xx | routes missing from the table | routes asked about real records | another case's record refused |
|---|---|---|---|---|---|---|---|---|---|---|---|
${matrix.map(row).join('\n')}
`);
}

if (measuring('csrf') || measuring('headers')) {
  log('CSRF and security headers');
  const results = await onEachDatabase(async (world) => {
    const csrf = await runCsrf(world);
    const headers = await runHeaders(world);
    const types = await runPageTypes(world);
    const faults = await runServerFaultPages(world);
    return { csrf, headers, types: { checked: [...types.checked, '500 page', 'API 500 problem'], failures: [...types.failures, ...faults] } };
  });
  failed ||= results.some(({ figures: f }) => f.csrf.accepted.length || f.csrf.partialWrites.length || f.csrf.apiCookieAccepted.length || f.headers.failures.length || f.types.failures.length);
  if (measuring('csrf')) {
    sections.set('csrf', `## CSRF

Measured ${stamp}, by \`npm run assurance -- csrf\` (\`test/integration/security/csrf-and-headers.test.ts\` in \`npm test\`).

Every state-changing form route of the router's list is sent, as an actor it lets in, four requests without a valid
CSRF token: none, an empty one, another session's, and the right one duplicated with a forged one. Each must be
refused with the "form has expired" page, and no table's row count may change. The JSON API is exempt from CSRF
because it never reads the session cookie: each of its state-changing routes is sent the cookie alone and must
answer 401.

| database | form routes | requests without a valid token | refused | accepted | tables changed | API routes refusing a cookie alone |
|---|---|---|---|---|---|---|
${results.map(({ database, figures: { csrf: f } }) => `| ${database} | ${f.formRoutes} | ${f.requests} | ${f.refused} | **${f.accepted.length}** | **${f.partialWrites.length}** | ${f.apiCookieRefused} of ${f.apiRoutes} |`).join('\n')}
`);
  }
  if (measuring('headers')) {
    sections.set('headers', `## Security headers and session ids

Measured ${stamp}, by \`npm run assurance -- headers\` (\`test/integration/security/csrf-and-headers.test.ts\` in \`npm test\`).

Each answer must carry a Content-Security-Policy of \`default-src 'self'\` and \`script-src 'self'\` with no
\`unsafe-inline\`, \`unsafe-eval\` or wildcard, \`frame-ancestors 'none'\` and \`object-src 'none'\`;
\`X-Content-Type-Options: nosniff\`; a same-origin referrer policy; X-Frame-Options; and no X-Powered-By. Checked on
the answer of every GET route of the router's list, and on each page type: ${results[0]!.figures.types.checked.join(', ')}.
The same test checks that the session id changes at sign-in (a planted cookie is never adopted, and the session it
replaces ends) and again when the second factor is done (the password-only session's id then opens nothing).
Mended when first run: \`/health\` answered before the headers were set.

| database | GET routes answered | page types | answers without the headers |
|---|---|---|---|
${results.map(({ database, figures: f }) => `| ${database} | ${f.headers.responses} | ${f.types.checked.length} | **${f.headers.failures.length + f.types.failures.length}** |`).join('\n')}
`);
  }
}

if (measuring('fuzz')) {
  log(`fuzzing: ${fuzzPerRoute} inputs per route per database`);
  const fuzz = await onEachDatabase((world) => runFuzz(world, { perRoute: fuzzPerRoute, seed: 1_600, checkEvery: 50 }));
  failed ||= fuzz.some(({ figures: f }) => f.serverErrors.length || f.partialWrites.length);
  const row = ({ database, figures: f }: { database: string; figures: FuzzFigures }) =>
    `| ${database} | ${f.routes} | ${f.perRoute.toLocaleString('en-GB')} | ${f.inputs.toLocaleString('en-GB')} | ${f.refused.toLocaleString('en-GB')} | **${f.serverErrors.length}** | **${f.partialWrites.length}** | ${Math.round(f.ms / 60_000)} min |`;
  sections.set('fuzz', `## Fuzzing

Measured ${stamp}, by \`ASSURANCE_FUZZ_PER_ROUTE=${fuzzPerRoute} npm run assurance -- fuzz\` (\`npm run bench -- fuzz\`
sends 10,000 per route; \`test/integration/security/fuzz.test.ts\` sends 10 per route in \`npm test\`, checking row
counts after every refused request).

Every state-changing form and API route of the router's list is sent bodies generated by fast-check from the route's
own schema (\`BODY_SCHEMAS\` in \`src/platform/web/routing.ts\`): the fields' own choices and ids the database holds,
mixed with over-long strings (up to 120,000 characters), numbers, dates that do not exist, control characters, NUL,
lone surrogates, combining marks, right-to-left overrides, emoji sequences, markup and template syntax, duplicated
fields, unknown and prototype-polluting keys, wrong JSON types, malformed JSON, wrong content types, and missing,
wrong or duplicated CSRF tokens; one in ten is sent as someone the route refuses. Every table's row count is
compared after each run of 50 refused requests (audit rows and sign-in attempts excepted: they record the refusal).
Mended when first run: a NUL character in any text field reached PostgreSQL and answered 500; such a request is now
refused whole with a 400.

| database | routes | inputs per route | inputs | refused | 5xx answers | partial writes | time |
|---|---|---|---|---|---|---|---|
${fuzz.map(row).join('\n')}
`);
}

if (measuring('fuzz-full')) {
  const file = join(root, 'docs', 'fuzz-full-run.jsonl');
  const records = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as FullRunRecord) : [];
  const runs = [...Map.groupBy(records, (r) => `${r.commit} ${r.database}`).values()];
  failed ||= records.some((r) => r.serverErrors || r.partialWrites);
  const row = (rs: FullRunRecord[]) => {
    const first = rs[0]!;
    const at = rs.map((r) => r.at).sort();
    const routes = new Set(rs.map((r) => r.route)).size;
    const sum = (key: 'inputs' | 'serverErrors' | 'partialWrites') => rs.reduce((n, r) => n + r[key], 0);
    return `| ${first.commit} | ${first.database} | ${routes} of ${first.routesAtCommit} | ${sum('inputs').toLocaleString('en-GB')} | **${sum('serverErrors')}** | **${sum('partialWrites')}** | ${at[0]!.slice(0, 16).replace('T', ' ')} to ${at.at(-1)!.slice(0, 16).replace('T', ' ')} UTC |`;
  };
  sections.set('fuzz-full', `## Fuzzing at full depth

Summarised ${stamp}, by \`npm run assurance -- fuzz-full\` from \`docs/fuzz-full-run.jsonl\`, one line a route, written by
\`BENCH_FUZZ_LOG=docs/fuzz-full-run.jsonl BENCH_FUZZ_RESUME=docs/fuzz-full-run.jsonl BENCH_FUZZ_SHARD=1/2 npm run bench -- fuzz\`
(and \`2/2\` beside it; \`BENCH_FUZZ_DATABASE_URL\` for PostgreSQL). The same generator and row-count check as above, at
10,000 inputs a route. A whole run is some hours of a quiet 2-core machine, so it is made in sittings: at the same
commit, a resumed run skips the routes already fuzzed clean. ${runs.length === 0 ? 'No run recorded yet.' : ''} Before the log existed, one sitting on
2026-12-04 (21:29 to 22:49 UTC, commit 76a2b3b, PostgreSQL) fuzzed 16 of the 154 routes of that commit (sign-in,
sign-out, the second factor and its recovery codes, the password, API tokens, session keep-alive, child search and
break-glass): 160,000 inputs, 0 5xx answers, 0 partial writes.

| commit | database | routes fuzzed | inputs | 5xx answers | partial writes | when |
|---|---|---|---|---|---|---|
${runs.map(row).join('\n')}
`);
}

if (measuring('ids')) {
  log('ids in the address');
  const ids = await onEachDatabase((world) => runMalformedIds(world));
  failed ||= ids.some(({ figures: f }) => f.serverErrors.length > 0);
  sections.set('ids', `## Ids in the address

Measured ${stamp}, by \`npm run assurance -- ids\` (\`test/integration/security/malformed-ids.test.ts\`, also in \`npm test\`).

Every route of the router's list with a parameter is asked, as an actor the route lets in, with each parameter in
turn given ${NOT_IDS.length} values that are not ids: 36 dashes, 36 letters, a uuid with a letter out of range, a word,
5,000 characters, NUL, an emoji with a right-to-left override, an SQL quote, markup and a case reference. None may
answer 5xx. Mended when first run: 18 routes (subject access, retention reviews, draft referrals, a concern, a
transfer by the API, a network member, a notification and others) passed such a value to the database, which
refused it with an error (a 500). The route wrapper now answers "not found" for any \`:id\` or \`:<something>Id\`
parameter that is not a uuid, after the access check (\`src/platform/web/record-ids.ts\`).

| database | routes with parameters | parameters | requests | 5xx answers |
|---|---|---|---|---|
${ids.map(({ database, figures: f }) => `| ${database} | ${f.routes} | ${f.parameters} | ${f.asked.toLocaleString('en-GB')} | **${f.serverErrors.length}** |`).join('\n')}
`);
}

/** Runs one test file on each database with node:test, and returns its pass and fail counts and its diagnostics. */
function testFileOnEachDatabase(file: string): { database: string; pass: number; fail: number; diagnostics: string[]; names: string[] }[] {
  return (['PostgreSQL', 'PGlite'] as const).map((database) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
    if (database === 'PostgreSQL') env.TEST_DATABASE_URL = serverUrl;
    else delete env.TEST_DATABASE_URL;
    const result = spawnSync(process.execPath, ['--test', '--test-reporter=tap', '--test-timeout=600000', join(root, file)], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const out = result.stdout ?? '';
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
    const diagnostics = [...out.matchAll(/^\s*# (versioned columns found: .*)$/gm)].map((m) => m[1]!);
    const names = [...out.matchAll(/^ {4}ok \d+ - (.*)$/gm)].map((m) => m[1]!);
    return { database, pass: count('pass'), fail: count('fail'), diagnostics, names };
  });
}

if (measuring('concurrency')) {
  log('concurrent edits');
  const runs = testFileOnEachDatabase('test/integration/concurrency/concurrent-edits.test.ts');
  failed ||= runs.some((r) => r.fail > 0 || r.pass === 0);
  sections.set('concurrency', `## Concurrent edits

Measured ${stamp}, by \`npm run assurance -- concurrency\` (\`test/integration/concurrency/concurrent-edits.test.ts\`, also
in \`npm test\`).

Every column named \`version\` is read from the database's own catalogue and must be declared in
\`test/integration/concurrency/versioned-kinds.ts\`: driven here by two tabs, proved by its feature's own named test,
or not edited by people (with the reason). For each kind driven by two tabs, two people load the edit form, the
first saves, and the second saves on the version they loaded: the second must be refused with an error summary, the
page must show both their text and the saved text, and the row and its history must be exactly as the first save
left them. Mended when first run: nine kinds refused the stale save but lost the second person's text or did not
show the saved one (plans, risk category decisions, meeting corrections, consultation answers, disclosure
decisions, break-glass reviews, CSE referral decisions, front-door decisions, child merges).

| database | tests passed | failed | inventory |
|---|---|---|---|
${runs.map((r) => `| ${r.database} | ${r.pass} | **${r.fail}** | ${r.diagnostics[0] ?? 'not printed'} |`).join('\n')}
`);
}

if (measuring('sso')) {
  log('single sign-on');
  const runs = testFileOnEachDatabase('test/integration/single-sign-on/oidc.test.ts');
  failed ||= runs.some((r) => r.fail > 0 || r.pass === 0);
  sections.set('sso', `## Single sign-on

Measured ${stamp}, by \`npm run assurance -- sso\` (\`test/integration/single-sign-on/oidc.test.ts\`, also in \`npm test\`).

A real OpenID provider (\`oidc-provider\`) is started on 127.0.0.1 and Harbour signs people in through it with the
authorisation code flow and PKCE (\`openid-client\`), as a browser would, cookies and redirects followed by hand.
The cases asked: ${runs[0]!.names.join('; ')}.

| database | cases passed | failed |
|---|---|---|
${runs.map((r) => `| ${r.database} | ${r.pass} | **${r.fail}** |`).join('\n')}
`);
}

const page = `# Assurance: what has been measured, and how

This page is written by \`npm run assurance\` (\`scripts/assurance.ts\`); do not edit it by hand. Each section says
when it was measured, on which commit, and the command that measures it again. The tests in \`npm test\` check the
same properties on a smaller sample on every change.

${SECTIONS.map((section) => sections.get(section) ?? previousSection(section)).join('\n')}`;
writeFileSync(pagePath, page);
log(page);
if (failed) process.exitCode = 1;
