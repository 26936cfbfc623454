// Missing episodes and return interviews as pure rules. What is recorded follows bedford-luton Appendix 2
// ("Missing Patterns": appearance on leaving, who with, date and time left, length of absence, emotional and
// physical appearance on return); why it matters follows cambridgeshire 4 (the more often a child goes missing,
// the more vulnerable they are; independent return interviews help establish why). Neither document sets a
// timescale for the return interview, so none is computed here. No I/O: callers pass `now`.
import { addMonthsClamped, londonDateOf, startOfLondonDay } from '../clock/index.ts';

export const MISSING_FROM = ['home', 'care-placement', 'school', 'other'] as const;
export type MissingFrom = (typeof MISSING_FROM)[number];

export const MISSING_FROM_LABELS: Record<MissingFrom, string> = {
  home: 'Home',
  'care-placement': 'Care placement (children’s home or foster carers)',
  school: 'School or college',
  other: 'Somewhere else',
};

/** Short forms for titles, e.g. "Reported missing from home". */
export const MISSING_FROM_SHORT: Record<MissingFrom, string> = {
  home: 'home',
  'care-placement': 'their care placement',
  school: 'school',
  other: 'somewhere else',
};

export const RECORD_SOURCE = 'bedford-luton Appendix 2';
export const GOING_MISSING_SOURCE = 'cambridgeshire 4';

export type MissingRefusal = { field: string; code: string; message: string; source: string };

/** The messages are shared with the forms' schemas so a blank field reads the same wherever it is caught. */
export const MESSAGES = {
  appearanceOnLeaving: 'Describe how they looked when they left: clothes, hair, anything they carried',
  appearanceOnReturn: 'Describe their emotional and physical appearance when they came back',
  heldBy: 'Enter who held the return interview',
  summary: 'Summarise what the child said: why they went missing, where and with whom, and the support they need',
} as const;

const blank = (value: string | null | undefined) => typeof value !== 'string' || value.trim() === '';

export type ReportFacts = { leftAt: Date; appearanceOnLeaving: string; now: Date };

/** A report that the child is missing: when they left (not in the future) and how they looked (bedford-luton Appendix 2). */
export function reportRefusals(r: ReportFacts): MissingRefusal[] {
  const refusals: MissingRefusal[] = [];
  if (r.leftAt.getTime() > r.now.getTime()) {
    refusals.push({ field: 'leftDate', code: 'left-in-future', message: 'The date and time they left must be now or in the past', source: RECORD_SOURCE });
  }
  if (blank(r.appearanceOnLeaving)) refusals.push({ field: 'appearanceOnLeaving', code: 'appearance-on-leaving-required', message: MESSAGES.appearanceOnLeaving, source: RECORD_SOURCE });
  return refusals;
}

export type ReturnFacts = { leftAt: Date; returnedAt: Date; appearanceOnReturn: string; now: Date; interviewAt?: Date | null };

/**
 * The child's return: after they left, not in the future, with their emotional and physical appearance
 * (bedford-luton Appendix 2). A correction may not move the return after a return interview already recorded.
 */
export function returnRefusals(r: ReturnFacts): MissingRefusal[] {
  const refusals: MissingRefusal[] = [];
  if (r.returnedAt.getTime() <= r.leftAt.getTime()) {
    refusals.push({ field: 'returnedDate', code: 'return-before-leaving', message: 'The date and time they came back must be after the date and time they left', source: RECORD_SOURCE });
  } else if (r.returnedAt.getTime() > r.now.getTime()) {
    refusals.push({ field: 'returnedDate', code: 'return-in-future', message: 'The date and time they came back must be now or in the past', source: RECORD_SOURCE });
  } else if (r.interviewAt && r.returnedAt.getTime() > r.interviewAt.getTime()) {
    refusals.push({ field: 'returnedDate', code: 'return-after-interview', message: 'The date and time they came back must be before the return interview already recorded', source: RECORD_SOURCE });
  }
  if (blank(r.appearanceOnReturn)) refusals.push({ field: 'appearanceOnReturn', code: 'appearance-on-return-required', message: MESSAGES.appearanceOnReturn, source: RECORD_SOURCE });
  return refusals;
}

export type InterviewFacts = { returnedAt: Date | null; interviewAt: Date; heldBy: string; summary: string; now: Date };

/** A return interview (cambridgeshire 4): only once the child is back, held after the return, not in the future. */
export function interviewRefusals(r: InterviewFacts): MissingRefusal[] {
  const refusals: MissingRefusal[] = [];
  if (r.returnedAt === null) {
    refusals.push({ field: 'interviewDate', code: 'not-returned', message: 'Record the child’s return before the return interview', source: GOING_MISSING_SOURCE });
  } else if (r.interviewAt.getTime() < r.returnedAt.getTime()) {
    refusals.push({ field: 'interviewDate', code: 'interview-before-return', message: 'The return interview must be on or after the date and time they came back', source: GOING_MISSING_SOURCE });
  } else if (r.interviewAt.getTime() > r.now.getTime()) {
    refusals.push({ field: 'interviewDate', code: 'interview-in-future', message: 'The return interview must be now or in the past: record it once it has been held', source: GOING_MISSING_SOURCE });
  }
  if (blank(r.heldBy)) refusals.push({ field: 'heldBy', code: 'held-by-required', message: MESSAGES.heldBy, source: GOING_MISSING_SOURCE });
  if (blank(r.summary)) refusals.push({ field: 'summary', code: 'summary-required', message: MESSAGES.summary, source: GOING_MISSING_SOURCE });
  return refusals;
}

const unit = (n: number, singular: string) => `${n} ${n === 1 ? singular : `${singular}s`}`;

/**
 * The length of absence (bedford-luton Appendix 2) as elapsed time in words, to the two largest units:
 * "2 days 3 hours", "5 hours 20 minutes", "45 minutes". Days are 24 hours, whatever the clocks did.
 */
export function absenceLength(from: Date, to: Date): string {
  const minutes = Math.floor((to.getTime() - from.getTime()) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return rest > 0 ? `${unit(hours, 'hour')} ${unit(rest, 'minute')}` : unit(hours, 'hour');
  return unit(rest, 'minute');
}

/** The first instant of the 12 months to `now`: the same London date a year earlier (29 February clamps to the 28th). */
export function twelveMonthsBefore(now: Date): Date {
  return startOfLondonDay(addMonthsClamped(londonDateOf(now), -12));
}

/**
 * How often the child went missing in the last 12 months (cambridgeshire 4: the more often, the more vulnerable):
 * episodes that began on or after the same London date a year ago and not after now.
 */
export function episodesInLast12Months(leftAts: readonly Date[], now: Date): number {
  const from = twelveMonthsBefore(now).getTime();
  return leftAts.filter((at) => at.getTime() >= from && at.getTime() <= now.getTime()).length;
}
