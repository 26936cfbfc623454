// Transfer between authorities as a pure decide(state, command) (bedford-luton 18-19, issue 15), and the access model
// before and after a transfer (DESIGN.md access model; src/domain/access/access.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideTransfer, stopsClock, statusAfter, TRANSFER_STATUSES, TRANSFER_RESPONSE_TIMESCALE } from '../../../src/domain/case-transfer/transfer.ts';
import type { TransferCommand, TransferState } from '../../../src/domain/case-transfer/transfer.ts';
import { canSeeEntryAfterTransfer, decideCaseAccess, TRANSFER_READS } from '../../../src/domain/access/access.ts';
import type { Actor, CaseAccessFacts } from '../../../src/domain/access/access.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const actor = (roles: Role[], overrides: Partial<Actor> = {}): Actor => ({ id: 'u-sender', roles, agencyId: 'a-bedford', localAuthorityId: 'bedford', active: true, ...overrides });
const sender = actor(['cse-coordinator']);
const receiver = actor(['cse-coordinator'], { id: 'u-receiver', agencyId: 'a-luton', localAuthorityId: 'luton' });
const idle: TransferState = { caseLocalAuthorityId: 'bedford', caseOpen: true, open: null };
const pending: TransferState = { ...idle, open: { fromLocalAuthorityId: 'bedford', toLocalAuthorityId: 'luton', receivingCoordinatorId: 'u-receiver', requestedBy: 'u-sender' } };
const request = (overrides: Partial<Extract<TransferCommand, { kind: 'request' }>> = {}): TransferCommand => ({
  kind: 'request', actor: sender, toLocalAuthorityId: 'luton', receivingCoordinator: { id: 'u-receiver', roles: ['cse-coordinator'], localAuthorityId: 'luton', active: true }, summary: 'Moved to live with her aunt.', reason: 'Child moved area', ...overrides,
});
const code = (d: ReturnType<typeof decideTransfer>) => (d.ok ? 'ok' : d.refusal.code);

describe('decideTransfer (bedford-luton 18-19: the home authority takes over)', () => {
  it('bedford-luton 18-19: the sending coordinator or team manager asks, naming the receiving authority and its coordinator', () => {
    assert.deepEqual(decideTransfer(idle, request()), { ok: true, event: { kind: 'requested', fromLocalAuthorityId: 'bedford', toLocalAuthorityId: 'luton', receivingCoordinatorId: 'u-receiver' } });
    assert.equal(code(decideTransfer(idle, request({ actor: actor(['team-manager']) }))), 'ok');
  });

  it('bedford-luton 18-19: nobody else asks (a social worker, the front door, a coordinator of another authority)', () => {
    for (const a of [actor(['social-worker']), actor(['front-door']), actor(['cse-coordinator'], { localAuthorityId: 'luton' }), actor(['cse-coordinator'], { active: false })]) {
      assert.equal(code(decideTransfer(idle, request({ actor: a }))), 'not-permitted');
    }
  });

  it('bedford-luton 18-19: refuses a closed case, a second open request, the same authority, a wrong coordinator, an empty summary or reason', () => {
    assert.equal(code(decideTransfer({ ...idle, caseOpen: false }, request())), 'case-closed');
    assert.equal(code(decideTransfer(pending, request())), 'already-requested');
    assert.equal(code(decideTransfer(idle, request({ toLocalAuthorityId: 'bedford' }))), 'same-authority');
    assert.equal(code(decideTransfer(idle, request({ receivingCoordinator: null }))), 'coordinator-not-found');
    assert.equal(code(decideTransfer(idle, request({ receivingCoordinator: { id: 'x', roles: ['cse-coordinator'], localAuthorityId: 'luton', active: false } }))), 'coordinator-not-found');
    assert.equal(code(decideTransfer(idle, request({ receivingCoordinator: { id: 'x', roles: ['social-worker'], localAuthorityId: 'luton', active: true } }))), 'coordinator-not-of-authority');
    assert.equal(code(decideTransfer(idle, request({ receivingCoordinator: { id: 'x', roles: ['cse-coordinator'], localAuthorityId: 'bedford', active: true } }))), 'coordinator-not-of-authority');
    assert.equal(code(decideTransfer(idle, request({ summary: '  ' }))), 'summary-required');
    assert.equal(code(decideTransfer(idle, request({ reason: '' }))), 'reason-required');
  });

  it('bedford-luton 18-19: only the named receiving coordinator accepts or declines, and a decline needs a reason', () => {
    assert.deepEqual(decideTransfer(pending, { kind: 'accept', actor: receiver }), { ok: true, event: { kind: 'accepted', fromLocalAuthorityId: 'bedford', toLocalAuthorityId: 'luton', newManagerId: 'u-receiver' } });
    assert.deepEqual(decideTransfer(pending, { kind: 'decline', actor: receiver, reason: ' Not living here. ' }), { ok: true, event: { kind: 'declined', reason: 'Not living here.' } });
    assert.equal(code(decideTransfer(pending, { kind: 'decline', actor: receiver, reason: ' ' })), 'reason-required');
    for (const a of [sender, actor(['cse-coordinator'], { id: 'other', localAuthorityId: 'luton' }), { ...receiver, active: false }]) {
      assert.equal(code(decideTransfer(pending, { kind: 'accept', actor: a })), 'not-receiving-coordinator');
    }
    assert.equal(code(decideTransfer(idle, { kind: 'accept', actor: receiver })), 'nothing-to-answer');
  });

  it('bedford-luton 18-19: the sender may withdraw an unanswered request; the receiver may not', () => {
    assert.deepEqual(decideTransfer(pending, { kind: 'withdraw', actor: sender }), { ok: true, event: { kind: 'withdrawn' } });
    assert.equal(code(decideTransfer(pending, { kind: 'withdraw', actor: receiver })), 'not-permitted');
    assert.equal(code(decideTransfer(idle, { kind: 'withdraw', actor: sender })), 'nothing-to-answer');
  });

  it('every answer (accepted, declined, withdrawn) stops the response clock; only a waiting request keeps it running', () => {
    assert.deepEqual(TRANSFER_STATUSES.filter((s) => !stopsClock(s)), ['requested']);
    for (const kind of ['accepted', 'declined', 'withdrawn'] as const) assert.equal(stopsClock(statusAfter(kind === 'declined' ? { kind, reason: 'r' } : kind === 'accepted' ? { kind, fromLocalAuthorityId: 'a', toLocalAuthorityId: 'b', newManagerId: 'c' } : { kind })), true);
    assert.deepEqual(TRANSFER_RESPONSE_TIMESCALE, { amount: 5, unit: 'working-days' });
  });
});

describe('access before and after a transfer (bedford-luton 18-19; DESIGN.md access model)', () => {
  const facts = (overrides: Partial<CaseAccessFacts> = {}): CaseAccessFacts => ({ caseLocalAuthorityId: 'bedford', inNetwork: false, invitedToMeeting: false, breakGlassActive: false, ...overrides });

  it('bedford-luton 18-19: until accepted, the sending authority keeps its access and the receiving coordinator reads the transfer package only', () => {
    assert.deepEqual(decideCaseAccess(sender, facts({ receivingCoordinator: false }), 'case.read'), { allowed: true, basis: 'area-role' });
    assert.deepEqual(decideCaseAccess(receiver, facts({ receivingCoordinator: true }), TRANSFER_READS['transfer-receiving']), { allowed: true, basis: 'transfer-receiving' });
    for (const action of ['case.read', 'case.chronology', 'note.added', undefined]) {
      assert.equal(decideCaseAccess(receiver, facts({ receivingCoordinator: true }), action).allowed, false, String(action));
    }
    // Another coordinator of the receiving authority is not named, so sees nothing.
    assert.equal(decideCaseAccess({ ...receiver, id: 'other' }, facts({ receivingCoordinator: false }), TRANSFER_READS['transfer-receiving']).allowed, false);
  });

  it('bedford-luton 18-19: after acceptance the receiving authority holds the case and the sending authority reads only its transferred record', () => {
    const after = facts({ caseLocalAuthorityId: 'luton', transferredFrom: ['bedford'] });
    assert.deepEqual(decideCaseAccess(receiver, after, 'case.read'), { allowed: true, basis: 'area-role' });
    assert.deepEqual(decideCaseAccess(sender, after, TRANSFER_READS['former-authority']), { allowed: true, basis: 'former-authority' });
    const denied = decideCaseAccess(sender, after, 'case.read');
    assert.equal(denied.allowed, false);
    assert.equal(!denied.allowed && denied.code, 'transferred-out');
    // Someone of the sending authority without an area role (a social worker) keeps nothing by the transfer.
    assert.equal(decideCaseAccess(actor(['social-worker']), after, TRANSFER_READS['former-authority']).allowed, false);
    // A sending authority that got the case back (transferred out, then in again) holds it by its area role.
    assert.deepEqual(decideCaseAccess(sender, facts({ transferredFrom: ['bedford'] }), 'case.read'), { allowed: true, basis: 'area-role' });
  });

  it('bedford-luton 18-19: the sending authority reads what it wrote, at the sharing level it could see, and nothing written by the receiver', () => {
    const entry = (authorLocalAuthorityId: string | null, overrides: Partial<Parameters<typeof canSeeEntryAfterTransfer>[1]> = {}) => ({ sharingLevel: 'network' as const, agencyId: 'a-x', authorId: 'someone', sharedWith: [], authorLocalAuthorityId, ...overrides });
    assert.equal(canSeeEntryAfterTransfer(sender, entry('bedford')), true);
    assert.equal(canSeeEntryAfterTransfer(sender, entry('luton')), false);
    assert.equal(canSeeEntryAfterTransfer(sender, entry(null)), false);
    assert.equal(canSeeEntryAfterTransfer(sender, entry('bedford', { sharingLevel: 'agency', agencyId: 'a-police' })), false);
    assert.equal(canSeeEntryAfterTransfer(sender, entry('bedford', { sharingLevel: 'agency', agencyId: 'a-bedford' })), true);
    assert.equal(canSeeEntryAfterTransfer({ ...sender, active: false }, entry('bedford')), false);
  });
});

describe('the receiving coordinator’s work list (issue 15)', () => {
  it('a CSE coordinator’s work lists include the transfer requests waiting for them; others’ do not', async () => {
    const { workNavigation } = await import('../../../src/features/work/presenters.ts');
    const texts = (a: Actor) => workNavigation(a, 'transfers').map((i) => i.text);
    assert.ok(texts(receiver).includes('Transfer requests'));
    assert.equal(workNavigation(receiver, 'transfers').find((i) => i.text === 'Transfer requests')!.active, true);
    assert.ok(!texts(actor(['team-manager'])).includes('Transfer requests'));
    assert.ok(!texts(actor(['social-worker'])).includes('Transfer requests'));
  });
});
