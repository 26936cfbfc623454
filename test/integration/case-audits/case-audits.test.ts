// Issue 14, case audits (staffordshire 55-56; PROCEDURES.md step 11): the board draws a reproducible random sample by
// criteria, seeing only counts; named auditors read just the sampled cases, read-only, audited as audit access, until
// the end date or the closing; they record findings per case (stale saves refused); the findings roll up into figures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { addDays, londonDateOf, londonInstant } from '../../../src/domain/clock/index.ts';
import { drawSample, eligibleDigest } from '../../../src/domain/case-audits/rules.ts';
import { auditFindingFigures, eligibleCaseIds } from '../../../src/features/case-audits/service.ts';

const CHILD_NAMES = ['Jade', 'Thompson', 'Tyler', 'Okafor', 'Amira', 'Haddad', 'Kayleigh', 'Brown', 'Daniel', 'Novak', 'Priya', 'Sharma'];

const finding = (version: number, grades: { timeliness?: string; assessment?: string; voice?: string; multiAgency?: string } = {}) => ({
  version: String(version),
  timeliness: grades.timeliness ?? 'good',
  timelinessComment: 'Strategy discussion held within the day.',
  assessment: grades.assessment ?? 'requires-improvement',
  assessmentComment: 'Assessment did not weigh the older boyfriend.',
  voice: grades.voice ?? 'good',
  voiceComment: 'Her own words are recorded at each visit.',
  multiAgency: grades.multiAgency ?? 'inadequate',
  multiAgencyComment: 'Health not invited to the strategy meeting.',
});

describe(`case audits (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const ids = new Map<string, string>();
  let la: string;
  let allCases: { id: string; reference: string; child_id: string }[];
  let analyst: Browserish;
  let teacher: Browserish;
  let auditId: string;
  let sampled: string[];

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(u.email, u.id);
    la = (await harbour.db.selectFrom('local_authorities').select('id').executeTakeFirstOrThrow()).id;
    allCases = await harbour.db.selectFrom('cases').select(['id', 'reference', 'child_id']).orderBy('reference').execute();
    analyst = new Browserish(harbour.url);
    await analyst.signIn('analyst@harbour.example');
    teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
  });
  after(async () => {
    await harbour?.stop();
  });

  const today = () => londonDateOf(harbour.clock.now);
  const assertNoIdentity = (html: string, where: string) => {
    assert.doesNotMatch(html, /CSE-\d{4}/, `${where} names a case`);
    for (const name of CHILD_NAMES) assert.ok(!html.includes(name), `${where} names a child (${name})`);
    for (const k of allCases) assert.ok(!html.includes(k.id), `${where} links to a case`);
  };

  async function draw(who: Browserish, fields: Record<string, string | string[]>) {
    return who.submit('/case-audits/new', '/case-audits', { intent: 'draw', title: 'Quarter 3 audit', localAuthorityId: la, sampleSize: '3', endsOn: addDays(today(), 7), ...fields });
  }

  it('refuses bad criteria in the error summary, counts matching cases without naming any, and draws a reproducible, audited sample', async () => {
    const bad = await analyst.submit('/case-audits/new', '/case-audits', { intent: 'draw', title: '', sampleSize: '0', openFrom: '2026-10-01', openTo: '2026-09-01', endsOn: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /There is a problem/);
    const bad2 = await analyst.submit('/case-audits/new', '/case-audits', { intent: 'draw', title: '', sampleSize: '3', openFrom: '2026-10-01', openTo: '2026-09-01', endsOn: '' });
    assert.equal(bad2.status, 400);
    assert.match(bad2.text, /Enter a title for the audit/);
    assert.match(bad2.text, /The end of the period must be the same as or after its start/);
    assert.match(bad2.text, /Choose at least one auditor/);
    assert.equal(await harbour.db.selectFrom('case_audits').select('id').executeTakeFirst(), undefined, 'nothing is written on a refusal');

    const counted = await analyst.submit('/case-audits/new', '/case-audits', { intent: 'count', title: '', localAuthorityId: la, category: '2', sampleSize: '3' });
    assert.equal(counted.status, 200);
    const expected = (await harbour.db.selectFrom('cases').select('id').where('local_authority_id', '=', la).where('category', '=', 2).execute()).length;
    assert.match(counted.text, new RegExp(`data-qa="matching-count"><strong>${expected}</strong>`));
    assertNoIdentity(counted.text.replace(/<fieldset[\s\S]*?Auditors[\s\S]*?<\/fieldset>/, ''), 'the count');

    const res = await draw(analyst, { auditors: [ids.get('teacher@harbour.example')!] });
    assert.equal(res.status, 303);
    auditId = /\/case-audits\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
    const row = await harbour.db.selectFrom('case_audits').selectAll().where('id', '=', auditId).executeTakeFirstOrThrow();
    sampled = (await harbour.db.selectFrom('case_audit_cases').select('case_id').where('audit_id', '=', auditId).orderBy('position').execute()).map((r) => r.case_id);
    assert.equal(sampled.length, 3);
    // Reproducible: the stored seed and criteria give the same eligible cases and the same sample.
    const eligible = await eligibleCaseIds(harbour.db, row.criteria as never);
    assert.equal(eligible.length, row.eligible_count);
    assert.equal(eligibleDigest(eligible), row.eligible_digest);
    assert.deepEqual(drawSample(eligible, row.seed, 3), sampled);
    const event = await harbour.db.selectFrom('audit_events').select(['details', 'actor_id']).where('action', '=', 'case-audit.drawn').executeTakeFirstOrThrow();
    assert.equal(event.actor_id, ids.get('analyst@harbour.example'));
    assert.equal((event.details as { seed: string }).seed, row.seed);
    assert.equal((event.details as { criteria: { localAuthorityId: string } }).criteria.localAuthorityId, la);

    const page = await analyst.get(res.location!);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="drawn-count">3</);
    assert.match(page.text, new RegExp(row.seed));
    assertNoIdentity(page.text, 'the audit page');
    assertNoIdentity((await analyst.get('/case-audits')).text, 'the list of audits');
  });

  it('matches each criterion as the brief says, checked against the records independently', async () => {
    const base = { localAuthorityId: la, openFrom: null, openTo: null, category: null, agencyId: null, sampleSize: 5 } as const;
    const sorted = async (c: Parameters<typeof eligibleCaseIds>[1]) => (await eligibleCaseIds(harbour.db, c)).sort();
    const rows = await harbour.db.selectFrom('cases').select(['id', 'category', 'opened_at', 'closed_at']).execute();
    assert.deepEqual(await sorted(base), rows.map((r) => r.id).sort());
    assert.deepEqual(await sorted({ ...base, category: 'none' }), rows.filter((r) => r.category === null).map((r) => r.id).sort());
    assert.deepEqual(await sorted({ ...base, category: '3' }), rows.filter((r) => r.category === 3).map((r) => r.id).sort());
    // Open at some time in the period: a period after today finds every open case, one before the first opening none.
    assert.deepEqual(await sorted({ ...base, openFrom: addDays(today(), 1), openTo: addDays(today(), 30) }), rows.filter((r) => r.closed_at === null).map((r) => r.id).sort());
    const firstOpened = londonDateOf(rows.map((r) => r.opened_at).sort((a, b) => a.getTime() - b.getTime())[0]!);
    assert.deepEqual(await sorted({ ...base, openTo: addDays(firstOpened, -1) }), []);
    assert.equal((await sorted({ ...base, openTo: firstOpened })).length, 1);
    // Agency involved: someone from it is or was in the network.
    const police = (await harbour.db.selectFrom('users').select('agency_id').where('email', '=', 'police@harbour.example').executeTakeFirstOrThrow()).agency_id;
    const withPolice = await harbour.db.selectFrom('case_network').innerJoin('users', 'users.id', 'case_network.user_id').select('case_network.case_id').where('users.agency_id', '=', police).distinct().execute();
    assert.deepEqual(await sorted({ ...base, agencyId: police }), withPolice.map((r) => r.case_id).sort());
    assert.ok(withPolice.length > 0 && withPolice.length < rows.length);
  });

  it('the analyst gets 403 on every case route, including the sampled cases', async () => {
    for (const k of allCases) {
      for (const path of [`/cases/${k.id}`, `/cases/${k.id}/chronology`, `/cases/${k.id}/access`]) {
        const res = await analyst.get(path);
        assert.equal(res.status, 403, path);
        assertNoIdentity(res.text.replace(new RegExp(k.id, 'g'), ''), `the refusal of ${path}`);
      }
    }
  });

  it('the auditor reads just the sampled cases, audited as audit access, and may not change them', async () => {
    const teacherId = ids.get('teacher@harbour.example')!;
    const network = new Set((await harbour.db.selectFrom('case_network').select('case_id').where('user_id', '=', teacherId).where('removed_at', 'is', null).execute()).map((r) => r.case_id));
    for (const k of allCases) {
      const res = await teacher.get(`/cases/${k.id}`);
      if (sampled.includes(k.id) || network.has(k.id)) assert.equal(res.status, 200, k.reference);
      else assert.equal(res.status, 403, `${k.reference} is not in the sample`);
    }
    const auditOnly = sampled.filter((id) => !network.has(id));
    assert.ok(auditOnly.length > 0, 'the sample holds a case the teacher has no other access to');
    const target = auditOnly[0]!;
    const read = await harbour.db.selectFrom('audit_events').select(['details', 'outcome']).where('actor_id', '=', teacherId).where('entity_id', '=', target).where('action', '=', 'case.read').executeTakeFirstOrThrow();
    assert.equal((read.details as { basis: string }).basis, 'audit-access');
    assert.equal(read.outcome, 'success');
    const page = await teacher.get(`/cases/${target}`);
    assert.match(page.text, /data-qa="audit-access"/);

    const token = csrfTokenIn(page.text);
    const note = await teacher.request('POST', `/cases/${target}/notes`, { _csrf: token, contactDate: today(), contactType: 'phone call', body: 'Rang the school.', sharingLevel: 'network' });
    assert.equal(note.status, 403);
    const event = await teacher.request('POST', `/cases/${target}/chronology`, { _csrf: token, title: 'Seen', date: today(), time: '', description: 'Seen at the station.', source: 'CCTV', sharingLevel: 'network' });
    assert.equal(event.status, 403);
    const referral = await teacher.request('POST', `/cases/${target}/risk/referral`, { _csrf: token, reason: 'Worried about the older boyfriend and the late nights.' });
    assert.equal(referral.status, 403);
    const refusedReferral = await harbour.db.selectFrom('audit_events').select('details').where('actor_id', '=', teacherId).where('action', '=', 'case.cse-referral').where('outcome', '=', 'denied').executeTakeFirst();
    assert.equal((refusedReferral?.details as { code?: string } | undefined)?.code, 'read-only-access');
    // The write gate audits the refusal and nothing else: no row says the refused referral's read succeeded (issue 17).
    const referralRead = await harbour.db.selectFrom('audit_events').select('id').where('actor_id', '=', teacherId).where('action', '=', 'case.cse-referral').where('outcome', '=', 'success').execute();
    assert.deepEqual(referralRead, [], 'a refused write leaves no success row');
    const denied = await harbour.db.selectFrom('audit_events').select('details').where('actor_id', '=', teacherId).where('entity_id', '=', target).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => (d.details as { code?: string }).code === 'read-only-access'));
    assert.equal((await harbour.db.selectFrom('case_notes').select('id').where('case_id', '=', target).where('author_id', '=', teacherId).execute()).length, 0);

    // The auditor sees the audit on their work list and its cases on its page; the access record shows the grant.
    const home = await teacher.get('/');
    assert.match(home.text, /data-qa="my-case-audits"[\s\S]*Quarter 3 audit/);
    const auditPage = await teacher.get(`/case-audits/${auditId}`);
    assert.equal(auditPage.status, 200);
    for (const id of sampled) assert.ok(auditPage.text.includes(`/cases/${id}`));
    const coordinator = new Browserish(harbour.url);
    await coordinator.signIn('coordinator@harbour.example');
    const record = await coordinator.get(`/cases/${target}/access`);
    assert.match(record.text, /data-qa="audit-access-grants"[\s\S]*Toby Teacher[\s\S]*Quarter 3 audit[\s\S]*in force/);
  });

  it('records a finding, refuses a stale save showing both versions, and refuses someone not named', async () => {
    const target = sampled[0]!;
    const path = `/case-audits/${auditId}/cases/${target}`;
    const empty = await teacher.submit(path, path, { version: '0' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /There is a problem[\s\S]*Choose a grade/);
    const first = await teacher.submit(path, path, finding(0));
    assert.equal(first.status, 303);
    const stale = await teacher.submit(path, path, finding(0, { timeliness: 'inadequate' }));
    assert.equal(stale.status, 409);
    assert.match(stale.text, /data-qa="stale-save"/);
    assert.match(stale.text, /data-qa="yours-timeliness"[\s\S]*inadequate/);
    const saved = await harbour.db.selectFrom('case_audit_findings').selectAll().where('audit_id', '=', auditId).where('case_id', '=', target).executeTakeFirstOrThrow();
    assert.equal(saved.timeliness, 'good');
    assert.equal(saved.version, 1);
    const second = await teacher.submit(path, path, finding(1, { timeliness: 'inadequate' }));
    assert.equal(second.status, 303);
    const versions = await harbour.db.selectFrom('case_audit_finding_versions').select('version').where('finding_id', '=', saved.id).orderBy('version').execute();
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);

    const nurse = new Browserish(harbour.url);
    await nurse.signIn('nurse@harbour.example');
    assert.equal((await nurse.get(path)).status, 403);
    assert.equal((await nurse.get(`/case-audits/${auditId}`)).status, 403);
    const outside = allCases.find((k) => !sampled.includes(k.id))!;
    assert.equal((await teacher.get(`/case-audits/${auditId}/cases/${outside.id}`)).status, 404);
  });

  it('rolls findings up into figures equal to an independent count, with small counts suppressed on the page', async () => {
    // A second audit of every case, with the outreach worker as auditor, so that five findings can be recorded.
    const outreachId = ids.get('outreach@harbour.example')!;
    const res = await draw(analyst, { title: 'Whole-area audit', sampleSize: '6', auditors: [outreachId] });
    assert.equal(res.status, 303);
    const whole = /\/case-audits\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
    const outreach = new Browserish(harbour.url);
    await outreach.signIn('outreach@harbour.example');
    const cases = (await harbour.db.selectFrom('case_audit_cases').select('case_id').where('audit_id', '=', whole).orderBy('position').execute()).map((r) => r.case_id);
    for (const [i, caseId] of cases.slice(0, 5).entries()) {
      const path = `/case-audits/${whole}/cases/${caseId}`;
      const saved = await outreach.submit(path, path, finding(0, { timeliness: 'good', voice: i < 2 ? 'inadequate' : 'good', multiAgency: 'inadequate' }));
      assert.equal(saved.status, 303);
    }
    const page = await analyst.get(`/case-audits/${whole}`);
    const figures = /data-qa="audit-figures"([\s\S]*?)<\/table>/.exec(page.text)![1]!;
    const row = (label: string) => [...new RegExp(`${label}</th>([\\s\\S]*?)</tr>`).exec(figures)![1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
    assert.deepEqual(row('Timeliness'), ['5', '0', '0']);
    assert.deepEqual(row('Voice of the child'), ['fewer than 5', '0', 'fewer than 5']);
    assert.deepEqual(row('Multi-agency working'), ['0', '0', '5']);
    assert.match(page.text, /data-qa="findings-total">5</);
    assertNoIdentity(page.text, 'the audit page with findings');

    // The board dashboard's figures: every finding of the area, counted here independently.
    const figuresAll = await auditFindingFigures(harbour.db, { from: new Date(Date.now() - 86_400_000), to: new Date(harbour.clock.now.getTime() + 60_000), localAuthorityId: la });
    const rows = await harbour.db.selectFrom('case_audit_findings').innerJoin('cases', 'cases.id', 'case_audit_findings.case_id').selectAll('case_audit_findings').where('cases.local_authority_id', '=', la).execute();
    assert.equal(figuresAll.findings, rows.length);
    for (const theme of figuresAll.themes) {
      const column = theme.theme === 'multi-agency' ? 'multi_agency' : theme.theme;
      for (const grade of ['good', 'requires-improvement', 'inadequate'] as const) {
        assert.equal(theme.counts[grade], rows.filter((r) => r[column] === grade).length, `${theme.theme} ${grade}`);
      }
    }
    assert.equal((await auditFindingFigures(harbour.db, { from: null, to: null, localAuthorityId: 'no-such-authority' })).findings, 0);
    assert.equal((await auditFindingFigures(harbour.db, { from: new Date(harbour.clock.now.getTime() + 60_000), to: null, localAuthorityId: null })).findings, 0);
  });

  it('ends access when a board manager closes the audit', async () => {
    // A board manager (a second board role) draws and closes.
    const analystRow = await harbour.db.selectFrom('users').selectAll().where('email', '=', 'analyst@harbour.example').executeTakeFirstOrThrow();
    const manager = await harbour.db.insertInto('users').values({ email: 'board.manager@harbour.example', display_name: 'Bea Board', job_title: 'Board manager', agency_id: analystRow.agency_id, team_id: null, local_authority_id: la, password_hash: analystRow.password_hash }).returning('id').executeTakeFirstOrThrow();
    await harbour.db.insertInto('user_roles').values({ user_id: manager.id, role: 'board-manager' }).execute();
    const board = new Browserish(harbour.url);
    await board.signIn('board.manager@harbour.example');
    const nurseId = ids.get('nurse@harbour.example')!;
    const res = await draw(board, { title: 'Closing audit', sampleSize: '6', auditors: [nurseId] });
    assert.equal(res.status, 303);
    const closing = /\/case-audits\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
    const nurse = new Browserish(harbour.url);
    await nurse.signIn('nurse@harbour.example');
    const nurseNetwork = new Set((await harbour.db.selectFrom('case_network').select('case_id').where('user_id', '=', nurseId).where('removed_at', 'is', null).execute()).map((r) => r.case_id));
    const auditOnly = allCases.filter((k) => !nurseNetwork.has(k.id));
    for (const k of auditOnly) assert.equal((await nurse.get(`/cases/${k.id}`)).status, 200, `${k.reference} open during the audit`);
    const closed = await board.submit(`/case-audits/${closing}`, `/case-audits/${closing}/close`, { version: '1' });
    assert.equal(closed.status, 303);
    for (const k of auditOnly) assert.equal((await nurse.get(`/cases/${k.id}`)).status, 403, `${k.reference} closed`);
    assert.equal((await nurse.get(`/case-audits/${closing}/cases/${auditOnly[0]!.id}`)).status, 403);
    assert.match((await nurse.get(`/case-audits/${closing}`)).text, /data-qa="access-ended"/);
    assert.ok(await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'case-audit.closed').where('entity_id', '=', closing).executeTakeFirst());
  });

  it('ends access at the end of the end date, with nothing run to end it', async () => {
    const teacherId = ids.get('teacher@harbour.example')!;
    const network = new Set((await harbour.db.selectFrom('case_network').select('case_id').where('user_id', '=', teacherId).execute()).map((r) => r.case_id));
    const target = sampled.find((id) => !network.has(id))!;
    const endsOn = (await harbour.db.selectFrom('case_audits').select('ends_on').where('id', '=', auditId).executeTakeFirstOrThrow()).ends_on;
    assert.equal((await teacher.get(`/cases/${target}`)).status, 200, 'open before the end date');
    // The last minutes of the end date: still open.
    harbour.clock.set(londonInstant(endsOn, 23, 50));
    const lastDay = new Browserish(harbour.url);
    await lastDay.signIn('teacher@harbour.example');
    assert.equal((await lastDay.get(`/cases/${target}`)).status, 200, 'open until the end of the end date');
    harbour.clock.set(londonInstant(addDays(endsOn, 1), 0, 1));
    assert.equal((await lastDay.get(`/cases/${target}`)).status, 403, 'ended at midnight');
    const later = new Browserish(harbour.url);
    await later.signIn('teacher@harbour.example');
    assert.equal((await later.get(`/cases/${target}`)).status, 403);
    assert.doesNotMatch((await later.get('/')).text, /data-qa="my-case-audits"/);
    assert.match((await later.get(`/case-audits/${auditId}`)).text, /data-qa="access-ended"/);
    harbour.clock.reset();
  });
});
