// What the procedures require of multi-agency meetings (PROCEDURES.md flow step 7 and "Rules that the system must
// enforce or record"), as pure functions. Refusals are values with a field, a stable code, a plain message and the
// paragraph they come from; the pages show them as they are. No I/O: callers pass `now`, ages and profile data.
import { dueAt, londonDateOf } from '../clock/index.ts';
import type { Calendar, Duration } from '../clock/index.ts';
import type { MeetingType, Profile, TimescaleEvent } from '../profiles/index.ts';
import { REVIEW_ENDING_OUTCOMES } from '../profiles/conditions.ts';

export type MeetingRefusal = { field: string; code: string; message: string; source?: string };

export const MIN_REASON_LENGTH = 10;

const hasText = (value: string | null | undefined, min = 1) => typeof value === 'string' && value.trim().length >= min;

// ---- Meeting types and the clocks they answer ------------------------------------------------------------------

export function meetingTypeOf(profile: Pick<Profile, 'meetingTypes'>, typeId: string): MeetingType | undefined {
  return profile.meetingTypes.find((m) => m.id === typeId);
}

/**
 * Clock events a held meeting of each type answers (beyond the review cycle). The event names are Harbour's fixed
 * vocabulary (domain/profiles/enums.ts); which clocks they start or stop is the profile's business.
 * - a CATSE meeting is camden's CSE meeting (Part 3 §3.3);
 * - a strategy meeting is also the CSE meeting where the profile has no separate one (bedford-luton 4.5, 7.11;
 *   staffordshire 29; cambridgeshire 5);
 * - an IRD is ird's strategy discussion and its multi-agency CSE meeting.
 */
export const MEETING_TYPE_EVENTS: Readonly<Record<string, readonly TimescaleEvent[]>> = {
  'catse-meeting': ['cse-meeting-held'],
  'strategy-meeting': ['strategy-meeting-held', 'cse-meeting-held'],
  'strategy-discussion': ['strategy-discussion-held'],
  'inter-agency-referral-discussion': ['strategy-discussion-held', 'cse-meeting-held'],
  'review-meeting': ['review-meeting-held'],
};

/** Every clock event a held meeting can send: its type's events and the review cycle's. */
export const MEETING_CLOCK_EVENTS: readonly TimescaleEvent[] = [...new Set<TimescaleEvent>([...Object.values(MEETING_TYPE_EVENTS).flat(), 'initial-meeting-held', 'review-meeting-held'])];

/** Meeting types that agree a review date and so run the review cycle (bedford-luton 7.14; camden Part 3 §3.3). */
export const REVIEW_CYCLE_TYPES: readonly string[] = ['catse-meeting', 'strategy-meeting', 'inter-agency-referral-discussion', 'review-meeting'];

/**
 * The events to fire, in order, when a meeting is recorded as held. The first review-cycle meeting on a case is the
 * "initial meeting" that starts the review clock; a later one is a review (stopping the running review clock) that
 * agrees the next review date, so the review clock starts again from it.
 */
export function meetingClockEvents(typeId: string, isFirstReviewCycleMeeting: boolean): TimescaleEvent[] {
  const events: TimescaleEvent[] = [...(MEETING_TYPE_EVENTS[typeId] ?? [])];
  if (!REVIEW_CYCLE_TYPES.includes(typeId)) return events;
  if (!isFirstReviewCycleMeeting && !events.includes('review-meeting-held')) events.push('review-meeting-held');
  events.push('initial-meeting-held');
  return events;
}

/** Every event a meeting of this type could answer: used to find the clock a convened meeting answers. */
export function eventsAnsweredBy(typeId: string): TimescaleEvent[] {
  const events = new Set<TimescaleEvent>(MEETING_TYPE_EVENTS[typeId] ?? []);
  if (REVIEW_CYCLE_TYPES.includes(typeId)) events.add('review-meeting-held');
  return [...events];
}

// ---- Outcomes ------------------------------------------------------------------------------------------------------

/** Outcome ids meaning child protection procedures were invoked, beyond the shared REVIEW_ENDING_OUTCOMES. */
const CHILD_PROTECTION_OUTCOMES: readonly string[] = ['section-47-enquiries'];

/** Whether the outcomes end the review cycle: no further action, or child protection procedures invoked. */
export function endsReviewCycle(outcomeIds: readonly string[]): boolean {
  return outcomeIds.some((id) => (REVIEW_ENDING_OUTCOMES as readonly string[]).includes(id) || CHILD_PROTECTION_OUTCOMES.includes(id));
}

/** Outcome ids as the clock conditions read them (bedford-luton's "commence section 47 enquiries" is CP procedures). */
export function outcomesForClockFacts(outcomeIds: readonly string[]): string[] {
  return outcomeIds.flatMap((id) => (CHILD_PROTECTION_OUTCOMES.includes(id) ? [id, 'child-protection-procedures'] : [id]));
}

/**
 * One or more outcomes, each from the profile's list for the meeting type (bedford-luton 7.14; camden Part 3 §3.3).
 * Where the profile has no outcome list for the type, the meeting's decisions are written down instead.
 */
export function checkOutcomes(meetingType: MeetingType, outcomeIds: readonly string[], decisionsSummary: string | undefined): MeetingRefusal[] {
  if (meetingType.outcomes.length === 0) {
    if (outcomeIds.length) return [{ field: 'outcomes', code: 'no-outcome-list', message: `The procedure gives no outcome list for the ${meetingType.label}: write down what the meeting decided instead` }];
    return hasText(decisionsSummary) ? [] : [{ field: 'decisionsSummary', code: 'decisions-missing', message: 'Write down what the meeting decided', source: meetingType.source }];
  }
  if (outcomeIds.length === 0) return [{ field: 'outcomes', code: 'outcome-missing', message: 'Choose at least one outcome of the meeting', source: meetingType.source }];
  const known = new Set(meetingType.outcomes.map((o) => o.id));
  const unknown = outcomeIds.filter((id) => !known.has(id));
  if (unknown.length) return [{ field: 'outcomes', code: 'outcome-not-in-list', message: `Choose outcomes from the ${meetingType.label} list only`, source: meetingType.source }];
  return [];
}

// ---- Review date ---------------------------------------------------------------------------------------------------

/**
 * Unless no further action is agreed or child protection procedures are invoked, a review date is agreed no later than
 * the profile's review timescale after the meeting (three months: bedford-luton 7.14, camden Part 3 §3.3). Profiles
 * without a review timescale (staffordshire, ird, cambridgeshire) leave the date to the meeting.
 */
export function checkReviewDate(input: {
  heldAt: Date;
  reviewDate: string | undefined;
  outcomeIds: readonly string[];
  /** The duration of the profile's review-meeting rule; null when the profile gives none. */
  reviewLimit: Duration | null;
  limitSource?: string | undefined;
  calendar: Calendar;
}): MeetingRefusal[] {
  const heldOn = londonDateOf(input.heldAt);
  if (input.reviewDate !== undefined && input.reviewDate <= heldOn) {
    return [{ field: 'reviewDate', code: 'review-not-after-meeting', message: 'The review date must be after the meeting' }];
  }
  if (endsReviewCycle(input.outcomeIds) || input.reviewLimit === null) return [];
  const latest = londonDateOf(dueAt(input.heldAt, input.reviewLimit, input.calendar));
  const source = input.limitSource;
  if (input.reviewDate === undefined) {
    return [{ field: 'reviewDate', code: 'review-date-missing', message: `Agree a review date no later than ${latest}, unless the meeting agreed no further action or invoked child protection procedures`, ...(source ? { source } : {}) }];
  }
  if (input.reviewDate > latest) {
    return [{ field: 'reviewDate', code: 'review-too-late', message: `The review must be no later than ${latest} (${input.reviewLimit.amount} ${input.reviewLimit.unit} after the meeting), unless the meeting agreed no further action or invoked child protection procedures`, ...(source ? { source } : {}) }];
  }
  return [];
}

// ---- The clock a meeting answers --------------------------------------------------------------------------------

/** A meeting held after the due moment of the clock it answers needs a recorded reason. */
export function checkMeetingTiming(input: { at: Date; clockDueAt: Date | null; lateReason: string | undefined; clockLabel?: string; source?: string | null }): MeetingRefusal[] {
  if (!input.clockDueAt || input.at.getTime() <= input.clockDueAt.getTime()) return [];
  if (hasText(input.lateReason, MIN_REASON_LENGTH)) return [];
  return [{ field: 'lateReason', code: 'late-reason-missing', message: `The meeting date is after the statutory deadline${input.clockLabel ? ` (${input.clockLabel})` : ''}: explain in at least ${MIN_REASON_LENGTH} characters why`, ...(input.source ? { source: input.source } : {}) }];
}

// ---- Police checks before a CATSE meeting ----------------------------------------------------------------------

export const POLICE_CHECK_SUBJECTS = ['child', 'family', 'significant-adults'] as const;
export type PoliceCheckSubject = (typeof POLICE_CHECK_SUBJECTS)[number];
export const POLICE_CHECK_SUBJECT_LABELS: Record<PoliceCheckSubject, string> = {
  child: 'The child or young person',
  family: 'Their family',
  'significant-adults': 'Other significant adults',
};

/** Meeting types that cannot be held until police checks have been requested. */
export const POLICE_CHECKS_BEFORE: readonly { profileId: string; meetingTypeId: string; source: string }[] = [{ profileId: 'camden', meetingTypeId: 'catse-meeting', source: 'camden Part 3 §3.3' }];

export function policeChecksRequired(profileId: string, meetingTypeId: string) {
  return POLICE_CHECKS_BEFORE.find((r) => r.profileId === profileId && r.meetingTypeId === meetingTypeId) ?? null;
}

export function checkPoliceChecksBeforeHolding(input: { profileId: string; meetingTypeId: string; requestedSubjects: readonly string[] | null }): MeetingRefusal[] {
  const rule = policeChecksRequired(input.profileId, input.meetingTypeId);
  if (!rule) return [];
  const missing = POLICE_CHECK_SUBJECTS.filter((s) => !(input.requestedSubjects ?? []).includes(s));
  if (input.requestedSubjects === null || missing.length) {
    const what = missing.map((s) => POLICE_CHECK_SUBJECT_LABELS[s].toLowerCase()).join(', ');
    return [{ field: 'policeChecks', code: 'police-checks-missing', message: `This meeting cannot be held until police checks are recorded as requested on ${what}`, source: rule.source }];
  }
  return [];
}

// ---- Looked-after children ----------------------------------------------------------------------------------------

/** Invitee roles a meeting about a looked-after child must include (camden Part 3 §3.3: Access to Resources). */
export function requiredLookedAfterInvitees(profileId: string, meetingTypeId: string): { role: string; source: string }[] {
  return profileId === 'camden' && meetingTypeId === 'catse-meeting' ? [{ role: 'access-to-resources', source: 'camden Part 3 §3.3' }] : [];
}

export function checkLookedAfterInvitees(input: { profileId: string; meetingTypeId: string; lookedAfter: boolean; inviteeRoles: readonly string[]; roleLabel: (role: string) => string }): MeetingRefusal[] {
  if (!input.lookedAfter) return [];
  return requiredLookedAfterInvitees(input.profileId, input.meetingTypeId)
    .filter((r) => !input.inviteeRoles.includes(r.role))
    .map((r) => ({ field: 'external-0-name', code: 'looked-after-invitee-missing', message: `The child is looked after: invite ${input.roleLabel(r.role)}`, source: r.source }));
}

// ---- Family attendance ----------------------------------------------------------------------------------------------

/**
 * The chair decides whether the child and parents attend, against the profile's criteria (bedford-luton 7.12;
 * camden Part 3 §4.1): every criterion considered, reasons given, attendance only if it will not compromise the
 * child's safety or an investigation, and, when they do not attend, who will tell them the outcome.
 */
export function checkAttendanceDecision(input: {
  criteriaIds: readonly string[];
  considered: readonly string[];
  childAttends: boolean;
  parentsAttend: boolean;
  reasons: string | undefined;
  safetyConfirmed: boolean;
  whoWillInform: string | undefined;
  source: string;
}): MeetingRefusal[] {
  const refusals: MeetingRefusal[] = [];
  const missing = input.criteriaIds.filter((id) => !input.considered.includes(id));
  if (missing.length) refusals.push({ field: 'considered', code: 'criteria-not-considered', message: `Consider every criterion before deciding (${missing.length} not ticked)`, source: input.source });
  if (!hasText(input.reasons, MIN_REASON_LENGTH)) refusals.push({ field: 'reasons', code: 'reasons-missing', message: `Give the chair’s reasons in at least ${MIN_REASON_LENGTH} characters`, source: input.source });
  if ((input.childAttends || input.parentsAttend) && !input.safetyConfirmed) {
    refusals.push({ field: 'safetyConfirmed', code: 'safety-not-confirmed', message: 'Attendance can only be agreed if it will not compromise the child’s safety or any investigation: confirm it', source: input.source });
  }
  if ((!input.childAttends || !input.parentsAttend) && !hasText(input.whoWillInform, 3)) {
    refusals.push({ field: 'whoWillInform', code: 'who-informs-missing', message: 'Say who will tell the child and parents the outcome of the meeting, and how', source: 'camden Part 3 §4.1' });
  }
  return refusals;
}

// ---- What parents are told ------------------------------------------------------------------------------------------

/**
 * Parents are usually told of the concerns and what is being considered, and by whom; any exception is recorded with
 * reasons (bedford-luton 7.16; camden Part 3 §3.3). Under 13 they must be told unless that is clearly inconsistent
 * with the child's welfare (camden Part 3 §4.2).
 */
export function checkParentInformation(input: { parentsTold: boolean; what: string | undefined; byWhom: string | undefined; exceptionReason: string | undefined; childAge: number | null; profileId: string }): MeetingRefusal[] {
  if (input.parentsTold) {
    const refusals: MeetingRefusal[] = [];
    if (!hasText(input.what, 3)) refusals.push({ field: 'parentsToldWhat', code: 'parents-what-missing', message: 'Say what the parents will be told', source: 'bedford-luton 7.16' });
    if (!hasText(input.byWhom, 3)) refusals.push({ field: 'parentsToldBy', code: 'parents-by-whom-missing', message: 'Say who will tell the parents', source: 'bedford-luton 7.16' });
    return refusals;
  }
  if (input.profileId === 'camden' && input.childAge !== null && input.childAge < 13 && !hasText(input.exceptionReason, 20)) {
    return [{ field: 'parentsExceptionReason', code: 'under-13-parents-must-be-told', message: 'The child is under 13: parents must be told unless it is clearly inconsistent with the child’s welfare. Explain why in at least 20 characters', source: 'camden Part 3 §4.2' }];
  }
  if (!hasText(input.exceptionReason, MIN_REASON_LENGTH)) {
    return [{ field: 'parentsExceptionReason', code: 'parents-exception-reason-missing', message: `Parents are usually told: record why not, in at least ${MIN_REASON_LENGTH} characters`, source: 'bedford-luton 7.16' }];
  }
  return [];
}

// ---- Key professional -----------------------------------------------------------------------------------------------

/** Profiles where a meeting about a vulnerable child must nominate a key professional (bedford-luton 7.15). */
export const KEY_PROFESSIONAL_REQUIRED: readonly { profileId: string; source: string }[] = [{ profileId: 'bedford-luton', source: 'bedford-luton 7.15' }];

export function checkKeyProfessional(input: { profileId: string; nominated: boolean; caseHasOne: boolean; outcomeIds: readonly string[] }): MeetingRefusal[] {
  const rule = KEY_PROFESSIONAL_REQUIRED.find((r) => r.profileId === input.profileId);
  if (!rule || input.nominated || input.caseHasOne || input.outcomeIds.includes('no-further-action')) return [];
  return [{ field: 'keyProfessionalId', code: 'key-professional-missing', message: 'Nominate a key professional to befriend and support the child and carry their views', source: rule.source }];
}

// ---- Criminal justice action against the child -----------------------------------------------------------------

/** The outcome id that proposes criminal action against the child, where the profile lists one (camden Part 3 §3.3). */
export const CRIMINAL_ACTION_AGAINST_CHILD = 'criminal-action-against-child';

/** Profiles that never allow criminal justice action against a child under this age (camden Part 1 §4.3). */
export const CRIMINAL_JUSTICE_MIN_AGE: Readonly<Record<string, { age: number; source: string }>> = {
  camden: { age: 16, source: 'camden Part 1 §4.3' },
};

export type CriminalJusticeInput = {
  profileId: string;
  childAge: number | null;
  /** An earlier meeting on the same case was held: this one is re-convened (staffordshire 37). */
  earlierMeetingHeld: boolean;
  diversionFailed: boolean;
  ageAndVulnerability: string | undefined;
  genuinelyVoluntary: boolean;
  childUnderstands: boolean;
};

/**
 * Criminal justice action against the child only as the outcome of a re-convened meeting that agreed every diversionary
 * intervention failed, with the three considerations answered (staffordshire 37; bedford-luton 11.6; camden Part 4 §3),
 * and under camden never under 16 (Part 1 §4.3). Each refusal names the condition that is missing.
 */
export function checkCriminalJusticeAgainstChild(input: CriminalJusticeInput): MeetingRefusal[] {
  const refusals: MeetingRefusal[] = [];
  const minimum = CRIMINAL_JUSTICE_MIN_AGE[input.profileId];
  if (minimum) {
    if (input.childAge === null) refusals.push({ field: 'cjProposed', code: 'cj-age-unknown', message: `Criminal justice action against a child is never considered under ${minimum.age}: the child’s age must be known first`, source: minimum.source });
    else if (input.childAge < minimum.age) refusals.push({ field: 'cjProposed', code: 'cj-under-minimum-age', message: `The child is under ${minimum.age}: they are always dealt with as a victim, never by criminal justice action`, source: minimum.source });
  }
  if (!input.earlierMeetingHeld) refusals.push({ field: 'criminalJustice', code: 'cj-no-earlier-meeting', message: 'Criminal justice action against the child can only be agreed at a re-convened meeting: no earlier meeting about this case has been held', source: 'staffordshire 37' });
  if (!input.diversionFailed) refusals.push({ field: 'cjDiversionFailed', code: 'cj-diversion-not-failed', message: 'The meeting must agree that every diversionary intervention has failed', source: 'staffordshire 37; camden Part 4 §3' });
  if (!hasText(input.ageAndVulnerability, MIN_REASON_LENGTH)) refusals.push({ field: 'cjAgeAndVulnerability', code: 'cj-age-vulnerability-missing', message: 'Record the meeting’s view of the child’s age and vulnerability', source: 'bedford-luton 11.6' });
  if (!input.genuinelyVoluntary) refusals.push({ field: 'cjGenuinelyVoluntary', code: 'cj-not-genuinely-voluntary', message: 'Criminal justice action needs the meeting to be satisfied the activity is genuinely voluntary, with no evidence of coercion', source: 'bedford-luton 11.6; camden Part 4 §3' });
  if (!input.childUnderstands) refusals.push({ field: 'cjChildUnderstands', code: 'cj-child-not-told', message: 'The child must have been told, and understand, that criminal proceedings may take place and what that means for them', source: 'bedford-luton 11.6; camden Part 4 §3' });
  return refusals;
}

// ---- Actions and who may record ---------------------------------------------------------------------------------

/** Every action says what, who (a person or an agency) and by when (camden Part 3 §3.3; bedford-luton 7.14, 7.17). */
export function checkAction(input: { what: string | undefined; ownerUserId: string | undefined; ownerAgencyId: string | undefined; dueDate: string | undefined; notBefore?: string | undefined }): MeetingRefusal[] {
  const refusals: MeetingRefusal[] = [];
  if (!hasText(input.what, 3)) refusals.push({ field: 'what', code: 'action-what-missing', message: 'Say what is to be done' });
  if (!input.ownerUserId && !input.ownerAgencyId) refusals.push({ field: 'ownerUserId', code: 'action-owner-missing', message: 'Choose who is responsible: a person or an agency', source: 'bedford-luton 7.14' });
  if (!input.dueDate) refusals.push({ field: 'dueDate', code: 'action-date-missing', message: 'Enter the date the action is due by', source: 'camden Part 3 §3.3' });
  else if (input.notBefore && input.dueDate < input.notBefore) refusals.push({ field: 'dueDate', code: 'action-date-past', message: 'The due date must be on or after the meeting date' });
  return refusals;
}

/** The record of a meeting is saved by its chair or by someone recorded as attending it. */
export function checkRecorder(input: { actorId: string; chairId: string | null; attendedUserIds: readonly string[] }): MeetingRefusal[] {
  if (input.actorId === input.chairId || input.attendedUserIds.includes(input.actorId)) return [];
  return [{ field: 'attendance', code: 'recorder-not-present', message: 'Only the chair or someone who attended can save the record of this meeting: mark your attendance, or ask the chair' }];
}
