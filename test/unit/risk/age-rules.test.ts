import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ageBand, ageInYears, ageRule, isCareLeaverAge } from '../../../src/domain/risk/age-rules.ts';

const d = (iso: string): Date => new Date(iso);

describe('ageBand: birthdays are boundaries', () => {
  it('12th birthday: under-13 the day before and on the day', () => {
    assert.equal(ageBand('2014-06-15', d('2026-06-14T12:00:00Z')), 'under-13');
    assert.equal(ageBand('2014-06-15', d('2026-06-15T12:00:00Z')), 'under-13');
    assert.equal(ageInYears('2014-06-15', d('2026-06-15T12:00:00Z')), 12);
  });

  it('13th birthday: under-13 the day before, 13-15 on the day', () => {
    assert.equal(ageBand('2013-06-15', d('2026-06-14T12:00:00Z')), 'under-13');
    assert.equal(ageBand('2013-06-15', d('2026-06-15T12:00:00Z')), '13-15');
  });

  it('16th birthday: 13-15 the day before, 16-17 on the day', () => {
    assert.equal(ageBand('2010-06-15', d('2026-06-14T12:00:00Z')), '13-15');
    assert.equal(ageBand('2010-06-15', d('2026-06-15T12:00:00Z')), '16-17');
  });

  it('18th birthday: 16-17 the day before, adult on the day', () => {
    assert.equal(ageBand('2008-06-15', d('2026-06-14T12:00:00Z')), '16-17');
    assert.equal(ageBand('2008-06-15', d('2026-06-15T12:00:00Z')), 'adult');
  });

  it('uses the calendar date in England: 00:30 BST on the birthday counts as the birthday', () => {
    // 2026-06-14T23:30Z is 00:30 on 15 June in London
    assert.equal(ageBand('2013-06-15', d('2026-06-14T23:30:00Z')), '13-15');
    assert.equal(ageBand('2013-06-15', d('2026-06-14T22:30:00Z')), 'under-13');
  });

  it('accepts a Date of birth stored as UTC midnight or as London midnight', () => {
    assert.equal(ageBand(d('2013-06-15T00:00:00Z'), d('2026-06-15T12:00:00Z')), '13-15');
    assert.equal(ageBand(d('2013-06-15T00:00:00+01:00'), d('2026-06-15T12:00:00Z')), '13-15');
    assert.equal(ageBand(d('2013-06-15T00:00:00+01:00'), d('2026-06-14T12:00:00Z')), 'under-13');
  });
});

describe('ageBand: leap-day birthdays (29 February) reach the new age on 1 March in a common year', () => {
  it('13th birthday in a common year', () => {
    assert.equal(ageBand('2012-02-29', d('2025-02-28T12:00:00Z')), 'under-13');
    assert.equal(ageBand('2012-02-29', d('2025-03-01T12:00:00Z')), '13-15');
  });

  it('16th birthday falling in a leap year is on 29 February', () => {
    assert.equal(ageBand('2012-02-29', d('2028-02-28T12:00:00Z')), '13-15');
    assert.equal(ageBand('2012-02-29', d('2028-02-29T12:00:00Z')), '16-17');
  });

  it('18th birthday in a common year', () => {
    assert.equal(ageBand('2008-02-29', d('2026-02-28T12:00:00Z')), '16-17');
    assert.equal(ageBand('2008-02-29', d('2026-03-01T12:00:00Z')), 'adult');
  });

  it('12th birthday in a leap year', () => {
    assert.equal(ageInYears('2012-02-29', d('2024-02-29T12:00:00Z')), 12);
    assert.equal(ageInYears('2012-02-29', d('2024-02-28T12:00:00Z')), 11);
  });
});

describe('ageBand: approximate age and invalid input', () => {
  it('an approximate age gives its band', () => {
    const on = d('2026-01-01T00:00:00Z');
    assert.equal(ageBand(12, on), 'under-13');
    assert.equal(ageBand(13, on), '13-15');
    assert.equal(ageBand(15.9, on), '13-15');
    assert.equal(ageBand(16, on), '16-17');
    assert.equal(ageBand(18, on), 'adult');
  });

  it('rejects a birth date after the date given, an impossible date, and a negative age', () => {
    const on = d('2026-01-01T00:00:00Z');
    assert.throws(() => ageBand('2026-01-02', on), RangeError);
    assert.throws(() => ageBand('2013-02-29', on), RangeError);
    assert.throws(() => ageBand('15/06/2013', on), RangeError);
    assert.throws(() => ageBand(-1, on), RangeError);
    assert.throws(() => ageBand(new Date('nonsense'), on), RangeError);
  });
});

describe('ageRule', () => {
  it('bedford-luton 3.10-3.11: under 13, sexual activity indicates significant harm and a strategy discussion is presumed', () => {
    const r = ageRule('under-13');
    assert.equal(r.sexualActivityIsSignificantHarm, true);
    assert.equal(r.strategyDiscussionPresumed, true);
    assert.equal(r.checklistRequired, null);
    assert.ok(r.show.some((s) => s.source === 'bedford-luton 3.10'));
    assert.ok(r.show.some((s) => s.source === 'bedford-luton 3.11' && /strategy discussion/.test(s.text)));
  });

  it('camden Part 3 §4.2: under 13, parents must be told unless clearly inconsistent with welfare', () => {
    assert.ok(ageRule('under-13').show.some((s) => s.source === 'camden Part 3 §4.2'));
  });

  it('bedford-luton 3.12-3.13: 13-15, the 3.13 checklist must be answered', () => {
    const r = ageRule('13-15');
    assert.equal(r.checklistRequired, 'checklist-13-15');
    assert.equal(r.strategyDiscussionPresumed, false);
    assert.ok(r.show.some((s) => s.source === 'bedford-luton 3.13'));
  });

  it('camden Part 1 §4.3: under 16, always treated as a victim', () => {
    assert.equal(ageRule('under-13').alwaysTreatedAsVictim, true);
    assert.equal(ageRule('13-15').alwaysTreatedAsVictim, true);
    assert.equal(ageRule('16-17').alwaysTreatedAsVictim, false);
  });

  it('bedford-luton 7.19: under 16 with continuing risk, a child protection conference is normally convened', () => {
    assert.equal(ageRule('under-13').childProtectionConferenceNormal, true);
    assert.equal(ageRule('13-15').childProtectionConferenceNormal, true);
    assert.equal(ageRule('16-17').childProtectionConferenceNormal, false);
  });

  it('bedford-luton 3.8, 7.19: 16-17 are still children and must be offered a service', () => {
    const r = ageRule('16-17');
    assert.equal(r.isChild, true);
    assert.equal(r.inScope, true);
    assert.equal(r.serviceMustBeOffered, true);
    assert.ok(r.show.some((s) => s.source === 'bedford-luton 3.8'));
    assert.ok(r.show.some((s) => s.source === 'bedford-luton 7.19'));
  });

  it('bedford-luton 1.1: 18 and over is not a child', () => {
    const r = ageRule('adult');
    assert.equal(r.isChild, false);
    assert.equal(r.inScope, false);
    assert.equal(r.careLeaverSupport, false);
  });

  it('bedford-luton 10, cambridgeshire 3: a care leaver aged 18-20 is supported (flag)', () => {
    const r = ageRule('adult', { careLeaverUnder21: true });
    assert.equal(r.isChild, false);
    assert.equal(r.inScope, true);
    assert.equal(r.careLeaverSupport, true);
    assert.ok(r.show.some((s) => s.source === 'bedford-luton 10.1'));
    // the flag does not change a child's band rules
    assert.equal(ageRule('16-17', { careLeaverUnder21: true }).careLeaverSupport, false);
  });

  it('isCareLeaverAge: from the 18th birthday until the day before the 21st', () => {
    assert.equal(isCareLeaverAge('2008-06-15', d('2026-06-14T12:00:00Z')), false);
    assert.equal(isCareLeaverAge('2008-06-15', d('2026-06-15T12:00:00Z')), true);
    assert.equal(isCareLeaverAge('2005-06-15', d('2026-06-14T12:00:00Z')), true);
    assert.equal(isCareLeaverAge('2005-06-15', d('2026-06-15T12:00:00Z')), false);
  });

  it('every rule item cites a source', () => {
    for (const band of ['under-13', '13-15', '16-17', 'adult'] as const) {
      for (const flags of [{}, { careLeaverUnder21: true }]) {
        for (const s of ageRule(band, flags).show) assert.ok(s.text.length > 0 && s.source.length > 0);
      }
    }
  });
});
