// The Child Sex Offender Disclosure Scheme (issue 13; cambridgeshire 9): a member of the public applies to the police
// about a person with unsupervised access to a child; the police decide; a disclosure, if made, is made in person to
// the person best able to protect the child, with a warning, and the recipient signs an undertaking of
// confidentiality. If they will not sign, the police consider whether the disclosure should still take place. Pure.
import { hasRole } from '../access/access.ts';
import type { Actor } from '../access/access.ts';

export const SCHEME_SOURCE = 'cambridgeshire 9';

export const APPLICATION_STATUSES = ['received', 'disclose', 'no-disclosure', 'disclosed', 'not-disclosed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  received: 'Received: awaiting the police decision',
  disclose: 'Decided: disclose',
  'no-disclosure': 'Decided: no disclosure',
  disclosed: 'Disclosure made',
  'not-disclosed': 'Disclosure not made (undertaking not signed)',
};

export const DECISIONS = ['disclose', 'no-disclosure'] as const;
export type Decision = (typeof DECISIONS)[number];

export type Refusal = { field: string; code: string; message: string; source?: string };

/** The scheme is managed by the police (cambridgeshire 9): police officers in a police agency. */
export function isPolice(actor: Actor, agencyKind: string): boolean {
  return actor.active && agencyKind === 'police' && hasRole(actor, 'police-investigator');
}

/**
 * Who sees an application: police officers of the agency that holds it, and the applicant's handling officer.
 * Nobody else learns that it exists.
 */
export function maySeeApplication(actor: Actor, agencyKind: string, app: { policeAgencyId: string; handlingOfficerId: string }): boolean {
  if (!actor.active) return false;
  if (actor.id === app.handlingOfficerId) return true;
  return isPolice(actor, agencyKind) && actor.agencyId === app.policeAgencyId;
}

const hasText = (value: string | undefined, min: number) => (value ?? '').trim().length >= min;

export function checkApplication(input: { entityId: string | undefined; personDescription: string | undefined; receivedAt: Date; now: Date }): Refusal[] {
  const refusals: Refusal[] = [];
  if (!input.entityId && !hasText(input.personDescription, 3)) refusals.push({ field: 'personDescription', code: 'person-missing', message: 'Choose the person of concern from the register or describe them' });
  if (input.receivedAt.getTime() > input.now.getTime()) refusals.push({ field: 'receivedDate', code: 'received-future', message: 'The date the application was received must be today or in the past' });
  return refusals;
}

export function checkDecision(input: { status: ApplicationStatus; reason: string | undefined }): Refusal[] {
  if (input.status !== 'received') return [{ field: 'decision', code: 'already-decided', message: 'The police decision on this application is already recorded' }];
  if (!hasText(input.reason, 10)) return [{ field: 'reason', code: 'reason-missing', message: 'Record the reasons for the decision, in at least 10 characters', source: SCHEME_SOURCE }];
  return [];
}

export type DisclosureInput = {
  inPerson: boolean;
  warningsGiven: boolean;
  undertakingSigned: boolean;
  /** When the undertaking was not signed: whether the police decided the disclosure should still take place. */
  proceedWithoutSignature: boolean | undefined;
  unsignedConsideration: string | undefined;
  recipientName: string | undefined;
  disclosedAt: Date;
  now: Date;
};

/**
 * A disclosure (cambridgeshire 9): only after a decision to disclose; delivered in person, not in writing; with the
 * warning given; the recipient's undertaking signed, or, if they would not sign, the police's consideration of
 * whether it should still take place recorded. Returns the status it leaves the application in.
 */
export function checkDisclosure(status: ApplicationStatus, input: DisclosureInput): { refusals: Refusal[]; status: ApplicationStatus } {
  const refusals: Refusal[] = [];
  if (status !== 'disclose') {
    refusals.push({ field: 'inPerson', code: 'not-decided-to-disclose', message: status === 'received' ? 'Record the police decision to disclose first' : 'This application is not one the police decided to disclose', source: SCHEME_SOURCE });
    return { refusals, status };
  }
  if (!hasText(input.recipientName, 2)) refusals.push({ field: 'recipientName', code: 'recipient-missing', message: 'Enter the name of the person the disclosure was made to' });
  if (!input.inPerson) refusals.push({ field: 'inPerson', code: 'not-in-person', message: 'A disclosure is delivered in person, not in writing', source: SCHEME_SOURCE });
  if (!input.warningsGiven) refusals.push({ field: 'warningsGiven', code: 'warnings-missing', message: 'Confirm the warning was given: the information is only to safeguard children, is confidential, and legal proceedings could follow a breach', source: SCHEME_SOURCE });
  if (input.disclosedAt.getTime() > input.now.getTime()) refusals.push({ field: 'disclosedDate', code: 'disclosed-future', message: 'The date of the disclosure must be today or in the past' });
  if (!input.undertakingSigned) {
    if (input.proceedWithoutSignature === undefined) refusals.push({ field: 'proceedWithoutSignature', code: 'unsigned-not-considered', message: 'The undertaking was not signed: say whether the disclosure still took place', source: SCHEME_SOURCE });
    if (!hasText(input.unsignedConsideration, 10)) refusals.push({ field: 'unsignedConsideration', code: 'unsigned-reason-missing', message: 'Record the police’s consideration of whether to disclose without a signed undertaking', source: SCHEME_SOURCE });
  }
  const next: ApplicationStatus = input.undertakingSigned || input.proceedWithoutSignature ? 'disclosed' : 'not-disclosed';
  return { refusals, status: refusals.length ? status : next };
}
