// Issue 6: overdue actions surface on the owner's and on the chair's work lists.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

describe(`overdue meeting actions on the chair's work list (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(londonInstant('2026-11-16', 10, 30));
  });
  after(async () => {
    await harbour?.stop();
  });

  it('shows the chair the overdue actions of their meetings, whoever owns them, and not the ones still in time', async () => {
    const id = async (email: string) => (await harbour.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const [coordinator, police, worker] = [await id('coordinator@harbour.example'), await id('police@harbour.example'), await id('social.worker@harbour.example')];
    const kase = await harbour.db.selectFrom('cases').select(['id', 'local_authority_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    const meeting = await harbour.db
      .insertInto('meetings')
      .values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', status: 'held', scheduled_at: new Date('2026-10-01T09:00:00Z'), venue: 'Crowndale Centre', chair_id: coordinator, convened_by: worker, convened_at: new Date('2026-09-20T09:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const action = (title: string, due: string, owner: string) => ({ case_id: kase.id, title, owner_user_id: owner, due_date: due, source_type: 'meeting' as const, source_id: meeting.id, created_by: worker });
    await harbour.db.insertInto('actions').values([action('Disruption visit to the address', '2026-11-02', police), action('Update the safety plan', '2026-12-01', worker)]).execute();

    const chair = new Browserish(harbour.url);
    await chair.signIn('coordinator@harbour.example');
    const page = await chair.get('/');
    assert.equal(page.status, 200);
    const section = page.text.slice(page.text.indexOf('data-qa="chaired-actions"'));
    assert.match(section, /Disruption visit to the address/);
    assert.match(section.slice(0, section.indexOf('</table>')), /Pat Constable/);
    assert.doesNotMatch(section.slice(0, section.indexOf('</table>')), /Update the safety plan/);

    const owner = new Browserish(harbour.url);
    await owner.signIn('police@harbour.example');
    const ownerPage = await owner.get('/');
    assert.match(ownerPage.text, /Disruption visit to the address/);
    assert.doesNotMatch(ownerPage.text, /data-qa="chaired-actions"/);
  });
});
