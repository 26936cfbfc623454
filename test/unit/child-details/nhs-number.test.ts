// src/domain/child-details/nhs-number.ts: recording a child's NHS number (issue 15: the merge guard compares NHS
// numbers, so they must be right). Ten digits with a Modulus 11 check digit (NHS Data Dictionary).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkNhsNumber, formatNhsNumber, nhsCheckDigit } from '../../../src/domain/child-details/nhs-number.ts';

describe('an NHS number (issue 15; NHS Data Dictionary Modulus 11)', () => {
  it('accepts a valid number, with the spaces and hyphens people write', () => {
    // 943 476 5919: 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
    assert.deepEqual(checkNhsNumber('9434765919'), { ok: true, digits: '9434765919' });
    assert.deepEqual(checkNhsNumber('943 476 5919'), { ok: true, digits: '9434765919' });
    assert.deepEqual(checkNhsNumber('943-476-5919'), { ok: true, digits: '9434765919' });
    assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
  });

  it('refuses a wrong check digit, the wrong length, letters and blank', () => {
    assert.equal(checkNhsNumber('9434765918').ok, false);
    assert.equal(checkNhsNumber('943476591').ok, false);
    assert.equal(checkNhsNumber('94347659190').ok, false);
    assert.equal(checkNhsNumber('94347A5919').ok, false);
    assert.equal(checkNhsNumber('  ').ok, false);
  });

  it('a check of 11 is 0, and a check of 10 means no valid number starts with those nine digits', () => {
    // 000000000: sum 0, 11 − 0 = 11 → 0.
    assert.equal(nhsCheckDigit('000000000'), 0);
    assert.equal(checkNhsNumber('0000000000').ok, true);
    // 100000001: 1×10 + 1×2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → invalid.
    assert.equal(nhsCheckDigit('100000001'), null);
    for (let d = 0; d <= 9; d++) assert.equal(checkNhsNumber(`100000001${d}`).ok, false);
  });

  it('for any nine digits, exactly the computed check digit is accepted (and none when it is 10)', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
      const check = nhsCheckDigit(nine);
      const accepted = [...Array(10).keys()].filter((d) => checkNhsNumber(`${nine}${d}`).ok);
      assert.deepEqual(accepted, check === null ? [] : [check]);
    }));
  });
});
