// Issue 15 through HTTP: a missing episode's leaving details are corrected like its return (the version checked, the
// chronology brought up to date, audited), and overlapping episodes are refused wherever they would arise: a new
// report, a corrected leaving, a corrected return (bedford-luton Appendix 2).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const NOW = londonInstant('2026-11-16', 10, 30);
const OVERLAP = /These dates overlap another missing episode recorded for this child/;

describe(`correcting a missing episode's leaving details; no overlaps (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId = '';
  let worker: Browserish;
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(NOW);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow()).id;
    worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
  });
  after(async () => {
    await harbour?.stop();
  });

  const episodes = () => harbour.db.selectFrom('missing_episodes').selectAll().where('case_id', '=', caseId).orderBy('left_at').execute();
  const report = (leftDate: string, leftTime: string) =>
    worker.submit(`/cases/${caseId}/missing/new`, `/cases/${caseId}/missing/new`, { leftDate, leftTime, fromWhere: 'home', appearanceOnLeaving: 'Grey hoodie, black trainers', sharingLevel: 'network' });
  const returned = async (id: string, returnedDate: string, returnedTime: string) => {
    const version = String((await harbour.db.selectFrom('missing_episodes').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    return worker.submit(`/cases/${caseId}/missing/${id}/return`, `/cases/${caseId}/missing/${id}/return`, { version, returnedDate, returnedTime, appearanceOnReturn: 'Tired, quiet' });
  };
  const leaving = async (id: string, fields: Record<string, string>, version?: string) => {
    const v = version ?? String((await harbour.db.selectFrom('missing_episodes').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    return worker.submit(`/cases/${caseId}/missing/${id}/leaving`, `/cases/${caseId}/missing/${id}/leaving`, { version: v, fromWhere: 'home', appearanceOnLeaving: 'Grey hoodie, black trainers', ...fields });
  };

  it('two episodes one after the other are fine; a third reported inside the first is refused as an overlap', async () => {
    assert.equal((await report('10/11/2026', '20:00')).status, 303);
    assert.equal((await returned((await episodes())[0]!.id, '11/11/2026', '09:00')).status, 303);
    assert.equal((await report('12/11/2026', '18:00')).status, 303);
    assert.equal((await returned((await episodes())[1]!.id, '13/11/2026', '08:00')).status, 303);
    const overlapping = await report('11/11/2026', '08:00');
    assert.equal(overlapping.status, 400);
    assert.match(overlapping.text, OVERLAP);
    assert.equal((await episodes()).length, 2);
  });

  it('the leaving details are corrected: the chronology follows, audited; an overlapping correction and a stale form are refused', async () => {
    const [first, second] = await episodes();
    const into = await leaving(second!.id, { leftDate: '11/11/2026', leftTime: '07:00' });
    assert.equal(into.status, 400);
    assert.match(into.text, OVERLAP);
    const afterReturn = await leaving(second!.id, { leftDate: '13/11/2026', leftTime: '09:00' });
    assert.equal(afterReturn.status, 400);
    assert.match(afterReturn.text, /must be before the date and time they came back/);
    const fixed = await leaving(second!.id, { leftDate: '12/11/2026', leftTime: '16:00', fromWhere: 'school', whoWith: 'An older boy on a moped' });
    assert.equal(fixed.status, 303);
    const row = (await episodes())[1]!;
    assert.equal(row.left_at.toISOString(), londonInstant('2026-11-12', 16, 0).toISOString());
    assert.equal(row.from_where, 'school');
    const entries = await harbour.db.selectFrom('chronology_entries').select(['kind', 'occurred_at', 'title']).where('record_id', '=', second!.id).orderBy('occurred_at').execute();
    assert.equal(entries[0]!.title, 'Reported missing from school');
    assert.equal(entries[0]!.occurred_at.toISOString(), row.left_at.toISOString());
    assert.equal(entries.filter((e) => e.kind === 'missing-reported').length, 1, 'corrected, not added twice');
    assert.match(entries.find((e) => e.kind === 'missing-returned')!.title, /Returned after 16 hours/);
    assert.equal((await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'missing.leaving-changed').where('outcome', '=', 'success').execute()).length, 1);
    const stale = await leaving(second!.id, { leftDate: '12/11/2026', leftTime: '17:00' }, String(second!.version));
    assert.equal(stale.status, 409);
    const lateReturn = await returned(first!.id, '12/11/2026', '19:00');
    assert.equal(lateReturn.status, 400, 'a corrected return may not run into the next episode');
    assert.match(lateReturn.text, OVERLAP);
  });
});
