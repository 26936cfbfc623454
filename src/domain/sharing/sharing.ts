// Information-sharing decisions as pure rules (PROCEDURES.md "Rules that the system must enforce or record";
// bedford-luton 3.11-3.12, 5.6-5.7; camden Part 1 §6): who may consent for a child, what a request without consent
// must answer, who may approve it (a second person, never the requester), and which decisions widen what a user sees.
import type { Role } from '../access/roles.ts';

export const SHARING_BASES = ['consent', 'public-interest', 'child-protection', 'not-shared'] as const;
export type SharingBasis = (typeof SHARING_BASES)[number];
export const SHARING_BASIS_LABELS: Record<SharingBasis, string> = {
  consent: 'With consent',
  'public-interest': 'Without consent: overriding public interest',
  'child-protection': 'Without consent: to protect a child from significant harm',
  'not-shared': 'Decision not to share',
};

/** pending: awaiting a second person's approval; in-force: widens; declined: approval refused; withdrawn: consent withdrawn; not-shared: kept and counted. */
export const SHARING_STATUSES = ['pending', 'in-force', 'declined', 'withdrawn', 'not-shared'] as const;
export type SharingStatus = (typeof SHARING_STATUSES)[number];

export const CONSENT_GIVERS = ['child-16-plus', 'child-with-capacity', 'parental-responsibility'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];
export const CONSENT_GIVER_LABELS: Record<ConsentGiver, string> = {
  'child-16-plus': 'The child (aged 16 or over)',
  'child-with-capacity': 'The child (under 16, judged to have capacity)',
  'parental-responsibility': 'A person with parental responsibility',
};

export const CONSENT_METHODS = ['in-person', 'in-writing', 'by-phone'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = { 'in-person': 'In person', 'in-writing': 'In writing', 'by-phone': 'By phone' };

/** The seven questions of bedford-luton 5.7, as short labels. */
export const PUBLIC_INTEREST_QUESTIONS = [
  { id: 'crime', label: 'Is the disclosure necessary to prevent or detect crime or disorder, protect public safety, or the rights and freedoms of others?' },
  { id: 'protection', label: 'Is the disclosure necessary to protect young or other vulnerable people?' },
  { id: 'risksToOthers', label: 'What risks to others does this individual pose?' },
  { id: 'vulnerability', label: 'How vulnerable are those who may be at risk?' },
  { id: 'impact', label: 'What will the impact of the disclosure be on the offender?' },
  { id: 'proportionate', label: 'Is the disclosure proportionate to the intended aim?' },
  { id: 'alternative', label: 'Is there an equally effective but less intrusive alternative?' },
] as const;
export type PublicInterestQuestion = (typeof PUBLIC_INTEREST_QUESTIONS)[number]['id'];

export type Refusal = { field: string; code: string; message: string };

/** Whether this giver may consent for a child of this age (camden Part 1 §6; PROCEDURES.md). Null age: not known. */
export function consentGiverRefusal(input: { giver: ConsentGiver; childAge: number | null; capacityReasons?: string | null }): Refusal | null {
  const { giver, childAge } = input;
  if (giver === 'child-16-plus') {
    if (childAge === null) return { field: 'consentGiver', code: 'age-unknown', message: 'The child’s age is not known: record consent from a person with parental responsibility, or from the child with the reasons they have capacity' };
    if (childAge < 16) return { field: 'consentGiver', code: 'under-16', message: 'The child is under 16: they consent for themselves only if judged to have capacity, with the reasons' };
    return null;
  }
  if (giver === 'child-with-capacity') {
    if (childAge !== null && childAge >= 16) return { field: 'consentGiver', code: 'is-16-plus', message: 'The child is 16 or over and consents for themselves: choose “The child (aged 16 or over)”' };
    if (!input.capacityReasons?.trim()) return { field: 'capacityReasons', code: 'capacity-reasons', message: 'Enter the reasons the child is judged to have capacity to understand information sharing' };
    return null;
  }
  return null;
}

/** Who may consent, by age: the child at 16+, otherwise the child with capacity or a person with parental responsibility. */
export function consentGiversFor(childAge: number | null): ConsentGiver[] {
  if (childAge !== null && childAge >= 16) return ['child-16-plus', 'parental-responsibility'];
  return ['child-with-capacity', 'parental-responsibility'];
}

/** Which status a new decision starts in: without consent it waits for approval (bedford-luton 3.11, 5.7). */
export function initialStatus(basis: SharingBasis): SharingStatus {
  if (basis === 'consent') return 'in-force';
  if (basis === 'not-shared') return 'not-shared';
  return 'pending';
}

/** Only a decision in force widens what anyone sees; pending, declined, withdrawn and not-shared widen nothing. */
export function widens(status: SharingStatus): boolean {
  return status === 'in-force';
}

/** The seven questions of bedford-luton 5.7 must each be answered before a request without consent is made. */
export function publicInterestRefusals(answers: Partial<Record<PublicInterestQuestion, string | undefined>>): Refusal[] {
  return PUBLIC_INTEREST_QUESTIONS.filter((q) => !answers[q.id]?.trim()).map((q) => ({ field: `answer-${q.id}`, code: 'unanswered', message: `Answer: ${q.label}` }));
}

export const APPROVER_ROLES: readonly Role[] = ['team-manager', 'designated-safeguarding-lead'];

export type ApprovalFacts = {
  approver: { id: string; agencyId: string; roles: readonly Role[]; localAuthorityId: string | null };
  decision: { requestedBy: string; requestedAgencyId: string; caseLocalAuthorityId: string; status: SharingStatus };
};

/**
 * A request without consent is approved by a manager (team manager of the child's area) or the requesting agency's
 * designated safeguarding lead: a second person, never the requester (bedford-luton 3.11 "made by people with
 * suitable competence ... named or designated professionals or senior managers").
 */
export function approvalRefusal({ approver, decision }: ApprovalFacts): Refusal | null {
  if (decision.status !== 'pending') return { field: 'outcome', code: 'not-pending', message: 'This request is no longer waiting for approval' };
  if (approver.id === decision.requestedBy) return { field: 'outcome', code: 'requester', message: 'You made this request: a manager or designated safeguarding lead other than you must approve it' };
  const manager = approver.roles.includes('team-manager') && approver.localAuthorityId === decision.caseLocalAuthorityId;
  const dsl = approver.roles.includes('designated-safeguarding-lead') && approver.agencyId === decision.requestedAgencyId;
  if (!manager && !dsl) return { field: 'outcome', code: 'not-approver', message: 'Only a team manager, or the designated safeguarding lead of the requesting agency, approves sharing without consent' };
  return null;
}

/** Consent is withdrawn only from a decision made with consent that is still in force. */
export function withdrawalRefusal(decision: { basis: SharingBasis; status: SharingStatus }): Refusal | null {
  if (decision.basis !== 'consent') return { field: 'reason', code: 'not-consent', message: 'Only a decision made with consent can have its consent withdrawn' };
  if (decision.status !== 'in-force') return { field: 'reason', code: 'not-in-force', message: 'This consent is no longer in force' };
  return null;
}

export const TOLD_ANSWERS = ['told', 'will-tell', 'not-told'] as const;
export type ToldAnswer = (typeof TOLD_ANSWERS)[number];
export const TOLD_LABELS: Record<ToldAnswer, string> = { told: 'Told', 'will-tell': 'Will be told', 'not-told': 'Not to be told' };

/**
 * When confidentiality is breached the child is told, with the reasons (camden Part 1 §6): who tells them and when,
 * or the reason for not telling. The same for the family where it is appropriate to tell them.
 */
export function tellingRefusals(input: { childTold?: ToldAnswer; tellerName?: string; tellBy?: string; notToldReason?: string; familyTold?: ToldAnswer | 'not-appropriate'; familyNotToldReason?: string }): Refusal[] {
  const out: Refusal[] = [];
  if (!input.childTold) out.push({ field: 'childTold', code: 'child-told', message: 'Say whether the child has been told that information was shared without their consent' });
  if ((input.childTold === 'told' || input.childTold === 'will-tell') && !input.tellerName?.trim()) out.push({ field: 'tellerName', code: 'teller', message: 'Enter who tells (or told) the child' });
  if ((input.childTold === 'told' || input.childTold === 'will-tell') && !input.tellBy) out.push({ field: 'tellBy', code: 'tell-by', message: 'Enter when the child is (or was) told' });
  if (input.childTold === 'not-told' && !input.notToldReason?.trim()) out.push({ field: 'notToldReason', code: 'not-told-reason', message: 'Enter the reason the child is not told' });
  if (input.familyTold === 'not-told' && !input.familyNotToldReason?.trim()) out.push({ field: 'familyNotToldReason', code: 'family-reason', message: 'Enter the reason the family is not told' });
  return out;
}

export const SHARED_ITEM_TYPES = ['chronology-entry', 'risk_observation', 'intelligence-link', 'meeting-information', 'case-summary', 'plan'] as const;
export type SharedItemType = (typeof SHARED_ITEM_TYPES)[number];
export const SHARED_ITEM_LABELS: Record<SharedItemType, string> = {
  'chronology-entry': 'Chronology entry',
  risk_observation: 'Risk observation',
  'intelligence-link': 'Intelligence link',
  'meeting-information': 'Meeting minutes item',
  'case-summary': 'Whole case summary',
  plan: 'Plan',
};
