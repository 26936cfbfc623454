// The intelligence register through HTTP (issue 12; bedford-luton Appendix 2, 9 and 11.1): likely matches before
// a new entry, links from cases and between entries, "who else is linked?" that names another child only to
// someone who may open that child's case, police-only links hidden from a health user, merges refused when the
// details contradict, merges undone, and the pattern-of-targeting alert for the CSE coordinator.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`the intelligence register (${databaseLabel})`, () => {
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
  const create = async (b: Browserish, fields: Record<string, string>) => {
    const res = await b.submit(`/intelligence/new?kind=${fields.kind}`, '/intelligence/new', fields);
    assert.equal(res.status, 303, `created ${fields.kind}`);
    return /\/intelligence\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
  };
  const linkCase = async (b: Browserish, ref: string, entityId: string, fields: Record<string, string>) => {
    const caseId = caseIds.get(ref)!;
    const res = await b.submit(`/cases/${caseId}/intelligence/link?entityId=${entityId}`, `/cases/${caseId}/intelligence/link`, { entityId, howKnown: 'told-by-child', ...fields });
    assert.equal(res.status, 303, `linked ${ref}`);
  };
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('action', '=', action).execute();

  let person = '';
  let vehicle = '';

  it('a new entry first shows the likely matches: a plate written another way, a nickname', async () => {
    const worker = await signedIn('social.worker');
    vehicle = await create(worker, { kind: 'vehicle', registration: 'AB12 CDE', make: 'Vauxhall', model: 'Astra', colour: 'silver' });
    const again = await worker.submit('/intelligence/new?kind=vehicle', '/intelligence/new', { kind: 'vehicle', registration: 'ab12cde' });
    assert.equal(again.status, 200);
    assert.match(again.text, /This may already be in the register/);
    assert.match(again.text, /silver Astra AB12CDE<\/a>: Same number plate/);
    const partial = await worker.submit('/intelligence/new?kind=vehicle', '/intelligence/new', { kind: 'vehicle', registration: 'AB12' });
    assert.match(partial.text, /Partial plate matches AB12CDE/);

    person = await create(worker, { kind: 'person', name: 'Mohammed Bashir', aliases: 'B', approximateAge: '27', hair: 'Short black', accent: 'Local' });
    const mo = await worker.submit('/intelligence/new?kind=person', '/intelligence/new', { kind: 'person', name: 'Mo Bashir' });
    assert.match(mo.text, /Mohammed Bashir \(27\)<\/a>: Nickname of “Mohammed Bashir”/);
    assert.equal((await harbour.db.selectFrom('intel_entities').select('id').execute()).length, 2, 'nothing written until the person chooses');
    const blank = await worker.submit('/intelligence/new?kind=person', '/intelligence/new', { kind: 'person', name: '  ' });
    assert.equal(blank.status, 400);
    assert.match(titleOf(blank.text), /^Error: /);
    assert.match(blank.text, /href="#name">Enter a name or nickname/);
  });

  it('a user outside the other child’s network learns only that another child is linked and whom to contact', async () => {
    const worker = await signedIn('social.worker');
    await linkCase(worker, 'CSE-0001', person, { nature: 'boyfriend', sharingLevel: 'network' });
    const link = await worker.submit(`/intelligence/${person}`, `/intelligence/${person}/links`, { otherEntityId: vehicle, nature: 'drives', howKnown: 'seen', sharingLevel: 'network' });
    assert.equal(link.status, 303);
    // The nurse is in Kayleigh's (CSE-0004) network, not Jade's; the social worker is not in Kayleigh's.
    const nurse = await signedIn('nurse');
    await linkCase(nurse, 'CSE-0004', vehicle, { nature: 'seen collecting', sharingLevel: 'network' });

    const page = await worker.get(`/cases/${caseIds.get('CSE-0001')}/intelligence`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Jade Thompson → Mohammed Bashir \(27\) → silver Astra AB12CDE → another child/);
    assert.match(page.text, /Another child is linked: .*You cannot see their case\. Contact /);
    assert.doesNotMatch(page.text, /Kayleigh|Brown|CSE-0004/, 'the other child’s identity is never shown');
    assert.match(page.text, /<svg[^>]*role="img"/, 'the network picture');

    const coordinator = await signedIn('coordinator');
    const seen = await coordinator.get(`/cases/${caseIds.get('CSE-0001')}/intelligence`);
    assert.match(seen.text, /Jade Thompson → Mohammed Bashir \(27\) → silver Astra AB12CDE → Kayleigh Brown/, 'the area’s coordinator may open both cases');
    const read = await audits('intelligence.who-else-read');
    assert.ok(read.length >= 2);
  });

  it('police intelligence is police-only by default: hidden from a health user, entry and link alike', async () => {
    const police = await signedIn('police');
    const phone = await create(police, { kind: 'phone', number: '+44 7700 900123' });
    const form = await police.get(`/cases/${caseIds.get('CSE-0001')}/intelligence/link?entityId=${phone}`);
    assert.match(form.text, /value="agency" checked/, 'own agency is the default for the police');
    await linkCase(police, 'CSE-0001', phone, { nature: 'calls at night', sharingLevel: 'agency' });

    const nurse = await signedIn('nurse');
    const casePage = await nurse.get(`/cases/${caseIds.get('CSE-0001')}/intelligence`);
    assert.equal(casePage.status, 200);
    assert.doesNotMatch(casePage.text, /07700900123|calls at night/);
    assert.equal((await nurse.get(`/intelligence/${phone}`)).status, 404);
    const search = await nurse.get('/intelligence?q=07700900123');
    assert.doesNotMatch(search.text, /07700900123<\/a>/);
    const mine = await police.get(`/cases/${caseIds.get('CSE-0001')}/intelligence`);
    assert.match(mine.text, /07700900123/);
  });

  it('a merge is refused when the plates differ; an allowed merge moves the links and undo moves them back', async () => {
    const worker = await signedIn('social.worker');
    const other = await create(worker, { kind: 'vehicle', registration: 'AB12 CDF', confirmed: 'yes' });
    const refused = await worker.submit(`/intelligence/${vehicle}`, `/intelligence/${vehicle}/merge`, { duplicateId: other, reason: 'Same car' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /href="#duplicateId">These records cannot be merged: their number plates are different/);
    assert.equal((await audits('intelligence.merge')).filter((a) => a.outcome === 'denied').length, 1);

    const partial = await create(worker, { kind: 'vehicle', registration: 'AB12', colour: 'silver', confirmed: 'yes' });
    await linkCase(worker, 'CSE-0006', partial, { nature: 'taken to', sharingLevel: 'network' });
    assert.ok((await worker.get(`/intelligence/${vehicle}`)).text.includes(`Reference <code>${partial}</code>`), 'the partial plate is offered as a possible duplicate');
    const merged = await worker.submit(`/intelligence/${vehicle}`, `/intelligence/${vehicle}/merge`, { duplicateId: partial, reason: 'Same car, plate seen in full later' });
    assert.equal(merged.status, 303);
    const onKept = await harbour.db.selectFrom('intel_links').select('id').where('entity_id', '=', vehicle).where('case_id', '=', caseIds.get('CSE-0006')!).execute();
    assert.equal(onKept.length, 1, 'Priya’s link moved to the kept entry');
    const page = await worker.get(`/intelligence/${vehicle}`);
    const mergeId = /name="mergeId" value="([0-9a-f-]{36})"/.exec(page.text)![1]!;
    const undone = await worker.submit(`/intelligence/${vehicle}`, `/intelligence/${vehicle}/merge/undo`, { mergeId });
    assert.equal(undone.status, 303);
    const back = await harbour.db.selectFrom('intel_links').select('id').where('entity_id', '=', partial).where('case_id', '=', caseIds.get('CSE-0006')!).execute();
    assert.equal(back.length, 1, 'undo moved it back');
    const row = await harbour.db.selectFrom('intel_entities').select('merged_into').where('id', '=', partial).executeTakeFirstOrThrow();
    assert.equal(row.merged_into, null);
  });

  it('the third child linked within 12 months alerts the area’s CSE coordinator, who may dismiss it with a reason', async () => {
    const worker = await signedIn('social.worker');
    await linkCase(worker, 'CSE-0002', person, { nature: 'seen with', sharingLevel: 'network' });
    assert.equal((await harbour.db.selectFrom('intel_alerts').select('id').execute()).length, 0, 'two children: no alert');
    await linkCase(worker, 'CSE-0003', person, { nature: 'messages', sharingLevel: 'network' });
    const alerts = await harbour.db.selectFrom('intel_alerts').selectAll().execute();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.headline, 'Mohammed Bashir (27) is now linked to 3 children');
    await linkCase(worker, 'CSE-0006', person, { nature: 'seen with', sharingLevel: 'network' });
    assert.equal((await harbour.db.selectFrom('intel_alerts').select('id').execute()).length, 1, 'a fourth child does not alert again');

    const coordinator = await signedIn('coordinator');
    const list = await coordinator.get('/intelligence/alerts');
    assert.match(list.text, /Mohammed Bashir \(27\) is now linked to 3 children/);
    const alert = await coordinator.get(`/intelligence/alerts/${alerts[0]!.id}`);
    assert.match(alert.text, /Jade Thompson<\/a> \(CSE-0001\)/);
    assert.match(alert.text, /Convene a joint meeting for these children/);
    const convene = /href="(\/cases\/[^"]+\/meetings\/new\?linkedCases=[^"]+)"/.exec(alert.text)![1]!.replace(/&amp;/g, '&');
    const form = await coordinator.get(`${convene}&type=catse-meeting`);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="linkedCases"[^>]*value="CSE-000\d, CSE-000\d"/, 'the other children’s references are filled in for the joint meeting');
    assert.equal((await worker.get(`/intelligence/alerts/${alerts[0]!.id}`)).status, 403, 'alerts are the coordinator’s');
    const blank = await coordinator.submit(`/intelligence/alerts/${alerts[0]!.id}`, `/intelligence/alerts/${alerts[0]!.id}/dismiss`, { reason: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#reason">Enter why the alert is dismissed/);
    const dismissed = await coordinator.submit(`/intelligence/alerts/${alerts[0]!.id}`, `/intelligence/alerts/${alerts[0]!.id}/dismiss`, { reason: 'Discussed at the CSE meeting' });
    assert.equal(dismissed.status, 303);
    assert.match((await coordinator.get('/intelligence/alerts')).text, /No open alerts in your area/);
    assert.equal((await audits('intelligence.alert-dismissed')).length, 1);
  });

  it('the JSON API answers the same question with the same rule: another child is only “not visible” with a contact', async () => {
    const worker = await signedIn('social.worker');
    const page = await worker.submit('/account', '/account/api-tokens', { name: 'case system', scope: 'read-write' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    const get = async (path: string) => {
      const res = await fetch(`${harbour.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const linked = await get(`/api/v1/cases/${caseIds.get('CSE-0001')}/intelligence`);
    assert.equal(linked.status, 200);
    const paths = linked.body.linked as { visible: boolean; path: string; contact?: string }[];
    assert.ok(paths.some((p) => !p.visible && p.contact && p.path.endsWith('another child')));
    assert.doesNotMatch(JSON.stringify(linked.body), /Kayleigh|CSE-0004/);
    const list = await get('/api/v1/intelligence?q=AB12');
    assert.equal(list.status, 200);
    assert.ok((list.body.items as { label: string }[]).some((i) => i.label === 'silver Astra AB12CDE'));
    const res = await fetch(`${harbour.url}/api/v1/intelligence`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'vehicle', registration: 'AB12CDE' }) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { created: boolean }).created, false, 'likely matches first');
    assert.equal((await get('/api/v1/intelligence/not-a-uuid')).status, 404);
  });

  it('disruption actions are recorded against an entry (bedford-luton 11.7, 11.9)', async () => {
    const police = await signedIn('police');
    const blank = await police.submit(`/intelligence/${person}`, `/intelligence/${person}/disruptions`, { takenOn: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#disruption">Choose the disruption action/);
    const done = await police.submit(`/intelligence/${person}`, `/intelligence/${person}/disruptions`, { disruption: 'child-abduction-notice', takenOn: '16/11/2026' });
    assert.equal(done.status, 303);
    assert.match((await police.get(`/intelligence/${person}`)).text, /2026-11-16: Child abduction warning notice \(bedford-luton 11\.7\)/);
    assert.equal((await audits('intelligence.disruption-recorded')).length, 1);
  });

  it('the police record a charge, conviction or acquittal against a person of concern; no one else may (issue 14: convictions recorded)', async () => {
    const police = await signedIn('police');
    const blank = await police.submit(`/intelligence/${person}`, `/intelligence/${person}/justice-outcomes`, { decidedOn: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#outcome">Choose the outcome/);
    assert.match(blank.text, /href="#decidedOn">Enter the date of the outcome/);
    const future = await police.submit(`/intelligence/${person}`, `/intelligence/${person}/justice-outcomes`, { outcome: 'conviction', decidedOn: '1/1/2027' });
    assert.equal(future.status, 400);
    assert.match(future.text, /Date must be today or in the past/);
    const onVehicle = await police.submit(`/intelligence/${vehicle}`, `/intelligence/${vehicle}/justice-outcomes`, { outcome: 'charge', decidedOn: '2/11/2026' });
    assert.equal(onVehicle.status, 400, 'an outcome is recorded against a person, not a vehicle');
    assert.equal((await harbour.db.selectFrom('intel_justice_outcomes').select('id').execute()).length, 0, 'nothing written on bad input');
    assert.equal((await police.submit(`/intelligence/${person}`, `/intelligence/${person}/justice-outcomes`, { outcome: 'charge', decidedOn: '2/11/2026' })).status, 303);
    assert.equal((await police.submit(`/intelligence/${person}`, `/intelligence/${person}/justice-outcomes`, { outcome: 'conviction', decidedOn: '13/11/2026', outcomeNotes: 'Crown Court' })).status, 303);
    const page = (await police.get(`/intelligence/${person}`)).text;
    assert.match(page, /2026-11-13: Convicted, recorded by [^<]+\. Crown Court/);
    assert.match(page, /2026-11-02: Charged, recorded by/);
    const worker = await signedIn('social.worker');
    const workerPage = (await worker.get(`/intelligence/${person}`)).text;
    assert.match(workerPage, /2026-11-13: Convicted/, 'shown on the entity page to those who see the entry');
    assert.doesNotMatch(workerPage, /record-justice-outcome/, 'the form is offered to the police only');
    const refused = await worker.submit(`/intelligence/${person}`, `/intelligence/${person}/justice-outcomes`, { outcome: 'acquittal', decidedOn: '14/11/2026' });
    assert.equal(refused.status, 403);
    assert.equal((await harbour.db.selectFrom('intel_justice_outcomes').select('id').execute()).length, 2);
    const audited = await audits('intelligence.justice-outcome-recorded');
    assert.equal(audited.length, 2);
    assert.doesNotMatch(JSON.stringify(audited), /Crown Court/, 'the audit names the outcome, not the notes');
  });

  it('every write left its audit row and the chain verifies', async () => {
    assert.ok((await audits('intelligence.linked')).length >= 6);
    assert.ok((await audits('intelligence.entity-created')).length >= 4);
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });
});
