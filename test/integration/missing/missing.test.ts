// Missing episodes through HTTP (bedford-luton Appendix 2; cambridgeshire 4): reporting a child missing, the
// "Missing now" flag on every case page and in the API, the return that closes it, the return interview, the
// chronology entries and audit rows each write leaves, a stale form, and who may see and write.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const FLAG = /govuk-tag--red govuk-!-margin-left-2">Missing now</;

describe(`missing episodes and the “Missing now” flag (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const caseIds = new Map<string, string>();
  const childIds = new Map<string, string>();
  const users = new Map<string, { id: string; agency_id: string }>();
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
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
  const apiToken = async (who: string) => {
    const page = await (await signedIn(who)).submit('/account', '/account/api-tokens', { name: 'case system' });
    return /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
  };
  const apiCase = async (token: string, caseId: string) => {
    const res = await fetch(`${harbour.url}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { missingNow?: boolean } };
  };
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'actor_id', 'entity_id', 'child_id', 'details']).where('action', '=', action).orderBy('id').execute();
  const episodesOf = (ref: string) => harbour.db.selectFrom('missing_episodes').selectAll().where('case_id', '=', caseIds.get(ref)!).orderBy('left_at').execute();
  const entriesOf = (episodeId: string) => harbour.db.selectFrom('chronology_entries').selectAll().where('record_type', '=', 'missing-episode').where('record_id', '=', episodeId).orderBy('occurred_at').execute();

  const report = {
    leftDate: '15/11/2026',
    leftTime: '21:40',
    fromWhere: 'home',
    appearanceOnLeaving: 'Blue denim jacket, black leggings, hair in braids; carrying a black shoulder bag.',
    whoWith: 'An older girl known as “Tee”, collected in a white van.',
    sharingLevel: 'network',
  };

  describe('reporting a child missing (CSE-0001)', () => {
    const ref = 'CSE-0001';
    let episodeId = '';

    it('bad input is the error summary: what was typed is kept and nothing is written', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const form = `/cases/${id}/missing/new`;
      const blank = await worker.submit(form, form, { ...report, leftTime: '25:00', fromWhere: '', appearanceOnLeaving: '  ' });
      assert.equal(blank.status, 400);
      assert.match(titleOf(blank.text), /^Error: Report missing – CSE-0001/);
      assert.match(blank.text, /There is a problem/);
      assert.match(blank.text, /href="#leftTime">Time they left must be a real time in 24-hour format/);
      assert.match(blank.text, /href="#fromWhere">Choose where they went missing from/);
      assert.match(blank.text, /href="#appearanceOnLeaving">Describe how they looked when they left/);
      assert.match(blank.text, /collected in a white van/, 'who they were with is kept');

      const future = await worker.submit(form, form, { ...report, leftDate: '16/11/2026', leftTime: '23:00' });
      assert.equal(future.status, 400);
      assert.match(future.text, /href="#leftDate">The date and time they left must be now or in the past/);
      assert.match(future.text, /Blue denim jacket, black leggings/, 'the appearance is kept');

      const named = await worker.submit(form, form, { ...report, sharingLevel: 'named' });
      assert.equal(named.status, 400);
      assert.match(named.text, /Choose at least one person who may see this entry/);

      assert.equal((await episodesOf(ref)).length, 0);
      assert.equal((await harbour.db.selectFrom('chronology_entries').select('id').where('child_id', '=', childIds.get(ref)!).where('kind', '=', 'missing-reported').execute()).length, 0);
      assert.equal((await audits('missing.reported')).length, 0);
      assert.doesNotMatch((await worker.get(`/cases/${id}`)).text, FLAG);
    });

    it('a report writes the episode, its chronology entry and its audit row, and raises the flag on every case page and in the API', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const res = await worker.submit(`/cases/${id}/missing/new`, `/cases/${id}/missing/new`, report);
      assert.equal(res.status, 303);
      assert.equal(res.location, `/cases/${id}/missing?done=reported`);

      const [episode] = await episodesOf(ref);
      assert.ok(episode);
      episodeId = episode.id;
      assert.equal(episode.left_at.toISOString(), londonInstant('2026-11-15', 21, 40).toISOString());
      assert.equal(episode.from_where, 'home');
      assert.equal(episode.reported_by, users.get('social.worker')!.id);
      assert.equal(episode.agency_id, users.get('social.worker')!.agency_id);
      assert.equal(episode.child_id, childIds.get(ref));
      assert.equal(episode.returned_at, null);
      assert.equal(episode.version, 1);

      const [entry] = await entriesOf(episodeId);
      assert.equal(entry!.kind, 'missing-reported');
      assert.equal(entry!.title, 'Reported missing from home');
      assert.equal(entry!.occurred_at.toISOString(), episode.left_at.toISOString());
      assert.match(entry!.summary, /Appearance on leaving: Blue denim jacket[\s\S]*With: An older girl/);
      assert.equal(entry!.author_id, users.get('social.worker')!.id);

      const audit = (await audits('missing.reported')).at(-1)!;
      assert.equal(audit.outcome, 'success');
      assert.equal(audit.entity_id, episodeId);
      assert.equal(audit.child_id, childIds.get(ref));
      assert.deepEqual(audit.details, { caseId: id, fromWhere: 'home', sharingLevel: 'network', namedPeople: 0 });

      const list = await worker.get(res.location!);
      assert.match(list.text, /data-qa="notice"/);
      assert.match(list.text, /Missing now since <time datetime="[^"]+">15 November 2026 at 9:40pm<\/time> \(12 hours 50 minutes so far\)/);
      for (const path of ['', '/chronology', '/risk', '/meetings', '/plans', '/network', '/notes', '/missing']) {
        const page = await worker.get(`/cases/${id}${path}`);
        assert.equal(page.status, 200, path);
        assert.match(page.text, FLAG, `the identity bar of ${path || 'the overview'} carries the flag`);
      }
      const overview = await worker.get(`/cases/${id}`);
      assert.match(overview.text, /Missing since <time datetime="[^"]+">15 November 2026 at 9:40pm<\/time>\. <a class="govuk-link" href="\/cases\/[^"]+\/missing" data-qa="missing-link">/);
      // The nurse is in the network, so sees it too.
      assert.match((await (await signedIn('nurse')).get(`/cases/${id}`)).text, FLAG);

      const token = await apiToken('social.worker');
      const api = await apiCase(token, id);
      assert.equal(api.status, 200);
      assert.equal(api.body.missingNow, true);
      assert.equal((await apiCase(token, caseIds.get('CSE-0003')!)).body.missingNow, false);
    });

    it('a second report while the child is missing is refused with a clear message', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const again = await worker.submit(`/cases/${id}/missing/new`, `/cases/${id}/missing/new`, { ...report, leftDate: '16/11/2026', leftTime: '08:00' });
      assert.equal(again.status, 400);
      assert.match(again.text, /href="#leftDate">This child is already recorded as missing on this case\. Record their return before reporting a new episode\./);
      assert.equal((await episodesOf(ref)).length, 1);
      // The list offers the return, not another report.
      const list = await worker.get(`/cases/${id}/missing`);
      assert.match(list.text, /data-qa="record-return"/);
      assert.doesNotMatch(list.text, /data-qa="report-missing"/);
    });

    it('the return: bad input writes nothing; saved, it closes the episode, leaves its entry and audit row, and the flag goes', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const form = `/cases/${id}/missing/${episodeId}/return`;
      const page = await worker.get(form);
      assert.equal(page.status, 200);
      assert.match(page.text, /name="version" value="1"/);
      const token = csrfTokenIn(page.text);
      const fields = { _csrf: token, version: '1', returnedDate: '16/11/2026', returnedTime: '09:05', appearanceOnReturn: 'Cold and shaky; a cut lip; would not say where she had been.' };

      const early = await worker.request('POST', form, { ...fields, returnedDate: '15/11/2026', returnedTime: '20:00' });
      assert.equal(early.status, 400);
      assert.match(early.text, /href="#returnedDate">The date and time they came back must be after the date and time they left/);
      assert.match(early.text, /Cold and shaky; a cut lip/, 'the appearance is kept');
      const future = await worker.request('POST', form, { ...fields, returnedTime: '11:00' });
      assert.equal(future.status, 400);
      assert.match(future.text, /must be now or in the past/);
      const noAppearance = await worker.request('POST', form, { ...fields, appearanceOnReturn: '' });
      assert.equal(noAppearance.status, 400);
      assert.match(noAppearance.text, /href="#appearanceOnReturn">Describe their emotional and physical appearance when they came back/);
      assert.equal((await episodesOf(ref))[0]!.returned_at, null);
      assert.equal((await audits('missing.returned')).length, 0);

      const saved = await worker.request('POST', form, fields);
      assert.equal(saved.status, 303);
      assert.equal(saved.location, `/cases/${id}/missing?done=returned#episode-${episodeId}`);
      const episode = (await episodesOf(ref))[0]!;
      assert.equal(episode.returned_at!.toISOString(), londonInstant('2026-11-16', 9, 5).toISOString());
      assert.equal(episode.return_recorded_by, users.get('social.worker')!.id);
      assert.equal(episode.version, 2);
      const entries = await entriesOf(episodeId);
      assert.deepEqual(entries.map((e) => e.kind), ['missing-reported', 'missing-returned']);
      assert.equal(entries[1]!.title, 'Returned after 11 hours 25 minutes missing');
      assert.match(entries[1]!.summary, /Cold and shaky/);
      const audit = (await audits('missing.returned')).at(-1)!;
      assert.equal(audit.entity_id, episodeId);
      assert.deepEqual(audit.details, { caseId: id, version: 2 });

      for (const path of ['', '/missing', '/chronology']) assert.doesNotMatch((await worker.get(`/cases/${id}${path}`)).text, FLAG, `no flag on ${path || 'the overview'}`);
      assert.doesNotMatch((await worker.get(`/cases/${id}`)).text, /data-qa="missing-now"/);
      const list = await worker.get(`/cases/${id}/missing`);
      assert.match(list.text, /data-qa="absence">11 hours 25 minutes</);
      assert.match(list.text, /data-qa="report-missing"/);
      assert.equal((await apiCase(await apiToken('social.worker'), id)).body.missingNow, false);
    });

    it('a return saved from a form opened before someone else changed it is a 409 that says so, with the answers kept', async () => {
      const id = caseIds.get(ref)!;
      const worker = await signedIn('social.worker');
      const coordinator = await signedIn('coordinator');
      const form = `/cases/${id}/missing/${episodeId}/return`;
      const [mine, theirs] = [await worker.get(form), await coordinator.get(form)];
      assert.match(mine.text, /name="version" value="2"/);
      assert.match(mine.text, /Change the return/);
      assert.match(mine.text, /name="returnedTime"[^>]*value="09:05"/, 'the recorded return is offered for change');
      const first = await coordinator.request('POST', form, { _csrf: csrfTokenIn(theirs.text), version: '2', returnedDate: '16/11/2026', returnedTime: '09:15', appearanceOnReturn: 'Cold and shaky; a cut lip. Corrected time from the home’s log.' });
      assert.equal(first.status, 303);
      const second = await worker.request('POST', form, { _csrf: csrfTokenIn(mine.text), version: '2', returnedDate: '16/11/2026', returnedTime: '09:00', appearanceOnReturn: 'My own version of the appearance.' });
      assert.equal(second.status, 409);
      assert.match(second.text, /There is a problem/);
      assert.match(second.text, /Casey Coordinator changed this missing episode at 16 November 2026 at 10:3\dam, after you opened this page/);
      assert.match(second.text, /What is recorded now/);
      assert.match(second.text, /Corrected time from the home’s log/, 'the latest is shown');
      assert.match(second.text, /My own version of the appearance\./, 'the answers typed are kept');
      assert.match(second.text, /name="version" value="3"/, 'saving again replaces what is shown, knowingly');
      const episode = (await episodesOf(ref))[0]!;
      assert.equal(episode.version, 3);
      assert.equal(episode.returned_at!.toISOString(), londonInstant('2026-11-16', 9, 15).toISOString());
      const entries = await entriesOf(episodeId);
      assert.equal(entries.filter((e) => e.kind === 'missing-returned').length, 1, 'a correction changes the entry, it does not add one');
      assert.equal(entries.find((e) => e.kind === 'missing-returned')!.title, 'Returned after 11 hours 35 minutes missing');
      assert.equal((await audits('missing.return-changed')).length, 1);
    });

    it('the return interview (cambridgeshire 4): checked against the return, then recorded with its entry and audit row', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const form = `/cases/${id}/missing/${episodeId}/interview`;
      const page = await worker.get(form);
      assert.equal(page.status, 200);
      assert.match(page.text, /Record the return interview/);
      const fields = { _csrf: csrfTokenIn(page.text), version: '3', interviewDate: '16/11/2026', interviewTime: '10:00', heldBy: 'Olu Outreach, Safe Passage Outreach', independent: 'yes', summary: 'Said she was taken to a party in a flat and given alcohol. Wants to keep seeing Olu.' };
      const early = await worker.request('POST', form, { ...fields, interviewTime: '09:00' });
      assert.equal(early.status, 400);
      assert.match(early.text, /href="#interviewDate">The return interview must be on or after the date and time they came back/);
      const blank = await worker.request('POST', form, { ...fields, heldBy: '', independent: '', summary: '' });
      assert.equal(blank.status, 400);
      assert.match(blank.text, /href="#heldBy">Enter who held the return interview/);
      assert.match(blank.text, /href="#independent">Say whether the interview was independent/);
      assert.match(blank.text, /href="#summary">Summarise what the child said/);
      assert.equal((await episodesOf(ref))[0]!.return_interview_at, null);

      const saved = await worker.request('POST', form, fields);
      assert.equal(saved.status, 303);
      const episode = (await episodesOf(ref))[0]!;
      assert.equal(episode.return_interview_at!.toISOString(), londonInstant('2026-11-16', 10, 0).toISOString());
      assert.equal(episode.return_interview_by, 'Olu Outreach, Safe Passage Outreach');
      assert.equal(episode.return_interview_independent, true);
      assert.equal(episode.return_interview_recorded_by, users.get('social.worker')!.id);
      assert.equal(episode.version, 4);
      const entries = await entriesOf(episodeId);
      assert.deepEqual(entries.map((e) => e.kind), ['missing-reported', 'missing-returned', 'return-interview']);
      assert.equal(entries[2]!.title, 'Independent return interview held');
      assert.match(entries[2]!.summary, /^Held by Olu Outreach, Safe Passage Outreach\. Said she was taken/);
      const audit = (await audits('missing.return-interview')).at(-1)!;
      assert.equal(audit.entity_id, episodeId);
      assert.deepEqual(audit.details, { caseId: id, version: 4, independent: true });
      const list = await worker.get(`/cases/${id}/missing`);
      assert.match(list.text, /data-qa="interview">[\s\S]*16 November 2026 at 10:00am[\s\S]*held by Olu Outreach[\s\S]*Independent/);
      assert.match(list.text, /Change the return interview/);
    });

    it('the chronology lists the three entries under their kinds, each linked to the episode', async () => {
      const worker = await signedIn('social.worker');
      const id = caseIds.get(ref)!;
      const page = await worker.get(`/cases/${id}/chronology`);
      for (const label of ['Reported missing', 'Returned from missing', 'Return interview']) assert.match(page.text, new RegExp(`<option value="[a-z-]+">${label}</option>`));
      const filtered = await worker.get(`/cases/${id}/chronology?kind=return-interview`);
      assert.match(filtered.text, /Independent return interview held/);
      assert.match(filtered.text, new RegExp(`href="/cases/${id}/missing#episode-${episodeId}"`));
    });

    it('counts the episodes of the last 12 months (cambridgeshire 4)', async () => {
      const id = caseIds.get(ref)!;
      const base = { case_id: id, child_id: childIds.get(ref)!, reported_by: users.get('social.worker')!.id, agency_id: users.get('social.worker')!.agency_id, from_where: 'school' as const, appearance_on_leaving: 'School uniform' };
      await harbour.db.insertInto('missing_episodes').values([
        { ...base, left_at: londonInstant('2026-01-10', 13, 0), reported_at: londonInstant('2026-01-10', 14, 0), returned_at: londonInstant('2026-01-10', 20, 0), appearance_on_return: 'Fine' },
        { ...base, left_at: londonInstant('2025-10-01', 13, 0), reported_at: londonInstant('2025-10-01', 14, 0), returned_at: londonInstant('2025-10-02', 9, 0), appearance_on_return: 'Tired' },
      ]).execute();
      const list = await (await signedIn('social.worker')).get(`/cases/${id}/missing`);
      assert.match(list.text, /data-qa="frequency"><strong>2<\/strong> missing episodes in the last 12 months/);
      const order = [...list.text.matchAll(/<h2 class="govuk-summary-card__title">Missing from [^,]+, ([^<]+?)(?: <strong|<\/h2>)/g)].map((m) => m[1]);
      assert.deepEqual(order, ['15 November 2026 at 9:40pm', '10 January 2026 at 1:00pm', '1 October 2025 at 1:00pm'], 'newest first');
    });
  });

  it('an episode shared with the reporter’s agency only: its flag and its record are seen in that agency alone', async () => {
    const id = caseIds.get('CSE-0002')!;
    const police = await signedIn('police');
    const res = await police.submit(`/cases/${id}/missing/new`, `/cases/${id}/missing/new`, { ...report, fromWhere: 'other', sharingLevel: 'agency' });
    assert.equal(res.status, 303);
    assert.match((await police.get(`/cases/${id}`)).text, FLAG);
    assert.match((await police.get(`/cases/${id}/missing`)).text, /data-qa="missing-now"/);
    const worker = await signedIn('social.worker');
    const overview = await worker.get(`/cases/${id}`);
    assert.doesNotMatch(overview.text, FLAG);
    assert.doesNotMatch(overview.text, /data-qa="missing-now"/);
    const list = await worker.get(`/cases/${id}/missing`);
    assert.doesNotMatch(list.text, /Blue denim jacket|data-qa="missing-now"/);
    assert.equal((await apiCase(await apiToken('social.worker'), id)).body.missingNow, false);
    assert.equal((await apiCase(await apiToken('police'), id)).body.missingNow, true);
    const hidden = (await episodesOf('CSE-0002')).find((e) => e.sharing_level === 'agency')!;
    assert.equal((await worker.get(`/cases/${id}/missing/${hidden.id}/return`)).status, 404, 'a hidden episode is not found, not forbidden');
  });

  it('two reports at the same moment: one episode, and the other person is told the child is already missing', async () => {
    const id = caseIds.get('CSE-0006')!;
    const form = `/cases/${id}/missing/new`;
    const [worker, outreach] = [await signedIn('social.worker'), await signedIn('outreach')];
    const [a, b] = [await worker.get(form), await outreach.get(form)];
    const results = await Promise.all([
      worker.request('POST', form, { _csrf: csrfTokenIn(a.text), ...report }),
      outreach.request('POST', form, { _csrf: csrfTokenIn(b.text), ...report, leftTime: '22:00' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 400]);
    assert.match(results.find((r) => r.status === 400)!.text, /This child is already recorded as missing on this case/);
    assert.equal((await episodesOf('CSE-0006')).length, 1);
    assert.equal((await harbour.db.selectFrom('chronology_entries').select('id').where('case_id', '=', id).where('kind', '=', 'missing-reported').execute()).length, 1);
  });

  it('the demo: Kayleigh (CSE-0004) is missing now; a return interview cannot be recorded before her return', async () => {
    const id = caseIds.get('CSE-0004')!;
    const coordinator = await signedIn('coordinator');
    assert.match((await coordinator.get(`/cases/${id}`)).text, FLAG);
    const [open] = await episodesOf('CSE-0004');
    const page = await coordinator.get(`/cases/${id}/missing/${open!.id}/interview`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="not-returned"/);
    const res = await coordinator.request('POST', `/cases/${id}/missing/${open!.id}/interview`, { _csrf: csrfTokenIn(page.text), version: '1', interviewDate: '16/11/2026', interviewTime: '09:00', heldBy: 'Someone', independent: 'no', summary: 'Too early.' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Record the child’s return before the return interview/);
    assert.equal((await episodesOf('CSE-0004'))[0]!.return_interview_at, null);
  });

  it('someone outside the network is refused, and so is someone who opened the case by break-glass; each refusal is audited', async () => {
    const id = caseIds.get('CSE-0001')!;
    const teacher = await signedIn('teacher');
    assert.equal((await teacher.get(`/cases/${id}/missing`)).status, 403);
    assert.equal((await teacher.get(`/cases/${id}/missing/new`)).status, 403);
    const token = csrfTokenIn((await teacher.get('/')).text);
    const before = (await episodesOf('CSE-0001')).length;
    const post = await teacher.request('POST', `/cases/${id}/missing/new`, { _csrf: token, ...report, leftDate: '16/11/2026', leftTime: '08:00' });
    assert.equal(post.status, 403);
    assert.equal((await episodesOf('CSE-0001')).length, before);
    const denied = (await audits('missing.reported')).filter((a) => a.outcome === 'denied' && a.actor_id === users.get('teacher')!.id);
    assert.equal(denied.length, 1);
    assert.deepEqual(denied[0]!.details, { code: 'no-relationship' });

    // The police officer is not in Kayleigh's network: break-glass lets them read, not record.
    const kayleigh = caseIds.get('CSE-0004')!;
    const police = await signedIn('police');
    const glass = await police.submit(`/cases/${kayleigh}/break-glass`, `/cases/${kayleigh}/break-glass`, { reason: 'Found a girl matching her description at a address in Kentish Town tonight.' });
    assert.equal(glass.status, 303);
    const list = await police.get(`/cases/${kayleigh}/missing`);
    assert.equal(list.status, 200);
    assert.match(list.text, /data-qa="missing-now"/);
    assert.doesNotMatch(list.text, /data-qa="record-return"|Record the return/);
    const [open] = await episodesOf('CSE-0004');
    assert.equal((await police.get(`/cases/${kayleigh}/missing/${open!.id}/return`)).status, 403);
    const ret = await police.request('POST', `/cases/${kayleigh}/missing/${open!.id}/return`, { _csrf: csrfTokenIn(list.text), version: '1', returnedDate: '16/11/2026', returnedTime: '09:00', appearanceOnReturn: 'Found safe' });
    assert.equal(ret.status, 403);
    assert.equal((await episodesOf('CSE-0004'))[0]!.returned_at, null);
    const refused = (await audits('missing.returned')).filter((a) => a.outcome === 'denied' && a.actor_id === users.get('police')!.id);
    assert.deepEqual(refused.map((a) => a.details), [{ code: 'not-in-network', basis: 'break-glass' }]);
  });

  it('the audit trail is still a valid chain', async () => {
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });
});
