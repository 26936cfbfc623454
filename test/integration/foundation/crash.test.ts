// Issue 16: a crash loses nothing that was acknowledged. Five SIGKILL trials against Harbour in its own process on the
// database under test (bench/crash.bench.ts runs fifty on each database).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseLabel } from '../../support/harness.ts';
import { runCrashTrials } from '../../support/crash-harness.ts';

describe(`crash trials (${databaseLabel})`, () => {
  it('after each SIGKILL every acknowledged concern and note is there, none is half written, and the audit chain verifies', async (t) => {
    const figures = await runCrashTrials({ trials: 5, serverUrl: process.env.TEST_DATABASE_URL });
    t.diagnostic(`crash figures: ${JSON.stringify(figures)}`);
    assert.equal(figures.trials, 5);
    assert.ok(figures.acknowledged.concerns + figures.acknowledged.notes > 0, `some writes were acknowledged before the kills: ${JSON.stringify(figures)}`);
    assert.equal(figures.lost, 0, `acknowledged writes lost: ${JSON.stringify(figures)}`);
    assert.equal(figures.halfWritten, 0, `half-written records: ${JSON.stringify(figures)}`);
    assert.equal(figures.brokenAuditChains, 0, `audit chain broken after a crash: ${JSON.stringify(figures)}`);
  });
});
