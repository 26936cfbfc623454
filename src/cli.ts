// Harbour's command line: start, migrate, seed-demo, audit-verify, backup, restore.
import { runRetentionReview } from './features/retention/service.ts';
import cluster from 'node:cluster';
import { loadConfig, ConfigError } from './platform/config.ts';
import type { Config } from './platform/config.ts';
import { DataDirectoryLockedError, openDatabase } from './platform/database/connection.ts';
import { migrateToLatest } from './platform/database/migrate.ts';
import { BackupError, backup, manifestPathOf, restore } from './platform/database/backup.ts';
import { prepareDatabase, startHarbour } from './platform/server.ts';
import { demoSignInText, harbour as composition } from './composition.ts';
import { isDatabaseEmpty, loadDemoData } from './features/demo/service.ts';
import { verifyAuditTrail } from './features/audit/service.ts';
import { UnknownProfileError } from './features/profiles/service.ts';
import { ProfileLoadError } from './profiles/index.ts';
import { UnreachableClockError } from './domain/profiles/reachability.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);
const fail = (text: string) => {
  process.stderr.write(`${text}\n`);
  process.exitCode = 1;
};

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Several web processes on one port (PostgreSQL only): the primary migrates and loads demo data once, then
 * forks; sessions, the audit chain lock and the outbox's SKIP LOCKED make the workers safe side by side.
 */
async function startCluster(config: Config) {
  if (cluster.isWorker) {
    const harbour = await startHarbour(composition, config, { prepared: true });
    process.once('SIGTERM', () => void harbour.stop().then(() => process.exit(0)));
    process.once('SIGINT', () => {});
    return;
  }
  await prepareDatabase(config, composition);
  let announced = false;
  let stopping = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    out(`Harbour is running at http://localhost:${address.port} (PostgreSQL, ${config.workers} processes)`);
    if (config.loadDemoData) out(demoSignInText());
    out('Press Ctrl-C to stop.');
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    // A crashed worker is replaced, so one fault does not take the service down.
    process.stderr.write(`A Harbour process (${worker.process.pid}) ended with ${code}; starting another.\n`);
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  const shutdown = (signal: string) => {
    stopping = true;
    out(`\n${signal} received: stopping ${config.workers} processes…`);
    const workers = Object.values(cluster.workers ?? {});
    let remaining = workers.length;
    for (const worker of workers) {
      worker?.once('exit', () => {
        remaining--;
        if (remaining === 0) {
          out('Harbour stopped.');
          process.exit(0);
        }
      });
      worker?.process.kill('SIGTERM');
    }
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

async function main(command: string | undefined) {
  switch (command) {
    case 'start': {
      const config = loadConfig();
      if (config.workers > 1) return startCluster(config);
      const harbour = await startHarbour(composition, config);
      out(`Harbour is running at ${harbour.url} (${harbour.handle.kind === 'pglite' ? `embedded database in ${harbour.config.dataDir}` : 'PostgreSQL'})`);
      if (harbour.config.loadDemoData) out(demoSignInText());
      out('Press Ctrl-C to stop.');
      const shutdown = async (signal: string) => {
        out(`\n${signal} received: closing the database cleanly…`);
        await harbour.stop();
        out('Harbour stopped.');
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      return;
    }
    case 'migrate': {
      const applied = await withDatabase((h) => migrateToLatest(h.db));
      out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return;
    }
    case 'seed-demo': {
      const config = loadConfig();
      await withDatabase(async (h) => {
        if (!(await isDatabaseEmpty(h.db))) return out('The database already has users: demo data not loaded.');
        await loadDemoData(h.db, config.profileId);
        out('Demo data loaded.');
        out(demoSignInText());
      });
      return;
    }
    case 'audit-verify': {
      const verdict = await withDatabase((h) => verifyAuditTrail(h.db));
      if (verdict.ok) return out(`Audit trail intact: ${verdict.checked} events checked.`);
      return fail(`Audit trail broken at event ${verdict.firstBrokenId}: ${verdict.problem}. ${verdict.checked} events before it are intact.`);
    }
    case 'retention-review': {
      // The monthly retention review, run now (the server also runs it once a month): lists records past their date.
      const result = await withDatabase((h) => runRetentionReview(h.db, new Date()));
      return out(`Retention review: ${result.listed} record${result.listed === 1 ? '' : 's'} listed for the information governance officer.`);
    }
    case 'backup': {
      const config = loadConfig();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = process.argv[3] ?? `harbour-backup-${stamp}.${config.databaseUrl ? 'pgdump' : 'tar.gz'}`;
      const manifest = await backup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, file });
      const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
      out(`Backed up ${Object.keys(manifest.tables).length} tables (${rows} rows) to ${file}; manifest ${manifestPathOf(file)}.`);
      return;
    }
    case 'restore': {
      const file = process.argv[3];
      if (!file) return fail('Usage: npm run restore -- FILE (into an empty database: a new DATABASE_URL, or an empty HARBOUR_DATA_DIR)');
      const config = loadConfig();
      const result = await restore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, file }, (db) => verifyAuditTrail(db));
      const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
      if (!result.checked.ok) return fail(`Restored ${rows} rows, but the audit trail is broken at event ${result.checked.firstBrokenId}: ${result.checked.problem}.`);
      out(`Restored ${Object.keys(result.counts).length} tables (${rows} rows), every count as backed up on ${result.manifest.createdAt}; audit trail intact: ${result.checked.checked} events checked.`);
      return;
    }
    default:
      fail('Usage: node src/cli.ts <start | migrate | seed-demo | audit-verify | retention-review | backup [FILE] | restore FILE>');
  }
}

main(process.argv[2]).catch((error: unknown) => {
  if (error instanceof BackupError) {
    fail(`Refused: ${error.message}`);
  } else if (error instanceof ConfigError || error instanceof DataDirectoryLockedError || error instanceof UnknownProfileError || error instanceof ProfileLoadError || error instanceof UnreachableClockError) {
    fail(`Harbour cannot start: ${error.message}`);
  } else {
    fail(`Harbour failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
  }
  process.exit(1);
});
