// One Kysely instance over either PostgreSQL (DATABASE_URL) or embedded PGlite in the data directory.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database } from './schema.ts';

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Dates stay 'YYYY-MM-DD' strings: turning them into JS Dates would shift them by the server's time zone.
pg.types.setTypeParser(DATE_OID, (value: string) => value);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** PGlite only: the whole database as a gzipped tarball. */
  dump?: () => Promise<Blob | File>;
  /** Flushes and closes; for PGlite also releases the data-directory lock. */
  close(): Promise<void>;
};

export class DataDirectoryLockedError extends Error {}

/**
 * Kysely's PGlite driver hands the one connection to every caller, so a query issued by one request while
 * another request's transaction is open would run inside that transaction. Serialising acquisition gives
 * each transaction the connection to itself.
 */
class SerialisedDriver implements Driver {
  #inner: Driver;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;
  constructor(inner: Driver) {
    this.#inner = inner;
  }
  init() {
    return this.#inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = null;
    release?.();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection);
  }
  savepoint(...args: Parameters<NonNullable<Driver['savepoint']>>) {
    return this.#inner.savepoint!(...args);
  }
  rollbackToSavepoint(...args: Parameters<NonNullable<Driver['rollbackToSavepoint']>>) {
    return this.#inner.rollbackToSavepoint!(...args);
  }
  releaseSavepoint(...args: Parameters<NonNullable<Driver['releaseSavepoint']>>) {
    return this.#inner.releaseSavepoint!(...args);
  }
  destroy() {
    return this.#inner.destroy();
  }
}

class SerialisedPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new SerialisedDriver(super.createDriver());
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite allows one process per directory; a second one silently loses commits, so we refuse it. */
export function lockDataDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, 'harbour.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
        throw new DataDirectoryLockedError(
          `Another Harbour (process ${holder}) is already using the data directory ${dir}. ` +
            'The embedded database allows one process per directory: stop the other one, or set HARBOUR_DATA_DIR to another directory.',
        );
      }
      // The previous holder died without cleaning up: the lock is stale.
      unlinkSync(lockFile);
    }
  }
  throw new DataDirectoryLockedError(`Could not lock the data directory ${dir}`);
}

/** `loadDataDir`: start from a dump (tests start from an already migrated template instead of migrating again). */
export async function openPglite(dataDir: string | null, options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDirectory(dataDir) : () => {};
  try {
    const pgliteDir = dataDir ? join(dataDir, 'pglite') : undefined;
    if (pgliteDir && !existsSync(pgliteDir)) mkdirSync(pgliteDir, { recursive: true });
    const pglite = await PGlite.create({
      ...(pgliteDir ? { dataDir: pgliteDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
      parsers: {
        [DATE_OID]: (value: string) => value,
        [INT8_OID]: (value: string) => Number(value),
        [NUMERIC_OID]: (value: string) => Number(value),
      },
    });
    const db = new Kysely<Database>({ dialect: new SerialisedPGliteDialect({ pglite }) });
    return {
      db,
      kind: 'pglite',
      dump: () => pglite.dumpDataDir('gzip'),
      async close() {
        try {
          if (!pglite.closed) {
            // A checkpoint writes everything to the data files before the WASM instance goes away.
            await pglite.query('CHECKPOINT');
          }
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

const MAX_PREPARED_TEXTS = 2000;
const preparedNames = new Map<string, string>();

/**
 * The name under which a parameterised statement is prepared on each connection, or null past the bound.
 * A named statement is parsed and planned once per connection instead of on every request: on the case page
 * that planning was most of PostgreSQL's time (ADR 0008).
 */
function preparedName(text: string): string | null {
  let name = preparedNames.get(text);
  if (name === undefined) {
    if (preparedNames.size >= MAX_PREPARED_TEXTS) return null;
    name = `h${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

type QueryFn = (text: unknown, values?: unknown) => unknown;
const namedClients = new WeakSet<object>();
function useNamedStatements(client: pg.PoolClient): pg.PoolClient {
  if (namedClients.has(client)) return client;
  namedClients.add(client);
  const original = client.query.bind(client) as QueryFn;
  // Only statements with parameters: those without (migrations' DDL, BEGIN, COMMIT) keep the simple protocol.
  (client as unknown as { query: QueryFn }).query = (text, values) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = preparedName(text);
      if (name) return original({ name, text, values });
    }
    return original(text, values);
  };
  return client;
}

export function openPostgres(connectionString: string, max = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client's network error must not crash the process; the pool replaces the client.
  pool.on('error', () => {});
  const namedPool = {
    connect: async () => useNamedStatements(await pool.connect()),
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedPool as unknown as pg.Pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export async function openDatabase(options: { databaseUrl: string | null; dataDir: string | null }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
