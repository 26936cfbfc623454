// `npm run assurance`: measures what docs/assurance.md reports and writes that page anew, each figure with its date,
// the commit it was measured on and the command that produced it. Needs the PostgreSQL server named by
// ASSURANCE_DATABASE_URL (default the local one) for the PostgreSQL figures; ASSURANCE_CRASH_TRIALS sets the number
// of SIGKILL trials per database (default 50).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchPostgres } from '../test/support/scratch-postgres.ts';
import { runCrashTrials } from '../test/support/crash-harness.ts';
import type { CrashFigures } from '../test/support/crash-harness.ts';

const root = join(import.meta.dirname, '..');
const serverUrl = process.env.ASSURANCE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const trials = Number(process.env.ASSURANCE_CRASH_TRIALS ?? 50);
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

log(`Measuring on ${stamp}…`);
log(`crash trials: ${trials} per database`);
const crash = [await runCrashTrials({ trials, serverUrl }), await runCrashTrials({ trials })];
log('backups');
const backups = [await backupRoundTrip('PostgreSQL'), await backupRoundTrip('PGlite')];

const page = `# Assurance: what has been measured, and how

This page is written by \`npm run assurance\` (\`scripts/assurance.ts\`); do not edit it by hand. Each section says
when it was measured, on which commit, and the command that measures it again. The tests in \`npm test\` check the
same properties on a smaller sample on every change.

## Crash trials

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

## Backups

Measured ${stamp}, by \`npm run assurance\` (\`test/integration/foundation/backup.test.ts\` checks the same in
\`npm test\` on each database).

The demo data is loaded with \`npm run seed:demo\`, backed up with \`npm run backup\` and restored with
\`npm run restore\` into an empty database, which checks every table's row count against the backup's manifest and
verifies the audit chain.

| database | backup | restore |
|---|---|---|
${backups.join('\n')}
`;
writeFileSync(join(root, 'docs', 'assurance.md'), page);
log(page);
const failed = crash.some((f) => f.lost || f.halfWritten || f.brokenAuditChains);
if (failed) process.exitCode = 1;
