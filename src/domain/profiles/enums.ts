/**
 * Fixed vocabularies that profiles may use. Timescale rules start and stop on domain events; the
 * case workflow emits these events and evaluates the conditions. Adding a name here is a code change
 * (the workflow must know how to emit or evaluate it); profiles cannot invent new ones.
 */

export const TIMESCALE_EVENTS = [
  /** A practitioner first has the concern (the moment a problem, suspicion or concern becomes apparent). */
  'concern-identified',
  /** A referral (any channel) has been made to children's social care by the referrer. */
  'referral-made',
  /** The front door team receives a contact about a child. */
  'contact-received',
  /** The front door has discussed the concern with the referrer and consulted other agencies. */
  'first-response-completed',
  /** Children's social care receives a referral (any channel). */
  'referral-received',
  /** An urgent referral is accepted by telephone. */
  'phone-referral-received',
  /** A telephone referral is confirmed in writing (e.g. on the CAF or the multi-agency referral form). */
  'referral-confirmed-in-writing',
  /** The referrer has been told the outcome of the referral. */
  'referrer-informed-of-outcome',
  'initial-assessment-completed',
  /** Continuing risk of significant harm is identified (e.g. during the initial assessment). */
  'continuing-significant-harm-found',
  'strategy-discussion-held',
  'strategy-meeting-held',
  'core-assessment-started',
  'core-assessment-completed',
  /** A referral reaches the CSE lead / coordinator (e.g. camden's CPO for CATSE). */
  'cse-referral-received',
  /** The CSE lead decides whether the case is dealt with under the CSE procedure. */
  'cse-referral-decided',
  /** The CSE lead places (or re-places) the child in a risk category. */
  'cse-category-decided',
  /** A CSE meeting (e.g. camden's CATSE meeting) is held. */
  'cse-meeting-held',
  /** The first multi-agency meeting about the child under the CSE procedure is held. */
  'initial-meeting-held',
  'review-meeting-held',
  /** The police take the child into police protection (Children Act 1989 s46, up to 72 hours). */
  'police-protection-started',
  /** Police protection ends with its outcome recorded (returned home, EPO applied for, accommodated, other). */
  'police-protection-ended',
  /** A CSE risk category decision re-assesses the category in force (sent on every decision, before the next event). */
  'risk-category-reassessed',
  /** Any CSE risk category decision (first, changed or confirmed), sent on every one, unlike cse-category-decided. */
  'risk-category-recorded',
  /** CSE involvement ends by a recorded decision (PROCEDURES.md step 10): every clock still running on the case stops. */
  'case-closed',
] as const;
export type TimescaleEvent = (typeof TIMESCALE_EVENTS)[number];

export const TIMESCALE_CONDITIONS = [
  /** Applies only when the child's current CSE risk category is 2 or 3. */
  'category-2-or-3',
  /** Applies unless the meeting agreed no further action or child protection procedures were invoked. */
  'unless-nfa-or-cp',
  /** Applies only when the child is not already known to (allocated in) children's social care. */
  'child-not-known-to-social-care',
  /** Applies only when the finding was made at an early stage of the initial assessment. */
  'early-in-initial-assessment',
] as const;
export type TimescaleCondition = (typeof TIMESCALE_CONDITIONS)[number];

export const REFERRAL_CHANNELS = ['phone', 'in-person', 'letter', 'fax', 'online'] as const;
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];
