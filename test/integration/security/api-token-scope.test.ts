// Issue 16: API tokens expire and carry a scope (read-only or read-write, optionally some cases), shown and audited
// when made; an expired token is a 401 problem, a read-only one a 403 on writes, a case-limited one a 403 elsewhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';

const tokenIn = (html: string) => /<code class="harbour-token">([^<]+)<\/code>/.exec(html)?.[1] ?? null;

describe(`API token expiry and scope (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let coordinator: Browserish;
  let coordinatorId = '';
  let cases: { id: string; reference: string }[] = [];
  before(async () => {
    harbour = await startTestHarbour();
    coordinator = new Browserish(harbour.url);
    await coordinator.signIn('coordinator@harbour.example');
    coordinatorId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'coordinator@harbour.example').executeTakeFirstOrThrow()).id;
    cases = await harbour.db.selectFrom('cases').select(['id', 'reference']).orderBy('reference').execute();
    assert.ok(cases.length >= 2);
  });
  after(async () => {
    await harbour?.stop();
  });

  const api = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${harbour.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const concern = () => JSON.stringify({ idempotencyKey: randomUUID(), narrative: 'Seen being collected by older men in a car.', childKnownAs: 'Kiki', childApproximateAge: 13, immediateDanger: 'no', dslConsulted: 'i-am-the-dsl' });

  it('a new token expires in 90 days unless chosen otherwise, is read-only or read-write as chosen, and says so; its making is audited with its scope', async () => {
    const page = await coordinator.submit('/account', '/account/api-tokens', { name: 'defaults', expiresInDays: '90', scope: 'read-write', caseReferences: '' });
    assert.equal(page.status, 201);
    assert.ok(tokenIn(page.text));
    const row = await harbour.db.selectFrom('api_tokens').selectAll().where('name', '=', 'defaults').executeTakeFirstOrThrow();
    const days = (row.expires_at.getTime() - harbour.clock.now.getTime()) / 86_400_000;
    assert.ok(days > 89.9 && days <= 90, `expires in ${days} days`);
    assert.equal(row.scope, 'read-write');
    assert.equal(row.case_ids, null);
    assert.match(page.text, /data-qa="created-token"[\s\S]*Expires[\s\S]*Read and write[\s\S]*All cases you can open/);
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'api-token.created').where('entity_id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { expiresAt: row.expires_at.toISOString(), scope: 'read-write', caseIds: null });
    const shown = await coordinator.get('/account');
    assert.match(shown.text, /data-qa="api-tokens"[\s\S]*Read and write/);
  });

  it('refuses an expiry beyond the maximum, an unknown scope and a case the person cannot open, each with a field error', async () => {
    const tooLong = await coordinator.submit('/account', '/account/api-tokens', { name: 'too long', expiresInDays: '400', scope: 'read-write', caseReferences: '' });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.text, /href="#expiresInDays"/);
    const badScope = await coordinator.submit('/account', '/account/api-tokens', { name: 'bad scope', expiresInDays: '30', scope: 'admin', caseReferences: '' });
    assert.equal(badScope.status, 400);
    assert.match(badScope.text, /href="#scope"/);
    const unknown = await coordinator.submit('/account', '/account/api-tokens', { name: 'unknown case', expiresInDays: '30', scope: 'read-only', caseReferences: 'CSE-9999' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /href="#caseReferences"/);
    assert.match(unknown.text, /CSE-9999/);
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const notTheirs = await teacher.submit('/account', '/account/api-tokens', { name: 'not theirs', expiresInDays: '30', scope: 'read-only', caseReferences: cases[0]!.reference });
    assert.equal(notTheirs.status, 400);
    assert.match(notTheirs.text, /href="#caseReferences"/);
    const made = await harbour.db.selectFrom('api_tokens').select('id').where('name', 'in', ['too long', 'bad scope', 'unknown case', 'not theirs']).execute();
    assert.equal(made.length, 0);
  });

  it('an expired token is refused with a 401 problem that says it has expired', async () => {
    const page = await coordinator.submit('/account', '/account/api-tokens', { name: 'short', expiresInDays: '1', scope: 'read-write', caseReferences: '' });
    const token = tokenIn(page.text)!;
    assert.equal((await api(token, '/api/v1/me')).status, 200);
    harbour.clock.advanceMinutes(24 * 60 + 1);
    try {
      const res = await api(token, '/api/v1/me');
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const body = (await res.json()) as { type: string; title: string };
      assert.match(body.type, /\/token-expired$/);
      assert.equal(body.title, 'API token expired');
    } finally {
      harbour.clock.reset();
    }
  });

  it('a read-only token reads but every write is a 403 problem, and nothing is written', async () => {
    const page = await coordinator.submit('/account', '/account/api-tokens', { name: 'reader', expiresInDays: '30', scope: 'read-only', caseReferences: '' });
    const token = tokenIn(page.text)!;
    assert.equal((await api(token, `/api/v1/cases/${cases[0]!.id}`)).status, 200);
    const before = await harbour.db.selectFrom('contacts').select('id').execute();
    const res = await api(token, '/api/v1/concerns', { method: 'POST', body: concern() });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { type: string }).type, /\/token-read-only$/);
    assert.equal((await harbour.db.selectFrom('contacts').select('id').execute()).length, before.length);
  });

  it('a case-limited token opens only its cases: another is a 403 problem, and the list shows only its own', async () => {
    const [mine, other] = cases;
    const page = await coordinator.submit('/account', '/account/api-tokens', { name: 'one case', expiresInDays: '30', scope: 'read-only', caseReferences: ` ${mine!.reference.toLowerCase()} ` });
    assert.equal(page.status, 201);
    assert.match(page.text, new RegExp(mine!.reference));
    const token = tokenIn(page.text)!;
    const row = await harbour.db.selectFrom('api_tokens').select('case_ids').where('name', '=', 'one case').where('user_id', '=', coordinatorId).executeTakeFirstOrThrow();
    assert.deepEqual(row.case_ids, [mine!.id]);
    assert.equal((await api(token, `/api/v1/cases/${mine!.id}`)).status, 200);
    const refused = await api(token, `/api/v1/cases/${other!.id}`);
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { type: string }).type, /\/token-case-limit$/);
    assert.equal((await api(token, `/api/v1/cases/${other!.id}/clocks`)).status, 403);
    const list = (await (await api(token, '/api/v1/cases')).json()) as { items: { id: string }[] };
    assert.ok(list.items.every((c) => c.id === mine!.id));
  });
});
