import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { SYSTEM_AUDIT_CONTEXT, recordAudit, verifyAuditTrail } from '../../../src/features/audit/service.ts';

describe(`access model and audit trail through HTTP (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const caseIds = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
    for (const row of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) caseIds.set(row.reference, row.id);
  });
  after(async () => {
    await harbour?.stop();
  });

  const auditRows = (action: string, entityId: string) =>
    harbour.db.selectFrom('audit_events').select(['outcome', 'actor_id', 'details']).where('action', '=', action).where('entity_id', '=', entityId).orderBy('id').execute();

  it('a network member opens the case, and the read is audited with its basis', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    const id = caseIds.get('CSE-0001')!;
    const res = await worker.get(`/cases/${id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Jade Thompson/);
    const rows = await auditRows('case.read', id);
    assert.equal(rows.at(-1)?.outcome, 'success');
    assert.deepEqual(rows.at(-1)?.details, { basis: 'network' });
  });

  it('someone outside the network cannot read a case by guessing its URL or API id, and the refusal is audited', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    const id = caseIds.get('CSE-0004')!;
    const page = await worker.get(`/cases/${id}`);
    assert.equal(page.status, 403);
    assert.doesNotMatch(page.text, /Kayleigh|Brown/);
    assert.match(page.text, /break-glass/);

    const account = await worker.submit('/account', '/account/api-tokens', { name: 'guessing' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(account.text)![1];
    const api = await fetch(`${harbour.url}/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.status, 403);
    assert.match(api.headers.get('content-type') ?? '', /problem\+json/);
    assert.doesNotMatch(await api.text(), /Kayleigh/);
    const ownCase = await fetch(`${harbour.url}/api/v1/cases/${caseIds.get('CSE-0001')}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ownCase.status, 200);

    const denied = (await auditRows('case.read', id)).filter((r) => r.outcome === 'denied');
    assert.equal(denied.length, 2);
  });

  it('an unknown or malformed case id is a 404, not a 500', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    assert.equal((await worker.get('/cases/not-a-uuid')).status, 404);
    assert.equal((await worker.get('/cases/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('area roles of the same local authority open any of its cases', async () => {
    const coordinator = new Browserish(harbour.url);
    await coordinator.signIn('coordinator@harbour.example');
    const id = caseIds.get('CSE-0005')!;
    assert.equal((await coordinator.get(`/cases/${id}`)).status, 200);
    assert.deepEqual((await auditRows('case.read', id)).at(-1)?.details, { basis: 'area-role' });
  });

  it('entries shared with one agency stay hidden from the rest of the network, without a trace', async () => {
    const id = caseIds.get('CSE-0001')!;
    const police = new Browserish(harbour.url);
    await police.signIn('police@harbour.example');
    const nurse = new Browserish(harbour.url);
    await nurse.signIn('nurse@harbour.example');
    const policeView = await police.get(`/cases/${id}`);
    const nurseView = await nurse.get(`/cases/${id}`);
    assert.match(policeView.text, /Police intelligence logged/);
    assert.doesNotMatch(nurseView.text, /Police intelligence logged/);
    assert.match(policeView.text, /4 entries you can see/);
    assert.match(nurseView.text, /3 entries you can see/);
  });

  it('break-glass needs a written reason, opens the case, is audited and notifies the case manager', async () => {
    const nurse = new Browserish(harbour.url);
    await nurse.signIn('nurse@harbour.example');
    const id = caseIds.get('CSE-0002')!;
    assert.equal((await nurse.get(`/cases/${id}`)).status, 403);
    const short = await nurse.submit(`/cases/${id}/break-glass`, `/cases/${id}/break-glass`, { reason: 'urgent' });
    assert.equal(short.status, 400);
    assert.match(short.text, /at least 20 characters/);
    assert.equal((await harbour.db.selectFrom('break_glass_grants').select('id').where('case_id', '=', id).execute()).length, 0);

    const ok = await nurse.submit(`/cases/${id}/break-glass`, `/cases/${id}/break-glass`, { reason: 'Child attended A&E tonight with injuries; lead professional unreachable.' });
    assert.equal(ok.status, 303);
    const opened = await nurse.get(`/cases/${id}`);
    assert.equal(opened.status, 200);
    assert.match(opened.text, /opened this case by break-glass/);
    assert.equal((await auditRows('case.break-glass', id)).length, 1);
    const manager = await harbour.db.selectFrom('users').select('id').where('email', '=', 'manager@harbour.example').executeTakeFirstOrThrow();
    const notes = await harbour.db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', manager.id).where('kind', '=', 'break-glass').execute();
    // The notification opens the use's page, with the reason and the review (issue 16).
    const grant = await harbour.db.selectFrom('break_glass_grants').select('id').where('case_id', '=', id).orderBy('granted_at', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(notes, [{ kind: 'break-glass', link: `/break-glass/${grant.id}` }]);
    const outbox = await harbour.db.selectFrom('outbox').select('payload').execute();
    assert.ok(outbox.some((o) => (o.payload as { userId?: string }).userId === manager.id));
  });

  it('a referrer or board analyst cannot break glass', async () => {
    const analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    const id = caseIds.get('CSE-0002')!;
    const page = await analyst.get(`/cases/${id}`);
    assert.equal(page.status, 403);
    assert.doesNotMatch(page.text, /data-qa="break-glass-link"/);
    const form = await analyst.get(`/cases/${id}/break-glass`);
    assert.equal(form.status, 403);
    const post = await analyst.request('POST', `/cases/${id}/break-glass`, { _csrf: csrfTokenIn(page.text), reason: 'I would like to look at this case please, for analysis.' });
    assert.equal(post.status, 403);
  });

  it('a search answers "known to services" for children the searcher cannot open, naming only the team', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    const res = await worker.submit('/children/search', '/children/search', { name: 'Kayleigh Brown' });
    assert.equal(res.status, 200);
    assert.match(res.text, /data-qa="known-to-services"/);
    assert.match(res.text, /Contact Children in Need North/);
    assert.doesNotMatch(res.text, /Kayleigh Brown<\/a>/);
    const own = await worker.submit('/children/search', '/children/search', { name: 'Jade Thomson' });
    assert.match(own.text, /Jade Thompson<\/a>/);
    const bad = await worker.submit('/children/search', '/children/search', { name: 'Jade', dateOfBirth: '31/02/2011' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /must be a real date/);
  });

  it('concurrent audited reads keep one unbroken chain', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    const id = caseIds.get('CSE-0001')!;
    const responses = await Promise.all(Array.from({ length: 25 }, () => worker.get(`/cases/${id}`)));
    assert.ok(responses.every((r) => r.status === 200));
    const verdict = await verifyAuditTrail(harbour.db);
    assert.equal(verdict.ok, true);
    const heads = await sql<{ n: number }>`select count(*)::int as n from (select prev_hash from audit_events group by prev_hash having count(*) > 1) forks`.execute(harbour.db);
    assert.equal(heads.rows[0]!.n, 0, 'no two events share a previous hash');
  });

  it('several events recorded at once are chained in order in one statement, alone and inside a transaction, and concurrently', async () => {
    const before = await harbour.db.selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const events = (tag: string) => ['first', 'second', 'third'].map((n) => ({ action: `test.multi-${n}`, entityType: 'test', entityId: tag }));
    await Promise.all([
      recordAudit(harbour.db, SYSTEM_AUDIT_CONTEXT, ...events('alone')),
      harbour.db.transaction().execute((trx) => recordAudit(trx, SYSTEM_AUDIT_CONTEXT, ...events('in-transaction'))),
      ...Array.from({ length: 5 }, (_, i) => recordAudit(harbour.db, SYSTEM_AUDIT_CONTEXT, ...events(`concurrent-${String(i)}`))),
    ]);
    const rows = await harbour.db.selectFrom('audit_events').select(['id', 'action', 'entity_id', 'prev_hash', 'hash']).where('id', '>', Number(before.id ?? 0)).where('entity_type', '=', 'test').orderBy('id').execute();
    assert.equal(rows.length, 21);
    for (const tag of ['alone', 'in-transaction', ...Array.from({ length: 5 }, (_, i) => `concurrent-${String(i)}`)]) {
      const mine = rows.filter((r) => r.entity_id === tag);
      assert.deepEqual(mine.map((r) => r.action), ['test.multi-first', 'test.multi-second', 'test.multi-third']);
      // One call's rows are consecutive and each chains to the one before.
      assert.deepEqual(mine.map((r) => r.id - mine[0]!.id), [0, 1, 2]);
      assert.equal(mine[1]!.prev_hash, mine[0]!.hash);
      assert.equal(mine[2]!.prev_hash, mine[1]!.hash);
    }
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the audit trail', async () => {
    await assert.rejects(sql`update audit_events set outcome = 'success'`.execute(harbour.db), /append-only/);
    await assert.rejects(sql`delete from audit_events`.execute(harbour.db), /append-only/);
    await assert.rejects(sql`truncate audit_events`.execute(harbour.db), /append-only/);
  });

  it('the chain verifies, and names the first row that a privileged editor changed', async () => {
    const intact = await verifyAuditTrail(harbour.db, 7);
    assert.equal(intact.ok, true);
    const count = await harbour.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(intact.checked, Number(count.n));

    const target = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'case.break-glass').executeTakeFirstOrThrow();
    // Only someone able to disable the trigger (a database owner) can edit a row; the chain still shows it.
    await sql`alter table audit_events disable trigger audit_events_no_update_or_delete`.execute(harbour.db);
    await sql`update audit_events set outcome = 'denied' where id = ${target.id}`.execute(harbour.db);
    await sql`alter table audit_events enable trigger audit_events_no_update_or_delete`.execute(harbour.db);
    const broken = await verifyAuditTrail(harbour.db, 7);
    assert.equal(broken.ok, false);
    if (!broken.ok) assert.equal(broken.firstBrokenId, target.id);
  });
});
