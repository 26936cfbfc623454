// Board monitoring under load (issue 14: the board's front page and each export under 1 s at p95 with 5 concurrent
// analysts, on PostgreSQL with 100,000 children and 2,000,000 chronology entries).
//
// A scratch database on the server named by BENCH_DATABASE_URL (test/support/scratch-postgres.ts), migrated, seeded
// with the synthetic children of bench/generate-children.ts, 2,000,000 chronology entries, and set-based rows for
// every board figure: concerns and referrals, CSE referrals, category decisions, clocks (met, late, overdue, running),
// missing episodes, Section 47 outcomes, plans, and persons of concern with links and disruptions. Then:
//   1. direct SQL: every figure's query run in turn, as a cold count does (no HTTP, no templates), p50/p95 of 10;
//   2. a cold page: the snapshot deleted, then 5 analysts asking at once;
//   3. autocannon with 5 connections for BENCH_SECONDS on the front page, the CSV export and the XLSX export.
// The scratch database is dropped afterwards.
import { startHarbour as startHarbourProcess } from './harbour-process.ts';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import type { Database } from '../src/platform/database/schema.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { hashPassword } from '../src/features/accounts/service-password-hashing.ts';
import { FIGURES } from '../src/domain/board/figures.ts';
import { lastQuarters } from '../src/domain/board/quarters.ts';
import { periodOptions } from '../src/features/board/service.ts';
import { clocksInPeriod, countFigure, countFigureByQuarter } from '../src/features/board/queries.ts';
import { Browserish, csrfTokenIn } from '../test/support/http-client.ts';
import { scratchPostgres } from '../test/support/scratch-postgres.ts';
import { BENCH_LOCAL_AUTHORITY, generateChildren, loadChildren } from './generate-children.ts';

const require = createRequire(import.meta.url);
type AutocannonResult = { requests: { average: number }; non2xx: number; errors: number; timeouts: number };
type AutocannonInstance = { on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): void };
const autocannon = require('autocannon') as (
  options: { url: string; connections: number; duration: number; headers: Record<string, string>; method?: string; body?: string },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const TARGET_P95_MS = 1000;
const ANALYSTS = 5;
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = env('BENCH_SECONDS', 10);
const PASSWORD = 'bench analyst password';
const ANALYST_EMAIL = 'analyst@bench.example';
const out = (text: string) => process.stdout.write(`${text}\n`);
const ms = (n: number) => `${n.toFixed(1)} ms`;
type Figures = { p50: number; p95: number; rps?: number; errors?: number };

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}
const figures = (samples: number[]): Figures => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

async function seed(db: Kysely<Database>, children: number) {
  const started = performance.now();
  const data = generateChildren(children);
  await loadChildren(db, data);
  out(`  ${children.toLocaleString('en-GB')} children and cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const analyst = await db.insertInto('users').values({ email: ANALYST_EMAIL, display_name: 'Bench Analyst', agency_id: data.agencyId, local_authority_id: null, password_hash: await hashPassword(PASSWORD) }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('user_roles').values({ user_id: analyst.id, role: 'board-analyst' }).execute();
  const t = performance.now();
  // Children's characteristics and cases spread over two years.
  await sql`update children set ethnicity = (array['White British', 'Black British', 'Asian British', 'Mixed', null])[1 + abs(hashtext(id::text)) % 5],
              looked_after = abs(hashtext(id::text || 'lac')) % 7 = 0, disability = case when abs(hashtext(id::text || 'd')) % 11 = 0 then 'Recorded' end`.execute(db);
  await sql`update cases set opened_at = now() - make_interval(days => abs(hashtext(reference)) % 720),
              category = case when abs(hashtext(reference || 'cse')) % 3 = 0 then 1 + (abs(hashtext(reference)) % 3) end`.execute(db);
  await sql`update cases set closed_at = opened_at + interval '60 days' where status = 'closed'`.execute(db);
  // 2,000,000 chronology entries (the board reads none, but they share the database's memory).
  await sql`drop index chronology_child_time`.execute(db);
  await sql`drop index chronology_record`.execute(db);
  await sql`insert into chronology_entries (child_id, case_id, occurred_at, recorded_at, kind, title, summary, sharing_level, source)
    select c.child_id, c.id, now() - make_interval(days => g * 9), now() - make_interval(days => g * 9), 'note', 'Entry ' || g, 'Synthetic entry for the benchmark.', 'network', 'benchmark'
    from cases c cross join generate_series(1, ${Math.round(2_000_000 / children)}) g`.execute(db);
  await sql`create index chronology_child_time on chronology_entries (child_id, occurred_at desc, id)`.execute(db);
  await sql`create index chronology_record on chronology_entries (record_type, record_id)`.execute(db);
  // Concerns and referrals: one contact a case, received when the case opened.
  await sql`insert into contacts (reference, kind, local_authority_id, status, raised_by_agency_id, child_given_name, child_family_name, idempotency_key, received_at, case_id, child_id, details)
    select 'B-' || c.reference, (array['professional-concern', 'public-concern', 'referral'])[1 + abs(hashtext(c.reference || 'k')) % 3], ${BENCH_LOCAL_AUTHORITY}, 'received', ${data.agencyId},
           case when abs(hashtext(c.reference || 'n')) % 9 = 0 then null else 'Given' end, 'Family', 'bench-' || c.reference, c.opened_at, c.id, c.child_id, '{}'
    from cases c`.execute(db);
  const worker = data.workers[0]!.id;
  await sql`insert into cse_referrals (case_id, referred_by, referred_at, reason, status)
    select id, ${worker}, opened_at + interval '1 day', 'bench', (array['awaiting', 'accepted', 'declined'])[1 + abs(hashtext(reference)) % 3] from cases where category is not null`.execute(db);
  await sql`insert into category_decisions (case_id, category, rationale, decided_by, decided_at)
    select id, 1 + abs(hashtext(reference || 'first')) % 3, 'bench', ${worker}, opened_at + interval '2 days' from cases where category is not null`.execute(db);
  await sql`insert into category_decisions (case_id, category, rationale, decided_by, decided_at)
    select id, category, 'bench', ${worker}, opened_at + interval '40 days' from cases where category is not null and abs(hashtext(reference)) % 2 = 0`.execute(db);
  // Clocks: two a case on a third of the cases, met, late, overdue or running.
  await sql`insert into clocks (local_authority_id, profile_id, rule_id, label, case_id, child_id, started_at, due_at, stopped_at)
    select ${BENCH_LOCAL_AUTHORITY}, 'camden', r.rule, 'bench', c.id, c.child_id, c.opened_at, c.opened_at + r.span,
           case abs(hashtext(c.reference || r.rule)) % 4 when 0 then c.opened_at + r.span / 2 when 1 then c.opened_at + r.span * 1.5 when 2 then null else c.opened_at + r.span / 4 end
    from cases c cross join (values ('cse-referral-decision', interval '24 hours'), ('cse-meeting', interval '21 days')) as r(rule, span)
    where abs(hashtext(c.reference)) % 3 = 0`.execute(db);
  await sql`insert into missing_episodes (case_id, child_id, left_at, reported_at, reported_by, agency_id, from_where, appearance_on_leaving, returned_at, return_interview_at)
    select id, child_id, opened_at + interval '5 days', opened_at + interval '5 days', ${worker}, ${data.agencyId}, 'home', 'bench',
           case when abs(hashtext(reference)) % 10 <> 0 then opened_at + interval '6 days' end, case when abs(hashtext(reference)) % 10 <> 0 and abs(hashtext(reference)) % 3 = 0 then opened_at + interval '8 days' end
    from cases where abs(hashtext(reference || 'm')) % 5 = 0`.execute(db);
  await sql`insert into section47_outcomes (case_id, outcome, reasons, recorded_by, recorded_at)
    select id, (array['substantiated', 'not-substantiated'])[1 + abs(hashtext(reference)) % 2], 'bench', ${worker}, opened_at + interval '20 days' from cases where abs(hashtext(reference || 's')) % 8 = 0`.execute(db);
  await sql`insert into plans (case_id, child_id, local_authority_id, profile_id, plan_type, agency_id, created_by, created_at, updated_at)
    select id, child_id, ${BENCH_LOCAL_AUTHORITY}, 'camden', (array['cse-plan', 'child-in-need', 'child-protection'])[1 + abs(hashtext(reference)) % 3], ${data.agencyId}, ${worker}, opened_at, opened_at
    from cases where status = 'open' and abs(hashtext(reference || 'p')) % 4 = 0`.execute(db);
  // 2,000 persons of concern, each linked to 1-8 cases, a quarter with a disruption.
  await sql`insert into intel_entities (kind, label, names, name_keys, agency_id, created_by, created_at, updated_at)
    select 'person', 'Person ' || g, 'person ' || g, array['person ' || g], ${data.agencyId}, ${worker}, now(), now() from generate_series(1, 2000) g`.execute(db);
  await sql`insert into intel_links (entity_id, case_id, child_id, nature, last_known, how_known, sharing_level, shared_with, agency_id, author_id, created_at)
    select e.id, c.id, c.child_id, 'bench', current_date, 'seen', 'network', '{}', ${data.agencyId}, ${worker}, now()
    from (select id, row_number() over (order by id) as rn from intel_entities) e
    cross join lateral generate_series(0, (e.rn % 8)::int) k
    join (select id, child_id, row_number() over (order by id) as rn from cases) c on c.rn = ((e.rn * 37 + k) % ${Math.max(1, children - 10)}) + 1`.execute(db);
  await sql`insert into intel_disruptions (entity_id, kind, taken_on, agency_id, recorded_by, recorded_at)
    select id, (array['child-abduction-notice', 'sexual-harm-prevention-order', 'closure-of-premises', 'other-order'])[1 + abs(hashtext(id::text)) % 4], current_date - (abs(hashtext(id::text)) % 700), ${data.agencyId}, ${worker}, now()
    from intel_entities where abs(hashtext(id::text || 'x')) % 4 = 0`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ entries: number; contacts: number; clocks: number }>`select (select count(*) from chronology_entries)::int as entries, (select count(*) from contacts)::int as contacts, (select count(*) from clocks)::int as clocks`.execute(db);
  const c = counts.rows[0]!;
  out(`  ${c.entries.toLocaleString('en-GB')} chronology entries, ${c.contacts.toLocaleString('en-GB')} contacts, ${c.clocks.toLocaleString('en-GB')} clocks and the rest in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Every figure's SQL, in turn, as a cold count runs it. */
async function directSql(db: Kysely<Database>, runs = 10) {
  const now = new Date();
  const period = periodOptions(now)[0]!;
  const quarters = lastQuarters(now, 8).map((q) => ({ from: q.start, to: q.end }));
  const scope = { localAuthorityId: null, agencyId: null, profileId: null, now };
  const all = async () => {
    for (const f of FIGURES) {
      await countFigure(db, f.id, f.basis, scope, period);
      if (f.trend) await countFigureByQuarter(db, f.id, scope, quarters);
    }
    await clocksInPeriod(db, scope, period);
  };
  await all();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await all();
    samples.push(performance.now() - t);
  }
  const cached: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const t = performance.now();
    await db.selectFrom('board_snapshots').select(['computed_at', 'payload']).limit(1).execute();
    cached.push(performance.now() - t);
  }
  const each: [string, number][] = [];
  for (const f of FIGURES) {
    const t = performance.now();
    await countFigure(db, f.id, f.basis, scope, period);
    if (f.trend) await countFigureByQuarter(db, f.id, scope, quarters);
    each.push([f.id, performance.now() - t]);
  }
  const tc = performance.now();
  await clocksInPeriod(db, scope, period);
  each.push(['timeliness (clocks read)', performance.now() - tc]);
  return { cold: figures(samples), snapshotRead: figures(cached), slowest: each.sort((a, b) => b[1] - a[1]).slice(0, 6) };
}

const startHarbour = async (databaseUrl: string) => {
  const h = await startHarbourProcess({ DATABASE_URL: databaseUrl, HARBOUR_WORKERS: process.env.BENCH_WORKERS ?? '2' });
  return { ...h, dataDir: h.dataDir! };
};

async function load(url: string, headers: Record<string, string>, extra: { method?: string; body?: string } = {}, duration = seconds): Promise<Figures> {
  const samples: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon({ url, connections: ANALYSTS, duration, headers, ...extra }, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  });
  return { ...figures(samples), rps: result.requests.average, errors: result.non2xx + result.errors + result.timeouts };
}

const scratch = await scratchPostgres(serverUrl, 'harbour_bench_board');
let harbour: Awaited<ReturnType<typeof startHarbour>> | null = null;
let ok = true;
try {
  const handle = openPostgres(scratch.url, 4);
  let direct: Awaited<ReturnType<typeof directSql>>;
  try {
    await migrateToLatest(handle.db);
    out('PostgreSQL: seeding');
    await seed(handle.db, env('BENCH_CHILDREN', 100_000));
    direct = await directSql(handle.db);
  } finally {
    await handle.close();
  }
  harbour = await startHarbour(scratch.url);
  const analysts = await Promise.all(Array.from({ length: ANALYSTS }, async () => {
    const b = new Browserish(harbour!.url);
    await b.signIn(ANALYST_EMAIL, PASSWORD);
    return b;
  }));
  // A cold page: no snapshot yet, five analysts at once (they share one count in each web process).
  const coldTimes = await Promise.all(analysts.map(async (b) => {
    const t = performance.now();
    const res = await b.get('/board');
    if (res.status !== 200) throw new Error(`/board answered ${res.status}`);
    return performance.now() - t;
  }));
  const cookie = [...analysts[0]!.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const token = csrfTokenIn((await analysts[0]!.get('/board')).text);
  const form = (format: string) => new URLSearchParams({ _csrf: token, period: 'last-4', format, reason: 'Benchmark of the quarterly report' }).toString();
  const formHeaders = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
  await load(`${harbour.url}/board`, { cookie }, {}, 2);
  const results: Record<string, Figures> = {
    'front page (GET /board)': await load(`${harbour.url}/board`, { cookie }),
    'CSV export': await load(`${harbour.url}/board/export`, formHeaders, { method: 'POST', body: form('csv') }),
    'XLSX export': await load(`${harbour.url}/board/export`, formHeaders, { method: 'POST', body: form('xlsx') }),
  };
  out(`\n  direct SQL, every figure counted cold (what a stale snapshot costs): p50 ${ms(direct.cold.p50)}, p95 ${ms(direct.cold.p95)}`);
  out(`  slowest figures: ${direct.slowest.map(([id, t]) => `${id} ${ms(t)}`).join(', ')}`);
  out(`  direct SQL, reading a stored snapshot: p50 ${ms(direct.snapshotRead.p50)}, p95 ${ms(direct.snapshotRead.p95)}`);
  out(`  cold front page, ${ANALYSTS} analysts at once: ${coldTimes.map((t) => ms(t)).join(', ')}`);
  out(`\n  ${ANALYSTS} concurrent analysts, ${seconds} s each:`);
  out(`  ${'request'.padEnd(26)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'req/s'.padStart(8)} ${'errors'.padStart(7)}`);
  for (const [name, f] of Object.entries(results)) {
    const miss = f.p95 >= TARGET_P95_MS || (f.errors ?? 0) > 0;
    if (miss) ok = false;
    out(`  ${name.padEnd(26)} ${ms(f.p50).padStart(10)} ${ms(f.p95).padStart(10)} ${(f.rps ?? 0).toFixed(0).padStart(8)} ${String(f.errors ?? 0).padStart(7)}${miss ? `   MISSED p95 < ${TARGET_P95_MS} ms or errors` : ''}`);
  }
} finally {
  if (harbour) {
    const h = harbour;
    await new Promise<void>((resolve) => {
      if (h.child.exitCode !== null) return resolve();
      h.child.once('exit', () => resolve());
      h.child.kill('SIGTERM');
    });
    rmSync(h.dataDir, { recursive: true, force: true });
  }
  await scratch.drop();
}
out(ok ? '\nBoard: all figures within target.' : '\nBoard: target missed or errors (see above).');
process.exitCode = ok ? 0 : 1;
