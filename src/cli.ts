// Harbour's command line: start, migrate, seed-demo, audit-verify.
import { loadConfig, ConfigError } from './platform/config.ts';
import { DataDirectoryLockedError, openDatabase } from './platform/database/connection.ts';
import { migrateToLatest } from './platform/database/migrate.ts';
import { demoSignInText, startHarbour } from './platform/server.ts';
import { isDatabaseEmpty, loadDemoData } from './features/demo/demo-data.ts';
import { verifyAuditTrail } from './features/audit/audit-trail.ts';
import { UnknownProfileError } from './features/profiles/profile-registry.ts';
import { ProfileLoadError } from './profiles/index.ts';

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

async function main(command: string | undefined) {
  switch (command) {
    case 'start': {
      const harbour = await startHarbour();
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
    default:
      fail('Usage: node src/cli.ts <start | migrate | seed-demo | audit-verify>');
  }
}

main(process.argv[2]).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryLockedError || error instanceof UnknownProfileError || error instanceof ProfileLoadError) {
    fail(`Harbour cannot start: ${error.message}`);
  } else {
    fail(`Harbour failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
  }
  process.exit(1);
});
