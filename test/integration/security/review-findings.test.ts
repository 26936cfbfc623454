// Issue 16, "Weaknesses a review of the code found": each finding, through HTTP, with a test that failed before its fix.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { DEMO_PASSWORD } from '../../../src/features/demo/service.ts';

/** Monday 16 November 2026, 10:30 London time: inside office hours. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`review findings of issue 16 (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const ids = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(u.email, u.id);
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await harbour?.stop();
  });

  it('the front door cannot link a concern to a child of another local authority: a field error, nothing linked', async () => {
    await harbour.db.insertInto('local_authorities').values({ id: 'elsewhere', name: 'Elsewhere Council', profile_id: 'camden' }).onConflict((oc) => oc.column('id').doNothing()).execute();
    const other = await harbour.db
      .insertInto('children')
      .values({ local_authority_id: 'elsewhere', given_name: 'Jade', family_name: 'Thompson', date_of_birth: '2011-05-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const key = randomUUID();
    await teacher.submit('/concerns/new', '/concerns', {
      idempotencyKey: key, narrative: 'Seen getting into a car with older men.', childGivenName: 'Jade', childFamilyName: 'Thompson',
      childApproximateAge: '15', immediateDanger: 'no', dslConsulted: 'yes',
    });
    const row = (await harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirst())!;
    assert.ok(row);
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    const res = await frontDoor.request('POST', `/front-door/contacts/${row.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(row.version), identification: 'linked', childId: other.id });
    assert.equal(res.status, 400);
    assert.match(res.text, /There is a problem/);
    assert.match(res.text, /href="#childId"/);
    const afterwards = (await harbour.db.selectFrom('contacts').selectAll().where('id', '=', row.id).executeTakeFirst())!;
    assert.equal(afterwards.child_id, null);
    assert.equal(afterwards.version, row.version);
  });

  it('the home page audits every child it names: one row per case listed, with the child', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const userId = ids.get('social.worker@harbour.example')!;
    const before = await harbour.db.selectFrom('audit_events').select('id').where('actor_id', '=', userId).where('action', '=', 'case.listed').execute();
    const home = await sw.get('/');
    assert.equal(home.status, 200);
    const network = await harbour.db
      .selectFrom('case_network').innerJoin('cases', 'cases.id', 'case_network.case_id')
      .select(['cases.id', 'cases.child_id']).where('case_network.user_id', '=', userId).where('case_network.removed_at', 'is', null).where('cases.status', '=', 'open')
      .execute();
    assert.ok(network.length > 0, 'the demo social worker works on cases');
    const rows = await harbour.db.selectFrom('audit_events').select(['entity_id', 'child_id', 'details']).where('actor_id', '=', userId).where('action', '=', 'case.listed').execute();
    assert.ok(rows.length - before.length >= network.length, 'at least one row per case in the network');
    for (const kase of network) {
      const row = rows.find((r) => r.entity_id === kase.id);
      assert.ok(row, `case ${kase.id} listed without an audit row`);
      assert.equal(row.child_id, kase.child_id);
      assert.deepEqual(row.details, { list: 'my-work' });
    }
  });

  it('the break-glass form names no case before access is granted', async () => {
    const outreachId = ids.get('outreach@harbour.example')!;
    const kase = await harbour.db
      .selectFrom('cases').select(['id', 'reference'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_network').select('case_network.case_id').whereRef('case_network.case_id', '=', 'cases.id').where('case_network.user_id', '=', outreachId))))
      .executeTakeFirstOrThrow();
    const outreach = new Browserish(harbour.url);
    await outreach.signIn('outreach@harbour.example');
    assert.equal((await outreach.get(`/cases/${kase.id}`)).status, 403);
    const form = await outreach.get(`/cases/${kase.id}/break-glass`);
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.text, new RegExp(kase.reference));
    assert.match(form.text, /Open this case by break-glass/);
  });

  it('changing one’s own password ends the person’s other sessions and revokes their API tokens, keeps this session, and says so', async () => {
    const here = new Browserish(harbour.url);
    const elsewhere = new Browserish(harbour.url);
    await here.signIn('nurse@harbour.example');
    await elsewhere.signIn('nurse@harbour.example');
    const created = await here.submit('/account', '/account/api-tokens', { name: 'clinic system' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(created.text)![1]!;
    const me = () => fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await me()).status, 200);
    assert.equal((await elsewhere.get('/account')).status, 200);

    const changed = await here.submit('/account', '/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a long new passphrase for the clinic 2026', confirmPassword: 'a long new passphrase for the clinic 2026' });
    assert.equal(changed.status, 200);
    assert.match(changed.text, /Your password has been changed/);
    assert.match(changed.text, /signed out everywhere else/);
    assert.match(changed.text, /1 API token/);
    assert.equal((await here.get('/account')).status, 200, 'this session stays signed in');
    const other = await elsewhere.get('/account');
    assert.equal(other.status, 303, 'the other session has ended');
    assert.match(other.location ?? '', /^\/sign-in/);
    const refused = await me();
    assert.equal(refused.status, 401);
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'password.changed').where('actor_id', '=', ids.get('nurse@harbour.example')!).executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { otherSessionsEnded: 1, apiTokensRevoked: 1 });
  });

  it('never keeps an account form after a time-out, whatever the letter case or a trailing slash (routing ignores both)', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn('police@harbour.example');
    const userId = ids.get('police@harbour.example')!;
    for (const path of ['/ACCOUNT/api-tokens', '/account/api-tokens/', '/Account/Api-Tokens/']) {
      const token = csrfTokenIn((await client.get('/account')).text);
      await harbour.db.updateTable('sessions').set({ expires_at: new Date(harbour.clock.now.getTime() - 1000) }).where('user_id', '=', userId).execute();
      const res = await client.request('POST', path, { _csrf: token, name: 'kept by mistake' });
      assert.doesNotMatch(res.location ?? '', /reason=held/, path);
      const held = await harbour.db.selectFrom('held_submissions').select('id').where('user_id', '=', userId).execute();
      assert.equal(held.length, 0, path);
      await client.signIn('police@harbour.example');
    }
  });
});
