import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MATCH_THRESHOLDS,
  MATCH_WEIGHTS,
  ageFromDateOfBirth,
  bestName,
  nearbyDatesOfBirth,
  normalisePostcode,
  postcodeDistrict,
  scoreMatch,
} from '../../../src/features/matching/service-score.ts';
import type { MatchFacts, NameEvidence } from '../../../src/features/matching/service-score.ts';
import { isSearchable, normaliseCriteria } from '../../../src/features/matching/service.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const noChild = { dateOfBirth: null, approximateAge: null, postcode: null, school: null };
type ChildFacts = { [K in keyof MatchFacts['child']]?: MatchFacts['child'][K] };
const facts = (overrides: Omit<Partial<MatchFacts>, 'child'> & { child?: ChildFacts } = {}): MatchFacts => ({
  names: [],
  searched: {},
  ...overrides,
  child: { ...noChild, ...overrides.child },
});
const jade = (similarity: number, wordSimilarity?: number): NameEvidence => ({ field: 'name', value: 'Jade Thompson', similarity, wordSimilarity });

describe('bestName', () => {
  test('takes the strongest of name, known-as and alias', () => {
    const best = bestName([jade(0.2), { field: 'known-as', value: 'JJ', similarity: 1 }, { field: 'alias', value: 'Jayjay', similarity: 0.4 }]);
    assert.equal(best?.evidence.field, 'known-as');
    assert.equal(best?.strength, 1);
    assert.equal(best?.meetsThreshold, true);
  });

  test('a name found inside a longer one counts for less than the whole name', () => {
    const partial = bestName([jade(0.36, 1)]);
    assert.equal(partial?.strength, MATCH_WEIGHTS.partialName);
    assert.equal(partial?.meetsThreshold, true);
    assert.ok(bestName([jade(1, 1)])!.strength > partial!.strength);
  });

  test('below both thresholds the name still ranks, but is not a reason', () => {
    const weak = bestName([jade(0.2, 0.5)]);
    assert.equal(weak?.meetsThreshold, false);
    assert.ok(weak!.strength > 0);
  });

  test('a weakly similar name counts as similar only when every word searched resembles a word of it', () => {
    const weak = (everyWordSimilarity: number | null) => bestName([{ ...jade(0.35), everyWordSimilarity }])!.meetsThreshold;
    assert.equal(weak(0.4), true); // "Tyon Turuer" for Tyson Turner
    assert.equal(weak(0.27), false); // "Clementine Quartermaine" for Jermaine Carter
    assert.equal(weak(null), true); // a single word: nothing more to check
    assert.equal(bestName([{ ...jade(0.25), everyWordSimilarity: 1 }])!.meetsThreshold, false);
  });

  test('the name quoted is one that counts as similar, even when a dissimilar one is a little stronger', () => {
    const best = bestName([{ ...jade(0.38), everyWordSimilarity: 0.2 }, { field: 'alias', value: 'Jayjay', similarity: 0.35 }]);
    assert.equal(best?.evidence.field, 'alias');
    assert.equal(best?.meetsThreshold, true);
    assert.equal(best?.strength, 0.38);
  });

  test('nothing to compare gives null', () => {
    assert.equal(bestName([]), null);
  });
});

describe('dates and ages', () => {
  test('nearby dates of birth: day and month swapped, a day either side, a year either side', () => {
    assert.deepEqual(nearbyDatesOfBirth('2011-03-14').sort(), ['2010-03-14', '2011-03-13', '2011-03-15', '2012-03-14']);
    assert.deepEqual(nearbyDatesOfBirth('2011-03-04').sort(), ['2010-03-04', '2011-03-03', '2011-03-05', '2011-04-03', '2012-03-04']);
    // 29 February has no anniversary in a common year; 1 January's day before is in the previous year.
    assert.deepEqual(nearbyDatesOfBirth('2012-02-29').sort(), ['2012-02-28', '2012-03-01']);
    assert.ok(nearbyDatesOfBirth('2010-01-01').includes('2009-12-31'));
    assert.deepEqual(nearbyDatesOfBirth('not a date'), []);
  });

  test('age from a date of birth, on London dates; null for a future date', () => {
    assert.equal(ageFromDateOfBirth('2011-03-14', NOW), 14);
    assert.equal(ageFromDateOfBirth('2011-03-01', NOW), 15);
    assert.equal(ageFromDateOfBirth('2011-03-14', '2025-03-14'), 14);
    assert.equal(ageFromDateOfBirth('2011-03-14', '2025-03-13'), 13);
    // 23:30 UTC on 31 May is already 1 June in London (summer time).
    assert.equal(ageFromDateOfBirth('2012-06-01', new Date('2026-05-31T23:30:00Z')), 14);
    // Born on 29 February: a year older on 1 March in a common year.
    assert.equal(ageFromDateOfBirth('2012-02-29', '2025-02-28'), 12);
    assert.equal(ageFromDateOfBirth('2012-02-29', '2025-03-01'), 13);
    assert.equal(ageFromDateOfBirth('2030-01-01', NOW), null);
    assert.equal(ageFromDateOfBirth('not a date', NOW), null);
  });
});

describe('postcodes', () => {
  test('compared without spaces or case', () => {
    assert.equal(normalisePostcode(' nw5 3ab '), 'NW53AB');
    assert.equal(postcodeDistrict('NW5 3AB'), 'NW5');
    assert.equal(postcodeDistrict('sw1a 1aa'), 'SW1A');
    assert.equal(postcodeDistrict('NW5'), 'NW5');
  });
});

describe('scoreMatch', () => {
  test('a similar name alone: the name weight times its similarity, with the name quoted', () => {
    const r = scoreMatch(facts({ names: [jade(0.47)] }), NOW);
    assert.equal(r.score, Math.round(MATCH_WEIGHTS.name * 0.47 * 1000) / 1000);
    assert.deepEqual(r.reasons, ['name similar to "Jade Thompson"']);
    assert.equal(r.plausible, true);
  });

  test('known-as and alias are named as such', () => {
    assert.deepEqual(scoreMatch(facts({ names: [{ field: 'known-as', value: 'JJ', similarity: 1 }] }), NOW).reasons, ['name similar to known-as "JJ"']);
    assert.deepEqual(scoreMatch(facts({ names: [{ field: 'alias', value: 'Jayjay', similarity: 1 }] }), NOW).reasons, ['name similar to alias "Jayjay"']);
  });

  test('same date of birth', () => {
    const r = scoreMatch(facts({ searched: { dateOfBirth: '2011-03-14' }, child: { dateOfBirth: '2011-03-14' } }), NOW);
    assert.equal(r.score, MATCH_WEIGHTS.sameDateOfBirth);
    assert.deepEqual(r.reasons, ['same date of birth']);
    assert.equal(r.plausible, true);
  });

  test('a date of birth with day and month swapped is nearly the same', () => {
    const r = scoreMatch(facts({ searched: { dateOfBirth: '2011-03-04' }, child: { dateOfBirth: '2011-04-03' } }), NOW);
    assert.equal(r.score, MATCH_WEIGHTS.nearDateOfBirth);
    assert.deepEqual(r.reasons, ['date of birth nearly the same']);
  });

  test('a different recorded date of birth is not rescued by the age', () => {
    const r = scoreMatch(facts({ searched: { dateOfBirth: '2011-06-20', approximateAge: 14 }, child: { dateOfBirth: '2011-01-02' } }), NOW);
    assert.deepEqual(r.reasons, []);
    assert.equal(r.plausible, false);
  });

  test('age fits within a year of the age described, from a recorded date of birth or approximate age', () => {
    const fits = (approximateAge: number, child: ChildFacts) =>
      scoreMatch(facts({ names: [jade(1)], searched: { approximateAge }, child }), NOW).reasons.includes('age fits');
    assert.equal(fits(14, { dateOfBirth: '2011-03-14' }), true);
    assert.equal(fits(15, { dateOfBirth: '2011-03-14' }), true);
    assert.equal(fits(13, { dateOfBirth: '2011-03-14' }), true);
    assert.equal(fits(16, { dateOfBirth: '2011-03-14' }), false);
    assert.equal(fits(12, { dateOfBirth: '2011-03-14' }), false);
    assert.equal(fits(14, { approximateAge: 15 }), true);
    assert.equal(fits(14, {}), false);
  });

  test('a date of birth searched against a child with only an approximate age: age fits', () => {
    const r = scoreMatch(facts({ names: [jade(1)], searched: { dateOfBirth: '2011-03-14' }, child: { approximateAge: 15 } }), NOW);
    assert.ok(r.reasons.includes('age fits'));
  });

  test('postcode and school boost a match; on their own they are not plausible', () => {
    const both = scoreMatch(
      facts({ searched: { postcode: 'nw5 3ab', school: ' hampstead  heath academy' }, child: { postcode: 'NW5 3AB', school: 'Hampstead Heath Academy' } }),
      NOW,
    );
    assert.deepEqual(both.reasons, ['same postcode', 'same school']);
    assert.equal(both.score, Math.round((MATCH_WEIGHTS.samePostcode + MATCH_WEIGHTS.sameSchool) * 1000) / 1000);
    assert.equal(both.plausible, false);
    const district = scoreMatch(facts({ searched: { postcode: 'NW5 1XY' }, child: { postcode: 'NW5 3AB' } }), NOW);
    assert.deepEqual(district.reasons, ['same postcode district']);
    const similarSchool = scoreMatch(facts({ searched: { school: 'Hampstead Heath Acad' }, child: { school: 'Hampstead Heath Academy' }, schoolSimilarity: 0.8 }), NOW);
    assert.deepEqual(similarSchool.reasons, ['similar school name']);
  });

  test('similar address', () => {
    assert.deepEqual(scoreMatch(facts({ addressSimilarity: MATCH_THRESHOLDS.addressSimilarity }), NOW).reasons, ['similar address']);
    assert.deepEqual(scoreMatch(facts({ addressSimilarity: 0.2 }), NOW).reasons, []);
  });

  test('the score stays within 0..1 however much agrees', () => {
    const r = scoreMatch(
      facts({
        names: [jade(1)],
        searched: { dateOfBirth: '2011-03-14', postcode: 'NW5 3AB', school: 'X Academy' },
        child: { dateOfBirth: '2011-03-14', postcode: 'NW5 3AB', school: 'X Academy' },
        addressSimilarity: 1,
      }),
      NOW,
    );
    assert.equal(r.score, 1);
    assert.deepEqual(r.reasons, ['name similar to "Jade Thompson"', 'same date of birth', 'same postcode', 'same school', 'similar address']);
  });

  test('the right child outranks a namesake when the date of birth agrees', () => {
    const right = scoreMatch(facts({ names: [jade(0.5)], searched: { dateOfBirth: '2011-03-14' }, child: { dateOfBirth: '2011-03-14' } }), NOW);
    const namesake = scoreMatch(facts({ names: [jade(1)], searched: { dateOfBirth: '2011-03-14' }, child: { dateOfBirth: '2014-07-01' } }), NOW);
    assert.ok(right.score > namesake.score);
  });
});

describe('criteria', () => {
  test('names are joined, trimmed and lower-cased; blanks are absent', () => {
    const n = normaliseCriteria({ givenName: '  Jade ', familyName: ' Thompson  ', knownAs: '', school: '  ', now: NOW });
    assert.equal(n.name, 'jade thompson');
    assert.equal(n.knownAs, null);
    assert.equal(n.school, null);
  });

  test('a name, a known-as or a date of birth is needed to search', () => {
    assert.equal(isSearchable(normaliseCriteria({ now: NOW })), false);
    assert.equal(isSearchable(normaliseCriteria({ postcode: 'NW5 3AB', school: 'X Academy', approximateAge: 14, now: NOW })), false);
    assert.equal(isSearchable(normaliseCriteria({ givenName: 'J', now: NOW })), false);
    assert.equal(isSearchable(normaliseCriteria({ knownAs: 'JJ', now: NOW })), true);
    assert.equal(isSearchable(normaliseCriteria({ familyName: 'Okafor', now: NOW })), true);
    assert.equal(isSearchable(normaliseCriteria({ dateOfBirth: '2011-03-14', now: NOW })), true);
  });

  test('a malformed date of birth or age is refused', () => {
    assert.throws(() => normaliseCriteria({ dateOfBirth: '14/03/2011', now: NOW }), RangeError);
    assert.throws(() => normaliseCriteria({ dateOfBirth: '2011-02-30', now: NOW }), RangeError);
    assert.throws(() => normaliseCriteria({ approximateAge: -1, now: NOW }), RangeError);
    assert.throws(() => normaliseCriteria({ approximateAge: Number.NaN, now: NOW }), RangeError);
  });
});
