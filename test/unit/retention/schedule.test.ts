import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RETENTION_SCHEDULE,
  RECORD_KINDS,
  DEFAULT_SOURCES,
  addYears,
  afterEventDueOn,
  caseRecordDueOn,
  isPastDate,
  mergeSchedule,
  validateSchedule,
} from '../../../src/domain/retention/schedule.ts';

const caseRule = DEFAULT_RETENTION_SCHEDULE['case-record'];

describe('retention schedule defaults (issue 15; PROCEDURES.md step 10; camden Part 4 §1)', () => {
  it('every kind has a rule and a source', () => {
    for (const kind of RECORD_KINDS) {
      assert.ok(DEFAULT_RETENTION_SCHEDULE[kind]);
      assert.ok(DEFAULT_SOURCES[kind].length > 10);
    }
  });
  it("a child's case record is kept to the 25th birthday", () => {
    assert.deepEqual(caseRecordDueOn(caseRule, { dateOfBirth: '2010-05-01', lookedAfter: false, lastClosedOn: '2027-01-10' }), { kind: 'due', on: '2035-05-01' });
  });
  it("a looked-after child's record is kept to the 75th birthday (camden Part 4 §1.3; Care Planning Regs 2010 reg. 50)", () => {
    assert.deepEqual(caseRecordDueOn(caseRule, { dateOfBirth: '2010-05-01', lookedAfter: true, lastClosedOn: '2027-01-10' }), { kind: 'due', on: '2085-05-01' });
  });
  it('a record with an open case is never due', () => {
    assert.deepEqual(caseRecordDueOn(caseRule, { dateOfBirth: '1990-05-01', lookedAfter: false, lastClosedOn: null }), { kind: 'open' });
  });
  it('a record closed after the 25th birthday is due the day after closing, not before', () => {
    assert.deepEqual(caseRecordDueOn(caseRule, { dateOfBirth: '1990-05-01', lookedAfter: false, lastClosedOn: '2020-01-10' }), { kind: 'due', on: '2020-01-11' });
  });
  it('with no date of birth, 25 years after the case closed', () => {
    assert.deepEqual(caseRecordDueOn(caseRule, { dateOfBirth: null, lookedAfter: false, lastClosedOn: '2020-01-10' }), { kind: 'due', on: '2045-01-10' });
  });
  it('a 29 February birthday becomes 28 February in a common year', () => {
    assert.equal(addYears('2008-02-29', 25), '2033-02-28');
    assert.equal(addYears('2008-02-29', 24), '2032-02-29');
  });
  it('intelligence is reviewed 10 years after its last update (APP Information Management, MoPI review)', () => {
    assert.deepEqual(afterEventDueOn(DEFAULT_RETENTION_SCHEDULE.intelligence, '2015-03-02'), { kind: 'due', on: '2025-03-02' });
  });
  it('a contact with no further action is kept 6 years after the decision, shorter than a case record', () => {
    assert.deepEqual(afterEventDueOn(DEFAULT_RETENTION_SCHEDULE['contact-no-further-action'], '2019-07-01'), { kind: 'due', on: '2025-07-01' });
  });
  it('chronology, notes, minutes and plans go with the case; the audit trail is kept', () => {
    for (const kind of ['chronology-entry', 'case-note', 'meeting-minutes', 'plan-and-assessment'] as const) assert.equal(DEFAULT_RETENTION_SCHEDULE[kind].basis, 'with-case');
    assert.equal(DEFAULT_RETENTION_SCHEDULE['audit-metadata'].basis, 'kept');
    assert.equal(afterEventDueOn(DEFAULT_RETENTION_SCHEDULE['audit-metadata'], '2000-01-01').kind, 'not-reviewed');
  });
  it('past its date on the due day itself, not the day before', () => {
    assert.equal(isPastDate({ kind: 'due', on: '2026-12-04' }, '2026-12-04'), true);
    assert.equal(isPastDate({ kind: 'due', on: '2026-12-04' }, '2026-12-03'), false);
    assert.equal(isPastDate({ kind: 'open' }, '2099-01-01'), false);
  });
});

describe('editing the schedule (a Harbour setting)', () => {
  it('the defaults are valid', () => assert.deepEqual(validateSchedule(DEFAULT_RETENTION_SCHEDULE), []));
  it('refuses fractions, out-of-range years and a looked-after period shorter than the general one', () => {
    const edited = { ...DEFAULT_RETENTION_SCHEDULE, 'case-record': { ...caseRule, years: 17, lookedAfterYears: 16.5 }, intelligence: { basis: 'after-event' as const, years: 0 } };
    const fields = validateSchedule(edited).map((p) => `${p.kind}.${p.field}`);
    assert.deepEqual(fields.sort(), ['case-record.lookedAfterYears', 'case-record.years', 'intelligence.years']);
    const shorter = { ...DEFAULT_RETENTION_SCHEDULE, 'case-record': { ...caseRule, years: 30, lookedAfterYears: 25 } };
    assert.deepEqual(validateSchedule(shorter).map((p) => p.field), ['lookedAfterYears']);
  });
  it('a stored schedule overrides only well-formed kinds', () => {
    const merged = mergeSchedule({ intelligence: { basis: 'after-event', years: 6 }, 'case-record': { basis: 'kept' } });
    assert.deepEqual(merged.intelligence, { basis: 'after-event', years: 6 });
    assert.deepEqual(merged['case-record'], caseRule);
  });
});
