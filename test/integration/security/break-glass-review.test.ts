// Issue 16: a break-glass use's written reason is shown to the case's manager (on the notification's page, never in
// the e-mail) and on the case's access record; a case with no manager has its area's CSE coordinator told instead;
// each use waits on the reviewer's queue until they record whether it was justified, and shows on their work list
// once 5 working days have passed unreviewed.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const REASON = 'Police called at 10:15: the child was reported missing overnight and I need her contacts now.';

describe(`break-glass review (${databaseLabel})`, () => {
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

  /** A case that `email` is not in the network of, with (or without) a manager. */
  async function caseOutside(email: string, withManager: boolean) {
    const userId = ids.get(email)!;
    const row = await harbour.db
      .selectFrom('cases').select(['id', 'reference', 'child_id', 'manager_id'])
      .where('manager_id', withManager ? 'is not' : 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_network').select('case_network.case_id').whereRef('case_network.case_id', '=', 'cases.id').where('case_network.user_id', '=', userId))))
      .orderBy('reference')
      .executeTakeFirst();
    return row ?? null;
  }

  async function breakGlass(who: Browserish, caseId: string) {
    const res = await who.submit(`/cases/${caseId}/break-glass`, `/cases/${caseId}/break-glass`, { reason: REASON });
    assert.equal(res.status, 303);
    return harbour.db.selectFrom('break_glass_grants').selectAll().where('case_id', '=', caseId).orderBy('granted_at', 'desc').executeTakeFirstOrThrow();
  }

  it('tells the case’s manager, shows the reason on the notification’s page (never in the e-mail) and on the case’s access record, and takes the review', async () => {
    const kase = (await caseOutside('outreach@harbour.example', true))!;
    assert.ok(kase);
    const outreach = new Browserish(harbour.url);
    await outreach.signIn('outreach@harbour.example');
    const grant = await breakGlass(outreach, kase.id);

    const managerId = kase.manager_id!;
    const note = await harbour.db.selectFrom('notifications').selectAll().where('user_id', '=', managerId).where('kind', '=', 'break-glass').executeTakeFirstOrThrow();
    assert.equal(note.link, `/break-glass/${grant.id}`);
    assert.doesNotMatch(`${note.title} ${note.body}`, /missing overnight/);
    const mail = await harbour.db.selectFrom('outbox').select('payload').execute();
    assert.ok(mail.some((m) => JSON.stringify(m.payload).includes(`/break-glass/${grant.id}`)), 'the e-mail links to the page');
    assert.ok(mail.every((m) => !JSON.stringify(m.payload).includes('missing overnight')), 'the e-mail never carries the reason');

    const managerEmail = [...ids].find(([, id]) => id === managerId)![0];
    const manager = new Browserish(harbour.url);
    await manager.signIn(managerEmail);
    const page = await manager.get(note.link!);
    assert.equal(page.status, 200);
    assert.match(page.text, /missing overnight/);
    assert.match(page.text, new RegExp(kase.reference));
    assert.match(page.text, /Olu Outreach/);
    const viewed = await harbour.db.selectFrom('audit_events').select(['child_id', 'details']).where('action', '=', 'break-glass.viewed').where('actor_id', '=', managerId).executeTakeFirstOrThrow();
    assert.equal(viewed.child_id, kase.child_id);

    const record = await manager.get(`/cases/${kase.id}/access`);
    assert.equal(record.status, 200);
    assert.match(record.text, /data-qa="break-glass-uses"[\s\S]*Olu Outreach[\s\S]*missing overnight[\s\S]*Not reviewed/);

    const queue = await manager.get('/break-glass/reviews');
    assert.equal(queue.status, 200);
    assert.match(queue.text, new RegExp(`/break-glass/${grant.id}`));

    const empty = await manager.request('POST', `/break-glass/${grant.id}/review`, { _csrf: csrfTokenIn(page.text), version: String(grant.version), justified: '', note: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /There is a problem/);
    assert.match(empty.text, /href="#justified"/);
    assert.match(empty.text, /href="#note"/);

    const reviewed = await manager.request('POST', `/break-glass/${grant.id}/review`, { _csrf: csrfTokenIn(page.text), version: String(grant.version), justified: 'no', note: 'The lead professional was reachable by phone; use the duty line next time.' });
    assert.equal(reviewed.status, 303);
    const row = await harbour.db.selectFrom('break_glass_grants').selectAll().where('id', '=', grant.id).executeTakeFirstOrThrow();
    assert.equal(row.justified, false);
    assert.equal(row.reviewed_by, managerId);
    assert.match(row.review_note!, /duty line/);
    const audit = await harbour.db.selectFrom('audit_events').select(['child_id', 'details']).where('action', '=', 'break-glass.reviewed').where('entity_id', '=', grant.id).executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { caseId: kase.id, justified: false });
    assert.equal(audit.child_id, kase.child_id);

    const again = await manager.request('POST', `/break-glass/${grant.id}/review`, { _csrf: csrfTokenIn(page.text), version: String(grant.version), justified: 'yes', note: 'Changed my mind' });
    assert.equal(again.status, 409, 'a stale or second review is refused, nothing overwritten');
    assert.equal((await harbour.db.selectFrom('break_glass_grants').select('justified').where('id', '=', grant.id).executeTakeFirstOrThrow()).justified, false);

    assert.doesNotMatch((await manager.get('/break-glass/reviews')).text, new RegExp(`/break-glass/${grant.id}"`));
    assert.match((await manager.get(`/cases/${kase.id}/access`)).text, /Not justified[\s\S]*duty line/);

    const police = new Browserish(harbour.url);
    await police.signIn('police@harbour.example');
    assert.equal((await police.get(`/break-glass/${grant.id}`)).status, 403, 'only the reviewer sees the review page');
  });

  it('a case with no manager has its area’s CSE coordinator told and reviewing; the use shows on their work list once 5 working days pass unreviewed', async () => {
    let kase = await caseOutside('teacher@harbour.example', false);
    if (!kase) {
      const any = (await caseOutside('teacher@harbour.example', true))!;
      await harbour.db.updateTable('cases').set({ manager_id: null }).where('id', '=', any.id).execute();
      kase = { ...any, manager_id: null };
    }
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const grant = await breakGlass(teacher, kase.id);
    const coordinatorId = ids.get('coordinator@harbour.example')!;
    const note = await harbour.db.selectFrom('notifications').selectAll().where('user_id', '=', coordinatorId).where('kind', '=', 'break-glass').where('link', '=', `/break-glass/${grant.id}`).executeTakeFirst();
    assert.ok(note, 'the CSE coordinator is told');

    const coordinator = new Browserish(harbour.url);
    // Monday 23 November is the 5th working day after: not yet overdue.
    harbour.clock.set(londonInstant('2026-11-23', 17, 0));
    await coordinator.signIn('coordinator@harbour.example');
    assert.doesNotMatch((await coordinator.get('/')).text, /data-qa="break-glass-overdue"/);
    harbour.clock.set(londonInstant('2026-11-24', 9, 0));
    await coordinator.signIn('coordinator@harbour.example');
    const home = await coordinator.get('/');
    assert.match(home.text, /data-qa="break-glass-overdue"[\s\S]*href="\/break-glass\//);
    assert.match(home.text, new RegExp(`/break-glass/${grant.id}`));

    const manager = new Browserish(harbour.url);
    await manager.signIn('manager@harbour.example');
    assert.equal((await manager.get(`/break-glass/${grant.id}`)).status, 403, 'a manager of other cases does not review this one');

    const page = await coordinator.get(`/break-glass/${grant.id}`);
    const reviewed = await coordinator.request('POST', `/break-glass/${grant.id}/review`, { _csrf: csrfTokenIn(page.text), version: String(grant.version), justified: 'yes', note: 'The school could not reach anyone and the child was at risk.' });
    assert.equal(reviewed.status, 303);
    assert.doesNotMatch((await coordinator.get('/')).text, /data-qa="break-glass-overdue"/, 'reviewed, it leaves the work list');
  });
});
