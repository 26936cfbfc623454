// The register tied to the rest of the record, through HTTP (issue 12; bedford-luton Appendix 2, 9 and 11.9):
// a missing episode's "who they were with, where found" as links (choosing an entry, or recording one with its
// likely matches first); mentions in case notes and observations, seen only by those who may see the note; an
// entry's network picture with the table that says the same; disruption actions counted per perpetrator; and
// the set-based access decision agreeing with the one-case-at-a-time one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { decideCaseAccess } from '../../../src/domain/access/access.ts';
import type { Actor } from '../../../src/domain/access/access.ts';
import type { Role } from '../../../src/domain/access/roles.ts';
import { accessFacts, accessFactsForCases, findCaseHeader } from '../../../src/features/case-access/service.ts';
import { disruptionCountsByPerson } from '../../../src/features/intelligence/service.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`the register tied to missing episodes, notes, observations and disruption (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const caseIds = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    for (const row of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) caseIds.set(row.reference, row.id);
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('action', '=', action).execute();
  const jade = () => caseIds.get('CSE-0001')!;

  let person = '';
  let place = '';
  let episode = '';

  it('a missing episode records who the child was with as a link: a new entry, likely matches first, then the link', async () => {
    const worker = await signedIn('social.worker');
    const reported = await worker.submit(`/cases/${jade()}/missing/new`, `/cases/${jade()}/missing/new`, {
      leftDate: '15/11/2026', leftTime: '21:00', fromWhere: 'home', appearanceOnLeaving: 'Grey hoodie', sharingLevel: 'network',
    });
    assert.equal(reported.status, 303);
    episode = (await harbour.db.selectFrom('missing_episodes').select('id').where('case_id', '=', jade()).orderBy('reported_at', 'desc').executeTakeFirstOrThrow()).id;
    const list = await worker.get(`/cases/${jade()}/missing`);
    assert.ok(list.text.includes(`/cases/${jade()}/missing/${episode}/intelligence`), 'each episode offers its links');

    const page = await worker.get(`/cases/${jade()}/missing/${episode}/intelligence`);
    assert.equal(page.status, 200);
    assert.match(page.text, /No links from this episode that you can see/);
    const newHref = /href="(\/intelligence\/new\?[^"]+)" data-qa="record-new"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const through = { caseId: jade(), episodeId: episode, role: 'with' };
    assert.ok(newHref.includes(`episodeId=${episode}`));
    const created = await worker.submit(newHref, '/intelligence/new', { ...through, kind: 'person', name: 'Danny Walsh', aliases: 'D', approximateAge: '24' });
    assert.equal(created.status, 303);
    assert.match(created.location!, new RegExp(`/cases/${jade()}/missing/${episode}/intelligence\\?role=with&entityId=[0-9a-f-]{36}`), 'back to the episode to link the new entry');
    person = /entityId=([0-9a-f-]{36})/.exec(created.location!)![1]!;

    // The same person entered again from the episode: the likely match is offered, linking back to the episode.
    const again = await worker.submit(newHref, '/intelligence/new', { ...through, kind: 'person', name: 'Daniel Walsh' });
    assert.equal(again.status, 200);
    assert.match(again.text, /This may already be in the register/);
    assert.ok(again.text.includes(`/cases/${jade()}/missing/${episode}/intelligence?role=with&amp;entityId=${person}`), 'the match links to the episode');

    const form = await worker.get(created.location!);
    assert.match(form.text, /Linking to <a class="govuk-link" href="\/intelligence\/[^"]+">Danny Walsh \(24\)<\/a>/);
    const blank = await worker.submit(created.location!, `/cases/${jade()}/missing/${episode}/intelligence`, { entityId: person, role: 'with', nature: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#nature">/);
    const linked = await worker.submit(created.location!, `/cases/${jade()}/missing/${episode}/intelligence`, { entityId: person, role: 'with', nature: 'with the child while missing', howKnown: 'told-by-child', sharingLevel: 'network' });
    assert.equal(linked.status, 303);
    const after = await worker.get(`/cases/${jade()}/missing/${episode}/intelligence`);
    assert.match(after.text, /<td class="govuk-table__cell">With<\/td><td class="govuk-table__cell"><a class="govuk-link" href="\/intelligence\/[^"]+">Danny Walsh \(24\)<\/a>/);
    const entry = await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', jade()).where('record_type', '=', 'intelligence-link').orderBy('recorded_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.title, 'While missing, with Danny Walsh (24)');
    const row = await harbour.db.selectFrom('intel_links').select(['missing_episode_id', 'missing_role']).where('entity_id', '=', person).executeTakeFirstOrThrow();
    assert.deepEqual(row, { missing_episode_id: episode, missing_role: 'with' });
    assert.ok((await audits('intelligence.linked')).some((a) => (a.details as { missingEpisodeId?: string }).missingEpisodeId === episode));
    assert.match((await worker.get(`/cases/${jade()}/intelligence`)).text, /Danny Walsh \(24\)/, 'the link is one of the case’s links too');
  });

  it('where the child was found is a place; an episode kept within the police takes no link shared more widely', async () => {
    const worker = await signedIn('social.worker');
    place = await (async () => {
      const res = await worker.submit(`/intelligence/new?kind=place&caseId=${jade()}&episodeId=${episode}&role=found-at`, '/intelligence/new', { caseId: jade(), episodeId: episode, role: 'found-at', kind: 'place', address: 'Flat 2, 14 Agar Grove, NW1 9SL', placeKind: 'flat' });
      assert.equal(res.status, 303);
      return /entityId=([0-9a-f-]{36})/.exec(res.location!)![1]!;
    })();
    const found = await worker.submit(`/cases/${jade()}/missing/${episode}/intelligence?role=found-at&entityId=${place}`, `/cases/${jade()}/missing/${episode}/intelligence`, { entityId: place, role: 'found-at', nature: 'found at', howKnown: 'seen', sharingLevel: 'network' });
    assert.equal(found.status, 303);
    assert.match((await worker.get(`/cases/${jade()}/missing/${episode}/intelligence`)).text, /Where found<\/td>/);

    const returned = await worker.submit(`/cases/${jade()}/missing/${episode}/return`, `/cases/${jade()}/missing/${episode}/return`, { version: '1', returnedDate: '16/11/2026', returnedTime: '07:00', appearanceOnReturn: 'Tired' });
    assert.equal(returned.status, 303, 'the first episode is over');
    const police = await signedIn('police');
    const reported = await police.submit(`/cases/${jade()}/missing/new`, `/cases/${jade()}/missing/new`, { leftDate: '16/11/2026', leftTime: '08:00', fromWhere: 'other', appearanceOnLeaving: 'Black coat', sharingLevel: 'agency' });
    assert.equal(reported.status, 303, /govuk-error-summary__list[\s\S]*?<\/ul>/.exec(reported.text)?.[0]);
    const policeEpisode = (await harbour.db.selectFrom('missing_episodes').select('id').where('case_id', '=', jade()).where('sharing_level', '=', 'agency').executeTakeFirstOrThrow()).id;
    const wider = await police.submit(`/cases/${jade()}/missing/${policeEpisode}/intelligence?entityId=${person}`, `/cases/${jade()}/missing/${policeEpisode}/intelligence`, { entityId: person, role: 'with', nature: 'seen with', howKnown: 'seen', sharingLevel: 'network' });
    assert.equal(wider.status, 400);
    assert.match(wider.text, /href="#sharingLevel">This missing episode is not shared with the whole case network/);
    assert.equal((await worker.get(`/cases/${jade()}/missing/${policeEpisode}/intelligence`)).status, 404, 'an episode the social worker cannot see');
  });

  it('a case note mentions an entry: shown on the note and on the entry’s page, only to those who may see the note', async () => {
    const worker = await signedIn('social.worker');
    const wrote = await worker.submit(`/cases/${jade()}/notes/new`, `/cases/${jade()}/notes`, { contactDate: '16/11/2026', contactType: 'home visit', body: 'Jade spoke about Danny.', sharingLevel: 'agency' });
    assert.equal(wrote.status, 303);
    const note = (await harbour.db.selectFrom('case_notes').select('id').where('case_id', '=', jade()).orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id;
    const notePage = await worker.get(`/cases/${jade()}/notes/${note}`);
    assert.match(notePage.text, /data-qa="note-mentions">\s*<li>None\.<\/li>/);
    const search = await worker.get(`/cases/${jade()}/mentions/case-note/${note}?q=Walsh`);
    assert.equal(search.status, 200);
    assert.match(search.text, /Danny Walsh \(24\)/);
    const none = await worker.submit(`/cases/${jade()}/mentions/case-note/${note}?q=Walsh`, `/cases/${jade()}/mentions/case-note/${note}`, {});
    assert.equal(none.status, 400);
    assert.match(none.text, /href="#entityId">Choose an entry from the register/);
    const mentioned = await worker.submit(`/cases/${jade()}/mentions/case-note/${note}?q=Walsh`, `/cases/${jade()}/mentions/case-note/${note}`, { entityId: person });
    assert.equal(mentioned.status, 303);
    assert.match((await worker.get(`/cases/${jade()}/notes/${note}`)).text, /data-qa="note-mentions">\s*<li><a class="govuk-link" href="\/intelligence\/[^"]+">Danny Walsh \(24\)<\/a>/);
    const entity = await worker.get(`/intelligence/${person}`);
    assert.match(entity.text, /A case note<\/a><\/td>\s*<td class="govuk-table__cell">Jade Thompson \(CSE-0001\)/);
    assert.equal((await audits('intelligence.mentioned')).length, 1);

    // The nurse is in Jade's network but not the social worker's agency: the note, and so its mention, are hidden.
    const nurse = await signedIn('nurse');
    const hers = await nurse.get(`/intelligence/${person}`);
    assert.equal(hers.status, 200, 'she sees the entry through the network link from the episode');
    assert.doesNotMatch(hers.text, /A case note/);
    assert.equal((await nurse.get(`/cases/${jade()}/mentions/case-note/${note}`)).status, 404);
  });

  it('an observation mentions an entry, shown with the observation on the Risk page', async () => {
    const worker = await signedIn('social.worker');
    const obs = await harbour.db.selectFrom('risk_observations').select('id').where('case_id', '=', jade()).where('sharing_level', '=', 'network').executeTakeFirst();
    let observationId = obs?.id;
    if (!observationId) {
      const user = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
      const kase = await harbour.db.selectFrom('cases').select('child_id').where('id', '=', jade()).executeTakeFirstOrThrow();
      observationId = (await harbour.db.insertInto('risk_observations').values({ case_id: jade(), child_id: kase.child_id, indicator_id: 'matrix.education.l1.truanting', observed_on: '2026-11-15', recorded_by: user.id, agency_id: user.agency_id, how_known: 'seen' }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const done = await worker.submit(`/cases/${jade()}/mentions/observation/${observationId}?q=Agar`, `/cases/${jade()}/mentions/observation/${observationId}`, { entityId: place });
    assert.equal(done.status, 303);
    const riskPage = await worker.get(`/cases/${jade()}/risk`);
    assert.match(riskPage.text, /data-qa="observation-mention">Mentions <a class="govuk-link" href="\/intelligence\/[^"]+">Flat 2, 14 Agar Grove, NW1 9SL<\/a>/);
  });

  it('an entry’s network picture: the children and entries round it, with a table saying the same', async () => {
    const worker = await signedIn('social.worker');
    const vehicle = await (async () => {
      const res = await worker.submit('/intelligence/new?kind=vehicle', '/intelligence/new', { kind: 'vehicle', registration: 'KX19 ABC', colour: 'black', model: 'Golf' });
      return /\/intelligence\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
    })();
    const linked = await worker.submit(`/intelligence/${person}`, `/intelligence/${person}/links`, { otherEntityId: vehicle, nature: 'drives', howKnown: 'seen', sharingLevel: 'network' });
    assert.equal(linked.status, 303);
    // Kayleigh (CSE-0004) is in the nurse's network, not the social worker's.
    const nurse = await signedIn('nurse');
    const kay = caseIds.get('CSE-0004')!;
    const res = await nurse.submit(`/cases/${kay}/intelligence/link?entityId=${vehicle}`, `/cases/${kay}/intelligence/link`, { entityId: vehicle, nature: 'picked up in', howKnown: 'told-by-child', sharingLevel: 'network' });
    assert.equal(res.status, 303);

    const page = await worker.get(`/intelligence/${person}`);
    assert.match(page.text, /data-qa="entity-network-picture"><svg[^>]*role="img"/);
    const table = /data-qa="entity-network-table">([\s\S]*?)<\/table>/.exec(page.text)![1]!;
    assert.match(table, /Danny Walsh \(24\)<\/td><td class="govuk-table__cell">with the child while missing<\/td><td class="govuk-table__cell">Jade Thompson/);
    assert.match(table, /Danny Walsh \(24\)<\/td><td class="govuk-table__cell">drives<\/td><td class="govuk-table__cell">black Golf KX19ABC/);
    assert.match(table, /black Golf KX19ABC<\/td><td class="govuk-table__cell">picked up in<\/td><td class="govuk-table__cell">another child/);
    assert.doesNotMatch(page.text, /Kayleigh|CSE-0004/, 'the child two steps out is never named to someone who may not open their case');
    const coordinator = await signedIn('coordinator');
    assert.match((await coordinator.get(`/intelligence/${person}`)).text, /picked up in<\/td><td class="govuk-table__cell">Kayleigh Brown/, 'the area’s coordinator may');
  });

  it('disruption actions are counted per perpetrator: against them, and against premises they are linked to (bedford-luton 11.9)', async () => {
    const police = await signedIn('police');
    const lives = await police.submit(`/intelligence/${person}`, `/intelligence/${person}/links`, { otherEntityId: place, nature: 'uses', howKnown: 'reliable-source', sharingLevel: 'network' });
    assert.equal(lives.status, 303);
    for (const [id, kind] of [[person, 'sexual-harm-prevention-order'], [person, 'child-abduction-notice'], [place, 'closure-of-premises']] as const) {
      const res = await police.submit(`/intelligence/${id}`, `/intelligence/${id}/disruptions`, { disruption: kind, takenOn: '16/11/2026' });
      assert.equal(res.status, 303);
    }
    const counts = await disruptionCountsByPerson(harbour.db);
    const mine = counts.find((c) => c.entityId === person)!;
    assert.equal(mine.direct, 2);
    assert.equal(mine.byKind['sexual-harm-prevention-order'], 1);
    assert.equal(mine.byKind['child-abduction-notice'], 1);
    assert.equal(mine.throughLinkedEntries, 1, 'the closure of the flat he uses');
    assert.equal(mine.total, 3);
    assert.ok(!counts.some((c) => c.entityId === place), 'a place is not a perpetrator');
    assert.equal((await disruptionCountsByPerson(harbour.db, { from: '2026-11-17' })).length, 0, 'by date taken');
    const la = (await harbour.db.selectFrom('cases').select('local_authority_id').where('id', '=', jade()).executeTakeFirstOrThrow()).local_authority_id;
    assert.ok((await disruptionCountsByPerson(harbour.db, { localAuthorityId: la })).some((c) => c.entityId === person));
    assert.equal((await disruptionCountsByPerson(harbour.db, { localAuthorityId: 'nowhere' })).length, 0);
  });

  it('a police disruption plan names the person from the register, not free text; only the police name them (bedford-luton 11.9)', async () => {
    const police = await signedIn('police');
    const made = await police.submit(`/cases/${jade()}/plans/new?type=disruption-plan`, `/cases/${jade()}/plans`, { planType: 'disruption-plan', sharingLevel: 'network', 'section-perpetrators': 'See the register entries', 'poc-0-name': 'See the register', 'poc-0-details': 'Register entry', measures: ['observation', 'licensing-powers'] });
    assert.equal(made.status, 303, /govuk-error-summary[\s\S]*?<\/ul>/.exec(made.text)?.[0]);
    const planId = made.location!.split('/').pop()!;
    const plan = await police.get(`/cases/${jade()}/plans/${planId}`);
    assert.match(plan.text, /data-qa="register-targets"><li>None yet\.<\/li>/);
    const search = await police.get(`/cases/${jade()}/plans/${planId}/targets?q=Walsh`);
    assert.equal(search.status, 200);
    const named = await police.submit(`/cases/${jade()}/plans/${planId}/targets?q=Walsh`, `/cases/${jade()}/plans/${planId}/targets`, { entityId: person });
    assert.equal(named.status, 303);
    assert.match((await police.get(`/cases/${jade()}/plans/${planId}`)).text, /data-qa="register-targets"><li><a class="govuk-link" href="\/intelligence\/[^"]+">Danny Walsh \(24\)<\/a>/);
    assert.equal((await audits('intelligence.plan-target-named')).length, 1);
    const worker = await signedIn('social.worker');
    const theirs = await worker.get(`/cases/${jade()}/plans/${planId}/targets`);
    assert.equal(theirs.status, 200, 'a network plan is seen by the network');
    assert.doesNotMatch(theirs.text, /Name it in the plan|data-qa="find"/, 'but only the police name entries in it');
    const refused = await worker.submit(`/cases/${jade()}/plans/${planId}/targets`, `/cases/${jade()}/plans/${planId}/targets`, { entityId: place });
    assert.equal(refused.status, 403);
  });

  it('the access decision for many cases at once is the one-case-at-a-time decision, for every demo user and case', async () => {
    const users = await harbour.db.selectFrom('users').select(['id', 'agency_id', 'local_authority_id', 'active']).execute();
    const roles = await harbour.db.selectFrom('user_roles').select(['user_id', 'role']).execute();
    const cases = [...caseIds.values()];
    const now = harbour.clock.now;
    for (const u of users) {
      const actor: Actor = { id: u.id, agencyId: u.agency_id, localAuthorityId: u.local_authority_id, active: u.active, roles: roles.filter((r) => r.user_id === u.id).map((r) => r.role as Role) };
      const many = await accessFactsForCases(harbour.db, actor, [...cases, 'not-a-uuid'], now);
      assert.equal(many.size, cases.length);
      for (const id of cases) {
        const one = decideCaseAccess(actor, await accessFacts(harbour.db, actor, (await findCaseHeader(harbour.db, id))!, now));
        assert.deepEqual(decideCaseAccess(actor, many.get(id)!.facts), one, `user ${u.id}, case ${id}`);
      }
    }
  });

  it('every write left its audit row and the chain verifies', async () => {
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });
});
