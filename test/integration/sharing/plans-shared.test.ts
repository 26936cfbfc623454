// Plans named by an information-sharing decision (issue 13; bedford-luton 5.7; camden Part 1 §6): a police-only plan
// reaches a social worker only through a decision in force, approved by a second person where there is no consent,
// and a withdrawn consent hides it again for later reads. Plans share the one visibility predicate (planVisibleTo).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const SEVEN = {
  'answer-crime': 'Yes: grooming offences against several girls',
  'answer-protection': 'Yes: other girls at the school are approached',
  'answer-risksToOthers': 'The adult is believed to target other girls at the school',
  'answer-vulnerability': 'Girls aged 13 to 15, some looked after',
  'answer-impact': 'May disrupt his contact with the children; no public disclosure',
  'answer-proportionate': 'Shared only with the social worker, for safety planning',
  'answer-alternative': 'None: the social worker needs the plan to keep the child safe',
};

describe(`plans shared by a decision (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
  });
  after(async () => {
    await harbour?.stop();
  });
  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };

  it('an agency-only plan is visible to another agency’s network member only after an approved decision, and not after consent is withdrawn', async () => {
    const caseId = cases.get('CSE-0002')!;
    const police = await signedIn('police');
    const made = await police.submit(`/cases/${caseId}/plans/new?type=disruption-plan`, `/cases/${caseId}/plans`, {
      planType: 'disruption-plan', sharingLevel: 'agency', 'section-perpetrators': 'Intelligence log 2026/118', 'poc-0-name': 'Known as “Dee”', 'poc-0-details': 'Silver hatchback', measures: ['observation', 'licensing-powers'],
    });
    assert.equal(made.status, 303, made.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const planId = made.location!.split('/').pop()!;
    const sw = await signedIn('social.worker');
    const seen = async () => (await sw.get(`/cases/${caseId}/plans/${planId}`)).status;
    const listed = async () => /Police disruption plan/.test((await sw.get(`/cases/${caseId}/plans`)).text);
    assert.equal(await seen(), 404, 'police-only at first');
    assert.equal(await listed(), false);

    // The decision form offers the plan as an item.
    const form = await police.get(`/cases/${caseId}/sharing/new`);
    assert.match(form.text, new RegExp(`value="plan:${planId}"`));
    const record = (fields: Record<string, string | string[]>) => police.submit(`/cases/${caseId}/sharing/new`, `/cases/${caseId}/sharing/new`, { items: [`plan:${planId}`], people: [users.get('social.worker')!], purpose: 'Safety planning by the social worker', ...fields });

    // Consent: in force at once; withdrawn, later reads hide it again.
    const consent = await record({ basis: 'consent', consentGiver: 'parental-responsibility', consentGiverName: 'Her mother', consentMethod: 'in-person', consentGivenOn: '16/11/2026' });
    assert.equal(consent.status, 303, consent.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const consentRow = await harbour.db.selectFrom('info_sharing_decisions').select(['id', 'version', 'status']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(consentRow.status, 'in-force');
    assert.equal(await seen(), 200, 'visible through the consent in force');
    assert.equal(await listed(), true);
    const withdrawn = await police.submit(`/cases/${caseId}/sharing/${consentRow.id}`, `/cases/${caseId}/sharing/${consentRow.id}/withdrawal`, { version: String(consentRow.version), reason: 'Her mother no longer agrees to it' });
    assert.equal(withdrawn.status, 303);
    assert.equal(await seen(), 404, 'hidden again once consent is withdrawn');
    assert.equal(await listed(), false);

    // Without consent: nothing widens until a second person approves.
    const request = await record({ basis: 'child-protection', ...SEVEN, childTold: 'will-tell', tellerName: 'Sam Worker', tellBy: '17/11/2026', familyTold: 'not-told', familyNotToldReason: 'Her mother’s partner is a suspect' });
    assert.equal(request.status, 303, request.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const pending = await harbour.db.selectFrom('info_sharing_decisions').select(['id', 'version', 'status']).where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    assert.equal(await seen(), 404, 'a pending request widens nothing');
    const manager = await signedIn('manager');
    const approved = await manager.submit(`/cases/${caseId}/sharing/${pending.id}`, `/cases/${caseId}/sharing/${pending.id}/approval`, { version: String(pending.version), outcome: 'approve' });
    assert.equal(approved.status, 303);
    assert.equal(await seen(), 200, 'visible once approved');
    const outreach = await signedIn('outreach');
    assert.notEqual((await outreach.get(`/cases/${caseId}/plans/${planId}`)).status, 200, 'someone the decision does not name still does not see it');
  });
});
