// Crash trials (issue 16): Harbour runs in its own process, as `npm start` runs it; several clients make writes and
// keep what the server acknowledged; the server is killed with SIGKILL at a random moment, and the database is then
// opened directly to check that every acknowledged write is there, that no write is half done, and that the audit
// chain verifies. Used by test/integration/foundation/crash.test.ts (a few trials) and bench/crash.bench.ts (many).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchPostgres } from './scratch-postgres.ts';
import { sql } from 'kysely';
import { openPglite, openPostgres } from '../../src/platform/database/connection.ts';
import type { DatabaseHandle } from '../../src/platform/database/connection.ts';
import { verifyAuditTrail } from '../../src/features/audit/service.ts';
import { Browserish } from './http-client.ts';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');

export type CrashFigures = {
  database: 'PGlite' | 'PostgreSQL';
  trials: number;
  acknowledged: { concerns: number; notes: number };
  /** Acknowledged writes missing after the crash: must be 0. */
  lost: number;
  /** Writes present without their audit row or chronology entry: must be 0. */
  halfWritten: number;
  /** Trials after which the audit chain did not verify: must be 0. */
  brokenAuditChains: number;
  /** Milliseconds from the clients' start to the kill, per trial. */
  killedAfterMs: number[];
};

type Place = { env: Record<string, string>; open(): Promise<DatabaseHandle>; drop(): Promise<void> };

async function newPlace(serverUrl: string | undefined): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-crash-'));
  const env = { HARBOUR_DATA_DIR: dataDir, SESSION_SECRET: randomBytes(32).toString('hex'), HARBOUR_PROFILE: 'camden', PORT: '0', LOG_LEVEL: 'warn' };
  if (!serverUrl) return { env, open: () => openPglite(dataDir), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const database = await scratchPostgres(serverUrl, 'harbour_crash');
  return {
    env: { ...env, DATABASE_URL: database.url },
    open: async () => openPostgres(database.url, 1),
    drop: async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts `node src/cli.ts start` and resolves with its URL once it listens. */
function startServer(place: Place): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start'], { env: { ...process.env, NODE_ENV: 'test', ...place.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Harbour did not start within 90 s: ${output.slice(-500)}`));
    }, 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Harbour is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Harbour exited (${code}) before listening: ${output.slice(-500)}`));
    });
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

type Acknowledged = { concernKeys: string[]; noteMarkers: string[] };

/** One practitioner writing until the server goes away; keeps only what the server acknowledged with a redirect. */
async function writer(url: string, who: string, caseId: string, ack: Acknowledged, stop: { now: boolean }) {
  const browser = new Browserish(url);
  try {
    if ((await browser.signIn(`${who}@harbour.example`)).status !== 303) return;
    for (let i = 0; !stop.now; i++) {
      if (who === 'social.worker' && i % 2 === 1) {
        const marker = `crash-note-${randomUUID()}`;
        const res = await browser.submit(`/cases/${caseId}/notes/new`, `/cases/${caseId}/notes`, { contactDate: new Date().toISOString().slice(0, 10), contactType: 'phone call', body: `Spoke to the child by phone. ${marker}`, sharingLevel: 'network' });
        if (res.status === 303) ack.noteMarkers.push(marker);
      } else {
        const key = randomUUID();
        const res = await browser.submit('/concerns/new', '/concerns', {
          idempotencyKey: key,
          narrative: 'Seen getting into a silver car with two older men after school.',
          childKnownAs: `Crash ${key.slice(0, 8)}`,
          childApproximateAge: '14',
          immediateDanger: 'no',
          dslConsulted: 'yes',
        });
        if (res.status === 303) ack.concernKeys.push(key);
      }
    }
  } catch {
    // The server was killed mid-request: that write was never acknowledged.
  }
}

async function check(place: Place, ack: Acknowledged) {
  const handle = await place.open();
  try {
    const db = handle.db;
    let lost = 0;
    let halfWritten = 0;
    if (ack.concernKeys.length) {
      const rows = await db.selectFrom('contacts').select(['id', 'idempotency_key', 'status']).where('idempotency_key', 'in', ack.concernKeys).execute();
      lost += ack.concernKeys.length - rows.filter((r) => r.status === 'received').length;
    }
    // Every concern a crash left behind, acknowledged or not, is whole: its audit row and its clocks came with it.
    const whole = await db
      .selectFrom('contacts as c')
      .select('c.id')
      .where('c.status', '=', 'received')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('audit_events as a').select('a.id').where('a.action', '=', 'contact.received').where(sql<boolean>`a.entity_id = c.id::text`))))
      .execute();
    halfWritten += whole.length;
    for (const marker of ack.noteMarkers) {
      const note = await db.selectFrom('case_notes').select(['id', 'chronology_entry_id']).where('body', 'like', `%${marker}`).executeTakeFirst();
      if (!note) lost++;
    }
    const orphanNotes = await db
      .selectFrom('case_notes as n')
      .select('n.id')
      .where((eb) => eb.or([eb('n.chronology_entry_id', 'is', null), eb.not(eb.exists(eb.selectFrom('case_note_versions as v').select('v.id').whereRef('v.note_id', '=', 'n.id')))]))
      .execute();
    halfWritten += orphanNotes.length;
    const verdict = await verifyAuditTrail(db);
    return { lost, halfWritten, chainOk: verdict.ok };
  } finally {
    await handle.close();
  }
}

export async function runCrashTrials(options: { trials: number; serverUrl?: string | undefined; writers?: string[]; minKillMs?: number; maxKillMs?: number; random?: () => number }): Promise<CrashFigures> {
  const random = options.random ?? Math.random;
  const writers = options.writers ?? ['teacher', 'social.worker', 'nurse'];
  const place = await newPlace(options.serverUrl);
  const figures: CrashFigures = { database: options.serverUrl ? 'PostgreSQL' : 'PGlite', trials: 0, acknowledged: { concerns: 0, notes: 0 }, lost: 0, halfWritten: 0, brokenAuditChains: 0, killedAfterMs: [] };
  try {
    for (let trial = 0; trial < options.trials; trial++) {
      const { child, url } = await startServer(place);
      const setup = await place.open().catch(() => null);
      let caseId = '';
      if (setup) {
        // PostgreSQL can be read beside the server; PGlite's directory is the server's alone (read the id once, below).
        caseId = (await setup.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
        await setup.close();
      }
      if (!caseId) caseId = await caseIdThroughPages(url);
      const ack: Acknowledged = { concernKeys: [], noteMarkers: [] };
      const stop = { now: false };
      const started = Date.now();
      const loops = writers.map((who) => writer(url, who, caseId, ack, stop));
      const min = options.minKillMs ?? 300;
      const max = options.maxKillMs ?? 1500;
      // The random moment is counted from the first acknowledged write, so that a slow start (a busy machine signing
      // three people in) never leaves a trial with nothing to lose; at most 60 s is waited for it.
      const waitUntil = Date.now() + 60_000;
      while (ack.concernKeys.length + ack.noteMarkers.length === 0 && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, min + random() * (max - min)));
      await killed(child);
      stop.now = true;
      figures.killedAfterMs.push(Date.now() - started);
      await Promise.all(loops);
      const result = await check(place, ack);
      figures.trials++;
      figures.acknowledged.concerns += ack.concernKeys.length;
      figures.acknowledged.notes += ack.noteMarkers.length;
      figures.lost += result.lost;
      figures.halfWritten += result.halfWritten;
      if (!result.chainOk) figures.brokenAuditChains++;
    }
  } finally {
    await place.drop();
  }
  return figures;
}

/** The demo's first case, found as the social worker finds it: on My work. */
async function caseIdThroughPages(url: string): Promise<string> {
  const browser = new Browserish(url);
  await browser.signIn('social.worker@harbour.example');
  const home = await browser.get('/');
  const match = /href="\/cases\/([0-9a-f-]{36})"/.exec(home.text);
  if (!match) throw new Error('The social worker has no case on My work');
  return match[1]!;
}
