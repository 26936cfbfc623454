// The candidate searches the database runs on creation must find everything the domain would call a match
// (bedford-luton Appendix 2: partial plates, addresses), so that an index lookup loses no likely match.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFullPlate, matchAddress, matchPlate, normaliseAddress, normalisePlate, normalisePostcode, plateSubstrings } from '../../../src/domain/intelligence/index.ts';

const plateChar = fc.constantFrom(...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789');

describe('candidates for a likely match on creation (bedford-luton Appendix 2)', () => {
  it('bedford-luton Appendix 2: a recorded partial plate within the searched plate is one of its substrings', () => {
    assert.deepEqual(plateSubstrings('AB1').sort(), ['1', 'A', 'AB', 'AB1', 'B', 'B1'].sort());
    assert.ok(plateSubstrings(normalisePlate('ab12 cde')).includes('AB12'));
    assert.ok(!plateSubstrings('AB12CDE').includes('AB13'));
  });

  it('bedford-luton Appendix 2: every plate matchPlate matches is found by the candidate search (same, contains, or within)', () => {
    fc.assert(
      fc.property(fc.array(plateChar, { minLength: 2, maxLength: 8 }), fc.array(plateChar, { minLength: 2, maxLength: 8 }), (a, b) => {
        const searched = a.join('');
        const recorded = b.join('');
        if (matchPlate(searched, recorded) === null) return;
        // The three conditions of the candidate query: plate_key = key, plate_key like %key%, plate_key = any(substrings).
        assert.ok(recorded === searched || recorded.includes(searched) || plateSubstrings(searched).includes(recorded), `${recorded} for ${searched}`);
      }),
      { numRuns: 3000 },
    );
    assert.equal(matchPlate('AB12CDE', '12CD'), 'partial plate');
    assert.ok(plateSubstrings('AB12CDE').includes('12CD'));
    assert.ok(!isFullPlate('12CD'));
  });

  it('bedford-luton Appendix 2: an address that matchAddress matches is the same address or ends with the same postcode', () => {
    const pairs = [
      ['Flat 3, 12 High St., NW5 1TL', 'flat 3 12 high street nw51tl'],
      ['12 High Street, NW5 1TL', '12 High Rd NW5 1TL'],
      ['12 High Street', '12 High St'],
    ] as const;
    for (const [a, b] of pairs) {
      assert.ok(matchAddress(a, b), `${a} / ${b}`);
      const pc = normalisePostcode(a);
      const key = normaliseAddress(b);
      assert.ok(key === normaliseAddress(a) || (pc !== null && key.endsWith(pc)), `${a} / ${b} is found by the candidate search`);
    }
  });
});
