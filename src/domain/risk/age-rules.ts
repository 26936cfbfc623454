// Age bands and what Harbour must show or record for each. Pure: no I/O.
//
// Ages are computed on calendar dates in England and Wales (Europe/London). A birthday is reached at the start of
// its anniversary date; a child born on 29 February reaches a new age on 1 March in a common year.

export { traffickingFlag, TRAFFICKING_PROMPT, TRAFFICKING_SOURCE } from './trafficking.ts';
export type { TraffickingFlag } from './trafficking.ts';

export type AgeBand = 'under-13' | '13-15' | '16-17' | 'adult';

export const AGE_BANDS: readonly AgeBand[] = ['under-13', '13-15', '16-17', 'adult'];

/** A date of birth (Date, or 'YYYY-MM-DD'), or an approximate age in whole years as at `on`. */
export type AgeInput = Date | string | number;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const UK_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' });

function calendarDateOf(d: Date): CalendarDate {
  if (Number.isNaN(d.getTime())) throw new RangeError('Invalid date');
  const parts = UK_PARTS.formatToParts(d);
  const get = (type: 'year' | 'month' | 'day'): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function parseIsoDate(s: string): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${s}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`No such date: ${s}`);
  }
  return { year, month, day };
}

/** Completed years of age on `on`. For an approximate age, that age (rounded down). */
export function ageInYears(input: AgeInput, on: Date): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new RangeError(`Invalid approximate age: ${String(input)}`);
    return Math.floor(input);
  }
  const dob = typeof input === 'string' ? parseIsoDate(input) : calendarDateOf(input);
  const today = calendarDateOf(on);
  const beforeBirthday = today.month < dob.month || (today.month === dob.month && today.day < dob.day);
  const years = today.year - dob.year - (beforeBirthday ? 1 : 0);
  if (years < 0) throw new RangeError('Date of birth is after the date given');
  return years;
}

export function bandForAge(years: number): AgeBand {
  if (years < 13) return 'under-13';
  if (years < 16) return '13-15';
  if (years < 18) return '16-17';
  return 'adult';
}

/** The age band on `on`, from a date of birth or an approximate age. */
export function ageBand(input: AgeInput, on: Date): AgeBand {
  return bandForAge(ageInYears(input, on));
}

/** Aged 18, 19 or 20 on `on`: the ages at which a care leaver is still supported (to 21). */
export function isCareLeaverAge(input: AgeInput, on: Date): boolean {
  const years = ageInYears(input, on);
  return years >= 18 && years <= 20;
}

export interface AgeRuleItem {
  readonly text: string;
  readonly source: string;
}

export interface AgeRule {
  readonly band: AgeBand;
  /** Under 18, or a care leaver under 21 who is supported under these procedures. */
  readonly inScope: boolean;
  readonly isChild: boolean;
  /** Under 13: any sexual activity indicates a risk of significant harm (bedford-luton 3.10). */
  readonly sexualActivityIsSignificantHarm: boolean;
  /** Under 13: a referral and strategy discussion are presumed (bedford-luton 3.11). */
  readonly strategyDiscussionPresumed: boolean;
  /** 13-15: the bedford-luton 3.13 checklist must be answered (set 'checklist-13-15'). */
  readonly checklistRequired: 'checklist-13-15' | null;
  /** Under 16 with continuing risk: a child protection conference is normally convened (bedford-luton 7.19). */
  readonly childProtectionConferenceNormal: boolean;
  /** 16-17: a service must be offered even when child protection procedures are not invoked (bedford-luton 7.19). */
  readonly serviceMustBeOffered: boolean;
  /** Under 16: always treated as a victim, never as an offender (camden Part 1 §4.3). */
  readonly alwaysTreatedAsVictim: boolean;
  readonly careLeaverSupport: boolean;
  /** Statements to show or record, each with its source. */
  readonly show: readonly AgeRuleItem[];
}

export interface AgeRuleFlags {
  /** A care leaver aged 18-20 (see isCareLeaverAge). Only affects the 'adult' band. */
  readonly careLeaverUnder21?: boolean;
}

const UNDER_16_VICTIM: AgeRuleItem = {
  text: 'Under 16: always dealt with as an actual or potential victim, never as an offender.',
  source: 'camden Part 1 §4.3',
};

const CP_CONFERENCE_UNDER_16: AgeRuleItem = {
  text: 'If there is continuing and future risk of harm, a child protection conference will normally be convened.',
  source: 'bedford-luton 7.19',
};

export function ageRule(band: AgeBand, flags: AgeRuleFlags = {}): AgeRule {
  switch (band) {
    case 'under-13':
      return {
        band,
        inScope: true,
        isChild: true,
        sexualActivityIsSignificantHarm: true,
        strategyDiscussionPresumed: true,
        checklistRequired: null,
        childProtectionConferenceNormal: true,
        serviceMustBeOffered: true,
        alwaysTreatedAsVictim: true,
        careLeaverSupport: false,
        show: [
          {
            text: 'Under 13: cannot consent to sexual activity. Any sexual offence against the child indicates a risk of significant harm.',
            source: 'bedford-luton 3.10',
          },
          {
            text: 'Discuss with the nominated child protection lead. A referral to children\'s social care and a strategy discussion (social care, police, relevant agencies) are presumed.',
            source: 'bedford-luton 3.11',
          },
          {
            text: 'All relevant information is presumed to be shared; any decision to share or not is recorded and made by someone competent in child protection.',
            source: 'bedford-luton 3.11',
          },
          {
            text: 'Parents must be told unless that is clearly inconsistent with the child\'s welfare; record any exception and why.',
            source: 'camden Part 3 §4.2',
          },
          {
            text: 'Secure accommodation for a child under 13 needs the Secretary of State\'s approval.',
            source: 'cambridgeshire 5',
          },
          CP_CONFERENCE_UNDER_16,
          UNDER_16_VICTIM,
        ],
      };
    case '13-15':
      return {
        band,
        inScope: true,
        isChild: true,
        sexualActivityIsSignificantHarm: false,
        strategyDiscussionPresumed: false,
        checklistRequired: 'checklist-13-15',
        childProtectionConferenceNormal: true,
        serviceMustBeOffered: true,
        alwaysTreatedAsVictim: true,
        careLeaverSupport: false,
        show: [
          {
            text: 'Sexual activity with a child under 16 is an offence. In every case consider discussing with other agencies and referring to children\'s social care; the younger the child, the stronger the presumption of concern.',
            source: 'bedford-luton 3.12',
          },
          {
            text: 'Answer the 3.13 checklist to decide whether a strategy discussion is needed.',
            source: 'bedford-luton 3.13',
          },
          {
            text: 'Where there is reasonable cause to suspect significant harm, a referral and a strategy discussion are presumed. Record decisions not to share information too.',
            source: 'bedford-luton 3.12',
          },
          CP_CONFERENCE_UNDER_16,
          UNDER_16_VICTIM,
        ],
      };
    case '16-17':
      return {
        band,
        inScope: true,
        isChild: true,
        sexualActivityIsSignificantHarm: false,
        strategyDiscussionPresumed: false,
        checklistRequired: null,
        childProtectionConferenceNormal: false,
        serviceMustBeOffered: true,
        alwaysTreatedAsVictim: false,
        careLeaverSupport: false,
        show: [
          {
            text: 'Still a child (Children Act 1989 and 2004): can be sexually exploited and suffer significant harm even above the age of consent. Do not de-prioritise.',
            source: 'bedford-luton 3.8',
          },
          {
            text: 'Whether to convene a child protection conference depends on individual circumstances and continuing risk, but a service must be offered even if child protection procedures are not invoked (e.g. a voluntary sector referral).',
            source: 'bedford-luton 7.19',
          },
          {
            text: 'Criminal justice action against the young person only in very limited circumstances, once every other option has failed.',
            source: 'camden Part 1 §4.3',
          },
        ],
      };
    case 'adult':
      if (flags.careLeaverUnder21 === true) {
        return {
          band,
          inScope: true,
          isChild: false,
          sexualActivityIsSignificantHarm: false,
          strategyDiscussionPresumed: false,
          checklistRequired: null,
          childProtectionConferenceNormal: false,
          serviceMustBeOffered: true,
          alwaysTreatedAsVictim: false,
          careLeaverSupport: true,
          show: [
            {
              text: 'Care leaver under 21: follow the same procedures where there is a risk of sexual exploitation.',
              source: 'bedford-luton 10.1',
            },
            {
              text: 'The pathway plan must identify the vulnerability to sexual exploitation and address homelessness, poverty, lack of education or work, and lack of supportive contacts.',
              source: 'bedford-luton 10.2; camden Part 4 §1.5',
            },
            {
              text: 'Care leavers up to 21 may have increased vulnerability.',
              source: 'cambridgeshire 3',
            },
          ],
        };
      }
      return {
        band,
        inScope: false,
        isChild: false,
        sexualActivityIsSignificantHarm: false,
        strategyDiscussionPresumed: false,
        checklistRequired: null,
        childProtectionConferenceNormal: false,
        serviceMustBeOffered: false,
        alwaysTreatedAsVictim: false,
        careLeaverSupport: false,
        show: [
          {
            text: 'Aged 18 or over: not a child under these procedures (unless a care leaver under 21).',
            source: 'bedford-luton 1.1; camden Part 1 §3.1',
          },
        ],
      };
  }
}
