// Crash trials (issue 16): BENCH_CRASH_TRIALS (default 50) SIGKILLs of Harbour on PostgreSQL (BENCH_DATABASE_URL,
// default the local server) and on PGlite, with three clients writing concerns and notes; after each kill the
// database is opened directly and every acknowledged write, every record's audit row and chronology entry, and the
// audit chain are checked (test/support/crash-harness.ts). Fails when anything acknowledged is lost, anything is
// half written or the chain breaks. BENCH_SKIP_PGLITE=1 or BENCH_SKIP_POSTGRES=1 runs one of the two.
import { runCrashTrials } from '../test/support/crash-harness.ts';
import type { CrashFigures } from '../test/support/crash-harness.ts';

const trials = Number(process.env.BENCH_CRASH_TRIALS ?? 50);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function report(f: CrashFigures): boolean {
  const sorted = [...f.killedAfterMs].sort((a, b) => a - b);
  console.log(`${f.database}: ${f.trials} SIGKILL trials, killed ${sorted[0]}-${sorted.at(-1)} ms after the writers started`);
  console.log(`  acknowledged: ${f.acknowledged.concerns} concerns, ${f.acknowledged.notes} notes`);
  console.log(`  lost: ${f.lost}   half written: ${f.halfWritten}   audit chains broken: ${f.brokenAuditChains}`);
  const ok = f.lost === 0 && f.halfWritten === 0 && f.brokenAuditChains === 0 && f.trials === trials;
  console.log(`  ${ok ? 'pass' : 'FAIL'}\n`);
  return ok;
}

console.log('Crash trials\n');
let ok = true;
process.env.NODE_ENV = 'test';
if (!process.env.BENCH_SKIP_POSTGRES) ok = report(await runCrashTrials({ trials, serverUrl })) && ok;
if (!process.env.BENCH_SKIP_PGLITE) ok = report(await runCrashTrials({ trials })) && ok;
if (!ok) process.exitCode = 1;
