// Duplicate records through HTTP (issue 15): the matching page finds a likely duplicate and offers the comparison; a
// merge moves every row that named the duplicate and keeps which ones; undoing moves exactly those back; a merge that
// contradicts itself (different dates of birth, different NHS numbers) is refused and writes nothing; every step audited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';
import { findPossibleMatches } from '../../../src/features/matching/service.ts';

describe(`merging duplicate records (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let jade = '';
  let duplicate = '';
  let otherDob = '';
  let duplicateCase = '';
  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'child_id', 'details']).where('action', '=', action).orderBy('id').execute();
  const childRow = (id: string) => harbour.db.selectFrom('children').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const entriesOf = async (id: string) => (await harbour.db.selectFrom('chronology_entries').select('id').where('child_id', '=', id).execute()).length;

  before(async () => {
    harbour = await startTestHarbour();
    const original = await harbour.db.selectFrom('children').selectAll().where('given_name', '=', 'Jade').executeTakeFirstOrThrow();
    jade = original.id;
    const author = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'frontdoor@harbour.example').executeTakeFirstOrThrow();
    // The same child entered a second time at the front door, with a slip in the family name and a case of its own.
    const dup = await harbour.db
      .insertInto('children')
      .values({ local_authority_id: original.local_authority_id, given_name: 'Jade', family_name: 'Thomson', date_of_birth: original.date_of_birth, postcode: original.postcode, school: original.school, address: original.address })
      .returning('id')
      .executeTakeFirstOrThrow();
    duplicate = dup.id;
    const k = await harbour.db.insertInto('cases').values({ reference: 'CSE-9001', child_id: dup.id, local_authority_id: original.local_authority_id }).returning('id').executeTakeFirstOrThrow();
    duplicateCase = k.id;
    await harbour.db.insertInto('chronology_entries').values([
      { child_id: dup.id, case_id: k.id, occurred_at: new Date(), kind: 'concern', title: 'Concern raised twice', summary: 'Entered again by mistake.', agency_id: author.agency_id, author_id: author.id },
      { child_id: dup.id, case_id: k.id, occurred_at: new Date(), kind: 'note', title: 'Second note', summary: 'Also on the duplicate.', agency_id: author.agency_id, author_id: author.id },
    ]).execute();
    await harbour.db.insertInto('child_aliases').values({ child_id: dup.id, alias: 'Jadey' }).execute();
    // A link between the two records (a child linked to itself after a merge) stays where it is.
    await harbour.db.insertInto('child_links').values({ child_id: jade, linked_child_id: dup.id, reason: 'same school', recorded_by: author.id }).execute();
    const other = await harbour.db
      .insertInto('children')
      .values({ local_authority_id: original.local_authority_id, given_name: 'Jade', family_name: 'Thompson', date_of_birth: '2012-05-01', postcode: original.postcode })
      .returning('id')
      .executeTakeFirstOrThrow();
    otherDob = other.id;
  });
  after(async () => {
    await harbour?.stop();
  });

  it('the matching page offers the likely duplicate for comparison, to the front door only', async () => {
    const frontDoor = await signedIn('frontdoor');
    // A referral about Jade: the front door's possible matches find both records, and offer to compare them.
    const original = await childRow(jade);
    const referrer = await signedIn('referrer');
    const key = randomUUID();
    const [y, m, d] = original.date_of_birth!.split('-');
    await referrer.submit('/referrals/new', '/referrals', {
      idempotencyKey: key, action: 'submit', channel: 'online', narrative: 'Seen with older men again.', childGivenName: 'Jade', childFamilyName: 'Thompson',
      childDateOfBirth: `${d}/${m}/${y}`, childAddress: original.address!, childWard: 'Kilburn', dslConsulted: 'not-applicable',
    });
    const contact = await harbour.db.selectFrom('contacts').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const contactPage = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    assert.match(contactPage.text, /data-qa="possible-duplicates"/);
    assert.match(contactPage.text, new RegExp(`/children/merge\\?keep=[0-9a-f-]{36}&amp;merge=(${jade}|${duplicate})`));
    const page = await frontDoor.get(`/children/${jade}/duplicates`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`/children/merge\\?keep=${jade}&amp;merge=${duplicate}`));
    assert.equal((await (await signedIn('social.worker')).get(`/children/${jade}/duplicates`)).status, 403);
    const compare = await frontDoor.get(`/children/merge?keep=${jade}&merge=${duplicate}`);
    assert.equal(compare.status, 200);
    assert.match(compare.text, /data-qa="comparison"/);
    assert.match(compare.text, /data-qa="differs-family_name"/);
    assert.match(compare.text, /CSE-9001/);
    assert.match(compare.text, /data-qa="merge-records"/);
    assert.equal((await (await signedIn('police')).get(`/children/merge?keep=${jade}&merge=${duplicate}`)).status, 403);
    assert.ok((await audits('child.merge-compared')).some((a) => a.child_id === duplicate && a.outcome === 'success'));
  });

  const post = async (who: Browserish, fields: Record<string, string>) => {
    const page = await who.get(`/children/merge?keep=${fields.keptId}&merge=${fields.mergedId}`);
    return who.request('POST', '/children/merge', { _csrf: csrfTokenIn(page.text), ...fields });
  };
  const fieldsFor = async (keptId: string, mergedId: string, extra: Record<string, string> = {}) => ({
    keptId, mergedId, keptVersion: String((await childRow(keptId)).version), mergedVersion: String((await childRow(mergedId)).version), reason: 'Same child: checked with the school.', confirm: 'yes', ...extra,
  });

  it('a merge that contradicts (different dates of birth, different NHS numbers) is refused, with nothing moved', async () => {
    const frontDoor = await signedIn('frontdoor');
    const page = await frontDoor.get(`/children/merge?keep=${jade}&merge=${otherDob}`);
    assert.match(page.text, /data-qa="contradictions"/);
    assert.doesNotMatch(page.text, /data-qa="merge-records"/, 'the merge is not offered');
    const dob = await post(frontDoor, await fieldsFor(jade, otherDob));
    assert.equal(dob.status, 400);
    assert.match(titleOf(dob.text), /^Error: /);
    assert.match(dob.text, /different dates of birth/);
    await harbour.db.updateTable('children').set({ nhs_number: '9434765919' }).where('id', '=', jade).execute();
    await harbour.db.updateTable('children').set({ nhs_number: '9434765870' }).where('id', '=', duplicate).execute();
    const nhs = await post(frontDoor, await fieldsFor(jade, duplicate));
    assert.equal(nhs.status, 400);
    assert.match(nhs.text, /different NHS numbers/);
    await harbour.db.updateTable('children').set({ nhs_number: null }).where('id', '=', duplicate).execute();
    assert.equal((await childRow(otherDob)).merged_into_id, null);
    assert.equal((await childRow(duplicate)).merged_into_id, null);
    assert.equal(await entriesOf(duplicate), 2);
    assert.equal((await harbour.db.selectFrom('child_merges').select('id').execute()).length, 0);
    const denied = (await audits('child.merged')).filter((a) => a.outcome === 'denied');
    assert.deepEqual(denied.map((a) => (a.details as { codes: string[] }).codes), [['different-dates-of-birth'], ['different-nhs-numbers']]);
  });

  it('bad input shows the error summary; a stale comparison is refused; someone else may not merge', async () => {
    const frontDoor = await signedIn('frontdoor');
    const empty = await post(frontDoor, await fieldsFor(jade, duplicate, { reason: '', confirm: '' }));
    assert.equal(empty.status, 400);
    assert.match(empty.text, /There is a problem/);
    assert.match(empty.text, /Confirm that these records are the same child/);
    const stale = await post(frontDoor, await fieldsFor(jade, duplicate, { mergedVersion: '99' }));
    assert.equal(stale.status, 409);
    assert.match(stale.text, /changed since you compared them/);
    assert.match(stale.text, /Same child: checked with the school\./, 'the reason typed is kept');
    const coordinatorElsewhere = await signedIn('social.worker');
    const refused = await coordinatorElsewhere.request('POST', '/children/merge', { _csrf: csrfTokenIn((await coordinatorElsewhere.get('/')).text), ...(await fieldsFor(jade, duplicate)) });
    assert.equal(refused.status, 403);
    assert.equal((await childRow(duplicate)).merged_into_id, null);
  });

  let mergeId = '';
  it('merged: every row naming the duplicate moves to the kept record, which rows moved is kept, and matching no longer offers the duplicate', async () => {
    const before = await entriesOf(jade);
    const coordinator = await signedIn('coordinator');
    const done = await post(coordinator, await fieldsFor(jade, duplicate));
    assert.equal(done.status, 303);
    mergeId = /\/children\/merges\/([0-9a-f-]{36})/.exec(done.location!)![1]!;
    assert.equal((await childRow(duplicate)).merged_into_id, jade);
    assert.equal((await harbour.db.selectFrom('cases').select('child_id').where('id', '=', duplicateCase).executeTakeFirstOrThrow()).child_id, jade);
    assert.equal(await entriesOf(duplicate), 0);
    assert.equal(await entriesOf(jade), before + 2 + 1, 'both entries moved, and the merge is on the chronology');
    assert.deepEqual((await harbour.db.selectFrom('child_aliases').select('alias').where('child_id', '=', jade).execute()).map((a) => a.alias).sort(), ['Jadey', 'Jayjay']);
    const merge = await harbour.db.selectFrom('child_merges').selectAll().where('id', '=', mergeId).executeTakeFirstOrThrow();
    const moved = merge.moved as unknown as { table: string; ids: string[] }[];
    assert.deepEqual(moved.map((m) => m.table).sort(), ['cases', 'child_aliases', 'chronology_entries']);
    assert.equal((await childRow(jade)).nhs_number, '9434765919');
    const link = await harbour.db.selectFrom('child_links').select(['child_id', 'linked_child_id']).where('linked_child_id', '=', duplicate).executeTakeFirstOrThrow();
    assert.equal(link.child_id, jade, 'the link between the two records stays as it was, not a child linked to itself');
    const page = await coordinator.get(`/children/merges/${mergeId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="undo-merge"/);
    // The kept child now has two open cases (issue 15): the page says so and offers closing one as a duplicate.
    assert.match(page.text, /data-qa="two-open-cases"/);
    assert.match(page.text, new RegExp(`href="/cases/${duplicateCase}/close"`));
    const original = await childRow(jade);
    const matches = await findPossibleMatches(harbour.db, { givenName: 'Jade', familyName: 'Thomson', dateOfBirth: original.date_of_birth, localAuthorityId: original.local_authority_id, now: new Date() });
    assert.ok(!matches.some((m) => m.childId === duplicate), 'a merged record is not offered as a match');
    assert.ok(matches.some((m) => m.childId === jade));
    assert.equal((await audits('child.merged')).filter((a) => a.outcome === 'success').length, 2, 'audited against both children');
    const again = await post(coordinator, await fieldsFor(jade, duplicate));
    assert.equal(again.status, 400);
    assert.match(again.text, /already been merged/);
  });

  it('undone: exactly the rows that moved go back, both records are as they were, audited and on both chronologies', async () => {
    const frontDoor = await signedIn('frontdoor');
    const page = await frontDoor.get(`/children/merges/${mergeId}`);
    const merge = await harbour.db.selectFrom('child_merges').select('version').where('id', '=', mergeId).executeTakeFirstOrThrow();
    const empty = await frontDoor.request('POST', `/children/merges/${mergeId}/undo`, { _csrf: csrfTokenIn(page.text), version: String(merge.version), reason: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Enter why the merge is being undone/);
    const undone = await frontDoor.request('POST', `/children/merges/${mergeId}/undo`, { _csrf: csrfTokenIn(page.text), version: String(merge.version), reason: 'Twins after all: the school confirmed.' });
    assert.equal(undone.status, 303);
    assert.equal((await childRow(duplicate)).merged_into_id, null);
    assert.equal((await harbour.db.selectFrom('cases').select('child_id').where('id', '=', duplicateCase).executeTakeFirstOrThrow()).child_id, duplicate);
    assert.equal(await entriesOf(duplicate), 2 + 1, 'its entries are back, with the undo on its chronology');
    assert.deepEqual((await harbour.db.selectFrom('child_aliases').select('alias').where('child_id', '=', duplicate).execute()).map((a) => a.alias), ['Jadey']);
    const kinds = (await harbour.db.selectFrom('chronology_entries').select('kind').where('record_id', '=', mergeId).orderBy('recorded_at').execute()).map((e) => e.kind).sort();
    assert.deepEqual(kinds, ['records-merged', 'records-unmerged', 'records-unmerged']);
    assert.equal((await audits('child.merge-undone')).filter((a) => a.outcome === 'success').length, 2);
    const twice = await frontDoor.request('POST', `/children/merges/${mergeId}/undo`, { _csrf: csrfTokenIn(page.text), version: String(merge.version + 1), reason: 'Again' });
    assert.equal(twice.status, 400);
    assert.match(twice.text, /already been undone/);
    const verdict = await verifyAuditTrail(harbour.db);
    assert.equal(verdict.ok, true);
  });
});
