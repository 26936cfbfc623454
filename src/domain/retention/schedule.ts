// The retention schedule (issue 15; PROCEDURES.md step 10; camden Part 1 §6 and Part 4 §1): how long each kind of
// record is kept, as data. These are DEFAULTS drawn from current UK guidance (docs/decisions/NEXT-retention-and-
// subject-access.md gives the sources); a partnership's information governance confirms or changes them, and the
// administrator edits them as a Harbour setting. Pure: no I/O.
import { addDays, addMonthsClamped } from '../clock/index.ts';

export const RECORD_KINDS = [
  'case-record',
  'chronology-entry',
  'case-note',
  'meeting-minutes',
  'plan-and-assessment',
  'intelligence',
  'contact-no-further-action',
  'audit-metadata',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Kinds the monthly review lists on their own; the others go with the case record or are never deleted. */
export const REVIEWED_KINDS = ['case-record', 'intelligence', 'contact-no-further-action'] as const satisfies readonly RecordKind[];
export type ReviewedKind = (typeof REVIEWED_KINDS)[number];

/**
 * How a kind's date is worked out:
 * - `age`: until the child's Nth birthday (looked-after children: their Mth birthday); with no date of birth known,
 *   N years after the case closed (so a record never waits for ever for a date that will never come).
 * - `after-event`: N years after the record's last event (the contact's decision; the intelligence's last update).
 * - `with-case`: kept and deleted with the child's case record.
 * - `kept`: never deleted by the review (the audit trail holds identifiers and codes, and its chain must verify).
 */
export type RetentionRule =
  | { basis: 'age'; years: number; lookedAfterYears: number; noDateOfBirthYearsAfterClosure: number }
  | { basis: 'after-event'; years: number }
  | { basis: 'with-case' }
  | { basis: 'kept' };

export type RetentionSchedule = Record<RecordKind, RetentionRule>;

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  'case-record': "The child's case record (identity, cases, network, related people)",
  'chronology-entry': 'Chronology entries',
  'case-note': 'Case notes',
  'meeting-minutes': 'Meeting minutes, outcomes and actions',
  'plan-and-assessment': 'Plans, assessments, missing episodes, risk decisions',
  intelligence: 'Police intelligence: persons of concern, vehicles, places, phones and their links',
  'contact-no-further-action': 'Contacts that never became a case (no further action)',
  'audit-metadata': 'Audit trail (who read or changed what, identifiers only)',
};

/** Where each default comes from, in short (the ADR has the full references). */
export const DEFAULT_SOURCES: Record<RecordKind, string> = {
  'case-record':
    "IRMS Retention Guidelines for Local Authorities (children's social care): until the 25th birthday; looked-after children: the Care Planning, Placement and Case Review (England) Regulations 2010 reg. 50, until the 75th birthday",
  'chronology-entry': 'Part of the case record: kept and deleted with it',
  'case-note': 'Part of the case record: kept and deleted with it',
  'meeting-minutes': 'Part of the case record (Working Together: records of strategy and conference decisions): kept with it',
  'plan-and-assessment': 'Part of the case record: kept with it',
  intelligence:
    'College of Policing APP Information Management (Management of Police Information, MoPI): child sexual exploitation is a public-protection matter, reviewed at least every 10 years; review, never automatic deletion',
  'contact-no-further-action': 'Local practice under the IRMS guidelines and the Limitation Act 1980: 6 years after the decision',
  'audit-metadata': 'Kept for the life of the system: it holds identifiers and codes only, and the hash chain must verify (ADR)',
};

export const DEFAULT_RETENTION_SCHEDULE: RetentionSchedule = {
  'case-record': { basis: 'age', years: 25, lookedAfterYears: 75, noDateOfBirthYearsAfterClosure: 25 },
  'chronology-entry': { basis: 'with-case' },
  'case-note': { basis: 'with-case' },
  'meeting-minutes': { basis: 'with-case' },
  'plan-and-assessment': { basis: 'with-case' },
  intelligence: { basis: 'after-event', years: 10 },
  'contact-no-further-action': { basis: 'after-event', years: 6 },
  'audit-metadata': { basis: 'kept' },
};

/** The same month and day N years on; 29 February becomes 28 February in a year that has none. */
export function addYears(isoDate: string, years: number): string {
  return addMonthsClamped(isoDate, years * 12);
}

export type CaseRecordFacts = {
  dateOfBirth: string | null;
  lookedAfter: boolean;
  /** Every case of the child is closed; the London date the last one closed. Null while any is open. */
  lastClosedOn: string | null;
};

export type RetentionDate = { kind: 'due'; on: string } | { kind: 'open' } | { kind: 'not-reviewed'; why: string };

/** The date a child's case record may be deleted (a record with an open case is never due). */
export function caseRecordDueOn(rule: RetentionRule, facts: CaseRecordFacts): RetentionDate {
  if (rule.basis !== 'age') return { kind: 'not-reviewed', why: 'The case record is not reviewed by age in this schedule.' };
  if (facts.lastClosedOn === null) return { kind: 'open' };
  if (facts.dateOfBirth === null) return { kind: 'due', on: addYears(facts.lastClosedOn, rule.noDateOfBirthYearsAfterClosure) };
  const byAge = addYears(facts.dateOfBirth, facts.lookedAfter ? rule.lookedAfterYears : rule.years);
  // Never before the case has closed: a record closed after the birthday is due the day after it closed.
  return { kind: 'due', on: byAge > facts.lastClosedOn ? byAge : addDays(facts.lastClosedOn, 1) };
}

/** The date a record kept for N years after its last event may be deleted or must be reviewed. */
export function afterEventDueOn(rule: RetentionRule, lastEventOn: string): RetentionDate {
  if (rule.basis !== 'after-event') return { kind: 'not-reviewed', why: 'This kind is not reviewed by time since its last event.' };
  return { kind: 'due', on: addYears(lastEventOn, rule.years) };
}

export function isPastDate(date: RetentionDate, today: string): boolean {
  return date.kind === 'due' && date.on <= today;
}

export type ScheduleProblem = { kind: RecordKind; field: string; message: string };

/** Checks an edited schedule: whole years within sensible bounds; the shape per kind cannot change. */
export function validateSchedule(schedule: RetentionSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const years = (kind: RecordKind, field: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min || value > 120) problems.push({ kind, field, message: `Enter a whole number of years from ${min} to 120` });
  };
  for (const kind of RECORD_KINDS) {
    const rule = schedule[kind];
    if (rule.basis !== DEFAULT_RETENTION_SCHEDULE[kind].basis) problems.push({ kind, field: 'basis', message: 'The basis of this kind cannot change' });
    if (rule.basis === 'age') {
      years(kind, 'years', rule.years, 18);
      years(kind, 'lookedAfterYears', rule.lookedAfterYears, 18);
      years(kind, 'noDateOfBirthYearsAfterClosure', rule.noDateOfBirthYearsAfterClosure, 1);
      if (Number.isInteger(rule.years) && Number.isInteger(rule.lookedAfterYears) && rule.lookedAfterYears < rule.years) {
        problems.push({ kind, field: 'lookedAfterYears', message: 'A looked-after child’s record must be kept at least as long as any other child’s' });
      }
    }
    if (rule.basis === 'after-event') years(kind, 'years', rule.years, 1);
  }
  return problems;
}

/** A stored schedule over the defaults: a kind missing from storage keeps its default. */
export function mergeSchedule(stored: Partial<Record<string, unknown>> | null | undefined): RetentionSchedule {
  const out = { ...DEFAULT_RETENTION_SCHEDULE };
  if (!stored) return out;
  for (const kind of RECORD_KINDS) {
    const value = stored[kind] as RetentionRule | undefined;
    if (value && typeof value === 'object' && value.basis === DEFAULT_RETENTION_SCHEDULE[kind].basis) out[kind] = value;
  }
  return out;
}
