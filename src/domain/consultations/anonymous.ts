// Anonymous consultation (issue 13; bedford-luton 3.12; ird): a professional asks the front door or the CSE coordinator
// for advice about a child without identifying them, directly or indirectly. Pure: no I/O.
//
// Harbour keeps only facts that do not identify a child: an age band, sex, an area (a ward or district, never an
// address), a school type and the kinds of concern. The question is free text, so it is checked for the things that
// would identify a child (a date, a full postcode, a phone number, an e-mail address) and refused if it has any.
import { hasRole } from '../access/access.ts';
import type { Actor } from '../access/access.ts';
import type { Role } from '../access/roles.ts';

export const ADDRESSED_TO = ['front-door', 'cse-coordinator'] as const;
export type AddressedTo = (typeof ADDRESSED_TO)[number];
export const ADDRESSED_TO_LABELS: Record<AddressedTo, string> = { 'front-door': 'The front door', 'cse-coordinator': 'The CSE coordinator' };
/** The role that answers each kind of consultation. */
export const ANSWERING_ROLE: Record<AddressedTo, Role> = { 'front-door': 'front-door', 'cse-coordinator': 'cse-coordinator' };

export const CONSULTATION_AGE_BANDS = ['under-10', '10-12', '13-15', '16-17', 'not-known'] as const;
export type ConsultationAgeBand = (typeof CONSULTATION_AGE_BANDS)[number];
export const CONSULTATION_AGE_BAND_LABELS: Record<ConsultationAgeBand, string> = { 'under-10': 'Under 10', '10-12': '10 to 12', '13-15': '13 to 15', '16-17': '16 or 17', 'not-known': 'Not known' };

export const CONSULTATION_SEXES = ['female', 'male', 'other', 'not-known'] as const;
export const CONSULTATION_SEX_LABELS: Record<(typeof CONSULTATION_SEXES)[number], string> = { female: 'Female', male: 'Male', other: 'Other', 'not-known': 'Not known' };

export const SCHOOL_TYPES = ['primary', 'secondary', 'special', 'alternative-provision', 'college', 'not-in-education', 'not-known'] as const;
export const SCHOOL_TYPE_LABELS: Record<(typeof SCHOOL_TYPES)[number], string> = {
  primary: 'Primary school', secondary: 'Secondary school', special: 'Special school', 'alternative-provision': 'Alternative provision or pupil referral unit',
  college: 'College', 'not-in-education': 'Not in education', 'not-known': 'Not known',
};

/** The nine domains of the shared risk matrix (camden Part 2 §2; bedford-luton Appendix 1), as short labels. */
export const CONSULTATION_CONCERNS = ['education', 'missing', 'sexualised-risk', 'rewards', 'abusive-adults', 'coercion', 'sexual-health', 'substances', 'emotional-health'] as const;
export const CONSULTATION_CONCERN_LABELS: Record<(typeof CONSULTATION_CONCERNS)[number], string> = {
  education: 'Education', missing: 'Running away or going missing', 'sexualised-risk': 'Sexualised risk taking', rewards: 'Unexplained gifts or money',
  'abusive-adults': 'Contact with abusive adults or risky places', coercion: 'Coercion or control', 'sexual-health': 'Sexual health', substances: 'Drugs or alcohol', 'emotional-health': 'Emotional health',
};

export const ADVICE = ['no-referral', 'discuss-with-dsl', 'refer-to-csc', 'refer-to-police', 'strategy-discussion', 'other'] as const;
export type Advice = (typeof ADVICE)[number];
export const ADVICE_LABELS: Record<Advice, string> = {
  'no-referral': 'No referral needed: keep the child under review',
  'discuss-with-dsl': 'Discuss with your designated safeguarding lead',
  'refer-to-csc': 'Make a referral to children’s social care',
  'refer-to-police': 'Make a referral to the police',
  'strategy-discussion': 'A strategy discussion is needed: refer now',
  other: 'Other advice',
};

/** Fields that would identify the child: an anonymous consultation refuses a request that carries any of them. */
export const IDENTIFYING_FIELDS = ['name', 'givenName', 'familyName', 'knownAs', 'dateOfBirth', 'dob', 'address', 'postcode', 'nhsNumber', 'school', 'childId', 'caseId'] as const;

export const ANONYMITY_SOURCE = 'bedford-luton 3.12; ird';

export type IdentifyingFinding = 'date' | 'postcode' | 'phone' | 'email';
const PATTERNS: Record<IdentifyingFinding, RegExp> = {
  // 14/03/2011, 14-3-11, 2011-03-14, 14 March 2011, March 14th 2011
  date: /\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})\b/i,
  // A full UK postcode (the outward part alone, NW6, is an area and allowed).
  postcode: /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i,
  phone: /(\+44\s?|\b0)\d(?:[\s-]?\d){8,9}\b/,
  email: /[^\s@]+@[^\s@]+\.[^\s@]+/,
};
const FINDING_LABELS: Record<IdentifyingFinding, string> = { date: 'a date (such as a date of birth)', postcode: 'a full postcode', phone: 'a phone number', email: 'an e-mail address' };

/** What in a piece of free text could identify the child. */
export function identifyingDetailsIn(text: string): IdentifyingFinding[] {
  return (Object.keys(PATTERNS) as IdentifyingFinding[]).filter((k) => PATTERNS[k].test(text));
}

export type Refusal = { field: string; code: string; message: string; source?: string };

/** Refusals for free text that could identify the child (bedford-luton 3.12: "as long as it does not identify the child"). */
export function checkAnonymous(fields: Record<string, string | undefined>): Refusal[] {
  const refusals: Refusal[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const found = identifyingDetailsIn(value ?? '');
    if (found.length) {
      refusals.push({ field, code: 'identifying-details', message: `Take out ${found.map((f) => FINDING_LABELS[f]).join(' and ')}: an anonymous consultation must not identify the child`, source: ANONYMITY_SOURCE });
    }
  }
  return refusals;
}

/** Refusals for a request that sends any field that would identify the child (the API refuses rather than drops them). */
export function checkNoIdentifyingFields(body: Record<string, unknown>): Refusal[] {
  return IDENTIFYING_FIELDS.filter((f) => body[f] !== undefined && body[f] !== '').map((field) => ({
    field, code: 'identifying-field', message: 'An anonymous consultation does not record the child’s name, date of birth, address or school', source: ANONYMITY_SOURCE,
  }));
}

/** The front door or the CSE coordinator of the consultation's area answers it (the asker never answers their own). */
export function mayAnswer(actor: Actor, c: { addressedTo: AddressedTo; localAuthorityId: string; askedBy: string }): boolean {
  if (!actor.active || actor.id === c.askedBy || actor.localAuthorityId !== c.localAuthorityId) return false;
  return hasRole(actor, ANSWERING_ROLE[c.addressedTo]) || hasRole(actor, 'cse-coordinator');
}

/** Who may see a consultation: the professional who asked, and the front door and CSE coordinator of its area. */
export function maySeeConsultation(actor: Actor, c: { localAuthorityId: string; askedBy: string }): boolean {
  if (!actor.active) return false;
  if (actor.id === c.askedBy) return true;
  return actor.localAuthorityId === c.localAuthorityId && hasRole(actor, 'front-door', 'cse-coordinator');
}

/** Attaching to a case, once the child is identified: the front door or CSE coordinator, answered first, once only. */
export function checkAttach(actor: Actor, c: { localAuthorityId: string; answered: boolean; attached: boolean; caseLocalAuthorityId: string }): Refusal[] {
  if (c.attached) return [{ field: 'caseReference', code: 'already-attached', message: 'This consultation is already attached to a case' }];
  if (!c.answered) return [{ field: 'caseReference', code: 'not-answered', message: 'Answer the consultation before attaching it to a case' }];
  if (!actor.active || actor.localAuthorityId !== c.localAuthorityId || !hasRole(actor, 'front-door', 'cse-coordinator')) {
    return [{ field: 'caseReference', code: 'not-front-door', message: 'Only the front door or the CSE coordinator of the area attaches a consultation to a case' }];
  }
  if (c.caseLocalAuthorityId !== c.localAuthorityId) return [{ field: 'caseReference', code: 'other-area', message: 'Choose a case of the same area as the consultation' }];
  return [];
}
