// Issue 7 through HTTP: the chronology (filters, pagination, hidden entries, significant events, print, CSV),
// the professional network and related people, case notes with their history, and everyone's work lists.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonDateOf, addDays } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

describe(`case records: chronology, network, notes and work lists (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const caseIds = new Map<string, string>();
  const childIds = new Map<string, string>();
  const users = new Map<string, { id: string; agency_id: string }>();
  before(async () => {
    harbour = await startTestHarbour();
    for (const row of await harbour.db.selectFrom('cases').select(['id', 'reference', 'child_id']).execute()) {
      caseIds.set(row.reference, row.id);
      childIds.set(row.reference, row.child_id);
    }
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email', 'agency_id']).execute()) users.set(u.email.split('@')[0]!, u);
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'actor_id', 'entity_id', 'child_id', 'details']).where('action', '=', action).orderBy('id').execute();
  const count = (html: string) => Number(/data-qa="entry-count"><strong>(\d+)<\/strong>/.exec(html)?.[1]);
  const titles = (html: string) => [...html.matchAll(/<h3 class="moj-timeline__title">([^<]*)<\/h3>/g)].map((m) => m[1]);

  describe('chronology', () => {
    const ref = 'CSE-0003';
    before(async () => {
      // 60 entries over 60 days: 30 from the school (education), 30 significant events from social care.
      const child = childIds.get(ref)!;
      const values = Array.from({ length: 60 }, (_, i) => ({
        child_id: child,
        case_id: caseIds.get(ref)!,
        occurred_at: new Date(Date.UTC(2025, 0, 1 + i, 12)),
        kind: i % 2 === 0 ? 'note' : 'significant-event',
        title: `Bulk entry ${String(i).padStart(2, '0')}`,
        summary: 'Generated for the test',
        agency_id: i % 2 === 0 ? users.get('teacher')!.agency_id : users.get('social.worker')!.agency_id,
        author_id: i % 2 === 0 ? users.get('teacher')!.id : users.get('social.worker')!.id,
        source: 'test',
      }));
      await harbour.db.insertInto('chronology_entries').values(values).execute();
    });

    it('shows 25 entries a page, newest first, with pagination that keeps the filters', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const first = await worker.get(`/cases/${id}/chronology`);
      assert.equal(first.status, 200);
      assert.match(first.text, /class="moj-timeline"/);
      const total = count(first.text);
      assert.equal(total, 63); // the demo's 3 entries the worker may see (not the police-only one) + 60
      assert.equal(titles(first.text).length, 25);
      const third = await worker.get(`/cases/${id}/chronology?page=3`);
      assert.equal(titles(third.text).length, 13);
      assert.equal(titles(third.text).at(-1), 'Bulk entry 00');

      const filtered = await worker.get(`/cases/${id}/chronology?kind=significant-event`);
      assert.equal(count(filtered.text), 30);
      assert.ok(titles(filtered.text).every((t) => /Bulk entry \d\d/.test(t!) && Number(t!.slice(-2)) % 2 === 1));
      assert.match(filtered.text, /href="\/cases\/[^"]+\/chronology\?kind=significant-event&amp;page=2"/);

      const school = await worker.get(`/cases/${id}/chronology?agency=${users.get('teacher')!.agency_id}`);
      assert.equal(count(school.text), 30 + 1); // the demo's concern was raised by the teacher

      const january = await worker.get(`/cases/${id}/chronology?from=10/01/2025&to=2025-01-19`);
      assert.equal(count(january.text), 10);
      assert.deepEqual(titles(january.text).slice(0, 1), ['Bulk entry 18']);
    });

    it('a bad filter is an error summary, not a 500', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const bad = await worker.get(`/cases/${id}/chronology?from=31/02/2025&agency=nope&kind=<script>`);
      assert.equal(bad.status, 400);
      assert.match(titleOf(bad.text), /^Error: /);
      assert.match(bad.text, /There is a problem/);
      assert.match(bad.text, /href="#from">Date from must be a real date/);
      const reversed = await worker.get(`/cases/${id}/chronology?from=2025-02-01&to=2025-01-01`);
      assert.equal(reversed.status, 400);
      assert.match(reversed.text, /href="#to">Date to must be the same as or after date from/);
      const page = await worker.get(`/cases/${id}/chronology?page=abc`);
      assert.equal(page.status, 400);
    });

    it('entries the viewer may not see are neither shown nor counted', async () => {
      const id = caseIds.get('CSE-0001')!;
      const child = childIds.get('CSE-0001')!;
      // A health-only entry and one shared with the police officer only.
      await harbour.db.insertInto('chronology_entries').values([
        { child_id: child, case_id: id, occurred_at: new Date(), kind: 'note', title: 'Sexual health clinic attendance', summary: 'Health only', agency_id: users.get('nurse')!.agency_id, author_id: users.get('nurse')!.id, sharing_level: 'agency' },
        { child_id: child, case_id: id, occurred_at: new Date(), kind: 'note', title: 'Named for the police officer', summary: 'Named only', agency_id: users.get('social.worker')!.agency_id, author_id: users.get('social.worker')!.id, sharing_level: 'named', shared_with: [users.get('police')!.id] },
      ]).execute();
      const all = Number((await harbour.db.selectFrom('chronology_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('child_id', '=', child).executeTakeFirstOrThrow()).n);
      const nurse = await (await signedIn('nurse')).get(`/cases/${id}/chronology`);
      const police = await (await signedIn('police')).get(`/cases/${id}/chronology`);
      const teacherless = await (await signedIn('outreach')).get(`/cases/${id}/chronology`);
      assert.ok(titles(nurse.text).includes('Sexual health clinic attendance'));
      assert.ok(!titles(nurse.text).includes('Police intelligence logged'));
      assert.ok(!titles(nurse.text).includes('Named for the police officer'));
      assert.equal(count(nurse.text), all - 2);
      assert.ok(titles(police.text).includes('Named for the police officer'));
      assert.ok(titles(police.text).includes('Police intelligence logged'));
      assert.equal(count(police.text), all - 1);
      assert.equal(count(teacherless.text), all - 3);
      assert.doesNotMatch(teacherless.text, /Health only|Named only|adult of concern/);
      // Filters offered come only from what the viewer sees: no hint that the police recorded anything.
      assert.doesNotMatch(teacherless.text, /<option value="[^"]*">Metropolitan Police/);
      // The print view obeys the same rule.
      const print = await (await signedIn('outreach')).get(`/cases/${id}/chronology/print`);
      assert.equal(print.status, 200);
      assert.doesNotMatch(print.text, /Health only|Named only|adult of concern|govuk-service-navigation/);
      assert.match(print.text, /\/chronology-assets\/print\.css/);
    });

    it('a significant event needs a source, a past date, and is audited', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const form = `/cases/${id}/chronology/new`;
      const fields = { title: 'Went missing overnight', date: addDays(londonDateOf(new Date()), -1), time: '07:15', description: 'Returned at 7am, would not say where.', source: '', sharingLevel: 'network' };
      const missing = await worker.submit(form, `/cases/${id}/chronology`, fields);
      assert.equal(missing.status, 400);
      assert.match(missing.text, /href="#source">Enter where the information came from/);
      assert.match(missing.text, /Returned at 7am, would not say where\./);
      const future = await worker.submit(form, `/cases/${id}/chronology`, { ...fields, source: 'Mother, by phone', date: addDays(londonDateOf(new Date()), 2) });
      assert.equal(future.status, 400);
      assert.match(future.text, /The date of the event must be today or in the past/);
      const named = await worker.submit(form, `/cases/${id}/chronology`, { ...fields, source: 'Mother, by phone', sharingLevel: 'named' });
      assert.equal(named.status, 400);
      assert.match(named.text, /Choose at least one person who may see this entry/);
      const ok = await worker.submit(form, `/cases/${id}/chronology`, { ...fields, source: 'Mother, by phone' });
      assert.equal(ok.status, 303);
      const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('title', '=', 'Went missing overnight').executeTakeFirstOrThrow();
      assert.equal(entry.source, 'Mother, by phone');
      assert.equal(entry.kind, 'significant-event');
      assert.equal(entry.author_id, users.get('social.worker')!.id);
      const audit = (await audits('chronology.event-added')).at(-1)!;
      assert.equal(audit.entity_id, entry.id);
      assert.doesNotMatch(JSON.stringify(audit.details), /Mother|missing/);
    });

    it('exports CSV only with a reason; the export is audited with the count, and formulas are escaped', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      await worker.submit(`/cases/${id}/chronology/new`, `/cases/${id}/chronology`, {
        title: '=HYPERLINK("http://evil.example","click")', date: londonDateOf(new Date()), description: '+1+1', source: '@SUM(A1:A2)', sharingLevel: 'network',
      });
      const noReason = await worker.submit(`/cases/${id}/chronology`, `/cases/${id}/chronology/export`, { reasonCode: '', reason: '' });
      assert.equal(noReason.status, 400);
      assert.match(noReason.text, /href="#reasonCode">Choose why you are exporting/);
      assert.match(noReason.text, /href="#reason">Explain in at least 10 characters/);

      const res = await worker.submit(`/cases/${id}/chronology`, `/cases/${id}/chronology/export`, { reasonCode: 'court-proceedings', reason: 'Bundle for the care proceedings hearing', kind: 'significant-event' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="chronology-CSE-0003\.csv"/);
      const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], '"Date and time","Kind","Title","What happened","Source","Agency","Recorded by","Who can see it","Recorded at"');
      const evil = lines.find((l) => l.includes('HYPERLINK'))!;
      assert.match(evil, /^"[^"]*","Significant event","'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)","'\+1\+1","'@SUM\(A1:A2\)"/);
      assert.ok(lines.slice(1).every((l) => !/(^|,)"[=+\-@]/.test(l)), 'no cell starts with a formula character');
      const rows = lines.length - 1;
      assert.equal(rows, 32); // 30 bulk + 'Went missing overnight' + the formula entry

      const audit = (await audits('chronology.exported')).at(-1)!;
      assert.equal(audit.outcome, 'success');
      assert.equal(audit.entity_id, id);
      const details = audit.details as { exportId: string; count: number; reasonCode: string };
      assert.equal(details.count, rows);
      assert.equal(details.reasonCode, 'court-proceedings');
      const record = await harbour.db.selectFrom('chronology_exports').selectAll().where('id', '=', details.exportId).executeTakeFirstOrThrow();
      assert.equal(record.reason, 'Bundle for the care proceedings hearing');
      assert.equal(record.entry_count, rows);
      assert.equal(record.user_id, users.get('social.worker')!.id);
    });

    it('links an entry to its concern only for those allowed to open it', async () => {
      const id = caseIds.get(ref)!;
      const contact = await harbour.db
        .insertInto('contacts')
        .values({ reference: 'R-TEST-LINK', kind: 'professional-concern', local_authority_id: (await harbour.db.selectFrom('cases').select('local_authority_id').where('id', '=', id).executeTakeFirstOrThrow()).local_authority_id, status: 'received', raised_by: users.get('teacher')!.id, idempotency_key: 'link-test', details: '{}', received_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await harbour.db.insertInto('chronology_entries').values({ child_id: childIds.get(ref)!, case_id: id, occurred_at: new Date(), kind: 'concern', title: 'Linked concern', agency_id: users.get('teacher')!.agency_id, author_id: users.get('teacher')!.id, record_type: 'contact', record_id: contact.id }).execute();
      const teacher = await (await signedIn('teacher')).get(`/cases/${id}/chronology?kind=concern`);
      assert.match(teacher.text, new RegExp(`href="/concerns/${contact.id}"`));
      const worker = await (await signedIn('social.worker')).get(`/cases/${id}/chronology?kind=concern`);
      assert.ok(titles(worker.text).includes('Linked concern'));
      assert.doesNotMatch(worker.text, new RegExp(`/concerns/${contact.id}`));
    });
  });

  describe('network and related people', () => {
    it('the coordinator adds and removes a member: audited and on the chronology', async () => {
      const coordinator = await signedIn('coordinator');
      const id = caseIds.get('CSE-0002')!;
      const page = `/cases/${id}/network`;
      const missingRole = await coordinator.submit(page, `${page}/members`, { userId: users.get('teacher')!.id, roleInCase: '' });
      assert.equal(missingRole.status, 400);
      assert.match(missingRole.text, /href="#roleInCase">Enter their role in this case/);
      const added = await coordinator.submit(page, `${page}/members`, { userId: users.get('teacher')!.id, roleInCase: 'Head of year' });
      assert.equal(added.status, 303);
      const member = await harbour.db.selectFrom('case_network').selectAll().where('case_id', '=', id).where('user_id', '=', users.get('teacher')!.id).where('removed_at', 'is', null).executeTakeFirstOrThrow();
      assert.equal(member.role_in_case, 'Head of year');
      assert.equal(member.added_by, users.get('coordinator')!.id);
      const twice = await coordinator.submit(page, `${page}/members`, { userId: users.get('teacher')!.id, roleInCase: 'Again' });
      assert.equal(twice.status, 400);
      assert.match(twice.text, /already in the professional network/);
      const view = await coordinator.get(page);
      assert.match(view.text, new RegExp(`data-qa="member-${users.get('teacher')!.id}"`));
      assert.match(view.text, /Head of year/);
      // The teacher now opens the case through the network and was told.
      const teacher = await signedIn('teacher');
      assert.equal((await teacher.get(`/cases/${id}`)).status, 200);
      assert.ok(await harbour.db.selectFrom('notifications').select('id').where('user_id', '=', users.get('teacher')!.id).where('kind', '=', 'network-added').executeTakeFirst());

      const removed = await coordinator.submit(page, `${page}/members/${member.id}/remove`, {});
      assert.equal(removed.status, 303);
      const after = await harbour.db.selectFrom('case_network').select(['removed_at', 'removed_by']).where('id', '=', member.id).executeTakeFirstOrThrow();
      assert.ok(after.removed_at);
      assert.equal(after.removed_by, users.get('coordinator')!.id);
      assert.equal((await teacher.get(`/cases/${id}`)).status, 403);

      const entries = await harbour.db.selectFrom('chronology_entries').select(['kind', 'title', 'record_id']).where('record_type', '=', 'network-member').where('record_id', '=', member.id).orderBy('recorded_at').execute();
      assert.equal(entries.length, 2);
      assert.ok(entries.every((e) => e.kind === 'network'));
      assert.match(entries[0]!.title, /joined the professional network as Head of year/);
      assert.match(entries[1]!.title, /left the professional network/);
      const addAudit = (await audits('network.member-added')).at(-1)!;
      assert.equal(addAudit.entity_id, member.id);
      assert.deepEqual(addAudit.details, { caseId: id, userId: users.get('teacher')!.id });
      assert.equal((await audits('network.member-removed')).at(-1)!.entity_id, member.id);
    });

    it('refuses network changes from someone who cannot manage the network, and audits the refusal', async () => {
      const nurse = await signedIn('nurse');
      const id = caseIds.get('CSE-0001')!;
      const view = await nurse.get(`/cases/${id}/network`);
      assert.equal(view.status, 200);
      assert.doesNotMatch(view.text, /action="[^"]*\/network\/members"/);
      const token = csrfTokenIn(view.text);
      const res = await nurse.request('POST', `/cases/${id}/network/members`, { _csrf: token, userId: users.get('teacher')!.id, roleInCase: 'Teacher' });
      assert.equal(res.status, 403);
      const denied = (await audits('network.member-added')).filter((a) => a.outcome === 'denied' && a.actor_id === users.get('nurse')!.id);
      assert.equal(denied.length, 1);
      assert.equal(await harbour.db.selectFrom('case_network').select('id').where('case_id', '=', id).where('user_id', '=', users.get('teacher')!.id).executeTakeFirst(), undefined);
      const version = (await harbour.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      const nominate = await nurse.request('POST', `/cases/${id}/network/lead-professional`, { _csrf: token, userId: users.get('nurse')!.id, version: String(version) });
      assert.equal(nominate.status, 403);
    });

    it('nominating with a stale case version is a 409 that says what changed', async () => {
      const id = caseIds.get('CSE-0001')!;
      const coordinator = await signedIn('coordinator');
      const manager = await signedIn('manager');
      const pageA = await coordinator.get(`/cases/${id}/network`);
      const pageB = await manager.get(`/cases/${id}/network`);
      const version = /name="version" value="(\d+)"/.exec(pageA.text)![1]!;
      const first = await coordinator.request('POST', `/cases/${id}/network/key-professional`, { _csrf: csrfTokenIn(pageA.text), userId: users.get('outreach')!.id, version });
      assert.equal(first.status, 303);
      const second = await manager.request('POST', `/cases/${id}/network/lead-professional`, { _csrf: csrfTokenIn(pageB.text), userId: users.get('police')!.id, version });
      assert.equal(second.status, 409);
      assert.match(second.text, /Someone else changed this case while you were looking at it/);
      assert.match(second.text, /key professional Olu Outreach/);
      const kase = await harbour.db.selectFrom('cases').select(['lead_professional_id', 'key_professional_id', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(kase.lead_professional_id, users.get('social.worker')!.id);
      assert.equal(kase.key_professional_id, users.get('outreach')!.id);
      assert.equal(kase.version, Number(version) + 1);
      const entry = await harbour.db.selectFrom('chronology_entries').select('title').where('record_type', '=', 'case-nomination').where('record_id', '=', id).executeTakeFirstOrThrow();
      assert.match(entry.title, /nominated as key professional/);
      // A non-member cannot be nominated.
      const fresh = await manager.get(`/cases/${id}/network`);
      const refused = await manager.request('POST', `/cases/${id}/network/lead-professional`, { _csrf: csrfTokenIn(fresh.text), userId: users.get('teacher')!.id, version: String(kase.version) });
      assert.equal(refused.status, 400);
      assert.match(refused.text, /href="#lead-userId">Choose the lead professional from the members of the network/);
      // Removing the key professional is refused until someone else is nominated.
      const member = await harbour.db.selectFrom('case_network').select('id').where('case_id', '=', id).where('user_id', '=', users.get('outreach')!.id).where('removed_at', 'is', null).executeTakeFirstOrThrow();
      const remove = await manager.request('POST', `/cases/${id}/network/members/${member.id}/remove`, { _csrf: csrfTokenIn(fresh.text) });
      assert.equal(remove.status, 400);
      assert.match(remove.text, /Nominate another key professional/);
    });

    it('records related people (staffordshire 26), with validation', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get('CSE-0001')!;
      const page = `/cases/${id}/network`;
      const bad = await worker.submit(page, `${page}/related-people`, { relationship: '', name: '', dateOfBirth: '01/01/2099', hasParentalResponsibility: '' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /href="#relationship">Choose how they are related/);
      assert.match(bad.text, /href="#name">Enter their name/);
      const future = await worker.submit(page, `${page}/related-people`, { relationship: 'sibling', name: 'Mia Thompson', dateOfBirth: '01/01/2099', hasParentalResponsibility: 'no' });
      assert.equal(future.status, 400);
      assert.match(future.text, /Date of birth must be today or in the past/);
      const ok = await worker.submit(page, `${page}/related-people`, { relationship: 'sibling', name: 'Mia Thompson', dateOfBirth: '03/05/2015', hasParentalResponsibility: 'no', notes: 'Younger sister, same school' });
      assert.equal(ok.status, 303);
      const pr = await worker.submit(page, `${page}/related-people`, { relationship: 'parental-responsibility', name: 'Aunt Carol', hasParentalResponsibility: 'no' });
      assert.equal(pr.status, 303);
      const rows = await harbour.db.selectFrom('related_people').selectAll().where('case_id', '=', id).orderBy('created_at').execute();
      assert.deepEqual(rows.map((r) => [r.relationship, r.name, r.date_of_birth, r.has_parental_responsibility]), [['sibling', 'Mia Thompson', '2015-05-03', false], ['parental-responsibility', 'Aunt Carol', null, true]]);
      const view = await worker.get(page);
      assert.match(view.text, /data-qa="related-people"/);
      assert.match(view.text, /Mia Thompson/);
      const audit = (await audits('related-person.added')).at(-1)!;
      assert.equal(audit.entity_id, rows[1]!.id);
      assert.doesNotMatch(JSON.stringify(audit.details), /Carol/);
    });
  });

  describe('case notes', () => {
    it('an edit keeps every earlier version; the list says how often it was edited', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get('CSE-0006')!;
      const today = londonDateOf(new Date());
      const created = await worker.submit(`/cases/${id}/notes/new`, `/cases/${id}/notes`, { contactDate: today, contactType: 'home visit', body: 'First version: visited at home.', sharingLevel: 'network' });
      assert.equal(created.status, 303);
      const note = await harbour.db.selectFrom('case_notes').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
      const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('id', '=', note.chronology_entry_id!).executeTakeFirstOrThrow();
      assert.equal(entry.record_type, 'case-note');
      assert.equal(entry.record_id, note.id);
      assert.equal(entry.summary, 'First version: visited at home.');

      const editPage = `/cases/${id}/notes/${note.id}/edit`;
      const second = await worker.submit(editPage, `/cases/${id}/notes/${note.id}`, { version: '1', contactDate: today, contactType: 'home visit', body: 'Second version: visited at home with mother present.', sharingLevel: 'network' });
      assert.equal(second.status, 303);
      const third = await worker.submit(editPage, `/cases/${id}/notes/${note.id}`, { version: '2', contactDate: today, contactType: 'phone call', body: 'Third version: it was a phone call.', sharingLevel: 'agency' });
      assert.equal(third.status, 303);

      const versions = await harbour.db.selectFrom('case_note_versions').select(['version', 'body', 'contact_type', 'sharing_level']).where('note_id', '=', note.id).orderBy('version').execute();
      assert.deepEqual(versions.map((v) => [v.version, v.body, v.contact_type, v.sharing_level]), [
        [1, 'First version: visited at home.', 'home visit', 'network'],
        [2, 'Second version: visited at home with mother present.', 'home visit', 'network'],
        [3, 'Third version: it was a phone call.', 'phone call', 'agency'],
      ]);
      const current = await harbour.db.selectFrom('case_notes').select(['body', 'version', 'sharing_level']).where('id', '=', note.id).executeTakeFirstOrThrow();
      assert.deepEqual(current, { body: 'Third version: it was a phone call.', version: 3, sharing_level: 'agency' });
      const synced = await harbour.db.selectFrom('chronology_entries').select(['title', 'summary', 'sharing_level']).where('id', '=', note.chronology_entry_id!).executeTakeFirstOrThrow();
      assert.deepEqual(synced, { title: 'Phone call', summary: 'Third version: it was a phone call.', sharing_level: 'agency' });

      const list = await worker.get(`/cases/${id}/notes`);
      assert.match(list.text, /data-qa="edited">edited 2 times/);
      assert.doesNotMatch(list.text, /First version/);
      const history = await worker.get(`/cases/${id}/notes/${note.id}`);
      assert.match(history.text, /First version: visited at home\./);
      assert.match(history.text, /Second version/);
      assert.match(history.text, /data-qa="version-3"/);
      assert.equal((await audits('case-note.edited')).filter((a) => a.entity_id === note.id && a.outcome === 'success').length, 2);

      // A stale second window is told, and its text is not lost.
      const stale = await worker.submit(editPage, `/cases/${id}/notes/${note.id}`, { version: '2', contactDate: today, contactType: 'phone call', body: 'From an old window', sharingLevel: 'agency' });
      assert.equal(stale.status, 409);
      assert.match(stale.text, /after you opened it/);
      assert.match(stale.text, /data-qa="unsaved">From an old window/);
      assert.equal((await harbour.db.selectFrom('case_note_versions').select('id').where('note_id', '=', note.id).execute()).length, 3);

      // Now agency-only: the outreach worker (another agency, in the network) sees neither the note nor its entry.
      const outreach = await signedIn('outreach');
      const theirList = await outreach.get(`/cases/${id}/notes`);
      assert.doesNotMatch(theirList.text, /Third version/);
      assert.equal((await outreach.get(`/cases/${id}/notes/${note.id}`)).status, 404);
      assert.doesNotMatch((await outreach.get(`/cases/${id}/chronology`)).text, /Third version/);
      // Only the author edits.
      const manager = await signedIn('manager');
      const hist = await manager.get(`/cases/${id}/notes/${note.id}`);
      assert.equal(hist.status, 200);
      const forbidden = await manager.request('POST', `/cases/${id}/notes/${note.id}`, { _csrf: csrfTokenIn(hist.text), version: '3', contactDate: today, contactType: 'other', body: 'Not mine', sharingLevel: 'network' });
      assert.equal(forbidden.status, 403);
    });

    it('refuses a future date and missing text; someone outside the network cannot write', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get('CSE-0006')!;
      const future = await worker.submit(`/cases/${id}/notes/new`, `/cases/${id}/notes`, { contactDate: addDays(londonDateOf(new Date()), 1), contactType: 'school visit', body: 'x', sharingLevel: 'network' });
      assert.equal(future.status, 400);
      assert.match(future.text, /href="#contactDate">The date of contact must be today or in the past/);
      const empty = await worker.submit(`/cases/${id}/notes/new`, `/cases/${id}/notes`, { contactDate: londonDateOf(new Date()), contactType: 'bogus', body: '', sharingLevel: 'network' });
      assert.equal(empty.status, 400);
      assert.match(empty.text, /href="#contactType">Choose the type of contact/);
      assert.match(empty.text, /href="#body">Enter what happened/);
      const police = await signedIn('police');
      const token = csrfTokenIn((await police.get('/')).text);
      const res = await police.request('POST', `/cases/${id}/notes`, { _csrf: token, contactDate: londonDateOf(new Date()), contactType: 'other', body: 'Not in the network', sharingLevel: 'network' });
      assert.equal(res.status, 403);
    });
  });

  describe('work lists', () => {
    const today = () => londonDateOf(new Date());
    before(async () => {
      const worker = users.get('social.worker')!.id;
      const rows = [
        { title: 'Future action', due: addDays(today(), 10), status: 'open' as const },
        { title: 'Overdue action', due: addDays(today(), -3), status: 'open' as const },
        { title: 'Done action', due: addDays(today(), -5), status: 'done' as const },
        { title: 'Very overdue action', due: addDays(today(), -20), status: 'open' as const },
      ];
      for (const r of rows) {
        await harbour.db.insertInto('actions').values({ case_id: caseIds.get('CSE-0002')!, title: r.title, owner_user_id: worker, due_date: r.due, status: r.status, source_type: 'manual' }).execute();
      }
      const la = (await harbour.db.selectFrom('cases').select('local_authority_id').where('id', '=', caseIds.get('CSE-0002')!).executeTakeFirstOrThrow()).local_authority_id;
      const clock = (label: string, dueInHours: number, extra: Record<string, unknown> = {}) => ({
        local_authority_id: la, profile_id: 'camden', rule_id: `test-${label}`, label, case_id: caseIds.get('CSE-0002')!, child_id: childIds.get('CSE-0002')!, started_at: new Date(Date.now() - 86_400_000 * 30), due_at: new Date(Date.now() + dueInHours * 3_600_000), ...extra,
      });
      await harbour.db.insertInto('clocks').values([clock('Clock due in 3 days', 72), clock('Clock overdue by 2 days', -48), clock('Clock due in 30 days', 720), clock('Clock already met', -100, { stopped_at: new Date() })]).execute();
      await harbour.db.updateTable('cases').set({ category: 3 }).where('id', '=', caseIds.get('CSE-0002')!).execute();
    });

    it('my work: overdue actions and clocks first, done and distant ones left out', async () => {
      const worker = await signedIn('social.worker');
      const page = await worker.get('/');
      assert.equal(page.status, 200);
      const actionTitles = [...page.text.matchAll(/data-qa="action-[^"]+">\s*<td class="govuk-table__cell">([^<]+)</g)].map((m) => m[1]);
      assert.deepEqual(actionTitles, ['Very overdue action', 'Overdue action', 'Future action']);
      assert.equal((page.text.match(/data-qa="overdue"/g) ?? []).length, 2);
      const clockSection = page.text.slice(page.text.indexOf('data-qa="my-clocks"'));
      const overdueAt = clockSection.indexOf('Clock overdue by 2 days');
      const soonAt = clockSection.indexOf('Clock due in 3 days');
      assert.ok(overdueAt > 0 && soonAt > overdueAt, 'overdue clock before the one due soon');
      assert.doesNotMatch(clockSection, /Clock due in 30 days|Clock already met/);
      const overdueOnly = await worker.get('/?aoverdue=1');
      assert.doesNotMatch(overdueOnly.text, /Future action/);
      assert.match(overdueOnly.text, /Very overdue action/);
      assert.match(page.text, /data-qa="my-referrals"/);
      // Garbage in the query string is ignored, not a 500.
      assert.equal((await worker.get('/?ap=-1&cp=zz&np[]=1')).status, 200);
    });

    it('the case overview shows open actions with the overdue ones highlighted', async () => {
      const worker = await signedIn('social.worker');
      const res = await worker.get(`/cases/${caseIds.get('CSE-0002')}`);
      assert.match(res.text, /data-qa="case-actions"/);
      const section = res.text.slice(res.text.indexOf('data-qa="case-actions"'));
      assert.ok(section.indexOf('Very overdue action') < section.indexOf('Future action'));
      assert.doesNotMatch(section.slice(0, section.indexOf('</table>')), /Done action/);
      assert.match(res.text, /data-qa="full-chronology"/);
    });

    it('a team manager sees the team’s overdue actions and clocks first', async () => {
      const manager = await signedIn('manager');
      const res = await manager.get('/work/team');
      assert.equal(res.status, 200);
      const section = res.text.slice(res.text.indexOf('data-qa="team-actions"'));
      assert.ok(section.indexOf('Very overdue action') < section.indexOf('Future action'));
      assert.match(res.text, /Sam Worker/);
      const clocks = res.text.slice(res.text.indexOf('data-qa="team-clocks"'));
      assert.match(clocks, /Clock overdue by 2 days/);
      assert.doesNotMatch(clocks, /Clock due in 3 days/);
      assert.equal((await (await signedIn('social.worker')).get('/work/team')).status, 403);
    });

    it('the CSE coordinator sees the area’s open CSE cases by category, with overdue clocks', async () => {
      const coordinator = await signedIn('coordinator');
      const res = await coordinator.get('/work/cse');
      assert.equal(res.status, 200);
      const refs = [...res.text.matchAll(/data-qa="cse-case-([A-Z0-9-]+)"/g)].map((m) => m[1]);
      assert.deepEqual(refs.slice(0, 1), ['CSE-0002']);
      assert.ok(!refs.includes('CSE-0005'), 'a case without a category is not a CSE case');
      assert.match(res.text.slice(res.text.indexOf('data-qa="cse-case-CSE-0002"')), /\d+ overdue/);
      const cat1 = await coordinator.get('/work/cse?category=1');
      const cat1Refs = [...cat1.text.matchAll(/data-qa="cse-case-([A-Z0-9-]+)"/g)].map((m) => m[1]);
      assert.deepEqual(cat1Refs.sort(), ['CSE-0003', 'CSE-0006']);
      const overdue = await coordinator.get('/work/cse?overdue=1');
      assert.ok([...overdue.text.matchAll(/data-qa="cse-case-([A-Z0-9-]+)"/g)].map((m) => m[1]).includes('CSE-0002'));
      assert.equal((await coordinator.get('/work/cse?category=9&page=x')).status, 200);
      assert.equal((await (await signedIn('social.worker')).get('/work/cse')).status, 403);
    });

    it('the front door sees a summary of its queue', async () => {
      const frontDoor = await signedIn('frontdoor');
      const res = await frontDoor.get('/');
      assert.match(res.text, /data-qa="front-door-summary"/);
      assert.match(res.text, /href="\/front-door"/);
    });

    it('notifications are marked as read, one or all, only by their owner', async () => {
      const worker = users.get('social.worker')!.id;
      const [a, b] = await harbour.db.insertInto('notifications').values([{ user_id: worker, kind: 'test', title: 'First test notice' }, { user_id: worker, kind: 'test', title: 'Second test notice' }]).returning('id').execute();
      const browser = await signedIn('social.worker');
      const page = await browser.get('/');
      assert.match(page.text, new RegExp(`data-qa="notification-${a!.id}"`));
      const res = await browser.request('POST', `/notifications/${a!.id}/read`, { _csrf: csrfTokenIn(page.text), returnTo: '/?np=1' });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/?np=1');
      assert.ok((await harbour.db.selectFrom('notifications').select('read_at').where('id', '=', a!.id).executeTakeFirstOrThrow()).read_at);
      const nurse = await signedIn('nurse');
      const nursePage = await nurse.get('/');
      await nurse.request('POST', `/notifications/${b!.id}/read`, { _csrf: csrfTokenIn(nursePage.text), returnTo: '//evil.example' });
      assert.equal((await harbour.db.selectFrom('notifications').select('read_at').where('id', '=', b!.id).executeTakeFirstOrThrow()).read_at, null);
      const all = await browser.request('POST', '/notifications/read-all', { _csrf: csrfTokenIn(page.text), returnTo: 'https://evil.example' });
      assert.equal(all.location, '/');
      assert.equal((await harbour.db.selectFrom('notifications').select('id').where('user_id', '=', worker).where('read_at', 'is', null).execute()).length, 0);
    });
  });

  it('the audit trail is intact after all of this', async () => {
    assert.deepEqual((await verifyAuditTrail(harbour.db)).ok, true);
  });
});
