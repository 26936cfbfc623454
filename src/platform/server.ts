// Starting and stopping Harbour: configuration, database, migrations, demo data, HTTP, background work, clean shutdown.
// What Harbour is made of (services, routers, workers, the hooks below) comes from the composition root
// (src/composition.ts): the platform knows no feature by name.
import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { openDatabase } from './database/connection.ts';
import type { DatabaseHandle, Db } from './database/connection.ts';
import { migrateToLatest } from './database/migrate.ts';
import { createApp } from './web/app.ts';
import type { PlatformServices, WebFeatures } from './web/app.ts';
import { logger } from './logger.ts';

/** Background work: started once the server listens; its stop is awaited, in reverse order, before the database closes. */
export type Worker = { name: string; start(): () => void | Promise<void> };

export type Composition<S extends PlatformServices> = {
  /** Checked before the database is opened: a broken procedure profile stops start-up here. */
  checkBeforeStart(config: Config): void;
  /** After the migrations, once (by the only process, or the cluster's primary): answers whether demo data was loaded. */
  loadDemoData(db: Db, config: Config): Promise<boolean>;
  services(config: Config, handle: DatabaseHandle): S;
  web(services: S): WebFeatures;
  workers(services: S): Worker[];
};

export type RunningHarbour<S extends PlatformServices> = { config: Config; services: S; server: Server; handle: DatabaseHandle; url: string; stop(): Promise<void> };

/** Migrations and demo data: run once, by the only process or by the cluster's primary before it forks. */
export async function prepareDatabase<S extends PlatformServices>(config: Config, composition: Composition<S>): Promise<{ applied: string[]; demoLoaded: boolean }> {
  composition.checkBeforeStart(config);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await prepare(handle, config, composition);
  } finally {
    await handle.close();
  }
}

async function prepare<S extends PlatformServices>(handle: DatabaseHandle, config: Config, composition: Composition<S>) {
  const applied = await migrateToLatest(handle.db);
  const demoLoaded = await composition.loadDemoData(handle.db, config);
  return { applied, demoLoaded };
}

export async function startHarbour<S extends PlatformServices>(composition: Composition<S>, config: Config = loadConfig(), options: { prepared?: boolean } = {}): Promise<RunningHarbour<S>> {
  const started = performance.now();
  composition.checkBeforeStart(config);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied, demoLoaded } = options.prepared ? { applied: [], demoLoaded: false } : await prepare(handle, config, composition);
    const services = composition.services(config, handle);
    const app = createApp(services, composition.web(services));
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
    const stops = composition.workers(services).map((worker) => worker.start());
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
          for (const stop of stops.reverse()) await stop();
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
