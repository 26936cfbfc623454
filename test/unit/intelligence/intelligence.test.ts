import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_ALERT_THRESHOLD,
  alertHeadline,
  alertThresholdFor,
  childrenWithinWindow,
  defaultSharing,
  describePath,
  entityKeys,
  matchReasons,
  entityLabel,
  isFullPlate,
  matchAddress,
  matchName,
  matchPhone,
  matchPlate,
  mergeRefusals,
  normaliseAddress,
  normaliseHandle,
  normalisePhone,
  normalisePlate,
  reachesThreshold,
  soundex,
} from '../../../src/domain/intelligence/index.ts';

const now = new Date('2026-12-03T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('number plates (bedford-luton Appendix 2: cars "Number Plate (s)")', () => {
  it('a plate with or without spaces, dashes or lower case is the same plate', () => {
    assert.equal(normalisePlate('ab12 cde'), 'AB12CDE');
    assert.equal(normalisePlate(' AB12-CDE '), 'AB12CDE');
    assert.equal(matchPlate('ab12cde', 'AB12 CDE'), 'same plate');
  });

  it('knows whole British plates from partial ones', () => {
    assert.equal(isFullPlate('AB12 CDE'), true);
    assert.equal(isFullPlate('A123 BCD'), true);
    assert.equal(isFullPlate('AB12'), false, 'a fragment is partial');
    assert.equal(isFullPlate('AB1?CDE'), false);
    assert.equal(isFullPlate('12C'), false);
  });

  it('a partial plate is found within a recorded whole plate, and the other way round', () => {
    assert.equal(matchPlate('AB12', 'AB12 CDE'), 'partial plate');
    assert.equal(matchPlate('AB12 CDE', 'CDE'), 'partial plate');
    assert.equal(matchPlate('AB1? CDE', 'AB12CDE'), 'partial plate');
    assert.equal(matchPlate('*CDE', 'AB12CDE'), 'partial plate');
  });

  it('two different whole plates do not match, nor does a single character', () => {
    assert.equal(matchPlate('AB12 CDE', 'AB12 CDF'), null);
    assert.equal(matchPlate('A', 'AB12 CDE'), null);
    assert.equal(matchPlate('XY9', 'AB12 CDE'), null);
  });
});

describe('phone numbers (bedford-luton Appendix 2: mobile phone activity)', () => {
  it('+44, 0044, 44, spaces, dashes and brackets are all the national number', () => {
    for (const raw of ['+44 7700 900123', '0044-7700-900123', '447700900123', '(07700) 900 123', '07700900123', '+44 (0)7700 900123']) {
      assert.equal(normalisePhone(raw), '07700900123', raw);
    }
  });

  it('keeps a foreign country code and returns nothing for no digits', () => {
    assert.equal(normalisePhone('+33 6 12 34 56 78'), '+33612345678');
    assert.equal(normalisePhone('none'), '');
  });

  it('the same number in two formats matches; the last six digits match partially; others do not', () => {
    assert.equal(matchPhone('+447700900123', '07700 900 123'), 'same number');
    assert.equal(matchPhone('900123', '07700 900123'), 'same last digits');
    assert.equal(matchPhone('0123', '07700 900123'), null);
    assert.equal(matchPhone('07700 900124', '07700 900123'), null);
  });

  it('online handles ignore case, spaces and a leading @', () => {
    assert.equal(normaliseHandle(' @Jay_Boi '), 'jay_boi');
  });
});

describe('names by sound and nickname (bedford-luton Appendix 2: names, nicknames)', () => {
  it('Soundex codes', () => {
    assert.equal(soundex('Robert'), 'R163');
    assert.equal(soundex('Rupert'), 'R163');
    assert.equal(soundex('Smith'), soundex('Smyth'));
    assert.equal(soundex('Tymczak'), 'T522');
  });

  it('a nickname matches the full name', () => {
    assert.equal(matchName('Mo Khan', 'Mohammed Khan')?.kind, 'nickname');
    assert.equal(matchName('Danny', 'Daniel Price')?.kind, 'nickname');
  });

  it('a sound-alike spelling matches and says so', () => {
    assert.equal(matchName('Mohammed Kahn', 'Mohammed Khan')?.kind, 'sounds alike');
    assert.equal(matchName('Stephen', 'Steven')?.kind, 'sounds alike');
  });

  it('the same name in another case or order matches as the same name', () => {
    assert.equal(matchName('khan mohammed', 'Mohammed KHAN')?.kind, 'same name');
  });

  it('different names do not match; every word searched must match', () => {
    assert.equal(matchName('Tyrone Bailey', 'Mohammed Khan'), null);
    assert.equal(matchName('Mo Bailey', 'Mohammed Khan'), null);
    assert.equal(matchName('', 'Mohammed Khan'), null);
  });
});

describe('places by normalised address (PROCEDURES: addresses, premises the child has keys to)', () => {
  it('abbreviations, punctuation and postcode spacing do not matter', () => {
    assert.equal(normaliseAddress('Flat 3, 12 High St., nw51tl'), 'flat 3 12 high street NW5 1TL');
    assert.equal(matchAddress('Flat 3, 12 High St., NW5 1TL', 'flat 3 12 high street nw51tl'), 'same address');
  });

  it('the same postcode and house numbers match even when the street is written differently', () => {
    assert.equal(matchAddress('Flat 3, 12 High Road NW5 1TL', '3/12 High Rd, London NW5 1TL'), 'same postcode and number');
  });

  it('a different number at the same postcode does not match', () => {
    assert.equal(matchAddress('14 High Street NW5 1TL', '12 High Street NW5 1TL'), null);
  });
});

describe('merge guards (bedford-luton 11.1: records that support investigations must not join children wrongly)', () => {
  it('refuses persons with different dates of birth', () => {
    const r = mergeRefusals({ id: 'a', kind: 'person', name: 'B', dateOfBirth: '1999-01-02' }, { id: 'b', kind: 'person', name: 'B', dateOfBirth: '1999-02-01' });
    assert.deepEqual(r.map((x) => x.code), ['different-dates-of-birth']);
  });

  it('refuses vehicles with different whole plates, allows a partial plate to merge into a whole one', () => {
    assert.deepEqual(
      mergeRefusals({ id: 'a', kind: 'vehicle', registration: 'AB12 CDE' }, { id: 'b', kind: 'vehicle', registration: 'AB12CDF' }).map((x) => x.code),
      ['different-plates'],
    );
    assert.deepEqual(mergeRefusals({ id: 'a', kind: 'vehicle', registration: 'AB12 CDE' }, { id: 'b', kind: 'vehicle', registration: 'ab12cde' }), []);
    assert.deepEqual(mergeRefusals({ id: 'a', kind: 'vehicle', registration: 'AB1?' }, { id: 'b', kind: 'vehicle', registration: 'AB12CDE' }), []);
  });

  it('refuses different kinds, the same record, and different whole phone numbers', () => {
    assert.deepEqual(mergeRefusals({ id: 'a', kind: 'vehicle' }, { id: 'b', kind: 'place' }).map((x) => x.code), ['different-kinds']);
    assert.deepEqual(mergeRefusals({ id: 'a', kind: 'place' }, { id: 'a', kind: 'place' }).map((x) => x.code), ['same-entity']);
    assert.deepEqual(
      mergeRefusals({ id: 'a', kind: 'phone', number: '07700900123' }, { id: 'b', kind: 'phone', number: '+44 7700 900124' }).map((x) => x.code),
      ['different-numbers'],
    );
    assert.deepEqual(mergeRefusals({ id: 'a', kind: 'phone', number: '07700900123' }, { id: 'b', kind: 'phone', number: '+44 7700 900123' }), []);
  });

  it('unknown details never contradict', () => {
    assert.deepEqual(mergeRefusals({ id: 'a', kind: 'person', name: 'B' }, { id: 'b', kind: 'person', name: 'Bee', dateOfBirth: '1999-01-02', sex: 'male' }), []);
  });
});

describe('pattern-of-targeting threshold (bedford-luton 9.1: children controlled by the same person)', () => {
  it('default: 3 or more children within 12 months', () => {
    assert.deepEqual(DEFAULT_ALERT_THRESHOLD, { children: 3, withinMonths: 12 });
  });

  it('counts distinct children, only links within the window', () => {
    const links = [
      { caseId: 'c1', lastKnown: daysAgo(10) },
      { caseId: 'c1', lastKnown: daysAgo(5) },
      { caseId: 'c2', lastKnown: daysAgo(400) },
      { caseId: 'c3', lastKnown: daysAgo(300) },
    ];
    assert.deepEqual(childrenWithinWindow(links, now), ['c3', 'c1']);
  });

  it('the third child within 12 months reaches the threshold; a fourth does not alert again', () => {
    const two = [
      { caseId: 'c1', lastKnown: daysAgo(100) },
      { caseId: 'c2', lastKnown: daysAgo(50) },
    ];
    assert.equal(reachesThreshold(two, { caseId: 'c3', lastKnown: daysAgo(1) }, now), true);
    assert.equal(reachesThreshold(two, { caseId: 'c2', lastKnown: daysAgo(1) }, now), false, 'the same child again');
    assert.equal(reachesThreshold([...two, { caseId: 'c3', lastKnown: daysAgo(1) }], { caseId: 'c4', lastKnown: now }, now), false);
  });

  it('a link older than 12 months does not count towards the threshold', () => {
    const two = [
      { caseId: 'c1', lastKnown: daysAgo(370) },
      { caseId: 'c2', lastKnown: daysAgo(50) },
    ];
    assert.equal(reachesThreshold(two, { caseId: 'c3', lastKnown: daysAgo(1) }, now), false);
  });

  it('a profile may set its own threshold', () => {
    const one = [{ caseId: 'c1', lastKnown: daysAgo(10) }];
    assert.equal(reachesThreshold(one, { caseId: 'c2', lastKnown: now }, now, { children: 2, withinMonths: 6 }), true);
  });

  it('a profile without its own threshold takes Harbour’s default; one with it, its own', () => {
    assert.deepEqual(alertThresholdFor({}), DEFAULT_ALERT_THRESHOLD);
    assert.deepEqual(alertThresholdFor({ intelligenceAlert: { children: 2, withinMonths: 6 } }), { children: 2, withinMonths: 6 });
  });

  it('says the headline in words', () => {
    assert.equal(alertHeadline('B (27)', 3), 'B (27) is now linked to 3 children');
  });
});

describe('who else is linked, in words (DESIGN access model: no identity without access)', () => {
  it('names entities and visible children, and says "another child" for one the reader may not see', () => {
    const words = describePath([
      { child: { name: 'Sam' } },
      { label: entityLabel({ kind: 'person', name: 'B', approximateAge: 27 }) },
      { label: entityLabel({ kind: 'vehicle', colour: 'silver', model: 'Astra', registration: 'ab12' }) },
      { child: null },
    ]);
    assert.equal(words, 'Sam → B (27) → silver Astra AB12 → another child');
  });

  it('labels a person by date of birth, a phone in national form, a handle with its platform', () => {
    assert.equal(entityLabel({ kind: 'person', name: 'B', dateOfBirth: '1999-12-04' }, now), 'B (26)');
    assert.equal(entityLabel({ kind: 'person', name: 'B', dateOfBirth: '1999-12-03' }, now), 'B (27)');
    assert.equal(entityLabel({ kind: 'phone', number: '+44 7700 900123' }), '07700900123');
    assert.equal(entityLabel({ kind: 'phone', handle: 'jayboi', platform: 'Snapchat' }), 'jayboi on Snapchat');
  });

  it('police intelligence defaults to own agency only; others to the case network', () => {
    assert.equal(defaultSharing('police'), 'agency');
    assert.equal(defaultSharing('health'), 'network');
  });
});

describe('likely matches on creation (bedford-luton Appendix 2: the same person entered once)', () => {
  it('a nickname and a sound-alike share a name key with the recorded name', () => {
    const recorded = entityKeys({ kind: 'person', name: 'Mohammed Khan', aliases: ['Big M'] });
    const searched = entityKeys({ kind: 'person', name: 'Mo Kahn' });
    assert.ok(searched.nameKeys.some((k) => recorded.nameKeys.includes(k)));
    assert.deepEqual(matchReasons({ kind: 'person', name: 'Mo Kahn' }, { kind: 'person', name: 'Mohammed Khan', aliases: ['Big M'] }), ['Sounds like “Mohammed Khan”'], 'the weakest word (Kahn) decides');
  });

  it('plates, numbers and addresses are stored in their comparable forms', () => {
    assert.equal(entityKeys({ kind: 'vehicle', registration: 'ab12 cde' }).plateKey, 'AB12CDE');
    assert.equal(entityKeys({ kind: 'phone', number: '+44 7700 900123', handle: '@Jay' }).phoneKey, '07700900123');
    assert.equal(entityKeys({ kind: 'phone', handle: '@Jay' }).handleKey, 'jay');
    assert.equal(entityKeys({ kind: 'place', address: '12 High St, NW5 1TL' }).addressKey, '12 high street NW5 1TL');
  });

  it('says why a vehicle, a place or a phone matches', () => {
    assert.deepEqual(matchReasons({ kind: 'vehicle', registration: 'AB12' }, { kind: 'vehicle', registration: 'AB12 CDE' }), ['Partial plate matches AB12CDE']);
    assert.deepEqual(matchReasons({ kind: 'phone', number: '0044 7700 900123' }, { kind: 'phone', number: '07700900123' }), ['Same number']);
    assert.deepEqual(matchReasons({ kind: 'place', address: '12 High Street NW51TL' }, { kind: 'place', address: '12 High St, NW5 1TL' }), ['Same address']);
    assert.deepEqual(matchReasons({ kind: 'vehicle', registration: 'XY99 ZZZ' }, { kind: 'vehicle', registration: 'AB12 CDE' }), []);
  });
});
