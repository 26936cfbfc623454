// A real Harbour for tests: a fresh database (in-memory PGlite, or a new database on the PostgreSQL server
// named by TEST_DATABASE_URL, dropped afterwards), migrated, with demo data, served on a free port.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/platform/config.ts';
import { openPglite, openPostgres } from '../../src/platform/database/connection.ts';
import type { DatabaseHandle } from '../../src/platform/database/connection.ts';
import { migrateToLatest } from '../../src/platform/database/migrate.ts';
import { createServices } from '../../src/services.ts';
import type { Services } from '../../src/services.ts';
import { harbourApp } from '../../src/composition.ts';
import { loadDemoData } from '../../src/features/demo/service.ts';

export type TestHarbour = {
  url: string;
  services: Services;
  db: Services['db'];
  kind: DatabaseHandle['kind'];
  /** Moves the service's clock (for idle time-outs and statutory clocks). */
  clock: { now: Date; advanceMinutes(minutes: number): void; set(at: Date): void; reset(): void };
  stop(): Promise<void>;
};

export const databaseLabel = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'src', 'platform', 'database', 'migrations');

/**
 * Migrating a new PGlite takes seconds; every test file would pay it. The first file migrates once and leaves a
 * dump in the temp directory, named by a hash of the migrations, and later files start from that dump.
 */
async function migratedPglite(): Promise<DatabaseHandle> {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  const template = join(tmpdir(), `harbour-pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (existsSync(template)) {
    const handle = await openPglite(null, { loadDataDir: new Blob([readFileSync(template)]) });
    await migrateToLatest(handle.db);
    return handle;
  }
  const handle = await openPglite(null);
  await migrateToLatest(handle.db);
  const dump = await handle.dump!();
  const partial = `${template}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, template);
  return handle;
}

async function freshDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { handle: await migratedPglite(), drop: async () => {} };
  const name = `harbour_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 5);
  return {
    handle,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function startTestHarbour(options: { env?: Record<string, string>; demoData?: boolean } = {}): Promise<TestHarbour> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    HARBOUR_DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PORT: '0',
    ...options.env,
  });
  const { handle, drop } = await freshDatabase();
  await migrateToLatest(handle.db);
  if (options.demoData !== false) await loadDemoData(handle.db, config.profileId);
  let offsetMs = 0;
  const clock = {
    get now() {
      return new Date(Date.now() + offsetMs);
    },
    advanceMinutes(minutes: number) {
      offsetMs += minutes * 60_000;
    },
    /** Freezes nothing: time keeps moving from `at`, as it would for a person using the service then. */
    set(at: Date) {
      offsetMs = at.getTime() - Date.now();
    },
    reset() {
      offsetMs = 0;
    },
  };
  const services = createServices(config, handle, { now: () => clock.now });
  const app = harbourApp(services);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    db: handle.db,
    kind: handle.kind,
    clock,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await handle.db.destroy();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
