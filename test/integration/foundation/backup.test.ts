// Issue 16: `npm run backup` and `npm run restore` on the database under test. A seeded database is backed up, the
// backup is restored into an empty one, and every table's rows and a verifying audit chain must come back. The
// commands run as an operator runs them: the CLI in its own process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchPostgres } from '../../support/scratch-postgres.ts';
import { databaseLabel } from '../../support/harness.ts';
import { openPglite, openPostgres } from '../../../src/platform/database/connection.ts';
import type { DatabaseHandle } from '../../../src/platform/database/connection.ts';
import { tableCounts } from '../../../src/platform/database/backup.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const CLI = join(import.meta.dirname, '..', '..', '..', 'src', 'cli.ts');
const serverUrl = process.env.TEST_DATABASE_URL;

/** A database place for the CLI: a new PostgreSQL database, or a new empty data directory for PGlite. */
type Place = { env: Record<string, string>; open(): Promise<DatabaseHandle>; drop(): Promise<void> };

async function newPlace(): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-backup-'));
  const base = { HARBOUR_DATA_DIR: dataDir, SESSION_SECRET: randomBytes(32).toString('hex'), HARBOUR_PROFILE: 'camden' };
  if (!serverUrl) {
    return { env: base, open: () => openPglite(dataDir), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const database = await scratchPostgres(serverUrl, 'harbour_backup');
  return {
    env: { ...base, DATABASE_URL: database.url },
    open: async () => openPostgres(database.url, 1),
    drop: async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function cli(place: Place, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, NODE_ENV: 'test', ...place.env }, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe(`backup and restore (${databaseLabel})`, () => {
  let source: Place;
  let target: Place;
  let scratch: string;
  before(async () => {
    [source, target] = await Promise.all([newPlace(), newPlace()]);
    scratch = mkdtempSync(join(tmpdir(), 'harbour-backup-files-'));
  });
  after(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a seeded database backed up and restored into an empty one has every row and a verifying audit chain', async () => {
    const seeded = cli(source, 'seed-demo');
    assert.equal(seeded.status, 0, seeded.stderr);
    const file = join(scratch, 'harbour.backup');
    const backedUp = cli(source, 'backup', file);
    assert.equal(backedUp.status, 0, backedUp.stderr);
    assert.match(backedUp.stdout, /Backed up \d+ tables \(\d+ rows\)/);

    const restored = cli(target, 'restore', file);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, /every count as backed up on .+; audit trail intact: \d+ events checked/);

    const [a, b] = [await source.open(), await target.open()];
    try {
      const [before, afterRestore] = [await tableCounts(a.db), await tableCounts(b.db)];
      assert.deepEqual(afterRestore, before);
      assert.ok(before.children! > 0 && before.cases! > 0 && before.audit_events! > 0, 'the demo data has children, cases and audit events');
      const children = (db: DatabaseHandle['db']) => db.selectFrom('children').select(['id', 'given_name', 'family_name', 'date_of_birth']).orderBy('id').execute();
      assert.deepEqual(await children(b.db), await children(a.db));
      const verdict = await verifyAuditTrail(b.db);
      assert.equal(verdict.ok, true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses to restore over a database that is not empty, and changes nothing there', async () => {
    const file = join(scratch, 'harbour.backup');
    const before = await (async () => {
      const h = await target.open();
      try {
        return await tableCounts(h.db);
      } finally {
        await h.close();
      }
    })();
    const refused = cli(target, 'restore', file);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Refused: .*(not empty|already holds a database)/);
    const h = await target.open();
    try {
      assert.deepEqual(await tableCounts(h.db), before);
    } finally {
      await h.close();
    }
  });

  it('refuses a backup whose manifest is missing or whose file is not there', async () => {
    const lonely = join(scratch, 'no-manifest.backup');
    writeFileSync(lonely, 'not a backup');
    const empty = await newPlace();
    try {
      const missing = cli(empty, 'restore', lonely);
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /manifest .* is missing/);
      const absent = cli(empty, 'restore', join(scratch, 'nothing-here.backup'));
      assert.equal(absent.status, 1);
      assert.match(absent.stderr, /No backup file at/);
    } finally {
      await empty.drop();
    }
  });
});
