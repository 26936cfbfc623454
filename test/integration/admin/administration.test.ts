import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../../../src/features/accounts/service-password-hashing.ts';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { NEW_PASSWORD, countQa, createUser, errorSummary, hiddenValue, idFromLocation, textAfter, textOfQa, userForm } from './support.ts';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe(`administration: agencies, teams and users (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let admin: Browserish;
  let cscId: string;
  let cseTeamId: string;
  /** The demo data's local authority (it comes from the active profile). */
  let area: { id: string; name: string };

  before(async () => {
    harbour = await startTestHarbour();
    admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    const csc = await harbour.db
      .selectFrom('agencies')
      .innerJoin('local_authorities', 'local_authorities.id', 'agencies.local_authority_id')
      .select(['agencies.id', 'local_authorities.id as areaId', 'local_authorities.name as areaName'])
      .where('agencies.name', '=', 'Camden Children’s Social Care')
      .executeTakeFirstOrThrow();
    cscId = csc.id;
    area = { id: csc.areaId, name: csc.areaName };
    cseTeamId = (await harbour.db.selectFrom('teams').select('id').where('name', '=', 'CSE Team').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const auditOf = (action: string, entityId: string) =>
    harbour.db.selectFrom('audit_events').select(['actor_label', 'outcome', 'details']).where('action', '=', action).where('entity_id', '=', entityId).execute();

  it('creates an agency, a team in it and a user with two roles, who can then sign in', async () => {
    const adminId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'admin@harbour.example').executeTakeFirstOrThrow()).id;

    const agencyRes = await admin.submit('/admin/agencies/new', '/admin/agencies', { name: 'Kentish Town Youth Project', kind: 'voluntary', localAuthorityId: area.id });
    assert.equal(agencyRes.status, 303);
    const agencyId = idFromLocation(agencyRes, '/admin/agencies/');
    const agencyPage = await admin.get(`/admin/agencies/${agencyId}`);
    assert.equal(titleOf(agencyPage.text), 'Kentish Town Youth Project – Harbour');
    assert.match(agencyPage.text, /Agency “Kentish Town Youth Project” created/);
    const agency = await harbour.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
    assert.deepEqual([agency.name, agency.kind, agency.local_authority_id, agency.active, agency.version], ['Kentish Town Youth Project', 'voluntary', area.id, true, 1]);

    const list = await admin.get('/admin/agencies');
    assert.equal(countQa(list.text, 'agency-row'), 9);
    assert.match(list.text, new RegExp(`Kentish Town Youth Project</a></td>\\s*<td class="govuk-table__cell">Voluntary sector</td>\\s*<td class="govuk-table__cell">${escapeRegExp(escapeHtml(area.name))}</td>`));

    const teamRes = await admin.submit(`/admin/agencies/${agencyId}/teams/new`, `/admin/agencies/${agencyId}/teams`, { name: 'Detached Youth Work' });
    assert.equal(teamRes.status, 303);
    assert.equal(teamRes.location, `/admin/agencies/${agencyId}`);
    const team = await harbour.db.selectFrom('teams').selectAll().where('agency_id', '=', agencyId).executeTakeFirstOrThrow();
    assert.deepEqual([team.name, team.local_authority_id, team.active], ['Detached Youth Work', area.id, true]);

    const userId = await createUser(admin, {
      displayName: 'Nova Okonkwo',
      email: 'Nova.Okonkwo@Harbour.example',
      jobTitle: 'Youth worker',
      agencyId,
      teamId: team.id,
      roles: ['voluntary-key-worker', 'referrer'],
    });
    const user = await harbour.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    assert.deepEqual(
      [user.display_name, user.email, user.job_title, user.agency_id, user.team_id, user.local_authority_id, user.active, user.version],
      ['Nova Okonkwo', 'Nova.Okonkwo@Harbour.example', 'Youth worker', agencyId, team.id, area.id, true, 1],
    );
    assert.notEqual(user.password_hash, NEW_PASSWORD);
    const roles = await harbour.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
    assert.deepEqual(roles.map((r) => r.role), ['referrer', 'voluntary-key-worker']);

    // Every write is audited with identifiers and codes only.
    assert.deepEqual(await auditOf('agency.created', agencyId), [{ actor_label: `user:${adminId}`, outcome: 'success', details: { kind: 'voluntary', localAuthorityId: area.id } }]);
    assert.deepEqual(await auditOf('team.created', team.id), [{ actor_label: `user:${adminId}`, outcome: 'success', details: { agencyId } }]);
    const created = await auditOf('user.created', userId);
    assert.deepEqual(created, [
      { actor_label: `user:${adminId}`, outcome: 'success', details: { agencyId, teamId: team.id, localAuthorityId: area.id, roles: ['referrer', 'voluntary-key-worker'] } },
    ]);
    assert.doesNotMatch(JSON.stringify(created), /Nova|Okonkwo|harbour\.example/i);

    // The new person signs in (e-mail in any case) and sees their roles.
    const nova = new Browserish(harbour.url);
    await nova.signIn('nova.okonkwo@harbour.example', NEW_PASSWORD);
    const account = await nova.get('/account');
    assert.equal(account.status, 200);
    assert.match(account.text, /Referrer, Voluntary-sector key worker/);
    assert.match(account.text, /Kentish Town Youth Project \(Detached Youth Work\)/);
  });

  it('refuses a duplicate e-mail address (in any case) with a clear message, and writes no second row', async () => {
    const auditsBefore = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'user.created').execute();
    const res = await admin.submit('/admin/users/new', '/admin/users', userForm({ displayName: 'Samuel Worker', email: 'SOCIAL.WORKER@harbour.example', agencyId: cscId, roles: ['social-worker'] }));
    assert.equal(res.status, 400);
    assert.equal(titleOf(res.text), 'Error: Add a user – Harbour');
    assert.deepEqual(errorSummary(res.text), [{ href: '#email', text: 'A user with this e-mail address already exists. E-mail addresses must be unique.' }]);
    assert.match(res.text, /id="displayName" name="displayName" type="text" spellcheck="false" value="Samuel Worker"/, 'input is kept');
    assert.doesNotMatch(res.text, new RegExp(NEW_PASSWORD), 'the password is never echoed back');
    const rows = await harbour.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', 'social.worker@harbour.example')).execute();
    assert.equal(rows.length, 1);
    const auditsAfter = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'user.created').execute();
    assert.equal(auditsAfter.length, auditsBefore.length, 'no user.created event');
  });

  it('refuses a duplicate agency name in another case without a server error', async () => {
    const res = await admin.submit('/admin/agencies/new', '/admin/agencies', { name: '  camden HOUSING ', kind: 'housing', localAuthorityId: area.id });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.text), [{ href: '#name', text: 'An agency with this name already exists. Agency names must be unique.' }]);
    const rows = await harbour.db.selectFrom('agencies').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', 'camden housing')).execute();
    assert.equal(rows.length, 1);
  });

  it('validates the agency form: name required and at most 200 characters, kind from the list', async () => {
    const res = await admin.submit('/admin/agencies/new', '/admin/agencies', { name: 'x'.repeat(201), kind: 'aliens', localAuthorityId: area.id });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.text), [
      { href: '#name', text: 'Agency name must be 200 characters or fewer' },
      { href: '#kind', text: 'Choose the kind of agency' },
    ]);
    const blank = await admin.submit('/admin/agencies/new', '/admin/agencies', { name: '   ', kind: 'police', localAuthorityId: area.id });
    assert.deepEqual(errorSummary(blank.text), [{ href: '#name', text: 'Enter the agency’s name' }]);
    assert.match(blank.text, /id="kind-2" name="kind" type="radio" value="police" checked/, 'the chosen kind is kept');
  });

  it('refuses a weak initial password with the policy message, and writes nothing', async () => {
    const res = await admin.submit('/admin/users/new', '/admin/users', userForm({ displayName: 'Wendy Weak', email: 'wendy.weak@harbour.example', agencyId: cscId, roles: ['social-worker'], password: 'password1234' }));
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.text), [{ href: '#password', text: 'Password is too common. Choose a password that other people are unlikely to use, such as three random words.' }]);
    const short = await admin.submit('/admin/users/new', '/admin/users', userForm({ displayName: 'Wendy Weak', email: 'wendy.weak@harbour.example', agencyId: cscId, roles: ['social-worker'], password: 'short' }));
    assert.deepEqual(errorSummary(short.text), [{ href: '#password', text: 'Password must be 12 characters or more. Three random words make a strong, memorable password.' }]);
    const row = await harbour.db.selectFrom('users').select('id').where('email', '=', 'wendy.weak@harbour.example').executeTakeFirst();
    assert.equal(row, undefined);
  });

  it('requires at least one role and a team that belongs to the chosen agency', async () => {
    const policeTeam = await harbour.db.selectFrom('teams').select('id').where('name', '=', 'Sapphire Unit').executeTakeFirstOrThrow();
    const noRoles = await admin.submit('/admin/users/new', '/admin/users', userForm({ displayName: 'Tara Team', email: 'tara.team@harbour.example', agencyId: cscId, roles: [] }));
    assert.deepEqual(errorSummary(noRoles.text), [{ href: '#roles', text: 'Choose at least one role' }]);
    const wrongTeam = await admin.submit('/admin/users/new', '/admin/users', userForm({ displayName: 'Tara Team', email: 'tara.team@harbour.example', agencyId: cscId, teamId: policeTeam.id, roles: ['social-worker'] }));
    assert.equal(wrongTeam.status, 400);
    assert.deepEqual(errorSummary(wrongTeam.text), [{ href: '#teamId', text: 'Choose a team that belongs to the chosen agency, or no team' }]);
    assert.match(wrongTeam.text, /value="social-worker" checked/, 'the chosen roles are kept');
    assert.equal(await harbour.db.selectFrom('users').select('id').where('email', '=', 'tara.team@harbour.example').executeTakeFirst(), undefined);
  });

  it('refuses a stale agency edit with the current values, changes nothing, and increments the version on a good save', async () => {
    const agency = await harbour.db.selectFrom('agencies').select(['id', 'version']).where('name', '=', 'Camden Housing').executeTakeFirstOrThrow();
    const form = await admin.get(`/admin/agencies/${agency.id}/edit`);
    assert.equal(hiddenValue(form.text, 'version'), String(agency.version));
    const token = csrfTokenIn(form.text);

    // Someone else saves first.
    const first = await admin.request('POST', `/admin/agencies/${agency.id}/edit`, { _csrf: token, version: '1', name: 'Camden Council Housing', kind: 'housing', active: 'true' });
    assert.equal(first.status, 303);
    const saved = await harbour.db.selectFrom('agencies').select(['name', 'version']).where('id', '=', agency.id).executeTakeFirstOrThrow();
    assert.deepEqual(saved, { name: 'Camden Council Housing', version: 2 });
    assert.deepEqual((await auditOf('agency.updated', agency.id))[0]?.details, { changed: ['name'], kind: 'housing', active: true, version: 2 });

    // The second editor's form still says version 1.
    const stale = await admin.request('POST', `/admin/agencies/${agency.id}/edit`, { _csrf: token, version: '1', name: 'Camden Homes', kind: 'voluntary', active: 'false' });
    assert.equal(stale.status, 409);
    assert.deepEqual(errorSummary(stale.text), [
      { href: '#conflict', text: 'Someone else changed this agency while you were editing it. Your changes were not saved. Check what it is now, then make your changes again.' },
    ]);
    assert.equal(textOfQa(stale.text, 'conflict').startsWith('What the agency is now'), true);
    assert.match(stale.text, /<dd class="govuk-summary-list__value">\s*Camden Council Housing\s*<\/dd>/, 'shows what it is now');
    assert.match(stale.text, /id="name" name="name" type="text" spellcheck="false" value="Camden Homes"/, 'keeps what they typed');
    assert.equal(hiddenValue(stale.text, 'version'), '2');
    const unchanged = await harbour.db.selectFrom('agencies').select(['name', 'kind', 'active', 'version']).where('id', '=', agency.id).executeTakeFirstOrThrow();
    assert.deepEqual(unchanged, { name: 'Camden Council Housing', kind: 'housing', active: true, version: 2 });
    assert.equal((await auditOf('agency.updated', agency.id)).length, 1);
  });

  it('renames and deactivates a team, keeping names unique within the agency', async () => {
    const team = await harbour.db.selectFrom('teams').select(['id', 'version']).where('name', '=', 'South Duty and Assessment Team').executeTakeFirstOrThrow();
    const clash = await admin.submit(`/admin/agencies/${cscId}/teams/${team.id}/edit`, `/admin/agencies/${cscId}/teams/${team.id}/edit`, { version: String(team.version), name: 'cse team' });
    assert.equal(clash.status, 400);
    assert.deepEqual(errorSummary(clash.text), [{ href: '#name', text: 'This agency already has a team with this name. Team names must be unique within an agency.' }]);

    const renamed = await admin.submit(`/admin/agencies/${cscId}/teams/${team.id}/edit`, `/admin/agencies/${cscId}/teams/${team.id}/edit`, { version: String(team.version), name: 'South Assessment Team' });
    assert.equal(renamed.status, 303);
    const page = await admin.get(`/admin/agencies/${cscId}`);
    assert.match(page.text, /Team renamed/);
    const version = /action="\/admin\/agencies\/[^/]+\/teams\/([^/]+)\/deactivate"[\s\S]*?name="version" value="(\d+)"/g;
    const versions = Object.fromEntries([...page.text.matchAll(version)].map((m) => [m[1], m[2]]));
    assert.equal(versions[team.id], '2');

    const deactivated = await admin.request('POST', `/admin/agencies/${cscId}/teams/${team.id}/deactivate`, { _csrf: csrfTokenIn(page.text), version: '2' });
    assert.equal(deactivated.status, 303);
    const row = await harbour.db.selectFrom('teams').select(['name', 'active', 'version']).where('id', '=', team.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'South Assessment Team', active: false, version: 3 });

    // A deactivated team is no longer offered, and cannot be given to someone new.
    const form = await admin.get('/admin/users/new');
    assert.doesNotMatch(form.text, new RegExp(team.id));
    const refused = await admin.submit('/admin/users/new', '/admin/users', userForm({ displayName: 'Tom South', email: 'tom.south@harbour.example', agencyId: cscId, teamId: team.id, roles: ['social-worker'] }));
    assert.deepEqual(errorSummary(refused.text), [{ href: '#teamId', text: 'This team has been deactivated. Choose an active team, or no team' }]);
  });

  it('edits a user under an optimistic lock, replacing their roles in one go', async () => {
    const userId = await createUser(admin, { displayName: 'Eddie Edit', email: 'eddie.edit@harbour.example', agencyId: cscId, roles: ['social-worker'] });
    const form = await admin.get(`/admin/users/${userId}/edit`);
    const token = csrfTokenIn(form.text);
    const base = { _csrf: token, displayName: 'Eddie Edit', email: 'eddie.edit@harbour.example', jobTitle: 'Senior practitioner', agencyId: cscId, teamId: cseTeamId };

    const saved = await admin.request('POST', `/admin/users/${userId}/edit`, { ...base, version: '1', roles: ['team-manager', 'cse-coordinator'] });
    assert.equal(saved.status, 303);
    const after = await harbour.db.selectFrom('users').select(['job_title', 'team_id', 'version']).where('id', '=', userId).executeTakeFirstOrThrow();
    assert.deepEqual(after, { job_title: 'Senior practitioner', team_id: cseTeamId, version: 2 });
    const roles = await harbour.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
    assert.deepEqual(roles.map((r) => r.role), ['cse-coordinator', 'team-manager']);
    const [updated] = await auditOf('user.updated', userId);
    assert.deepEqual(updated?.details, { changed: ['jobTitle', 'team', 'roles'], rolesAdded: ['cse-coordinator', 'team-manager'], rolesRemoved: ['social-worker'], agencyId: cscId, teamId: cseTeamId, version: 2 });

    const stale = await admin.request('POST', `/admin/users/${userId}/edit`, { ...base, version: '1', roles: ['referrer'] });
    assert.equal(stale.status, 409);
    assert.deepEqual(errorSummary(stale.text), [
      { href: '#conflict', text: 'Someone else changed this user while you were working on it. Your changes were not saved. Check what it is now, then try again.' },
    ]);
    assert.match(stale.text, /<dd class="govuk-summary-list__value">\s*CSE coordinator, Team manager\s*<\/dd>/, 'shows the roles it has now');
    const rolesAfterStale = await harbour.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
    assert.deepEqual(rolesAfterStale.map((r) => r.role), ['cse-coordinator', 'team-manager']);
    assert.equal((await harbour.db.selectFrom('users').select('version').where('id', '=', userId).executeTakeFirstOrThrow()).version, 2);
  });

  it('deactivation signs the person out at once, revokes their tokens and refuses their sign-in, but keeps the row', async () => {
    const userId = await createUser(admin, { displayName: 'Dana Leaver', email: 'dana.leaver@harbour.example', agencyId: cscId, roles: ['social-worker'] });
    const dana = new Browserish(harbour.url);
    await dana.signIn('dana.leaver@harbour.example', NEW_PASSWORD);
    assert.equal((await dana.get('/')).status, 200);
    const created = await dana.submit('/account', '/account/api-tokens', { name: 'laptop script' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(created.text)![1]!;
    assert.equal((await fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200);

    const confirm = await admin.get(`/admin/users/${userId}/deactivate`);
    assert.equal(titleOf(confirm.text), 'Deactivate Dana Leaver – Harbour');
    const res = await admin.request('POST', `/admin/users/${userId}/deactivate`, { _csrf: csrfTokenIn(confirm.text), version: hiddenValue(confirm.text, 'version')! });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/admin/users/${userId}`);

    const page = await dana.get('/');
    assert.equal(page.status, 303);
    assert.match(page.location ?? '', /^\/sign-in/);
    const again = await dana.submit('/sign-in', '/sign-in', { email: 'dana.leaver@harbour.example', password: NEW_PASSWORD });
    assert.equal(again.status, 401);
    assert.equal((await fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, 401);

    const row = await harbour.db.selectFrom('users').select(['active', 'deactivated_at', 'version']).where('id', '=', userId).executeTakeFirstOrThrow();
    assert.equal(row.active, false);
    assert.ok(row.deactivated_at instanceof Date);
    assert.equal(row.version, 2);
    const sessions = await harbour.db.selectFrom('sessions').select('id_hash').where('user_id', '=', userId).execute();
    assert.equal(sessions.length, 0);
    const tokens = await harbour.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', userId).execute();
    assert.equal(tokens.length, 1);
    assert.ok(tokens[0]!.revoked_at instanceof Date);
    assert.deepEqual((await auditOf('user.deactivated', userId))[0]?.details, { sessionsEnded: 1, tokensRevoked: 1, version: 2 });

    const userPage = await admin.get(`/admin/users/${userId}`);
    assert.match(userPage.text, /Dana Leaver has been deactivated and signed out/);
    assert.match(userPage.text, /govuk-tag--grey">\s*Deactivated/);

    // Reactivated, they can sign in again.
    const reactivated = await admin.request('POST', `/admin/users/${userId}/reactivate`, { _csrf: csrfTokenIn(userPage.text), version: '2' });
    assert.equal(reactivated.status, 303);
    const back = new Browserish(harbour.url);
    await back.signIn('dana.leaver@harbour.example', NEW_PASSWORD);
    assert.equal((await back.get('/')).status, 200);
  });

  it('will not let an administrator deactivate themselves or remove their own administrator role', async () => {
    const me = await harbour.db.selectFrom('users').select(['id', 'version']).where('email', '=', 'admin@harbour.example').executeTakeFirstOrThrow();
    const page = await admin.get(`/admin/users/${me.id}`);
    assert.doesNotMatch(page.text, /href="\/admin\/users\/[^"]+\/deactivate"/, 'no deactivate button on your own page');
    const res = await admin.request('POST', `/admin/users/${me.id}/deactivate`, { _csrf: csrfTokenIn(page.text), version: String(me.version) });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.text), [{ href: '#deactivate', text: 'You cannot deactivate your own account. Ask another administrator to do it.' }]);

    const edit = await admin.request('POST', `/admin/users/${me.id}/edit`, {
      _csrf: csrfTokenIn(page.text),
      version: String(me.version),
      displayName: 'Alex Admin',
      email: 'admin@harbour.example',
      jobTitle: 'Systems administrator',
      agencyId: cscId,
      teamId: '',
      roles: ['social-worker'],
    });
    assert.equal(edit.status, 400);
    assert.deepEqual(errorSummary(edit.text), [{ href: '#roles', text: 'You cannot remove your own administrator role. Ask another administrator to do it.' }]);

    const row = await harbour.db.selectFrom('users').select(['active', 'version']).where('id', '=', me.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { active: true, version: me.version });
    const roles = await harbour.db.selectFrom('user_roles').select('role').where('user_id', '=', me.id).execute();
    assert.deepEqual(roles.map((r) => r.role), ['administrator']);
  });

  it('resets a password under the policy, ending the person’s sessions, and unlocks an account', async () => {
    const nurse = await harbour.db.selectFrom('users').select('id').where('email', '=', 'nurse@harbour.example').executeTakeFirstOrThrow();
    const session = new Browserish(harbour.url);
    await session.signIn('nurse@harbour.example');

    const weak = await admin.submit(`/admin/users/${nurse.id}/password`, `/admin/users/${nurse.id}/password`, { password: 'qwertyuiop12' });
    assert.equal(weak.status, 400);
    assert.deepEqual(errorSummary(weak.text), [{ href: '#password', text: 'Password is too common. Choose a password that other people are unlikely to use, such as three random words.' }]);

    const reset = await admin.submit(`/admin/users/${nurse.id}/password`, `/admin/users/${nurse.id}/password`, { password: 'orchid tunnel saffron kettle' });
    assert.equal(reset.status, 303);
    assert.equal((await session.get('/')).status, 303, 'their old session has ended');
    const old = await new Browserish(harbour.url).submit('/sign-in', '/sign-in', { email: 'nurse@harbour.example', password: 'harbour demo password' });
    assert.equal(old.status, 401);
    await new Browserish(harbour.url).signIn('nurse@harbour.example', 'orchid tunnel saffron kettle');
    assert.deepEqual((await auditOf('user.password-reset', nurse.id))[0]?.details, { sessionsEnded: 1 });

    await harbour.db.updateTable('users').set({ locked_until: new Date(Date.now() + 15 * 60_000) }).where('id', '=', nurse.id).execute();
    const page = await admin.get(`/admin/users/${nurse.id}`);
    assert.match(page.text, /govuk-tag--orange">\s*Locked/);
    const unlock = await admin.request('POST', `/admin/users/${nurse.id}/unlock`, { _csrf: csrfTokenIn(page.text) });
    assert.equal(unlock.status, 303);
    const row = await harbour.db.selectFrom('users').select('locked_until').where('id', '=', nurse.id).executeTakeFirstOrThrow();
    assert.equal(row.locked_until, null);
    assert.deepEqual((await auditOf('user.unlocked', nurse.id))[0]?.details, { wasLocked: true });
  });

  it('lists users 25 to a page, filtered by agency, role and status through the URL, and searches names by POST', async () => {
    const housing = await harbour.db.selectFrom('agencies').select('id').where('kind', '=', 'housing').executeTakeFirstOrThrow();
    const passwordHash = await hashPassword('not used in this test at all');
    for (let i = 1; i <= 30; i++) {
      const row = await harbour.db
        .insertInto('users')
        .values({ email: `tenancy.officer${i}@harbour.example`, display_name: `Tenancy Officer ${String(i).padStart(2, '0')}`, agency_id: housing.id, local_authority_id: area.id, password_hash: passwordHash, active: i !== 30 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await harbour.db.insertInto('user_roles').values({ user_id: row.id, role: 'referrer' }).execute();
    }
    // 29 active tenancy officers and Rene Referrer are active referrers in housing.
    const first = await admin.get(`/admin/users?agency=${housing.id}&role=referrer&status=active`);
    assert.equal(first.status, 200);
    assert.equal(countQa(first.text, 'user-row'), 25);
    assert.equal(textOfQa(first.text, 'users-caption'), 'Showing 1 to 25 of 30 users');
    assert.match(first.text, new RegExp(`href="/admin/users\\?agency=${housing.id}&amp;role=referrer&amp;status=active&amp;page=2"`));
    const second = await admin.get(`/admin/users?agency=${housing.id}&role=referrer&status=active&page=2`);
    assert.equal(countQa(second.text, 'user-row'), 5);
    assert.equal(textOfQa(second.text, 'users-caption'), 'Showing 26 to 30 of 30 users');
    assert.match(second.text, /Tenancy Officer 29/);
    assert.doesNotMatch(second.text, /Tenancy Officer 30/);

    const deactivated = await admin.get(`/admin/users?agency=${housing.id}&status=deactivated`);
    assert.equal(countQa(deactivated.text, 'user-row'), 1);
    assert.match(deactivated.text, /Tenancy Officer 30/);

    const bad = await admin.get('/admin/users?role=wizard');
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.text), [{ href: '#role', text: 'Choose a role from the list' }]);

    const search = await admin.submit('/admin/users', '/admin/users/search', { q: 'officer 1', agency: '', role: '', status: 'all' });
    assert.equal(search.status, 200);
    assert.equal(countQa(search.text, 'user-row'), 10, 'Tenancy Officer 10 to 19');
    assert.equal(textOfQa(search.text, 'users-caption'), 'Showing 1 to 10 of 10 users matching your search');
    const byEmail = await admin.submit('/admin/users', '/admin/users/search', { q: 'OFFICER7@', agency: '', role: '', status: 'all' });
    assert.equal(countQa(byEmail.text, 'user-row'), 1);
    assert.match(byEmail.text, />Tenancy Officer 07</);
    const wildcard = await admin.submit('/admin/users', '/admin/users/search', { q: '%', agency: '', role: '', status: 'all' });
    assert.equal(textOfQa(wildcard.text, 'users-caption'), 'No users match your search', 'LIKE wildcards are searched for literally');

    // A long search pages by re-posting, so the name searched for never enters a URL.
    const many = await admin.submit('/admin/users', '/admin/users/search', { q: 'tenancy', agency: housing.id, role: '', status: 'all' });
    assert.equal(countQa(many.text, 'user-row'), 25);
    assert.match(many.text, /<button type="submit" name="page" value="2"[^>]*>Next page<\/button>/);
    assert.equal(hiddenValue(textAfter(many.text, 'data-qa="search-pages"'), 'q'), 'tenancy');
    const page2 = await admin.request('POST', '/admin/users/search', { _csrf: csrfTokenIn(many.text), q: 'tenancy', agency: housing.id, role: '', status: 'all', page: '2' });
    assert.equal(countQa(page2.text, 'user-row'), 5);
    assert.equal(textOfQa(page2.text, 'users-caption'), 'Showing 26 to 30 of 30 users matching your search');
    assert.match(page2.text, /Previous page<\/button>/);

    const empty = await admin.submit('/admin/users', '/admin/users/search', { q: ' ', agency: '', role: '', status: 'all' });
    assert.equal(empty.status, 400);
    assert.deepEqual(errorSummary(empty.text), [{ href: '#q', text: 'Enter a name or e-mail address to search for' }]);
  });

  it('refuses every administration page and write to someone without the administrator role', async () => {
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    for (const path of ['/admin', '/admin/audit', '/admin/users', '/admin/agencies', `/admin/agencies/${cscId}`, '/admin/users/new']) {
      const res = await worker.get(path);
      assert.equal(res.status, 403, path);
      assert.equal(titleOf(res.text), 'You do not have access to this page – Harbour', path);
    }
    const home = await worker.get('/');
    const before = await harbour.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const auditBefore = await harbour.db.selectFrom('audit_events').select('id').where('action', 'in', ['user.created', 'agency.created']).execute();
    const res = await worker.request('POST', '/admin/users', { _csrf: csrfTokenIn(home.text), ...userForm({ displayName: 'Sneaky Admin', email: 'sneaky@harbour.example', agencyId: cscId, roles: ['administrator'] }) });
    assert.equal(res.status, 403);
    const agencyRes = await worker.request('POST', '/admin/agencies', { _csrf: csrfTokenIn(home.text), name: 'Sneaky Agency', kind: 'police', localAuthorityId: area.id });
    assert.equal(agencyRes.status, 403);
    const after = await harbour.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    assert.equal(await harbour.db.selectFrom('users').select('id').where('email', '=', 'sneaky@harbour.example').executeTakeFirst(), undefined);
    assert.equal(await harbour.db.selectFrom('agencies').select('id').where('name', '=', 'Sneaky Agency').executeTakeFirst(), undefined);
    const auditAfter = await harbour.db.selectFrom('audit_events').select('id').where('action', 'in', ['user.created', 'agency.created']).execute();
    assert.equal(auditAfter.length, auditBefore.length);
  });
});
