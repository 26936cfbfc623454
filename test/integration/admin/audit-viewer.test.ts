import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { recordAudit } from '../../../src/features/audit/service.ts';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { countQa, errorSummary, textOfQa } from './support.ts';

const eventIds = (html: string) => [...html.matchAll(/data-qa="audit-row" data-event-id="(\d+)"/g)].map((m) => Number(m[1]));
const actions = (html: string) => [...html.matchAll(/data-qa="audit-action"><code>([^<]+)<\/code>/g)].map((m) => m[1]);

describe(`administration: the audit trail viewer (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let admin: Browserish;
  let adminId: string;

  before(async () => {
    harbour = await startTestHarbour();
    admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    adminId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'admin@harbour.example').executeTakeFirstOrThrow()).id;
    // 60 events of one kind from one actor: more than a page of 50.
    const context = { actorId: adminId, actorLabel: `user:${adminId}`, ip: '192.0.2.7', requestId: null };
    for (let i = 0; i < 60; i++) {
      await recordAudit(harbour.db, context, { action: 'test.bulk', entityType: 'widget', entityId: `w-${i}`, outcome: i % 2 ? 'denied' : 'success' });
    }
  });
  after(async () => {
    await harbour?.stop();
  });

  it('filters by action, newest first, 50 to a page, keeping the filter in the page links', async () => {
    const first = await admin.get('/admin/audit?action=test.bulk');
    assert.equal(first.status, 200);
    assert.equal(titleOf(first.text), 'Audit trail – Harbour');
    assert.equal(countQa(first.text, 'audit-row'), 50);
    assert.deepEqual(new Set(actions(first.text)), new Set(['test.bulk']));
    assert.equal(textOfQa(first.text, 'audit-caption'), 'Showing 1 to 50 of 60 events');
    const ids = eventIds(first.text);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.match(first.text, /<td class="govuk-table__cell">Alex Admin<\/td>/, 'the actor is shown by name');
    assert.match(first.text, /<td class="govuk-table__cell">192\.0\.2\.7<\/td>/);
    assert.match(first.text, /href="\/admin\/audit\?action=test\.bulk&amp;page=2"/);

    const second = await admin.get('/admin/audit?action=test.bulk&page=2');
    assert.equal(countQa(second.text, 'audit-row'), 10);
    assert.equal(textOfQa(second.text, 'audit-caption'), 'Showing 51 to 60 of 60 events');
    assert.equal(Math.max(...eventIds(second.text)), Math.min(...ids) - 1, 'page 2 carries on where page 1 ended');

    const denied = await admin.get(`/admin/audit?action=test.bulk&outcome=denied&actor=${adminId}&entityType=widget`);
    assert.equal(textOfQa(denied.text, 'audit-caption'), 'Showing 1 to 30 of 30 events');
    assert.match(denied.text, new RegExp(`<option value="${adminId}" selected>Alex Admin \\(admin@harbour.example\\)</option>`));
  });

  it('filters by date and by child, and says so when nothing matches', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const all = await admin.get(`/admin/audit?action=test.bulk&from=${today}&to=${today}`);
    assert.equal(textOfQa(all.text, 'audit-caption'), 'Showing 1 to 50 of 60 events');
    const past = await admin.get('/admin/audit?action=test.bulk&from=2020-01-01&to=2020-12-31');
    assert.equal(countQa(past.text, 'audit-row'), 0);
    assert.equal(textOfQa(past.text, 'audit-caption'), 'No events match these filters');
    const child = await harbour.db.selectFrom('children').select('id').executeTakeFirstOrThrow();
    await recordAudit(harbour.db, { actorId: null, actorLabel: 'system', ip: null, requestId: null }, { action: 'test.child', entityType: 'case', childId: child.id });
    const forChild = await admin.get(`/admin/audit?childId=${child.id}`);
    assert.deepEqual(actions(forChild.text), ['test.child']);
    assert.match(forChild.text, /<td class="govuk-table__cell">system<\/td>/, 'a non-user actor is shown by its label');
  });

  it('answers an invalid filter with the error summary, not a server error', async () => {
    const res = await admin.get('/admin/audit?action=drop%20table&outcome=maybe&actor=nobody&childId=42&from=2026-02-30&to=yesterday');
    assert.equal(res.status, 400);
    assert.equal(titleOf(res.text), 'Error: Audit trail – Harbour');
    assert.deepEqual(errorSummary(res.text), [
      { href: '#action', text: 'Action can only contain letters, numbers, full stops, colons, hyphens and underscores' },
      { href: '#outcome', text: 'Choose an outcome from the list' },
      { href: '#actor', text: 'Choose a person from the list' },
      { href: '#childId', text: 'Child ID must be a Harbour record ID, like 0b7c5e0a-3f1d-4c1e-9a51-2f6d3c8e4b21' },
      { href: '#from', text: 'Date from must be a real date written YYYY-MM-DD, for example 2026-03-27' },
      { href: '#to', text: 'Date to must be a real date written YYYY-MM-DD, for example 2026-03-27' },
    ]);
    assert.match(res.text, /id="action" name="action" type="text" spellcheck="false" value="drop table"/, 'the filter is kept');
    assert.equal(countQa(res.text, 'audit-row'), 0);

    const reversed = await admin.get('/admin/audit?from=2026-03-02&to=2026-03-01');
    assert.deepEqual(errorSummary(reversed.text), [{ href: '#to', text: 'Date to must be the same as or after date from' }]);
    const twice = await admin.get('/admin/audit?action=a&action=b');
    assert.deepEqual(errorSummary(twice.text), [{ href: '#action', text: 'Enter one action' }]);
  });

  it('records every look at the trail, with the filters used', async () => {
    const before = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'audit.viewed').execute();
    await admin.get(`/admin/audit?action=sign-in&outcome=denied&page=3`);
    const viewed = await harbour.db.selectFrom('audit_events').select(['actor_id', 'entity_type', 'details']).where('action', '=', 'audit.viewed').orderBy('id', 'desc').execute();
    assert.equal(viewed.length, before.length + 1);
    assert.deepEqual(viewed[0], { actor_id: adminId, entity_type: 'audit-trail', details: { filter: { action: 'sign-in', outcome: 'denied' }, page: 3 } });
  });

  it('verifies the chain and reports it intact with the number of events checked', async () => {
    const page = await admin.get('/admin');
    const { n } = await harbour.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await admin.request('POST', '/admin/audit/verify', { _csrf: csrfTokenIn(page.text) });
    assert.equal(res.status, 200);
    assert.equal(textOfQa(res.text, 'verdict'), `The audit trail is intact, ${Number(n)} events checked.`);
    const verified = await harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('action', '=', 'audit.verified').execute();
    assert.deepEqual(verified, [{ outcome: 'success', details: { ok: true, checked: Number(n) } }]);
  });

  it('refuses the viewer and the verify button to someone without the audit permission', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    assert.equal((await worker.get('/admin/audit')).status, 403);
    const home = await worker.get('/');
    const res = await worker.request('POST', '/admin/audit/verify', { _csrf: csrfTokenIn(home.text) });
    assert.equal(res.status, 403);
    const verified = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'audit.verified').execute();
    assert.equal(verified.length, 1, 'only the administrator’s check above');
  });

  it('reports where the chain is broken when a row has been edited behind Harbour’s back', async () => {
    const target = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'test.bulk').orderBy('id').limit(1).executeTakeFirstOrThrow();
    // Tampering needs the append-only trigger out of the way, as a database superuser could do.
    await sql`alter table audit_events disable trigger audit_events_no_update_or_delete`.execute(harbour.db);
    await sql`update audit_events set outcome = 'denied' where id = ${target.id}`.execute(harbour.db);
    await sql`alter table audit_events enable trigger audit_events_no_update_or_delete`.execute(harbour.db);
    const page = await admin.get('/admin');
    const res = await admin.request('POST', '/admin/audit/verify', { _csrf: csrfTokenIn(page.text) });
    assert.equal(res.status, 200);
    assert.equal(textOfQa(res.text, 'verdict'), `The audit trail is broken at event ${target.id}: its content does not match its hash (the row was edited).`);
    const verified = await harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('action', '=', 'audit.verified').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(verified.outcome, 'failure');
    assert.equal(verified.details.firstBrokenId, target.id);
  });
});
