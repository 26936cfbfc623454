// Issue 17: a change on the Risk page passes the case's write gate inside its own transaction. The gate audits a
// refusal and nothing else: a refused write (refused by the rules after the gate, or by a closed case) leaves no
// "read succeeded" row for the change, and a write that goes through leaves its own audit row only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const LEVEL_2 = 'matrix.running-away.l2.missing-episodes';
const NOT_IN_NETWORK = '00000000-0000-4000-8000-000000000017';

describe(`the Risk page's writes pass the case write gate, which audits only what happened (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId: string;
  let policeId: string;
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
    policeId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'police@harbour.example').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const gateRows = (outcome: 'success' | 'denied') =>
    harbour.db.selectFrom('audit_events').select(['details']).where('actor_id', '=', policeId).where('entity_id', '=', caseId).where('action', '=', 'case.record-observation').where('outcome', '=', outcome).execute();
  const observations = async () => Number((await harbour.db.selectFrom('risk_observations').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);
  const observe = (b: Browserish, token: string, extra: Record<string, string | string[]> = {}) =>
    b.request('POST', `/cases/${caseId}/risk/observations`, { _csrf: token, indicatorId: LEVEL_2, observedOn: '13/11/2026', howKnown: 'seen', note: 'Missing overnight.', sharingLevel: 'network', ...extra });

  it('an observation refused by the rules after the gate leaves no success row for the gate, and nothing written', async () => {
    const police = await signedIn('police');
    const before = await observations();
    const token = csrfTokenIn((await police.get(`/cases/${caseId}/risk/observations/new`)).text);
    const refused = await observe(police, token, { sharingLevel: 'named', sharedWith: NOT_IN_NETWORK });
    assert.equal(refused.status, 400, refused.text.slice(0, 300));
    assert.match(refused.text, /Choose people from the child’s professional network/);
    assert.equal(await observations(), before);
    assert.deepEqual(await gateRows('success'), [], 'a refused write is not audited as a successful read');
  });

  it('an observation that goes through is audited by the change itself, in its transaction', async () => {
    const police = await signedIn('police');
    const token = csrfTokenIn((await police.get(`/cases/${caseId}/risk/observations/new`)).text);
    const recorded = await observe(police, token);
    assert.equal(recorded.status, 303, recorded.text.slice(0, 300));
    const change = await harbour.db.selectFrom('audit_events').select('outcome').where('actor_id', '=', policeId).where('action', '=', 'risk.observation-recorded').execute();
    assert.deepEqual(change.map((r) => r.outcome), ['success']);
    assert.deepEqual(await gateRows('success'), [], 'the gate writes no row of its own for a change');
  });

  it('on a closed case the refusal is audited (after the rollback) and no success row is left', async () => {
    await harbour.db.updateTable('cases').set({ status: 'closed', closed_at: harbour.clock.now }).where('id', '=', caseId).execute();
    const police = await signedIn('police');
    const before = await observations();
    const token = csrfTokenIn((await police.get(`/cases/${caseId}/risk`)).text);
    const refused = await observe(police, token);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /This case is closed/);
    assert.equal(await observations(), before);
    const denied = await gateRows('denied');
    assert.deepEqual(denied.map((d) => (d.details as { code?: string }).code), ['case-closed'], 'the refusal is audited once');
    assert.deepEqual(await gateRows('success'), []);
  });
});
