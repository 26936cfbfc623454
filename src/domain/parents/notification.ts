// Telling parents (issue 13): at a CSE referral and at each meeting, whether the parents were told of the concerns and
// what is being considered, or not, with the exception and its reasons. Pure: no I/O.
//
// - Parents should usually be told; any exception is recorded with reasons (bedford-luton 7.16; camden Part 3 §3.3).
// - A child under 16 who asks that the parents are not told: careful consideration of whether there are clear reasons
//   (camden Part 3 §4.2).
// - A child under 13: the parents must be told unless that is clearly inconsistent with the child's welfare
//   (camden Part 3 §4.2). Harbour asks the recorder to say so, does not accept the child's wish alone as the ground,
//   and holds the exception until a second person, a team manager or CSE coordinator of the area, agrees.
import { hasRole } from '../access/access.ts';
import type { Actor } from '../access/access.ts';
import type { Role } from '../access/roles.ts';

export const NOTIFICATION_CONTEXTS = ['referral', 'meeting'] as const;
export type NotificationContext = (typeof NOTIFICATION_CONTEXTS)[number];

export const TOLD_HOW = ['in-person', 'telephone', 'letter', 'other'] as const;
export type ToldHow = (typeof TOLD_HOW)[number];
export const TOLD_HOW_LABELS: Record<ToldHow, string> = { 'in-person': 'In person', telephone: 'By telephone', letter: 'By letter', other: 'Another way' };

export const EXCEPTION_GROUNDS = ['parent-may-be-involved', 'would-place-child-at-risk', 'would-prejudice-investigation', 'child-asks-not-to', 'other'] as const;
export type ExceptionGround = (typeof EXCEPTION_GROUNDS)[number];
export const EXCEPTION_GROUND_LABELS: Record<ExceptionGround, string> = {
  'parent-may-be-involved': 'A parent or carer may be involved in the exploitation',
  'would-place-child-at-risk': 'Telling them would place the child at further risk',
  'would-prejudice-investigation': 'Telling them now would prejudice a criminal investigation',
  'child-asks-not-to': 'The child asks that their parents are not told',
  other: 'Another reason',
};

export const NOTIFICATION_STATUSES = ['told', 'in-force', 'awaiting-agreement', 'declined'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  told: 'Parents told',
  'in-force': 'Not told: exception recorded',
  'awaiting-agreement': 'Not told: awaiting a manager’s agreement',
  declined: 'Exception not agreed: parents must be told',
};

/** Who may agree an exception for a child under 13 (camden Part 3 §4.2: "a manager's agreement"). */
export const AGREEING_ROLES: readonly Role[] = ['team-manager', 'cse-coordinator'];

export const MIN_EXCEPTION_REASONS = 20;
export const UNDER_13_SOURCE = 'camden Part 3 §4.2';
export const EXCEPTION_SOURCE = 'bedford-luton 7.16; camden Part 3 §3.3';

/** What the page says for a child under 13, before anything is chosen. */
export const UNDER_13_RULE =
  'This child is under 13: their parents must be told unless that is clearly inconsistent with the child’s welfare. An exception needs a manager’s agreement.';

export type Refusal = { field: string; code: string; message: string; source?: string };

/**
 * Whether the under-13 rule applies: from the date of birth's age, or the approximate age, on the day of the decision.
 * A child whose age is not known is treated as possibly under 13, so the stronger rule applies.
 */
export function under13Rule(age: number | null): boolean {
  return age === null || age < 13;
}

export type NotificationInput =
  | { told: true; toldBy: string | undefined; toldAt: Date | undefined; toldHow: ToldHow | undefined; whatTold: string | undefined }
  | { told: false; ground: ExceptionGround | undefined; reasons: string | undefined; clearlyInconsistent: boolean };

const hasText = (value: string | undefined, min: number) => (value ?? '').trim().length >= min;

export function checkNotification(input: NotificationInput, facts: { under13: boolean; now: Date }): Refusal[] {
  const refusals: Refusal[] = [];
  if (input.told) {
    if (!hasText(input.toldBy, 2)) refusals.push({ field: 'toldBy', code: 'told-by-missing', message: 'Say who told the parents', source: 'bedford-luton 7.16' });
    if (!input.toldAt) refusals.push({ field: 'toldDate', code: 'told-at-missing', message: 'Enter the date the parents were told' });
    else if (input.toldAt.getTime() > facts.now.getTime()) refusals.push({ field: 'toldDate', code: 'told-at-future', message: 'The date the parents were told must be today or in the past' });
    if (!input.toldHow) refusals.push({ field: 'toldHow', code: 'told-how-missing', message: 'Say how the parents were told' });
    return refusals;
  }
  if (!input.ground) refusals.push({ field: 'ground', code: 'ground-missing', message: 'Choose why the parents are not being told', source: EXCEPTION_SOURCE });
  if (!hasText(input.reasons, MIN_EXCEPTION_REASONS)) {
    refusals.push({ field: 'reasons', code: 'reasons-missing', message: `Parents are usually told: record the reasons for the exception, in at least ${MIN_EXCEPTION_REASONS} characters`, source: EXCEPTION_SOURCE });
  }
  if (facts.under13) {
    if (!input.clearlyInconsistent) {
      refusals.push({ field: 'clearlyInconsistent', code: 'under-13-not-clearly-inconsistent', message: 'The child is under 13: parents must be told unless telling them is clearly inconsistent with the child’s welfare. Confirm that it is, or record that they were told', source: UNDER_13_SOURCE });
    }
    if (input.ground === 'child-asks-not-to') {
      refusals.push({ field: 'ground', code: 'under-13-child-wish-alone', message: 'The child is under 13: their wish alone is not a reason not to tell their parents. Choose the welfare reason', source: UNDER_13_SOURCE });
    }
  }
  return refusals;
}

/** The status a new record takes: told; an exception in force; or, under 13, an exception awaiting agreement. */
export function initialStatus(told: boolean, under13: boolean): NotificationStatus {
  if (told) return 'told';
  return under13 ? 'awaiting-agreement' : 'in-force';
}

export type AgreementRefusal = { code: 'not-awaiting' | 'recorder-cannot-agree' | 'not-a-manager'; message: string };

/**
 * A manager's agreement to an under-13 exception (camden Part 3 §4.2): a second person, never the recorder, holding
 * the team manager or CSE coordinator role in the case's local authority; only while the exception awaits agreement.
 */
export function checkAgreement(actor: Actor, record: { status: NotificationStatus; recordedBy: string; caseLocalAuthorityId: string }): AgreementRefusal | null {
  if (record.status !== 'awaiting-agreement') return { code: 'not-awaiting', message: 'This decision is not waiting for a manager’s agreement.' };
  if (actor.id === record.recordedBy) return { code: 'recorder-cannot-agree', message: 'You recorded this exception: a second person, a team manager or CSE coordinator, must agree it.' };
  if (!actor.active || actor.localAuthorityId !== record.caseLocalAuthorityId || !hasRole(actor, ...AGREEING_ROLES)) {
    return { code: 'not-a-manager', message: 'Only a team manager or CSE coordinator of the child’s area agrees an exception for a child under 13.' };
  }
  return null;
}

/** Whether a person sees under-13 exceptions waiting for agreement on their work list. */
export function mayAgreeExceptions(actor: Actor): boolean {
  return actor.active && actor.localAuthorityId !== null && hasRole(actor, ...AGREEING_ROLES);
}

/** The chronology entry's title: it says what was decided, never the reasons, which stay on the Telling parents page. */
export function notificationTitle(status: NotificationStatus, context: NotificationContext): string {
  const at = context === 'referral' ? 'at the CSE referral' : 'at a meeting';
  switch (status) {
    case 'told':
      return `Parents told of the concerns (${at})`;
    case 'in-force':
      return `Parents not told: exception recorded (${at})`;
    case 'awaiting-agreement':
      return `Parents not told: exception awaiting a manager’s agreement (${at})`;
    case 'declined':
      return `Exception not agreed: parents to be told (${at})`;
  }
}

/**
 * A meeting's "the parents will not be told" (camden Part 3 §4.2): for a child under 13 (or whose age is not known)
 * it is an exception that needs a manager's agreement, so it becomes a parent-notification record awaiting agreement
 * for that meeting and is not in force until a second person agrees. Otherwise the meeting's reasons stand and no
 * record is made here (one may be recorded on the Telling parents page). Returns the status to record, or null.
 */
export function meetingExceptionStatus(input: { parentsTold: boolean; childAge: number | null }): NotificationStatus | null {
  if (input.parentsTold) return null;
  return under13Rule(input.childAge) ? 'awaiting-agreement' : null;
}
