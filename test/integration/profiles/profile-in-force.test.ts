// Issue 3: switching HARBOUR_PROFILE changes the vocabulary, meetings and clocks a practitioner sees.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { loadProfile } from '../../../src/profiles/index.ts';
import { PROFILE_IDS } from '../../../src/domain/profiles/ids.ts';
import { isSilent } from '../../../src/domain/profiles/schema.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`the procedure in force follows HARBOUR_PROFILE (${databaseLabel})`, () => {
  const running: TestHarbour[] = [];
  after(async () => {
    for (const h of running) await h.stop();
  });

  for (const id of PROFILE_IDS) {
    it(`${id}: the Procedure page, the front door's name and the clocks a referral starts come from the ${id} profile`, async () => {
      const harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: id } });
      running.push(harbour);
      harbour.clock.set(MONDAY_MORNING);
      const profile = loadProfile(id);
      const worker = new Browserish(harbour.url);
      await worker.signIn('social.worker@harbour.example');
      const procedure = await worker.get('/procedure');
      assert.equal(procedure.status, 200);
      assert.match(procedure.text, new RegExp(`data-qa="board">${profile.board.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;').replace(/'/g, '&#39;')}<`));
      for (const meeting of profile.meetingTypes) assert.match(procedure.text, new RegExp(`data-qa="meeting-${meeting.id}"`));

      const key = randomUUID();
      const sent = await worker.submit('/referrals/new', '/referrals', {
        idempotencyKey: key,
        action: 'submit',
        channel: 'online',
        narrative: 'Referral to check the clocks of the procedure in force.',
        childGivenName: 'Test',
        childFamilyName: 'Child',
        childDateOfBirth: '01/01/2012',
        childAddress: '1 Test Road',
        dslConsulted: 'not-applicable',
      });
      assert.equal(sent.status, 303);
      const contact = await harbour.db.selectFrom('contacts').select(['id', 'received_at']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      const clocks = await harbour.db.selectFrom('clocks').select(['rule_id', 'profile_id']).where('referral_id', '=', contact.id).execute();
      const expected = profile.timescales
        .filter((t) => (t.startsOn === 'contact-received' || t.startsOn === 'referral-received') && t.duration && t.condition !== 'category-2-or-3')
        .map((t) => t.id)
        .sort();
      assert.deepEqual(clocks.map((c) => c.rule_id).sort(), expected);
      assert.ok(clocks.every((c) => c.profile_id === id));

      const frontDoor = new Browserish(harbour.url);
      await frontDoor.signIn('frontdoor@harbour.example');
      const queue = await frontDoor.get('/front-door');
      const term = profile.vocabulary.frontDoorTeam;
      if (!isSilent(term)) assert.ok(queue.text.includes(term.label.replace(/&/g, '&amp;').replace(/'/g, '&#39;')), `front door called ${term.label}`);
    });
  }

  it('an administrator adds an authority and changes the procedure an authority follows; new clocks follow it', async () => {
    const harbour = await startTestHarbour();
    running.push(harbour);
    harbour.clock.set(MONDAY_MORNING);
    const admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    const bad = await admin.submit('/admin/local-authorities', '/admin/local-authorities', { name: 'Luton', id: 'Not A Slug!', profileId: 'bedford-luton' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /href="#id"/);
    const added = await admin.submit('/admin/local-authorities', '/admin/local-authorities', { name: 'Luton Borough Council', id: 'luton', profileId: 'bedford-luton' });
    assert.equal(added.status, 200);
    assert.equal((await harbour.db.selectFrom('local_authorities').select('profile_id').where('id', '=', 'luton').executeTakeFirstOrThrow()).profile_id, 'bedford-luton');
    const changed = await admin.submit('/admin/local-authorities', '/admin/local-authorities/camden/profile', { profileId: 'staffordshire' });
    assert.equal(changed.status, 200);
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'local-authority.profile-changed').executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { from: 'camden', to: 'staffordshire' });

    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    assert.match((await worker.get('/procedure')).text, /data-qa="board">Staffordshire/);
    const key = randomUUID();
    await worker.submit('/referrals/new', '/referrals', { idempotencyKey: key, action: 'submit', channel: 'online', narrative: 'Clock check after the change.', childGivenName: 'Test', childFamilyName: 'Child', childDateOfBirth: '01/01/2012', childAddress: '1 Test Road', dslConsulted: 'not-applicable' });
    const contact = await harbour.db.selectFrom('contacts').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const clocks = await harbour.db.selectFrom('clocks').select(['rule_id', 'profile_id']).where('referral_id', '=', contact.id).execute();
    assert.ok(clocks.length > 0 && clocks.every((c) => c.profile_id === 'staffordshire'));
    const nonAdmin = await worker.get('/admin/local-authorities');
    assert.equal(nonAdmin.status, 403);
  });

  it('staffordshire 29: a strategy meeting within 2 working days skips a bank holiday that an administrator added', async () => {
    const harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: 'staffordshire' } });
    running.push(harbour);
    harbour.clock.set(MONDAY_MORNING);
    const admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    const added = await admin.submit('/admin/bank-holidays', '/admin/bank-holidays', { date: '17/11/2026', name: 'Test holiday' });
    assert.equal(added.status, 200);
    const duplicate = await admin.submit('/admin/bank-holidays', '/admin/bank-holidays', { date: '25/12/2026', name: 'Christmas again' });
    assert.equal(duplicate.status, 400);

    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const key = randomUUID();
    await teacher.submit('/concerns/new', '/concerns', { idempotencyKey: key, narrative: 'Child disclosed abuse by adults.', childKnownAs: 'Ess', childApproximateAge: '14', immediateDanger: 'no', dslConsulted: 'i-am-the-dsl' });
    const contact = await harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    let page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    await frontDoor.request('POST', `/front-door/contacts/${contact.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(contact.version), identification: 'new-child' });
    page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    const decided = await frontDoor.request('POST', `/front-door/contacts/${contact.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(contact.version + 1), decision: 'strategy-discussion', reasons: 'Continuing risk of significant harm.' });
    assert.equal(decided.status, 303);
    const strategy = await harbour.db.selectFrom('clocks').selectAll().where('referral_id', '=', contact.id).where('rule_id', '=', 'strategy-meeting').executeTakeFirstOrThrow();
    // Monday 16th + 2 working days, skipping Tuesday 17th (added holiday): end of Thursday 19th.
    assert.equal(strategy.due_at.toISOString(), londonInstant('2026-11-19', 23, 59, 59, 999).toISOString());
  });
});
