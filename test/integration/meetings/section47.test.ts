// Section 47 outcomes under cambridgeshire (cambridgeshire 5): the mapping to next steps, and the CSE lead told.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { addDays, londonDateOf } from '../../../src/domain/clock/index.ts';

describe(`Section 47 outcomes under cambridgeshire (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId: string;
  const users = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: 'cambridgeshire' } });
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
  });
  after(async () => {
    await harbour?.stop();
  });

  it('cambridgeshire 5: not substantiated needs a follow-up; substantiated creates the conference task and tells the CSE lead', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const url = `/cases/${caseId}/section-47`;
    const form = await sw.get(url);
    assert.match(form.text, /Concerns substantiated/);
    const refused = await sw.submit(url, url, { outcome: 'not-substantiated', hasProtectionPlan: 'no', reasons: 'No evidence of significant harm found' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /Choose a Child in Need Plan, Early Help, or no further action/);
    const due = addDays(londonDateOf(new Date()), 10);
    const ok = await sw.submit(url, url, { outcome: 'substantiated', hasProtectionPlan: 'no', reasons: 'Disclosure corroborated by the medical', dueDate: due });
    assert.equal(ok.status, 303);
    const row = await harbour.db.selectFrom('section47_outcomes').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    const action = await harbour.db.selectFrom('actions').selectAll().where('id', '=', row.action_id!).executeTakeFirstOrThrow();
    assert.equal(action.title, 'Convene an Initial Child Protection Conference');
    assert.equal(action.due_date, due);
    const told = await harbour.db.selectFrom('notifications').select('id').where('user_id', '=', users.get('coordinator')!).where('kind', '=', 'section-47-outcome').execute();
    assert.equal(told.length, 1);
    const review = await sw.submit(url, url, { outcome: 'substantiated', hasProtectionPlan: 'yes', reasons: 'Further harm while on a plan', dueDate: due });
    assert.equal(review.status, 303);
    const titles = (await harbour.db.selectFrom('actions').select('title').where('case_id', '=', caseId).where('source_type', '=', 'decision').execute()).map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Consult the Independent Chair')));
  });
});
