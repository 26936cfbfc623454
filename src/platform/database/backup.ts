// Backups and restores for both databases (issue 16). PostgreSQL uses its own tools (pg_dump's custom format and
// pg_restore); the embedded database uses PGlite's own dump of its data directory. Every backup writes a manifest
// beside itself (each table's row count), and a restore refuses a non-empty target and then checks the restored
// database against that manifest, so "restored" means every record came back.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { openPglite, openPostgres } from './connection.ts';

export class BackupError extends Error {}

export type TableCounts = Record<string, number>;

export type Manifest = {
  format: 'harbour-backup-1';
  database: 'postgres' | 'pglite';
  createdAt: string;
  tables: TableCounts;
};

export const manifestPathOf = (file: string) => `${file}.manifest.json`;

/** Row counts of every table in the public schema (the migrations' own bookkeeping included). */
export async function tableCounts(db: Kysely<Database>): Promise<TableCounts> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: TableCounts = {};
  for (const { table_name } of tables.rows) {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db);
    counts[table_name] = Number(row.rows[0]!.n);
  }
  return counts;
}

/** Tables whose counts differ between what a backup recorded and what a restore holds. */
export function countDifferences(expected: TableCounts, actual: TableCounts): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names].sort().filter((name) => expected[name] !== actual[name]).map((name) => `${name}: backed up ${expected[name] ?? 'absent'}, restored ${actual[name] ?? 'absent'}`);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new BackupError(error.code === 'ENOENT' ? `${command} is not installed: install the PostgreSQL client tools (${command}) matching the server's version` : error.message)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

function writeAtomically(file: string, data: Buffer | string) {
  const partial = `${file}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}

/** A PGlite data directory holds a database once PGlite has written its version file there. */
const pgliteHasDatabase = (dataDir: string) => existsSync(join(dataDir, 'pglite', 'PG_VERSION'));

export async function backup(options: { databaseUrl: string | null; dataDir: string; file: string; now?: Date }): Promise<Manifest> {
  const createdAt = (options.now ?? new Date()).toISOString();
  let manifest: Manifest;
  if (options.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', `${options.file}.partial`, '--dbname', options.databaseUrl]);
    renameSync(`${options.file}.partial`, options.file);
    const handle = openPostgres(options.databaseUrl, 1);
    try {
      manifest = { format: 'harbour-backup-1', database: 'postgres', createdAt, tables: await tableCounts(handle.db) };
    } finally {
      await handle.close();
    }
  } else {
    if (!pgliteHasDatabase(options.dataDir)) throw new BackupError(`There is no embedded database in ${options.dataDir} to back up`);
    // Opening takes the data directory's lock: a running Harbour keeps it, so a backup never copies a database mid-write.
    const handle = await openPglite(options.dataDir);
    try {
      const dump = await handle.dump!();
      writeAtomically(options.file, Buffer.from(await dump.arrayBuffer()));
      manifest = { format: 'harbour-backup-1', database: 'pglite', createdAt, tables: await tableCounts(handle.db) };
    } finally {
      await handle.close();
    }
  }
  writeAtomically(manifestPathOf(options.file), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function readManifest(file: string): Manifest {
  const path = manifestPathOf(file);
  if (!existsSync(file)) throw new BackupError(`No backup file at ${file}`);
  if (!existsSync(path)) throw new BackupError(`The backup's manifest ${path} is missing: without it the restore cannot be checked`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== 'harbour-backup-1') throw new BackupError(`${path} is not a Harbour backup manifest`);
  return manifest;
}

/**
 * Restores into an empty database only (never over a live one), then compares every table's count with the
 * manifest. Returns the restored counts; the caller verifies the audit chain on the open database.
 */
export async function restore<T>(
  options: { databaseUrl: string | null; dataDir: string; file: string },
  check: (db: Kysely<Database>) => Promise<T>,
): Promise<{ manifest: Manifest; counts: TableCounts; checked: T }> {
  const manifest = readManifest(options.file);
  if ((manifest.database === 'postgres') !== Boolean(options.databaseUrl)) {
    throw new BackupError(`This backup is of ${manifest.database === 'postgres' ? 'a PostgreSQL database: set DATABASE_URL to restore it' : 'the embedded database: unset DATABASE_URL to restore it'}`);
  }
  if (options.databaseUrl) {
    const handle = openPostgres(options.databaseUrl, 1);
    try {
      const existing = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(handle.db);
      if (Number(existing.rows[0]!.n) > 0) throw new BackupError('The target database is not empty: restore into a new, empty database');
    } finally {
      await handle.close();
    }
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', options.databaseUrl, options.file]);
    const after = openPostgres(options.databaseUrl, 1);
    try {
      return await compared(after.db, manifest, check);
    } finally {
      await after.close();
    }
  }
  if (pgliteHasDatabase(options.dataDir) || (existsSync(join(options.dataDir, 'pglite')) && readdirSync(join(options.dataDir, 'pglite')).length > 0)) {
    throw new BackupError(`${options.dataDir} already holds a database: restore into an empty data directory`);
  }
  const handle = await openPglite(options.dataDir, { loadDataDir: new Blob([readFileSync(options.file)]) });
  try {
    return await compared(handle.db, manifest, check);
  } finally {
    await handle.close();
  }
}

async function compared<T>(db: Kysely<Database>, manifest: Manifest, check: (db: Kysely<Database>) => Promise<T>) {
  const counts = await tableCounts(db);
  const differences = countDifferences(manifest.tables, counts);
  if (differences.length) throw new BackupError(`The restored database does not match the backup:\n  ${differences.join('\n  ')}`);
  return { manifest, counts, checked: await check(db) };
}
