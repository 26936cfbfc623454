// The candidate searches the database runs on creation must find everything the domain would call a match
// (bedford-luton Appendix 2: partial plates, addresses), so that an index lookup loses no likely match.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFullPlate, matchAddress, matchName, matchPlate, nameKeyRequirements, nameKeysOf, normaliseAddress, normalisePlate, normalisePostcode, plateSubstrings } from '../../../src/domain/intelligence/index.ts';

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

  // Words chosen so that spellings, nicknames and sound-alikes collide often: Mohammed/Mo/Mohamed, Kahn/Khan, Bob/Robert.
  const word = fc.constantFrom('mo', 'mohammed', 'mohamed', 'khan', 'kahn', 'kane', 'bob', 'robert', 'rob', 'tyrone', 'tyron', 'bailey', 'baily', 'b', 'ash', 'ashley', 'smith', 'smyth', 'big', 'j');
  const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));

  it('bedford-luton Appendix 2: a person matchName matches holds, for one searched name, a key of every searched word', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 2 }), fc.array(name, { minLength: 1, maxLength: 2 }), (searched, recorded) => {
        const matched = searched.some((s) => recorded.some((r) => matchName(s, r) !== null));
        const needs = nameKeyRequirements(searched);
        // A searched name of one-letter words has no keys and is not looked for (as before): skip it.
        if (!matched || searched.some((s) => nameKeyRequirements([s]).length === 0)) return;
        const held = new Set(nameKeysOf(recorded));
        assert.ok(needs.some((words) => words.every((keys) => keys.some((k) => held.has(k)))), `${recorded.join(' / ')} for ${searched.join(' / ')}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('bedford-luton Appendix 2: a two-word name asks for both words, so a shared given name alone is not a candidate', () => {
    const needs = nameKeyRequirements(['Marcus Goldley']);
    assert.equal(needs.length, 1);
    assert.equal(needs[0]!.length, 2);
    const held = new Set(nameKeysOf(['Marcus Smith']));
    assert.ok(!needs[0]!.every((keys) => keys.some((k) => held.has(k))));
    assert.deepEqual(nameKeyRequirements(['B', '  ']), []);
  });
});
