// Merging two records of the same child (issue 15, "Duplicates"): who may, and the contradictions that refuse it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contradictions, mayMerge, mergeRefusals, normaliseNhsNumber, undoRefusals } from '../../../src/domain/child-merge/merge-guards.ts';
import type { MergeRecord } from '../../../src/domain/child-merge/merge-guards.ts';
import type { Actor } from '../../../src/domain/access/access.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const actor = (roles: Role[], overrides: Partial<Actor> = {}): Actor => ({ id: 'u1', roles, agencyId: 'a1', localAuthorityId: 'camden', active: true, ...overrides });
const rec = (id: string, overrides: Partial<MergeRecord> = {}): MergeRecord => ({ id, localAuthorityId: 'camden', dateOfBirth: '2011-03-14', nhsNumber: null, mergedIntoId: null, ...overrides });
const codes = (list: { code: string }[]) => list.map((r) => r.code);
const frontDoor = actor(['front-door']);

describe('merge guards (issue 15: duplicates)', () => {
  it('the front door or the CSE coordinator of the records’ authority merges; nobody else', () => {
    assert.equal(mayMerge(frontDoor, rec('a'), rec('b')), true);
    assert.equal(mayMerge(actor(['cse-coordinator']), rec('a'), rec('b')), true);
    for (const a of [actor(['social-worker']), actor(['team-manager']), actor(['police-investigator']), actor(['front-door'], { localAuthorityId: 'luton' }), actor(['front-door'], { active: false })]) {
      assert.equal(mayMerge(a, rec('a'), rec('b')), false, a.roles.join());
    }
    assert.equal(mayMerge(frontDoor, rec('a'), rec('b', { localAuthorityId: 'luton' })), false);
  });

  it('different dates of birth or different NHS numbers are two children: refused', () => {
    assert.deepEqual(codes(contradictions(rec('a'), rec('b', { dateOfBirth: '2011-03-15' }))), ['different-dates-of-birth']);
    assert.deepEqual(codes(contradictions(rec('a', { nhsNumber: '9434765919' }), rec('b', { nhsNumber: '9434765870' }))), ['different-nhs-numbers']);
    assert.deepEqual(codes(mergeRefusals(frontDoor, rec('a', { nhsNumber: '1' }), rec('b', { dateOfBirth: '2012-01-01', nhsNumber: '2' }), 'same child')), ['different-dates-of-birth', 'different-nhs-numbers']);
  });

  it('an unknown date of birth or NHS number on either side is no contradiction, and spaces in an NHS number do not count', () => {
    assert.deepEqual(contradictions(rec('a', { dateOfBirth: null }), rec('b')), []);
    assert.deepEqual(contradictions(rec('a', { nhsNumber: '943 476 5919' }), rec('b', { nhsNumber: '9434765919' })), []);
    assert.deepEqual(contradictions(rec('a', { nhsNumber: null }), rec('b', { nhsNumber: '9434765919' })), []);
    assert.equal(normaliseNhsNumber('  '), null);
  });

  it('refuses the same record twice, a record already merged, and a merge without a reason', () => {
    assert.deepEqual(codes(mergeRefusals(frontDoor, rec('a'), rec('a'), 'r')), ['same-record']);
    assert.deepEqual(codes(mergeRefusals(frontDoor, rec('a'), rec('b', { mergedIntoId: 'c' }), 'r')), ['already-merged']);
    assert.deepEqual(codes(mergeRefusals(frontDoor, rec('a', { mergedIntoId: 'c' }), rec('b'), 'r')), ['already-merged']);
    assert.deepEqual(codes(mergeRefusals(frontDoor, rec('a'), rec('b'), ' ')), ['reason-required']);
    assert.deepEqual(mergeRefusals(frontDoor, rec('a'), rec('b'), 'Same child, entered twice at the front door'), []);
  });

  it('a merge is undone once, by the same roles, and not while the kept record is merged into a third', () => {
    const merge = { keptChildId: 'a', mergedChildId: 'b', undoneAt: null, localAuthorityId: 'camden' };
    assert.deepEqual(undoRefusals(frontDoor, merge, { mergedIntoId: null }, 'Two children after all'), []);
    assert.deepEqual(codes(undoRefusals(frontDoor, { ...merge, undoneAt: new Date() }, { mergedIntoId: null }, 'r')), ['already-undone']);
    assert.deepEqual(codes(undoRefusals(frontDoor, merge, { mergedIntoId: 'c' }, 'r')), ['kept-record-merged-since']);
    assert.deepEqual(codes(undoRefusals(actor(['social-worker']), merge, { mergedIntoId: null }, 'r')), ['not-permitted']);
    assert.deepEqual(codes(undoRefusals(frontDoor, merge, { mergedIntoId: null }, '')), ['reason-required']);
  });
});
