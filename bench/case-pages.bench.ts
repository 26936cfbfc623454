// Case pages under load (issue 7).
//
// 1. PostgreSQL: a fresh database on the server named by BENCH_DATABASE_URL, migrated; 100,000 synthetic children
//    and their cases (bench/generate-children.ts), then set-based SQL (generate_series) for 2,000,000 chronology
//    entries, 50,000 running clocks, one open action and one network member a case, CSE categories for about a
//    third of the open cases, and missing episodes (closed on a tenth of the open cases, open on a fiftieth).
//    ANALYZE. Then Harbour is started on that database in its own process, a CSE
//    coordinator signs in, and autocannon drives 20 connections for ~10 s (BENCH_SECONDS) at each of: the case
//    page, the chronology's first page and the coordinator's work list. Printed: p50/p95/p99 and requests/second,
//    and the same queries run directly (no HTTP, no templates) for comparison. Target: p95 under 150 ms.
// 2. PGlite: the same with 10,000 children and 200,000 entries (BENCH_PGLITE_CHILDREN), for information.
//
// The database (or PGlite directory) is removed afterwards. BENCH_SKIP_PGLITE=1 / BENCH_SKIP_POSTGRES=1 run one.
import { startHarbour, stopHarbour } from './harbour-process.ts';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import pg from 'pg';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { openPglite, openPostgres } from '../src/platform/database/connection.ts';
import type { DatabaseHandle } from '../src/platform/database/connection.ts';
import type { Database } from '../src/platform/database/schema.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { hashPassword } from '../src/features/accounts/service-password-hashing.ts';
import type { Actor } from '../src/domain/access/access.ts';
import { caseOverview, visibleChronology, visibleChronologyFacets } from '../src/features/cases/queries.ts';
import { createClockService } from '../src/features/clocks/service.ts';
import { createProfileRegistry } from '../src/features/profiles/service.ts';
import { cseCases } from '../src/features/work/queries.ts';
import { Browserish } from '../test/support/http-client.ts';
import { BENCH_LOCAL_AUTHORITY, generateChildren, loadChildren } from './generate-children.ts';

const require = createRequire(import.meta.url);
type AutocannonResult = { requests: { average: number }; non2xx: number; errors: number; timeouts: number };
type AutocannonInstance = { on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): void };
const autocannon = require('autocannon') as (
  options: { url: string; connections: number; duration: number; headers: Record<string, string> },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const TARGET_P95_MS = 150;
const CONNECTIONS = 20;
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = env('BENCH_SECONDS', 10);
const PASSWORD = 'bench coordinator password';
const COORDINATOR_EMAIL = 'coordinator@bench.example';

type Size = { children: number; entriesPerCase: number; clocks: number };
type Figures = { p50: number; p95: number; p99: number; rps?: number; errors?: number };

const out = (text: string) => process.stdout.write(`${text}\n`);
const ms = (n: number) => `${n.toFixed(1)} ms`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Everything beyond the children and cases, in set-based SQL. */
async function seed(db: Kysely<Database>, size: Size): Promise<void> {
  const started = performance.now();
  const data = generateChildren(size.children);
  await loadChildren(db, data);
  out(`  ${size.children.toLocaleString('en-GB')} children and cases loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const coordinator = await db
    .insertInto('users')
    .values({ email: COORDINATOR_EMAIL, display_name: 'Bench Coordinator', agency_id: data.agencyId, team_id: data.teams[0]!.id, local_authority_id: BENCH_LOCAL_AUTHORITY, password_hash: await hashPassword(PASSWORD) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('user_roles').values({ user_id: coordinator.id, role: 'cse-coordinator' }).execute();
  await db.insertInto('user_roles').values(data.workers.map((w) => ({ user_id: w.id, role: 'social-worker' }))).execute();

  const t = performance.now();
  // About a third of the open cases are CSE cases, in categories 1-3.
  await sql`update cases set category = 1 + (abs(hashtext(reference)) % 3), stage = 'cse-response', category_decided_at = now() - interval '30 days'
            where status = 'open' and abs(hashtext(reference || 'cse')) % 3 = 0`.execute(db);
  await sql`insert into case_network (case_id, user_id, role_in_case) select id, lead_professional_id, 'Lead professional' from cases where lead_professional_id is not null`.execute(db);

  // Chronology: the indexes are built after the bulk insert, as a restore would.
  await sql`drop index chronology_child_time`.execute(db);
  await sql`drop index chronology_record`.execute(db);
  await sql`
    with w as (select id, agency_id, (row_number() over (order by id)) - 1 as i from users where local_authority_id = ${BENCH_LOCAL_AUTHORITY}),
         c as (select id, child_id, (row_number() over (order by id)) as rn from cases)
    insert into chronology_entries (child_id, case_id, occurred_at, recorded_at, kind, title, summary, agency_id, author_id, sharing_level, source)
    select c.child_id, c.id,
           now() - make_interval(days => g * 9 + (c.rn % 7)::int, hours => ((c.rn + g) % 24)::int),
           now() - make_interval(days => g * 9),
           (array['note', 'significant-event', 'case-note', 'referral', 'network'])[1 + (g % 5)],
           'Entry ' || g || ' about the child',
           'Synthetic chronology entry for the benchmark: a short description of what happened and who was told.',
           w.agency_id, w.id,
           case when (c.rn + g) % 10 = 0 then 'agency' else 'network' end,
           'benchmark'
    from c cross join generate_series(1, ${size.entriesPerCase}) g
    join w on w.i = (c.rn + g) % (select count(*) from w)`.execute(db);
  await sql`create index chronology_child_time on chronology_entries (child_id, occurred_at desc, id)`.execute(db);
  await sql`create index chronology_record on chronology_entries (record_type, record_id)`.execute(db);

  // Running clocks on open cases (a quarter overdue), owned by the lead professional; one open action a case.
  await sql`
    insert into clocks (local_authority_id, profile_id, rule_id, label, source, child_id, case_id, started_at, due_at, warning_hours, owner_user_id)
    select ${BENCH_LOCAL_AUTHORITY}, 'camden', 'bench-rule', 'CSE meeting within 15 working days', 'camden Part 3 §3.3', k.child_id, k.id,
           now() - interval '20 days', now() + make_interval(hours => (k.rn % 960)::int - 240), 24, k.lead_professional_id
    from (select id, child_id, lead_professional_id, row_number() over (order by category nulls last, id) as rn from cases where status = 'open') k
    where k.rn <= ${size.clocks}`.execute(db);
  await sql`
    insert into actions (case_id, title, owner_user_id, due_date, source_type)
    select id, 'Visit the child at home', lead_professional_id, (now() + make_interval(days => (abs(hashtext(reference)) % 60) - 15))::date, 'manual'
    from cases where status = 'open' and lead_professional_id is not null`.execute(db);
  // Missing episodes: one closed episode on every tenth open case and an open one ("missing now") on every
  // fiftieth, reported by the lead professional; the identity bar looks for an open one on every case page.
  await sql`
    insert into missing_episodes (case_id, child_id, left_at, reported_at, reported_by, agency_id, from_where, appearance_on_leaving, returned_at, appearance_on_return, return_recorded_by)
    select k.id, k.child_id, now() - interval '40 days', now() - interval '40 days', k.lead_professional_id, u.agency_id, 'home', 'Grey hoodie, black trainers',
           now() - interval '38 days', 'Tired and hungry', k.lead_professional_id
    from (select id, child_id, lead_professional_id, row_number() over (order by id) as rn from cases where status = 'open' and lead_professional_id is not null) k
    join users u on u.id = k.lead_professional_id
    where k.rn % 10 = 0`.execute(db);
  await sql`
    insert into missing_episodes (case_id, child_id, left_at, reported_at, reported_by, agency_id, from_where, appearance_on_leaving)
    select k.id, k.child_id, now() - interval '1 day', now() - interval '20 hours', k.lead_professional_id, u.agency_id, 'care-placement', 'Blue coat'
    from (select id, child_id, lead_professional_id, row_number() over (order by id) as rn from cases where status = 'open' and lead_professional_id is not null) k
    join users u on u.id = k.lead_professional_id
    where k.rn % 50 = 0`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ entries: number; clocks: number }>`select (select count(*) from chronology_entries)::int as entries, (select count(*) from clocks where stopped_at is null)::int as clocks`.execute(db);
  out(`  ${counts.rows[0]!.entries.toLocaleString('en-GB')} chronology entries, ${counts.rows[0]!.clocks.toLocaleString('en-GB')} running clocks and the rest in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** A CSE case with the median number of entries, and the coordinator as an actor. */
async function subjects(db: Kysely<Database>) {
  const kase = await db.selectFrom('cases').select(['id', 'child_id']).where('category', '=', 3).where('status', '=', 'open').orderBy('reference').limit(1).offset(100).executeTakeFirstOrThrow();
  const user = await db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', COORDINATOR_EMAIL).executeTakeFirstOrThrow();
  const actor: Actor = { id: user.id, roles: ['cse-coordinator'], agencyId: user.agency_id, localAuthorityId: BENCH_LOCAL_AUTHORITY, active: true };
  return { caseId: kase.id, childId: kase.child_id, actor };
}

/** The same reads the three pages make, straight to the database, one after another. */
async function directSql(db: Kysely<Database>, s: Awaited<ReturnType<typeof subjects>>, iterations = 200) {
  const clocks = createClockService(createProfileRegistry('camden'));
  const now = new Date();
  const work: Record<string, () => Promise<unknown>> = {
    'case page': () =>
      Promise.all([
        caseOverview(db, s.caseId),
        visibleChronology(db, s.actor, s.childId, { limit: 10, offset: 0 }),
        clocks.forSubject(db, { caseId: s.caseId }, now),
        db.selectFrom('actions').selectAll().where('case_id', '=', s.caseId).where('status', '=', 'open').orderBy('due_date').limit(50).execute(),
      ]),
    'chronology page 1': () => Promise.all([visibleChronology(db, s.actor, s.childId, { limit: 25, offset: 0 }), visibleChronologyFacets(db, s.actor, s.childId)]),
    'coordinator work list': () => cseCases(db, BENCH_LOCAL_AUTHORITY, now, { page: 1, pageSize: 25, overdueOnly: false }), // the headline counts are cached
  };
  const results: Record<string, Figures> = {};
  for (const [name, fn] of Object.entries(work)) {
    for (let i = 0; i < 10; i++) await fn();
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    results[name] = figures(samples);
  }
  return results;
}

async function load(url: string, cookie: string, duration = seconds): Promise<Figures> {
  const samples: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration, headers: { cookie } }, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  });
  return { ...figures(samples), rps: result.requests.average, errors: result.non2xx + result.errors + result.timeouts };
}

async function httpRun(url: string, s: Awaited<ReturnType<typeof subjects>>) {
  const browser = new Browserish(url);
  await browser.signIn(COORDINATOR_EMAIL, PASSWORD);
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const pages = { 'case page': `/cases/${s.caseId}`, 'chronology page 1': `/cases/${s.caseId}/chronology`, 'coordinator work list': '/work/cse' };
  const results: Record<string, Figures> = {};
  for (const [name, path] of Object.entries(pages)) {
    const check = await browser.get(path);
    if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
    await load(url + path, cookie, 2); // warm-up: compiled templates, plans and caches
    results[name] = await load(url + path, cookie);
  }
  return results;
}

function report(label: string, http: Record<string, Figures>, direct: Record<string, Figures>, target: number | null): boolean {
  out(`\n  ${label}: ${CONNECTIONS} connections, ${seconds} s a page`);
  out(`  ${'page'.padEnd(24)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'p99'.padStart(10)} ${'req/s'.padStart(8)} ${'errors'.padStart(7)}   | direct SQL p50 / p95 / p99`);
  let ok = true;
  for (const [name, f] of Object.entries(http)) {
    const d = direct[name]!;
    const miss = target !== null && f.p95 >= target;
    if (miss || (f.errors ?? 0) > 0) ok = false;
    out(`  ${name.padEnd(24)} ${ms(f.p50).padStart(10)} ${ms(f.p95).padStart(10)} ${ms(f.p99).padStart(10)} ${(f.rps ?? 0).toFixed(0).padStart(8)} ${String(f.errors ?? 0).padStart(7)}   | ${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.p99)}${miss ? `   MISSED p95 < ${target} ms` : ''}`);
  }
  return ok;
}

async function postgresRun(): Promise<boolean> {
  // BENCH_KEEP=1 keeps the seeded database (harbour_bench_kept) for the next run, which then skips the seeding:
  // for measuring one change after another without two minutes of seeding each time.
  const keep = process.env.BENCH_KEEP === '1';
  const name = keep ? 'harbour_bench_kept' : `harbour_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | null = null;
  let harbour: Awaited<ReturnType<typeof startHarbour>> | null = null;
  let seeded = false; // a half-seeded kept database is dropped, so that the next run seeds it again
  try {
    handle = openPostgres(url.toString(), 4);
    await migrateToLatest(handle.db);
    if (exists) out(`PostgreSQL (${name}): kept from an earlier run`);
    else {
      out(`PostgreSQL (${name}): seeding`);
      await seed(handle.db, { children: env('BENCH_CHILDREN', 100_000), entriesPerCase: 20, clocks: 50_000 });
    }
    seeded = true;
    const s = await subjects(handle.db);
    const direct = await directSql(handle.db, s);
    await handle.close();
    handle = null;
    // Two web processes by default (HARBOUR_WORKERS): the deployment shape for PostgreSQL on two cores.
    harbour = await startHarbour({ DATABASE_URL: url.toString(), HARBOUR_WORKERS: process.env.BENCH_WORKERS ?? '2' });
    const http = await httpRun(harbour.url, s);
    return report('PostgreSQL', http, direct, TARGET_P95_MS);
  } finally {
    if (harbour) await stopHarbour(harbour);
    if (handle) await handle.close();
    if (!keep || !seeded) {
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    }
  }
}

async function pgliteRun(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-bench-pglite-'));
  let harbour: Awaited<ReturnType<typeof startHarbour>> | null = null;
  try {
    const children = env('BENCH_PGLITE_CHILDREN', 10_000);
    out(`\nPGlite (${dataDir}): seeding`);
    const handle = await openPglite(dataDir);
    let direct: Record<string, Figures>;
    let s: Awaited<ReturnType<typeof subjects>>;
    try {
      await migrateToLatest(handle.db);
      await seed(handle.db, { children, entriesPerCase: 20, clocks: Math.round(children / 2) });
      s = await subjects(handle.db);
      direct = await directSql(handle.db, s);
    } finally {
      await handle.close();
    }
    harbour = await startHarbour({ HARBOUR_DATA_DIR: dataDir });
    const http = await httpRun(harbour.url, s);
    report('PGlite (for information)', http, direct, null);
    return true;
  } finally {
    if (harbour) await stopHarbour(harbour);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let ok = true;
if (!process.env.BENCH_SKIP_POSTGRES) ok = (await postgresRun()) && ok;
if (!process.env.BENCH_SKIP_PGLITE) ok = (await pgliteRun()) && ok;
out(ok ? '\nCase pages: all figures within target.' : '\nCase pages: target missed or errors (see above).');
process.exitCode = ok ? 0 : 1;
