// Turning 18 (PROCEDURES.md step 10; cambridgeshire 5: the duties of the Children Act 1989 apply to children under
// 18; cambridgeshire 6 and camden Part 4 §1.5: a care leaver's support continues in their pathway plan, which must
// address their vulnerability to sexual exploitation; support for care leavers runs to 21). The work list prompts the
// review three months before the 18th birthday. Pure: callers pass today's London date.
import { addMonthsClamped } from '../clock/index.ts';

export const PROMPT_MONTHS_BEFORE = 3;
export const CARE_LEAVER_SUPPORT_AGE = 21;
export const EIGHTEEN_SOURCE = 'cambridgeshire 6; camden Part 4 §1.5';

export type EighteenStatus = 'not-yet' | 'review-due' | 'turned-18';

export type EighteenFacts = {
  eighteenthBirthday: string;
  /** The day the work list starts prompting the review (3 months before the 18th birthday). */
  reviewFrom: string;
  status: EighteenStatus;
  /** Care leavers only: the 21st birthday, to which their support continues. */
  supportUntil: string | null;
};

/** The date `years` after a date of birth; 29 February becomes 28 February in a non-leap year. */
export function birthday(dateOfBirth: string, years: number): string {
  return addMonthsClamped(dateOfBirth, years * 12);
}

export function eighteenFacts(dateOfBirth: string, careLeaver: boolean, today: string): EighteenFacts {
  const eighteenthBirthday = birthday(dateOfBirth, 18);
  const reviewFrom = addMonthsClamped(eighteenthBirthday, -PROMPT_MONTHS_BEFORE);
  const status: EighteenStatus = today >= eighteenthBirthday ? 'turned-18' : today >= reviewFrom ? 'review-due' : 'not-yet';
  return { eighteenthBirthday, reviewFrom, status, supportUntil: careLeaver ? birthday(dateOfBirth, CARE_LEAVER_SUPPORT_AGE) : null };
}

/** The work list prompts the review from 3 months before the 18th birthday until it is recorded (or the case closes). */
export function reviewPrompted(dateOfBirth: string | null, today: string, reviewRecorded: boolean): boolean {
  if (!dateOfBirth || reviewRecorded) return false;
  return eighteenFacts(dateOfBirth, false, today).status !== 'not-yet';
}

export type EighteenReviewInput = { careLeaver: boolean; pathwayPlan: string | undefined; outcome: string | undefined };
export type EighteenRefusal = { field: string; code: string; message: string; source: string };

export const EIGHTEEN_OUTCOMES = {
  'continue-to-18': 'CSE work continues until the 18th birthday, then the case closes',
  'care-leaver-support': 'Support continues as a care leaver (to 21) under the pathway plan',
  'adult-services': 'Handed on to adult services',
} as const;
export type EighteenOutcome = keyof typeof EIGHTEEN_OUTCOMES;

/** The review: a care leaver's continuing support is recorded in their pathway plan (camden Part 4 §1.5). */
export function eighteenReviewRefusals(input: EighteenReviewInput): EighteenRefusal[] {
  const refusals: EighteenRefusal[] = [];
  const outcome = input.outcome as EighteenOutcome | undefined;
  if (!outcome || !(outcome in EIGHTEEN_OUTCOMES)) refusals.push({ field: 'outcome', code: 'outcome-missing', message: 'Choose what happens at 18', source: EIGHTEEN_SOURCE });
  if (outcome === 'care-leaver-support' && !input.careLeaver) {
    refusals.push({ field: 'outcome', code: 'not-a-care-leaver', message: 'The child is not recorded as looked after or a care leaver: choose another outcome', source: EIGHTEEN_SOURCE });
  }
  if (input.careLeaver && (input.pathwayPlan ?? '').trim().length < 10) {
    refusals.push({ field: 'pathwayPlan', code: 'pathway-plan-missing', message: 'Record how the pathway plan addresses their vulnerability to sexual exploitation and the support to 21', source: EIGHTEEN_SOURCE });
  }
  return refusals;
}
