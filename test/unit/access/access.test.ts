// The access model of DESIGN.md ("Access model"), exhaustively: every combination of facts and roles.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canManageNetwork,
  canSeeEntry,
  canSeeReferral,
  can,
  decideCaseAccess,
  isReadOnlyBasis,
  SHARED_SUMMARY_READ,
  knownToServicesAnswer,
  mayBreakGlass,
  seesAggregatesOnly,
} from '../../../src/domain/access/access.ts';
import { isPrimarySuppressed } from '../../../src/domain/board/suppression.ts';
import type { Actor, CaseAccessFacts } from '../../../src/domain/access/access.ts';
import { AREA_ROLES, ROLES } from '../../../src/domain/access/roles.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const actor = (roles: Role[], overrides: Partial<Actor> = {}): Actor => ({ id: 'u1', roles, agencyId: 'a1', localAuthorityId: 'camden', active: true, ...overrides });
const facts = (overrides: Partial<CaseAccessFacts> = {}): CaseAccessFacts => ({ caseLocalAuthorityId: 'camden', inNetwork: false, invitedToMeeting: false, breakGlassActive: false, ...overrides });

describe('a whole case summary shared by a decision (issue 13)', () => {
  it('bedford-luton 5.7: a recipient of a case-summary decision in force reads the summary page only, read-only', () => {
    const nurse = actor(['health-professional'], { localAuthorityId: null });
    assert.deepEqual(decideCaseAccess(nurse, facts({ summaryShared: true }), SHARED_SUMMARY_READ), { allowed: true, basis: 'shared-summary' });
    assert.equal(decideCaseAccess(nurse, facts({ summaryShared: true }), 'case.read').allowed, false, 'no other page of the case');
    assert.equal(decideCaseAccess(nurse, facts({ summaryShared: true })).allowed, false, 'nor without an action');
    assert.equal(decideCaseAccess(nurse, facts({ summaryShared: false }), SHARED_SUMMARY_READ).allowed, false, 'not once the decision stops being in force');
    assert.equal(isReadOnlyBasis('shared-summary'), true);
    assert.deepEqual(decideCaseAccess(nurse, facts({ summaryShared: true, inNetwork: true }), SHARED_SUMMARY_READ), { allowed: true, basis: 'network' }, 'a network member reads it as a network member');
  });
});

describe('decideCaseAccess (DESIGN.md access model)', () => {
  it('allows a professional network member, whatever their role (except the board roles, which see aggregates only: issue 14)', () => {
    for (const role of ROLES.filter((r) => r !== 'board-analyst' && r !== 'board-manager')) {
      const decision = decideCaseAccess(actor([role], { localAuthorityId: 'elsewhere' }), facts({ inNetwork: true }));
      assert.deepEqual(decision, { allowed: true, basis: 'network' }, role);
    }
  });

  it('allows someone invited to one of the case meetings', () => {
    assert.deepEqual(decideCaseAccess(actor(['health-professional']), facts({ invitedToMeeting: true })), { allowed: true, basis: 'meeting-invite' });
  });

  it('an area role invited to a meeting keeps the area role as its basis, which may record; the invitation only reads (issue 16 matrix)', () => {
    for (const role of AREA_ROLES) {
      assert.deepEqual(decideCaseAccess(actor([role]), facts({ invitedToMeeting: true })), { allowed: true, basis: 'area-role' }, role);
    }
    assert.deepEqual(decideCaseAccess(actor(['cse-coordinator'], { localAuthorityId: 'luton' }), facts({ invitedToMeeting: true })), { allowed: true, basis: 'meeting-invite' });
  });

  it('allows area roles (front door, CSE coordinator, team manager) for their own local authority only', () => {
    for (const role of ROLES) {
      const here = decideCaseAccess(actor([role]), facts());
      const elsewhere = decideCaseAccess(actor([role], { localAuthorityId: 'luton' }), facts());
      if (AREA_ROLES.includes(role)) {
        assert.deepEqual(here, { allowed: true, basis: 'area-role' }, role);
      } else {
        assert.equal(here.allowed, false, role);
      }
      assert.equal(elsewhere.allowed, false, `${role} in another authority`);
    }
  });

  it('allows an active break-glass grant for practitioners, never for referrers, analysts or administrators', () => {
    for (const role of ROLES) {
      const decision = decideCaseAccess(actor([role], { localAuthorityId: 'luton' }), facts({ breakGlassActive: true }));
      const expected = !['referrer', 'board-analyst', 'board-manager', 'information-governance-officer', 'administrator'].includes(role);
      assert.equal(decision.allowed, expected, role);
      if (decision.allowed) assert.equal(decision.basis, 'break-glass');
    }
  });

  it('refuses with a way forward: the network or break-glass', () => {
    const decision = decideCaseAccess(actor(['social-worker']), facts());
    assert.equal(decision.allowed, false);
    if (!decision.allowed) {
      assert.equal(decision.code, 'no-relationship');
      assert.equal(decision.canBreakGlass, true);
      assert.match(decision.message, /professional network/);
    }
    const analyst = decideCaseAccess(actor(['board-analyst']), facts());
    assert.equal(analyst.allowed, false);
    if (!analyst.allowed) assert.equal(analyst.canBreakGlass, false);
  });

  it('refuses a deactivated user even inside the network', () => {
    const decision = decideCaseAccess(actor(['social-worker'], { active: false }), facts({ inNetwork: true, breakGlassActive: true }));
    assert.equal(decision.allowed, false);
    if (!decision.allowed) assert.equal(decision.code, 'inactive-user');
  });

  it('prefers the strongest basis: network before meeting, area role, break-glass', () => {
    const all = facts({ inNetwork: true, invitedToMeeting: true, breakGlassActive: true });
    assert.deepEqual(decideCaseAccess(actor(['cse-coordinator']), all), { allowed: true, basis: 'network' });
    assert.deepEqual(decideCaseAccess(actor(['cse-coordinator']), facts({ breakGlassActive: true })), { allowed: true, basis: 'area-role' });
  });
});

describe('mayBreakGlass', () => {
  it('needs at least one casework role', () => {
    assert.equal(mayBreakGlass(actor(['referrer'])), false);
    assert.equal(mayBreakGlass(actor(['board-analyst', 'administrator'])), false);
    assert.equal(mayBreakGlass(actor(['administrator', 'social-worker'])), true);
    assert.equal(mayBreakGlass(actor(['police-investigator'], { active: false })), false);
  });
});

describe('canSeeEntry (sharing levels, DESIGN.md)', () => {
  const entry = { agencyId: 'police', authorId: 'author', sharedWith: ['named-1'] };
  it('network entries are visible to everyone with case access', () => {
    assert.equal(canSeeEntry(actor(['health-professional'], { agencyId: 'health' }), { ...entry, sharingLevel: 'network' }), true);
  });
  it('agency-only entries are visible to the same agency only', () => {
    assert.equal(canSeeEntry(actor(['police-investigator'], { agencyId: 'police' }), { ...entry, sharingLevel: 'agency' }), true);
    assert.equal(canSeeEntry(actor(['health-professional'], { agencyId: 'health' }), { ...entry, sharingLevel: 'agency' }), false);
    assert.equal(canSeeEntry(actor(['cse-coordinator'], { agencyId: 'csc' }), { ...entry, sharingLevel: 'agency' }), false);
  });
  it('named entries are visible to the named people and the author only', () => {
    assert.equal(canSeeEntry(actor(['social-worker'], { id: 'named-1', agencyId: 'csc' }), { ...entry, sharingLevel: 'named' }), true);
    assert.equal(canSeeEntry(actor(['social-worker'], { id: 'other', agencyId: 'police' }), { ...entry, sharingLevel: 'named' }), false);
    assert.equal(canSeeEntry(actor(['police-investigator'], { id: 'author', agencyId: 'elsewhere' }), { ...entry, sharingLevel: 'named' }), true);
  });
  it('nothing is visible to a deactivated user', () => {
    assert.equal(canSeeEntry(actor(['social-worker'], { active: false }), { ...entry, sharingLevel: 'network' }), false);
  });
});

describe('known to services (DESIGN.md: without access, only whether known and which team)', () => {
  it('says not known when nothing matches', () => {
    const answer = knownToServicesAnswer([]);
    assert.equal(answer.known, false);
  });
  it('names only the teams to contact, once each, sorted', () => {
    const answer = knownToServicesAnswer([{ teamName: 'South Duty and Assessment Team' }, { teamName: 'CSE Team' }, { teamName: 'CSE Team' }]);
    assert.deepEqual(answer.known && answer.contactTeams, ['CSE Team', 'South Duty and Assessment Team']);
    assert.equal(answer.message, 'A child matching these details is known to services. Contact CSE Team or South Duty and Assessment Team.');
  });
  it('falls back to the front door when a case has no team', () => {
    const answer = knownToServicesAnswer([{ teamName: null }]);
    assert.deepEqual(answer.known && answer.contactTeams, ['the front door']);
  });
});

describe('referrals (DESIGN.md: a referrer sees their own referrals and outcomes, nothing else)', () => {
  it('the referrer sees their own', () => {
    assert.equal(canSeeReferral(actor(['referrer'], { id: 'r1' }), { referrerId: 'r1', localAuthorityId: 'camden' }), true);
    assert.equal(canSeeReferral(actor(['referrer'], { id: 'r2' }), { referrerId: 'r1', localAuthorityId: 'camden' }), false);
  });
  it('the front door of the area sees all of its referrals, not another area’s', () => {
    assert.equal(canSeeReferral(actor(['front-door']), { referrerId: null, localAuthorityId: 'camden' }), true);
    assert.equal(canSeeReferral(actor(['front-door']), { referrerId: null, localAuthorityId: 'luton' }), false);
    assert.equal(canSeeReferral(actor(['social-worker']), { referrerId: null, localAuthorityId: 'camden' }), false);
  });
});

describe('network management', () => {
  it('the lead professional, and coordinators or managers of the area, manage the network', () => {
    const kase = { leadProfessionalId: 'lead', localAuthorityId: 'camden' };
    assert.equal(canManageNetwork(actor(['social-worker'], { id: 'lead' }), kase), true);
    assert.equal(canManageNetwork(actor(['social-worker']), kase), false);
    assert.equal(canManageNetwork(actor(['cse-coordinator']), kase), true);
    assert.equal(canManageNetwork(actor(['team-manager'], { localAuthorityId: 'luton' }), kase), false);
    assert.equal(canManageNetwork(actor(['front-door']), kase), false);
  });
});

describe('aggregates (DESIGN.md: board analysts see counts with those under 5 suppressed)', () => {
  it('suppresses 1 to 4 and keeps 0 and 5 or more', () => {
    assert.deepEqual([0, 1, 4, 5, 120].map(isPrimarySuppressed), [false, true, true, false, false]);
  });
  it('a board analyst or board manager never opens a case, even when added to its network (issue 14)', () => {
    assert.equal(seesAggregatesOnly(actor(['board-analyst'])), true);
    assert.equal(seesAggregatesOnly(actor(['board-analyst', 'social-worker'])), false);
    for (const role of ['board-analyst', 'board-manager'] as const) {
      const decision = decideCaseAccess(actor([role]), facts({ inNetwork: true, invitedToMeeting: true }));
      assert.equal(decision.allowed, false);
    }
  });
});

describe('page permissions', () => {
  it('administration is for administrators only', () => {
    for (const role of ROLES) assert.equal(can(actor([role]), 'admin:manage'), role === 'administrator', role);
  });
  it('every active account may use signed-in pages; a deactivated one may not', () => {
    assert.equal(can(actor(['referrer']), 'signed-in'), true);
    assert.equal(can(actor(['referrer'], { active: false }), 'signed-in'), false);
  });
  it('referrers and board analysts cannot search children', () => {
    assert.equal(can(actor(['referrer']), 'cases:search'), false);
    assert.equal(can(actor(['board-analyst']), 'cases:search'), false);
    assert.equal(can(actor(['social-worker']), 'cases:search'), true);
  });
});
