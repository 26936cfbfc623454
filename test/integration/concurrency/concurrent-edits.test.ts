// Issue 16, concurrent edits: every table with a version column is found from the database itself and must be
// declared in versioned-kinds.ts; for each kind marked 'two-tabs', two tabs load the edit form, the first saves,
// the second saves on the version it loaded: it is refused (409, or the form with an error summary), the page shows
// both the writer's unsaved text and what was saved, and the row is exactly as the first save left it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { addDays, londonDateOf } from '../../../src/domain/clock/index.ts';
import { VERSIONED_KINDS } from './versioned-kinds.ts';

type Scenario = {
  /** Creates the record (through HTTP where the feature allows) and returns the form page and the action. */
  setUp(): Promise<{ who: string; formPage: string; action: string; row(): Promise<unknown> }>;
  /** The hidden field carrying the version the form was loaded at (null: the record is written once, guarded by its state). */
  versionField: string | null;
  fields(marker: string): Record<string, string | string[]>;
  /** Besides the first tab's text, what else the refused page says about the saved version. */
  savedShown?: RegExp;
};

describe(`concurrent edits of every versioned record kind (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
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
  const errorOf = (html: string) => html.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0];

  it('every table with a version column is declared, and nothing declared is missing from the database', async (t) => {
    const found = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and (column_name = 'version' or column_name like '%\_version' or column_name like 'version\_%')
      order by 1, 2`.execute(harbour.db);
    const declared = new Set(VERSIONED_KINDS.map((k) => `${k.table}.${k.column}`));
    const undeclared = found.rows.map((r) => `${r.table_name}.${r.column_name}`).filter((k) => !declared.has(k));
    assert.deepEqual(undeclared, [], 'a versioned table must be mapped to the routes that edit it, or listed as not user-edited with the reason');
    const present = new Set(found.rows.map((r) => `${r.table_name}.${r.column_name}`));
    assert.deepEqual([...declared].filter((k) => !present.has(k)), [], 'the declared table names only columns that exist');
    for (const k of VERSIONED_KINDS) {
      if (k.handling === 'not-edited') assert.ok(k.reason.length > 10, `${k.table}: a reason is given`);
      else assert.ok(k.routes.length > 0, `${k.table}: its routes are named`);
    }
    const by = (h: string) => VERSIONED_KINDS.filter((k) => k.handling === h).length;
    const covered = VERSIONED_KINDS.filter((k) => k.handling === 'covered');
    t.diagnostic(
      `versioned columns found: ${found.rows.length}; driven by two tabs here: ${by('two-tabs')}; proved by the feature's own test: ` +
        `${covered.filter((k) => k.proves === 'both').length} with both versions, ${covered.filter((k) => k.proves === 'refusal').length} refusal only, ` +
        `${covered.filter((k) => k.proves === 'none').length} untried; not edited by people: ${by('not-edited')}`,
    );
  });

  const today = () => londonDateOf(harbour.clock.now);
  const ukDate = (iso: string) => `${Number(iso.slice(8, 10))}/${Number(iso.slice(5, 7))}/${iso.slice(0, 4)}`;
  const tomorrow = () => londonDateOf(new Date(harbour.clock.now.getTime() + 86_400_000));

  const userFields: Record<string, string | string[]> = {};
  const mergeFields: Record<string, string> = {};
  const scenarios: Record<string, Scenario> = {
    'case note': {
      versionField: 'version',
      async setUp() {
        const caseId = cases.get('CSE-0001')!;
        const sw = await signedIn('social.worker');
        const created = await sw.submit(`/cases/${caseId}/notes/new`, `/cases/${caseId}/notes`, { contactDate: today(), contactType: 'home visit', body: 'Original note text', sharingLevel: 'network' });
        assert.equal(created.status, 303, errorOf(created.text));
        const note = await harbour.db.selectFrom('case_notes').select('id').where('case_id', '=', caseId).where('body', '=', 'Original note text').executeTakeFirstOrThrow();
        return {
          who: 'social.worker',
          formPage: `/cases/${caseId}/notes/${note.id}/edit`,
          action: `/cases/${caseId}/notes/${note.id}`,
          row: () => harbour.db.selectFrom('case_notes').selectAll().where('id', '=', note.id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => ({ contactDate: today(), contactType: 'home visit', body: marker, sharingLevel: 'network' }),
    },
    plan: {
      versionField: 'basedOn',
      async setUp() {
        const caseId = cases.get('CSE-0002')!;
        const sw = await signedIn('social.worker');
        const created = await sw.submit(`/cases/${caseId}/plans/new?type=safety-plan`, `/cases/${caseId}/plans`, { planType: 'safety-plan', sharingLevel: 'network', 'section-risks': 'Original risks', 'section-keeping-safe': 'Original safety', 'section-who-to-contact': 'Social worker' });
        assert.equal(created.status, 303, errorOf(created.text));
        const planId = created.location!.split('/').pop()!;
        return {
          who: 'social.worker',
          formPage: `/cases/${caseId}/plans/${planId}/edit`,
          action: `/cases/${caseId}/plans/${planId}`,
          row: async () => ({
            plan: await harbour.db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow(),
            versions: await harbour.db.selectFrom('plan_versions').select(['version', 'content']).where('plan_id', '=', planId).orderBy('version').execute(),
          }),
        };
      },
      fields: (marker) => ({ planType: 'safety-plan', sharingLevel: 'network', 'section-risks': marker, 'section-keeping-safe': 'Original safety', 'section-who-to-contact': 'Social worker', changeNote: `Change: ${marker}` }),
    },
    'risk category decision': {
      versionField: 'caseVersion',
      async setUp() {
        const caseId = cases.get('CSE-0006')!;
        return {
          who: 'coordinator',
          formPage: `/cases/${caseId}/risk/category`,
          action: `/cases/${caseId}/risk/category`,
          row: async () => ({
            kase: await harbour.db.selectFrom('cases').select(['version', 'category', 'category_decided_at']).where('id', '=', caseId).executeTakeFirstOrThrow(),
            decisions: await harbour.db.selectFrom('category_decisions').selectAll().where('case_id', '=', caseId).orderBy('decided_at').execute(),
          }),
        };
      },
      // The two tabs choose different categories; the refusal names the saved one.
      fields: (marker) => (marker.startsWith('FIRST') ? { category: '2', rationale: marker } : { category: '3', rationale: marker }),
      savedShown: /placed the child in category 2 [^<]*because: FIRST save cases/,
    },
    'meeting record': {
      versionField: 'version',
      async setUp() {
        const caseId = cases.get('CSE-0006')!;
        const sw = await signedIn('social.worker');
        const created = await sw.submit(`/cases/${caseId}/meetings/new?type=catse-meeting`, `/cases/${caseId}/meetings`, { meetingType: 'catse-meeting', date: tomorrow(), time: '10:00', venue: 'Crowndale Centre, room 2', chairId: users.get('coordinator')!, invitees: [users.get('social.worker')!] });
        assert.equal(created.status, 303, errorOf(created.text));
        const id = created.location!.split('/').pop()!;
        return {
          who: 'social.worker',
          formPage: `/cases/${caseId}/meetings/${id}`,
          action: `/cases/${caseId}/meetings/${id}/police-checks`,
          row: () => harbour.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => (marker.startsWith('FIRST') ? { subjects: ['child'], notes: marker } : { subjects: ['child', 'family'], notes: marker }),
      savedShown: /Police checks recorded by Sam Worker/,
    },
    assessment: {
      versionField: 'version',
      async setUp() {
        const caseId = cases.get('CSE-0001')!;
        const sw = await signedIn('social.worker');
        const started = await sw.submit(`/cases/${caseId}/assessments/new?kind=core`, `/cases/${caseId}/assessments`, { kind: 'core' });
        assert.equal(started.status, 303, errorOf(started.text));
        const id = /assessments\/([0-9a-f-]{36})\/edit/.exec(started.location!)![1]!;
        return {
          who: 'social.worker',
          formPage: `/cases/${caseId}/assessments/${id}/edit`,
          action: `/cases/${caseId}/assessments/${id}/edit`,
          row: async () => ({
            assessment: await harbour.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
            sections: await harbour.db.selectFrom('assessment_section_versions').select(['section_id', 'version', 'body']).where('assessment_id', '=', id).orderBy('section_id').orderBy('version').execute(),
          }),
        };
      },
      fields: (marker) => ({ action: 'save', developmentalNeeds: marker, developmentalNeedsSharing: 'network' }),
    },
    'meeting minutes correction': {
      versionField: 'version',
      async setUp() {
        // A held meeting, written directly as test/integration/meetings/corrections.test.ts does.
        const kase = await harbour.db.selectFrom('cases').selectAll().where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow();
        const held = new Date(harbour.clock.now.getTime() - 3 * 86_400_000);
        const coordinator = users.get('coordinator')!;
        const { id } = await harbour.db
          .insertInto('meetings')
          .values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', status: 'held', scheduled_at: held, venue: 'Crowndale Centre', chair_id: coordinator, convened_by: coordinator, convened_at: held, held_at: held, decisions_summary: 'Original decisions.', review_date: londonDateOf(new Date(harbour.clock.now.getTime() + 30 * 86_400_000)), recorded_by: coordinator, recorded_at: held })
          .returning('id')
          .executeTakeFirstOrThrow();
        await harbour.db.insertInto('meeting_cases').values({ meeting_id: id, case_id: kase.id, is_primary: true }).execute();
        await harbour.db.insertInto('meeting_invitees').values([{ meeting_id: id, user_id: users.get('social.worker')!, invited_role: 'social-worker', attended: true }]).execute();
        const page = `/cases/${kase.id}/meetings/${id}`;
        return {
          who: 'social.worker',
          formPage: `${page}/correct`,
          action: `${page}/correct`,
          row: async () => ({
            meeting: await harbour.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
            corrections: await harbour.db.selectFrom('meeting_corrections').selectAll().where('meeting_id', '=', id).execute(),
          }),
        };
      },
      fields: (marker) => ({ decisionsSummary: marker, reason: `Corrected by the ${marker.split(' ')[0]!.toLowerCase()} tab` }),
    },
    agency: {
      versionField: 'version',
      async setUp() {
        const agency = await harbour.db.selectFrom('agencies').select(['id', 'kind']).where('name', '=', 'Camden Housing').executeTakeFirstOrThrow();
        return {
          who: 'admin',
          formPage: `/admin/agencies/${agency.id}/edit`,
          action: `/admin/agencies/${agency.id}/edit`,
          row: () => harbour.db.selectFrom('agencies').selectAll().where('id', '=', agency.id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => ({ name: marker, kind: 'housing', active: 'true' }),
    },
    team: {
      versionField: 'version',
      async setUp() {
        const team = await harbour.db.selectFrom('teams').select(['id', 'agency_id']).where('name', '=', 'CSE Team').executeTakeFirstOrThrow();
        return {
          who: 'admin',
          formPage: `/admin/agencies/${team.agency_id}/teams/${team.id}/edit`,
          action: `/admin/agencies/${team.agency_id}/teams/${team.id}/edit`,
          row: () => harbour.db.selectFrom('teams').selectAll().where('id', '=', team.id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => ({ name: marker }),
    },
    'consultation answer': {
      versionField: null,
      async setUp() {
        const teacher = await signedIn('teacher');
        const asked = await teacher.submit('/consultations/new', '/consultations/new', { addressedTo: 'front-door', ageBand: '13-15', sex: 'female', area: 'Kilburn', schoolType: 'secondary', concerns: ['rewards'], question: 'A Year 10 pupil has a new phone and is collected after school by an older man. Should I refer?' });
        assert.equal(asked.status, 303, errorOf(asked.text));
        const id = /\/consultations\/([0-9a-f-]{36})/.exec(asked.location!)![1]!;
        return {
          who: 'frontdoor',
          formPage: `/consultations/${id}`,
          action: `/consultations/${id}/answer`,
          row: () => harbour.db.selectFrom('anonymous_consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => ({ advice: 'refer-to-csc', answer: `${marker}: make a referral today and tell your safeguarding lead.` }),
    },
    'police protection outcome': {
      versionField: 'version',
      async setUp() {
        const caseId = cases.get('CSE-0001')!;
        const sw = await signedIn('social.worker');
        const yesterday = ukDate(addDays(today(), -1));
        const started = await sw.submit(`/cases/${caseId}/police-protection`, `/cases/${caseId}/police-protection`, { startedDate: yesterday, startedTime: '10:00', note: '' });
        assert.equal(started.status, 303, errorOf(started.text));
        const protection = await harbour.db.selectFrom('police_protections').select('id').where('case_id', '=', caseId).where('ended_at', 'is', null).executeTakeFirstOrThrow();
        return {
          who: 'social.worker',
          formPage: `/cases/${caseId}/police-protection/${protection.id}/outcome`,
          action: `/cases/${caseId}/police-protection/${protection.id}/outcome`,
          row: () => harbour.db.selectFrom('police_protections').selectAll().where('id', '=', protection.id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => ({ outcome: 'other', outcomeDetail: marker, endedDate: ukDate(addDays(today(), -1)), endedTime: '12:00' }),
    },
    'disclosure scheme decision': {
      versionField: null,
      async setUp() {
        const police = await signedIn('police');
        const applied = await police.submit('/disclosure-scheme/new', '/disclosure-scheme/new', { applicantName: 'Ms Ayres', applicantRelationship: 'Mother', childDescription: 'Her daughter, 9', personDescription: 'Her new partner', concern: 'Her new partner stays over and babysits.', handlingOfficerId: users.get('police')!, receivedDate: ukDate(today()) });
        assert.equal(applied.status, 303, errorOf(applied.text));
        const id = /\/disclosure-scheme\/([0-9a-f-]{36})/.exec(applied.location!)![1]!;
        return {
          who: 'police',
          formPage: `/disclosure-scheme/${id}`,
          action: `/disclosure-scheme/${id}/decision`,
          row: () => harbour.db.selectFrom('disclosure_applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => (marker.startsWith('FIRST') ? { decision: 'disclose', reason: `${marker}: previous convictions for offences against children.` } : { decision: 'no-disclosure', reason: `${marker}: nothing held that would justify disclosure.` }),
    },
    'break-glass review': {
      versionField: 'version',
      async setUp() {
        // Someone outside a managed case's network breaks the glass; the case's manager reviews it.
        const outreachId = users.get('outreach')!;
        const kase = await harbour.db
          .selectFrom('cases').select(['id', 'manager_id'])
          .where('manager_id', 'is not', null)
          .where((eb) => eb.not(eb.exists(eb.selectFrom('case_network').select('case_network.case_id').whereRef('case_network.case_id', '=', 'cases.id').where('case_network.user_id', '=', outreachId))))
          .orderBy('reference')
          .executeTakeFirstOrThrow();
        const outreach = await signedIn('outreach');
        const used = await outreach.submit(`/cases/${kase.id}/break-glass`, `/cases/${kase.id}/break-glass`, { reason: 'Missing overnight and the lead professional cannot be reached.' });
        assert.equal(used.status, 303, errorOf(used.text));
        const grant = await harbour.db.selectFrom('break_glass_grants').select('id').where('case_id', '=', kase.id).orderBy('granted_at', 'desc').executeTakeFirstOrThrow();
        const manager = await harbour.db.selectFrom('users').select('email').where('id', '=', kase.manager_id!).executeTakeFirstOrThrow();
        return {
          who: manager.email.split('@')[0]!,
          formPage: `/break-glass/${grant.id}`,
          action: `/break-glass/${grant.id}/review`,
          row: () => harbour.db.selectFrom('break_glass_grants').selectAll().where('id', '=', grant.id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => (marker.startsWith('FIRST') ? { justified: 'yes', note: marker } : { justified: 'no', note: marker }),
    },
    'CSE referral decision': {
      versionField: 'caseVersion',
      async setUp() {
        const caseId = cases.get('CSE-0003')!;
        const sw = await signedIn('social.worker');
        const referred = await sw.submit(`/cases/${caseId}/risk/referral/new`, `/cases/${caseId}/risk/referral`, { reason: 'Concerns about online contact with older men.' });
        assert.equal(referred.status, 303, errorOf(referred.text));
        const referral = await harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).where('status', '=', 'awaiting').executeTakeFirstOrThrow();
        return {
          who: 'coordinator',
          formPage: `/cases/${caseId}/risk/referrals/${referral.id}/decision`,
          action: `/cases/${caseId}/risk/referrals/${referral.id}/decision`,
          row: async () => ({
            referral: await harbour.db.selectFrom('cse_referrals').selectAll().where('id', '=', referral.id).executeTakeFirstOrThrow(),
            kase: await harbour.db.selectFrom('cases').select(['version', 'category']).where('id', '=', caseId).executeTakeFirstOrThrow(),
          }),
        };
      },
      fields: (marker) => ({ decision: 'decline', declineReasons: `${marker}: an online safety concern, not exploitation.`, referralVersion: '1' }),
    },
    'front door decision': {
      versionField: 'version',
      async setUp() {
        const teacher = await signedIn('teacher');
        const key = randomUUID();
        const raised = await teacher.submit('/concerns/new', '/concerns', { idempotencyKey: key, narrative: 'Seen getting into a silver car with two older men after school.', childKnownAs: 'Dee', childApproximateAge: '14', childDescription: 'Slim, school uniform', immediateDanger: 'no', dslConsulted: 'yes' });
        assert.equal(raised.status, 303, errorOf(raised.text));
        const contact = await harbour.db.selectFrom('contacts').select(['id', 'version']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
        const frontDoor = await signedIn('frontdoor');
        const page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
        const identified = await frontDoor.request('POST', `/front-door/contacts/${contact.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(contact.version), identification: 'unidentified' });
        assert.equal(identified.status, 303, errorOf(identified.text));
        return {
          who: 'frontdoor',
          formPage: `/front-door/contacts/${contact.id}`,
          action: `/front-door/contacts/${contact.id}/decision`,
          row: async () => ({
            contact: await harbour.db.selectFrom('contacts').selectAll().where('id', '=', contact.id).executeTakeFirstOrThrow(),
            decisions: await harbour.db.selectFrom('contact_decisions').selectAll().where('contact_id', '=', contact.id).execute(),
          }),
        };
      },
      fields: (marker) => ({ decision: 'no-further-action', reasons: `${marker}: nothing to act on at this point in time.` }),
    },
    user: {
      versionField: 'version',
      async setUp() {
        const nurse = await harbour.db.selectFrom('users').select(['id', 'display_name', 'email', 'agency_id', 'team_id']).where('email', '=', 'nurse@harbour.example').executeTakeFirstOrThrow();
        const roles = (await harbour.db.selectFrom('user_roles').select('role').where('user_id', '=', nurse.id).execute()).map((r) => r.role);
        Object.assign(userFields, { displayName: nurse.display_name, email: nurse.email, agencyId: nurse.agency_id, teamId: nurse.team_id ?? '', roles });
        return {
          who: 'admin',
          formPage: `/admin/users/${nurse.id}/edit`,
          action: `/admin/users/${nurse.id}/edit`,
          row: async () => ({
            user: await harbour.db.selectFrom('users').selectAll().where('id', '=', nurse.id).executeTakeFirstOrThrow(),
            roles: (await harbour.db.selectFrom('user_roles').select('role').where('user_id', '=', nurse.id).orderBy('role').execute()).map((r) => r.role),
          }),
        };
      },
      fields: (marker) => ({ ...userFields, jobTitle: marker.slice(0, 60) }),
    },
    'missing episode return': {
      versionField: 'version',
      async setUp() {
        const caseId = cases.get('CSE-0002')!;
        const sw = await signedIn('social.worker');
        const reported = await sw.submit(`/cases/${caseId}/missing/new`, `/cases/${caseId}/missing/new`, { leftDate: ukDate(addDays(today(), -2)), leftTime: '21:40', fromWhere: 'home', appearanceOnLeaving: 'Blue denim jacket, black leggings.', whoWith: 'An older girl, collected in a white van.', sharingLevel: 'network' });
        assert.equal(reported.status, 303, errorOf(reported.text));
        const episode = await harbour.db.selectFrom('missing_episodes').select('id').where('case_id', '=', caseId).where('returned_at', 'is', null).executeTakeFirstOrThrow();
        return {
          who: 'social.worker',
          formPage: `/cases/${caseId}/missing/${episode.id}/return`,
          action: `/cases/${caseId}/missing/${episode.id}/return`,
          row: () => harbour.db.selectFrom('missing_episodes').selectAll().where('id', '=', episode.id).executeTakeFirstOrThrow(),
        };
      },
      fields: (marker) => ({ returnedDate: ukDate(addDays(today(), -1)), returnedTime: marker.startsWith('FIRST') ? '09:15' : '09:00', appearanceOnReturn: marker }),
    },
    'merging duplicate children': {
      versionField: 'mergedVersion',
      async setUp() {
        // The same child entered twice, as test/integration/child-merge/merge.test.ts makes one.
        const original = await harbour.db.selectFrom('children').selectAll().where('given_name', '=', 'Jade').executeTakeFirstOrThrow();
        const dup = await harbour.db
          .insertInto('children')
          .values({ local_authority_id: original.local_authority_id, given_name: 'Jade', family_name: 'Thomson', date_of_birth: original.date_of_birth, postcode: original.postcode, school: original.school, address: original.address })
          .returning(['id', 'version'])
          .executeTakeFirstOrThrow();
        Object.assign(mergeFields, { keptId: original.id, mergedId: dup.id, keptVersion: String(original.version), confirm: 'yes' });
        return {
          who: 'frontdoor',
          formPage: `/children/merge?keep=${original.id}&merge=${dup.id}`,
          action: '/children/merge',
          row: async () => ({
            merges: await harbour.db.selectFrom('child_merges').selectAll().where('merged_child_id', '=', dup.id).execute(),
            children: await harbour.db.selectFrom('children').selectAll().where('id', 'in', [original.id, dup.id]).orderBy('id').execute(),
          }),
        };
      },
      fields: (marker) => ({ ...mergeFields, reason: `${marker}: same child, checked with the school.` }),
    },
  };

  const versionIn = (html: string, field: string) => {
    const m = new RegExp(`name="${field}" value="(\\d+)"`).exec(html);
    assert.ok(m, `the form carries ${field}`);
    return m[1]!;
  };

  for (const kind of VERSIONED_KINDS) {
    if (kind.handling !== 'two-tabs') continue;
    it(`${kind.scenario} (${kind.table}.${kind.column}): the second of two tabs is refused, shown both versions, and nothing is overwritten`, async () => {
      const scenario = scenarios[kind.scenario];
      assert.ok(scenario, `a scenario is written for ${kind.scenario}`);
      const { who, formPage, action, row } = await scenario.setUp();
      const [first, second] = [await signedIn(who), await signedIn(who)];
      const [a, b] = [await first.get(formPage), await second.get(formPage)];
      assert.equal(a.status, 200);
      const field = scenario.versionField;
      const loaded = field ? versionIn(a.text, field) : '';
      if (field) assert.equal(versionIn(b.text, field), loaded, 'both tabs loaded the same version');
      const version = field ? { [field]: loaded } : {};
      const firstMarker = `FIRST save ${kind.table} ${Date.now()}`;
      const secondMarker = `SECOND save ${kind.table} ${Date.now()}`;
      const saved = await first.request('POST', action, { _csrf: csrfTokenIn(a.text), ...version, ...scenario.fields(firstMarker) });
      assert.equal(saved.status, 303, errorOf(saved.text));
      const afterFirst = await row();
      const stale = await second.request('POST', action, { _csrf: csrfTokenIn(b.text), ...version, ...scenario.fields(secondMarker) });
      assert.ok([400, 409].includes(stale.status), `refused, not ${stale.status}`);
      assert.match(stale.text, /govuk-error-summary/, 'an error summary says what happened');
      assert.ok(stale.text.includes(secondMarker), 'the second writer’s own text is shown, not lost');
      assert.ok(stale.text.includes(firstMarker), 'what the first tab saved is shown');
      if (scenario.savedShown) assert.match(stale.text, scenario.savedShown, 'and who saved it');
      assert.deepEqual(await row(), afterFirst, 'the row is as the first save left it');
    });
  }
});
