// Issue 15 through HTTP: ending a plan with a reason, each open action closed with it or moved to the next plan;
// nothing left undecided, a stale form refused, the ended plan refuses new versions; audited and on the chronology.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const NOW = londonInstant('2026-11-16', 10, 30);

describe(`ending a plan (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId = '';
  let safety = '';
  let care = '';
  const actionIds: string[] = [];
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(NOW);
    const kase = await harbour.db.selectFrom('cases').selectAll().where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow();
    caseId = kase.id;
    const sw = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
    const plan = async (type: string) => {
      const row = await harbour.db.insertInto('plans').values({ case_id: kase.id, child_id: kase.child_id, local_authority_id: kase.local_authority_id, profile_id: 'camden', plan_type: type, kind: type, current_version: 1, agency_id: sw.agency_id, created_by: sw.id, created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow();
      await harbour.db.insertInto('plan_versions').values({ plan_id: row.id, version: 1, content: JSON.stringify({ sections: { plan: 'Keep her safe' } }), author_id: sw.id, agency_id: sw.agency_id, created_at: NOW }).execute();
      return row.id;
    };
    safety = await plan('safety-plan');
    care = await plan('care-plan');
    for (const title of ['Weekly check-in', 'College mentor']) {
      actionIds.push((await harbour.db.insertInto('actions').values({ case_id: kase.id, title, owner_user_id: sw.id, due_date: '2026-12-01', source_type: 'plan', source_id: safety, created_at: NOW }).returning('id').executeTakeFirstOrThrow()).id);
    }
  });
  after(async () => {
    await harbour?.stop();
  });

  it('an action left undecided, or moved with no next plan, is the error summary; nothing is written', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const form = `/cases/${caseId}/plans/${safety}/end`;
    const res = await sw.submit(form, form, { planVersion: '1', reasonCode: 'replaced', reason: 'A care plan now covers this', [`action-${actionIds[0]}`]: 'move' });
    assert.equal(res.status, 400);
    assert.match(res.text, new RegExp(`href="#action-${actionIds[1]}">Say whether this action closes with the plan`));
    assert.match(res.text, /href="#nextPlanId">Choose the plan that replaces this one/);
    const stale = await sw.submit(form, form, { planVersion: '0', reasonCode: 'risk-reduced', reason: 'No incidents for three months' });
    assert.ok([400, 409].includes(stale.status));
    assert.equal((await harbour.db.selectFrom('plans').select('ended_at').where('id', '=', safety).executeTakeFirstOrThrow()).ended_at, null);
  });

  it('ends the plan: one action closes with it, the other moves to the care plan; audited and on the chronology', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const form = `/cases/${caseId}/plans/${safety}/end`;
    const res = await sw.submit(form, form, { planVersion: '1', reasonCode: 'replaced', reason: 'A care plan now covers this', nextPlanId: care, [`action-${actionIds[0]}`]: 'close', [`action-${actionIds[1]}`]: 'move' });
    assert.equal(res.status, 303, res.text.match(/govuk-error-summary[\s\S]{0,800}/)?.[0]);
    const plan = await harbour.db.selectFrom('plans').selectAll().where('id', '=', safety).executeTakeFirstOrThrow();
    assert.equal(plan.end_reason_code, 'replaced');
    assert.equal(plan.next_plan_id, care);
    const [closed, moved] = await Promise.all(actionIds.map((id) => harbour.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    assert.equal(closed!.status, 'cancelled');
    assert.match(closed!.resolution_note!, /Closed with the plan/);
    assert.equal(moved!.status, 'open');
    assert.equal(moved!.source_id, care);
    assert.equal(moved!.carried_from_id, safety);
    assert.equal((await harbour.db.selectFrom('actions').select('id').where('source_id', '=', safety).where('status', '=', 'open').execute()).length, 0, 'no action left open on the ended plan');
    const entry = await harbour.db.selectFrom('chronology_entries').select('summary').where('record_id', '=', safety).where('title', 'like', '%ended').executeTakeFirstOrThrow();
    assert.match(entry.summary, /1 action closed with it, 1 moved/);
    assert.equal((await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'plan.ended').where('entity_id', '=', safety).where('outcome', '=', 'success').execute()).length, 1);
    const page = await sw.get(`/cases/${caseId}/plans/${safety}`);
    assert.match(page.text, /data-qa="plan-ended"/);
    assert.doesNotMatch(page.text, /data-qa="end-plan"/);
    const again = await sw.submit(form, form, { planVersion: '1', reasonCode: 'risk-reduced', reason: 'No incidents for three months' });
    assert.match(again.text, /This plan ended on/);
  });
});
