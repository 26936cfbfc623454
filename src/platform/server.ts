// Starting and stopping Harbour: configuration, database, migrations, demo data, HTTP, clean shutdown.
import { startRetentionScheduler } from '../features/retention/service.ts';
import { boardServiceFor, startBoardWarmer } from '../features/board/service.ts';
import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { openDatabase } from './database/connection.ts';
import type { DatabaseHandle } from './database/connection.ts';
import { migrateToLatest } from './database/migrate.ts';
import { createServices } from '../services.ts';
import type { Services } from '../services.ts';
import { createApp } from './web/app.ts';
import { createProfileRegistry } from '../features/profiles/profile-registry.ts';
import { createMailer, startOutboxWorker } from '../features/notifications/worker.ts';
import { logger } from './logger.ts';
import { DEMO_PASSWORD, DEMO_USERS, isDatabaseEmpty, loadDemoData } from '../features/demo/demo-data.ts';

export type RunningHarbour = { config: Config; services: Services; server: Server; handle: DatabaseHandle; url: string; stop(): Promise<void> };

/** Migrations and demo data: run once, by the only process or by the cluster's primary before it forks. */
export async function prepareDatabase(config: Config): Promise<{ applied: string[]; demoLoaded: boolean }> {
  createProfileRegistry(config.profileId);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await prepare(handle, config);
  } finally {
    await handle.close();
  }
}

async function prepare(handle: DatabaseHandle, config: Config) {
  const applied = await migrateToLatest(handle.db);
  let demoLoaded = false;
  if (config.loadDemoData && (await isDatabaseEmpty(handle.db))) {
    await loadDemoData(handle.db, config.profileId);
    demoLoaded = true;
  }
  return { applied, demoLoaded };
}

export async function startHarbour(config: Config = loadConfig(), options: { prepared?: boolean } = {}): Promise<RunningHarbour> {
  const started = performance.now();
  // Validate every procedure profile before touching the database: a broken one stops start-up here.
  createProfileRegistry(config.profileId);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied, demoLoaded } = options.prepared ? { applied: [], demoLoaded: false } : await prepare(handle, config);
    const services = createServices(config, handle);
    const app = createApp(services);
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
    const stopOutbox = startOutboxWorker(handle.db, mailer, { publicUrl: config.publicUrl, now: services.now });
    // Forms kept after a time-out are also deleted whenever one is kept or looked for; this catches the rest, so none
    // outlives its 24 hours by more than a quarter of an hour (docs/decisions/0010-nothing-lost-to-a-time-out.md).
    const housekeeping = setInterval(() => {
      services.heldSubmissions.deleteExpired().catch((error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'error' }, 'deleting expired held submissions failed'));
    }, 15 * 60_000);
    housekeeping.unref();
    // The monthly retention review (issue 15): checked at start-up and hourly; runs once a London calendar month.
    const stopRetention = startRetentionScheduler(handle.db, services.now, (error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'error' }, 'the monthly retention review failed'));
    // The board's default views (issue 14), counted at start-up and again as each snapshot reaches 10 minutes, so an
    // analyst normally gets a stored snapshot with its age shown. Off under NODE_ENV=test unless HARBOUR_BOARD_WARM asks.
    const stopBoardWarmer = config.warmBoard ? startBoardWarmer(boardServiceFor(services), (error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'error' }, 'warming the board’s figures failed')) : () => undefined;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    logger.info({ database: handle.kind, migrationsApplied: applied.length, demoLoaded, startupMs: Math.round(performance.now() - started) }, 'Harbour started');
    let stopping: Promise<void> | null = null;
    return {
      config,
      services,
      server,
      handle,
      url,
      stop() {
        stopping ??= (async () => {
          clearInterval(housekeeping);
          stopRetention();
          stopBoardWarmer();
          await stopOutbox();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await handle.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export function demoSignInText(): string {
  const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(32)} ${u.roles.join(', ')}`);
  return [`Demo sign-ins (password for all: "${DEMO_PASSWORD}"):`, ...lines].join('\n');
}
