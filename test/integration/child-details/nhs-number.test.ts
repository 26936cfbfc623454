// Issue 15: a child's NHS number is recorded from their case (the merge guard compares NHS numbers): a number failing
// its Modulus 11 check is the error summary and writes nothing; a valid one is saved, on the chronology and audited
// without the number; a stale form writes nothing; someone outside the network may not record it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';

describe(`recording a child's NHS number (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId: string;
  let childId: string;
  before(async () => {
    harbour = await startTestHarbour();
    const kase = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    caseId = kase.id;
    childId = kase.child_id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const child = () => harbour.db.selectFrom('children').select(['nhs_number', 'version']).where('id', '=', childId).executeTakeFirstOrThrow();
  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };

  it('a wrong check digit is the error summary and writes nothing; a valid number is saved, on the chronology, audited without it', async () => {
    const worker = await signedIn('social.worker');
    const before = await child();
    const form = await worker.get(`/cases/${caseId}/nhs-number`);
    assert.equal(form.status, 200);
    const wrong = await worker.request('POST', `/cases/${caseId}/nhs-number`, { _csrf: csrfTokenIn(form.text), version: String(before.version), nhsNumber: '943 476 5918' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /href="#nhsNumber">Enter a valid NHS number/);
    assert.deepEqual(await child(), before);
    const saved = await worker.request('POST', `/cases/${caseId}/nhs-number`, { _csrf: csrfTokenIn(form.text), version: String(before.version), nhsNumber: '943 476 5919' });
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    const after = await child();
    assert.equal(after.nhs_number, '9434765919');
    assert.equal(after.version, before.version + 1);
    assert.match((await worker.get(`/cases/${caseId}`)).text, /943 476 5919/);
    const audit = await harbour.db.selectFrom('audit_events').selectAll().where('entity_id', '=', childId).where('action', '=', 'child.nhs-number-recorded').execute();
    assert.equal(audit.length, 1);
    assert.doesNotMatch(JSON.stringify(audit[0]), /9434765919/);
    const entries = await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', caseId).where('title', '=', 'NHS number recorded').execute();
    assert.equal(entries.length, 1);
  });

  it('a stale form writes nothing; a teacher outside the network may not record it', async () => {
    const worker = await signedIn('social.worker');
    const now = await child();
    const form = await worker.get(`/cases/${caseId}/nhs-number`);
    const stale = await worker.request('POST', `/cases/${caseId}/nhs-number`, { _csrf: csrfTokenIn(form.text), version: String(now.version - 1), nhsNumber: '0000000000' });
    assert.equal(stale.status, 409);
    assert.deepEqual(await child(), now);
    const teacher = await signedIn('teacher');
    const page = await teacher.get('/account');
    const refused = await teacher.request('POST', `/cases/${caseId}/nhs-number`, { _csrf: csrfTokenIn(page.text), version: String(now.version), nhsNumber: '0000000000' });
    assert.ok(refused.status === 403 || refused.status === 404, String(refused.status));
    assert.deepEqual(await child(), now);
  });
});
