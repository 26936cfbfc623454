// A whole case summary named by a sharing decision (issue 13; bedford-luton 5.7): the agency a decision in force names
// reads the case's summary page (identity, category, network-level plans' headlines, the network), read-only, audited
// as a read of the child's record with the basis 'shared-summary'; never another page of the case, never an
// agency-only plan; and not once consent is withdrawn.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`a whole case summary shared by a decision (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
  });
  after(async () => {
    await harbour?.stop();
  });
  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };

  it('bedford-luton 5.7: the named agency reads the summary page only while the decision is in force; agency-only plans are never on it', async () => {
    const kase = await harbour.db.selectFrom('cases').select(['id', 'child_id', 'local_authority_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    const la = await harbour.db.selectFrom('local_authorities').select('profile_id').where('id', '=', kase.local_authority_id).executeTakeFirstOrThrow();
    const police = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'police@harbour.example').executeTakeFirstOrThrow();
    const teacherRow = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'teacher@harbour.example').executeTakeFirstOrThrow();
    // Two plans: one shared with the network, one the police's own.
    for (const [planType, level] of [['safety-plan', 'network'], ['disruption-plan', 'agency']] as const) {
      await harbour.db.insertInto('plans').values({ case_id: kase.id, child_id: kase.child_id, local_authority_id: kase.local_authority_id, profile_id: la.profile_id, plan_type: planType, kind: planType, sharing_level: level, agency_id: police.agency_id, created_by: police.id, created_at: MONDAY_MORNING, updated_at: MONDAY_MORNING }).execute();
    }
    const url = `/cases/${kase.id}/shared-summary`;
    const teacher = await signedIn('teacher');
    assert.equal((await teacher.get(url)).status, 403, 'no decision yet');

    const officer = await signedIn('police');
    const form = await officer.get(`/cases/${kase.id}/sharing/new`);
    assert.match(form.text, /value="case-summary"/);
    const recorded = await officer.submit(`/cases/${kase.id}/sharing/new`, `/cases/${kase.id}/sharing/new`, {
      items: ['case-summary'], agencies: [teacherRow.agency_id], purpose: 'The school’s safeguarding lead needs the plan headlines', basis: 'consent',
      consentGiver: 'parental-responsibility', consentGiverName: 'Her mother', consentMethod: 'in-person', consentGivenOn: '16/11/2026',
    });
    assert.equal(recorded.status, 303, recorded.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const decision = await harbour.db.selectFrom('info_sharing_decisions').select(['id', 'version', 'status']).where('case_id', '=', kase.id).executeTakeFirstOrThrow();
    assert.equal(decision.status, 'in-force');

    const page = await teacher.get(url);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="shared-summary-basis"/);
    assert.match(page.text, /data-qa="summary-category"/);
    assert.match(page.text, /data-qa="summary-network"/);
    const plans = /data-qa="summary-plans">([\s\S]*?)<\/ul>/.exec(page.text)![1]!;
    assert.equal((plans.match(/<li>/g) ?? []).length, 1, 'only the network-level plan');
    assert.doesNotMatch(page.text, /disruption/i, 'never an agency-only plan');
    const audit = await harbour.db.selectFrom('audit_events').select(['details', 'child_id', 'outcome']).where('action', '=', 'case.shared-summary').where('actor_id', '=', teacherRow.id).where('outcome', '=', 'success').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.child_id, kase.child_id, 'audited as a read of the child’s record');
    assert.equal((audit[0]!.details as { basis: string }).basis, 'shared-summary');
    assert.equal((await teacher.get(`/cases/${kase.id}`)).status, 403, 'no other page of the case');
    assert.equal((await teacher.get(`/cases/${kase.id}/chronology`)).status, 403);

    const withdrawn = await officer.submit(`/cases/${kase.id}/sharing/${decision.id}`, `/cases/${kase.id}/sharing/${decision.id}/withdrawal`, { version: String(decision.version), reason: 'Her mother no longer agrees to it' });
    assert.equal(withdrawn.status, 303);
    assert.equal((await teacher.get(url)).status, 403, 'ended when consent is withdrawn');
  });
});
