import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';

describe(`the JSON API (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let token = '';
  before(async () => {
    harbour = await startTestHarbour();
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const page = await teacher.submit('/account', '/account/api-tokens', { name: 'school system', scope: 'read-write' });
    token = /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
  });
  after(async () => {
    await harbour?.stop();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${harbour.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

  it('raises a concern through the same service as the page, once per key', async () => {
    const body = { idempotencyKey: randomUUID(), narrative: 'Seen being collected by older men in a car.', childKnownAs: 'Kiki', childApproximateAge: 13, immediateDanger: 'no', dslConsulted: 'i-am-the-dsl' };
    const first = await api('/api/v1/concerns', { method: 'POST', body: JSON.stringify(body) });
    assert.equal(first.status, 201);
    const created = (await first.json()) as { id: string; reference: string; duplicate: boolean };
    assert.match(created.reference, /^R-\d{4}-\d{5}$/);
    const again = await api('/api/v1/concerns', { method: 'POST', body: JSON.stringify(body) });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { ...created, duplicate: true });
    const clocks = await harbour.db.selectFrom('clocks').select('rule_id').where('referral_id', '=', created.id).execute();
    assert.ok(clocks.length > 0);
    const mine = (await (await api('/api/v1/my-referrals')).json()) as { items: { reference: string; decision: unknown }[] };
    assert.ok(mine.items.some((i) => i.reference === created.reference && i.decision === null));
  });

  it('answers invalid input with a problem listing each field, and writes nothing', async () => {
    const before = await harbour.db.selectFrom('contacts').select('id').execute();
    const res = await api('/api/v1/concerns', { method: 'POST', body: JSON.stringify({ idempotencyKey: randomUUID(), narrative: '', immediateDanger: 'perhaps' }) });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.path).sort(), ['dslConsulted', 'immediateDanger', 'narrative']);
    const malformed = await api('/api/v1/concerns', { method: 'POST', body: '{"narrative": ' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers.get('content-type') ?? '', /application\/problem\+json/);
    const afterRows = await harbour.db.selectFrom('contacts').select('id').execute();
    assert.equal(afterRows.length, before.length);
  });

  it('gives a case’s clocks to its network only, audited', async () => {
    const own = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow()).id;
    const other = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0002').executeTakeFirstOrThrow()).id;
    const ok = await api(`/api/v1/cases/${own}/clocks`);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { items: { rule: string; dueAt: string; status: string }[] };
    assert.ok(body.items.length > 0);
    assert.ok(body.items.every((c) => typeof c.dueAt === 'string' && c.status));
    const refused = await api(`/api/v1/cases/${other}/clocks`);
    assert.equal(refused.status, 403);
    const audit = await harbour.db.selectFrom('audit_events').select('outcome').where('entity_id', '=', other).where('action', '=', 'case.read').execute();
    assert.deepEqual(audit.map((a) => a.outcome), ['denied']);
  });
});
