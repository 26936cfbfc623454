import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { createMailer, drainOutbox } from '../../../src/features/notifications/worker.ts';

describe(`the e-mail outbox (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  before(async () => {
    harbour = await startTestHarbour();
  });
  after(async () => {
    await harbour?.stop();
  });

  it('sends each pending e-mail once, as a link into Harbour without the record, and marks it processed', async () => {
    const caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0002').executeTakeFirstOrThrow()).id;
    const nurse = new Browserish(harbour.url);
    await nurse.signIn('nurse@harbour.example');
    await nurse.submit(`/cases/${caseId}/break-glass`, `/cases/${caseId}/break-glass`, { reason: 'Emergency admission overnight; need the safety plan now.' });
    const dir = mkdtempSync(join(tmpdir(), 'harbour-mail-'));
    const mailer = createMailer({ smtpUrl: null, from: 'harbour@test.invalid', dataDir: dir });
    const first = await drainOutbox(harbour.db, mailer, { publicUrl: 'https://harbour.test', now: () => harbour.clock.now });
    assert.equal(first.failed, 0);
    assert.ok(first.sent >= 1);
    const files = readdirSync(join(dir, 'mail'));
    assert.equal(files.length, first.sent);
    const mails = files.map((f) => JSON.parse(readFileSync(join(dir, 'mail', f), 'utf8')) as { to: string; subject: string; text: string });
    const toManager = mails.find((m) => m.to === 'manager@harbour.example')!;
    // The link opens the use's page, where the manager reads the reason and reviews it (issue 16); the e-mail has neither.
    const grant = await harbour.db.selectFrom('break_glass_grants').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.match(toManager.text, new RegExp(`https://harbour.test/break-glass/${grant.id}`));
    assert.doesNotMatch(toManager.text, /Tyler|Okafor|Emergency admission/);
    const again = await drainOutbox(harbour.db, mailer, { publicUrl: 'https://harbour.test', now: () => harbour.clock.now });
    assert.equal(again.sent, 0);
    const pending = await harbour.db.selectFrom('outbox').select('id').where('processed_at', 'is', null).execute();
    assert.equal(pending.length, 0);
  });

  it('backs off and retries when sending fails, without losing the message', async () => {
    await harbour.db.insertInto('outbox').values({ kind: 'email', payload: JSON.stringify({ to: 'someone@example.invalid', subject: 'Test' }) }).execute();
    const failing = { kind: 'smtp' as const, send: async () => { throw new Error('connection refused'); } };
    const result = await drainOutbox(harbour.db, failing, { publicUrl: 'https://harbour.test', now: () => harbour.clock.now });
    assert.equal(result.failed, 1);
    const row = await harbour.db.selectFrom('outbox').selectAll().where('processed_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.ok(row.available_at > harbour.clock.now);
    assert.equal(row.last_error, 'Error');
  });
});
