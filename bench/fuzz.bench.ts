// Fuzzing (issue 16): BENCH_FUZZ_PER_ROUTE (default 10,000) generated inputs for every form and API body route, on
// PGlite, or on PostgreSQL with BENCH_FUZZ_DATABASE_URL (a server Harbour may create a scratch database on).
// BENCH_FUZZ_ROUTES=notes,intelligence fuzzes only the routes whose path contains one of those words; BENCH_FUZZ_SEED
// changes the inputs; BENCH_FUZZ_SHARD=1/2 fuzzes every second route from the first (so two processes on PostgreSQL
// share a full run between the two cores). BENCH_FUZZ_LOG=file appends one JSON line a finished route (its key, the
// commit, its inputs, 5xx answers and partial writes); BENCH_FUZZ_RESUME=file skips the routes that file already
// records as clean at the same commit, so that a full run can be made in several sittings. Row counts are compared after every 50 requests when none of them was accepted. Fails on any
// 5xx or partial write. A full run is long (about 25 ms an input on a busy 2-core machine: ~98 routes × 10,000).
import { buildWorld } from '../test/integration/security/world.ts';
import { runFuzz } from '../test/integration/security/fuzz.ts';
import { isStateChanging } from '../test/integration/security/route-list.ts';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

process.env.NODE_ENV = 'test';
if (process.env.BENCH_FUZZ_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_FUZZ_DATABASE_URL;
const perRoute = Number(process.env.BENCH_FUZZ_PER_ROUTE ?? 10_000);
const words = (process.env.BENCH_FUZZ_ROUTES ?? '').split(',').filter(Boolean);
const database = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

console.log(`Fuzzing every form and API body on ${database}: ${perRoute.toLocaleString('en-GB')} inputs per route${words.length ? ` (routes matching ${words.join(', ')})` : ''}\n`);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
type RouteRecord = { route: string; commit: string; inputs: number; serverErrors: number; partialWrites: number; at: string; database: string; routesAtCommit: number };
const logFile = process.env.BENCH_FUZZ_LOG;
const resumeFile = process.env.BENCH_FUZZ_RESUME;
const alreadyClean = new Set(
  resumeFile && existsSync(resumeFile)
    ? readFileSync(resumeFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RouteRecord)
        .filter((r) => r.commit === commit && r.inputs >= perRoute && r.serverErrors === 0 && r.partialWrites === 0)
        .map((r) => r.route)
    : [],
);
if (resumeFile) console.log(`Resuming: ${alreadyClean.size} routes already fuzzed clean at ${commit} (${resumeFile})\n`);
const shard = /^(\d+)\/(\d+)$/.exec(process.env.BENCH_FUZZ_SHARD ?? '');
const world = await buildWorld();
const stateChanging = world.routes.filter((r) => isStateChanging(r.method));
const inShard = new Set(
  stateChanging
    .filter((_, i) => !shard || i % Number(shard[2]) === Number(shard[1]) - 1)
    .map((r) => r.key)
    .filter((key) => !alreadyClean.has(key)),
);
let before = { inputs: 0, serverErrors: 0, partialWrites: 0 };
if (shard) console.log(`Shard ${shard[1]} of ${shard[2]}: ${inShard.size} routes\n`);
try {
  const figures = await runFuzz(world, {
    perRoute,
    seed: Number(process.env.BENCH_FUZZ_SEED ?? 1_600),
    checkEvery: 50,
    only: (r) => inShard.has(r.key) && (words.length === 0 || words.some((w) => r.path.includes(w))),
    onRoute: (route, f) => {
      const record: RouteRecord = { route: route.key, commit, database, routesAtCommit: stateChanging.length, inputs: f.inputs - before.inputs, serverErrors: f.serverErrors.length - before.serverErrors, partialWrites: f.partialWrites.length - before.partialWrites, at: new Date().toISOString() };
      before = { inputs: f.inputs, serverErrors: f.serverErrors.length, partialWrites: f.partialWrites.length };
      if (logFile) appendFileSync(logFile, `${JSON.stringify(record)}\n`);
      console.log(`  ${route.key.padEnd(70)} ${f.inputs.toLocaleString('en-GB').padStart(10)} inputs so far, ${f.serverErrors.length} 5xx, ${f.partialWrites.length} partial writes`);
    },
  });
  console.log(`\n${figures.routes} routes, ${figures.inputs.toLocaleString('en-GB')} inputs in ${(figures.ms / 1000).toFixed(0)} s: ${figures.refused.toLocaleString('en-GB')} refused, ${figures.accepted.toLocaleString('en-GB')} accepted`);
  console.log(`  5xx answers: ${figures.serverErrors.length}   partial writes: ${figures.partialWrites.length}`);
  for (const line of [...figures.serverErrors, ...figures.partialWrites].slice(0, 20)) console.log(`  ${line}`);
  if (figures.serverErrors.length || figures.partialWrites.length) process.exitCode = 1;
} finally {
  await world.stop();
}
