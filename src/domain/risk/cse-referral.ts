// Who may refer a child to the CSE coordinator, what a coordinator's category decision must say, and the
// defaults Harbour uses where a procedure sets no timescale. Pure: no I/O.
import type { Role } from '../access/roles.ts';
import type { AgeBand } from './age-rules.ts';
import type { RiskCategory } from './catalogue.ts';

// ---------------------------------------------------------------------------------------------------------------
// Who may refer
// ---------------------------------------------------------------------------------------------------------------

/** The profile's `referral.cseReferrers` and `vocabulary.cseLeadRole`, each either real or silent. */
export type CseReferralRules = {
  cseReferrers: { silent: true; note?: string | undefined } | { roles: readonly { id: string; label: string }[]; source: string };
  cseLeadRole: { silent: true; note?: string | undefined } | { label: string; source?: string | undefined };
};

export type CseReferrerFacts = {
  actorId: string;
  roles: readonly Role[];
  /** The kind of the actor's agency ('police', 'probation', ...). */
  agencyKind: string;
  /** The case's lead professional, if one is allocated. */
  leadProfessionalId: string | null;
};

export type CseReferralPermission =
  | { allowed: true; basis: string }
  | { allowed: false; code: 'no-cse-lead' | 'not-a-referrer'; message: string };

/**
 * How each referrer role a profile may name is recognised in Harbour. A role id not listed here never matches,
 * so a profile naming a new role fails closed until someone says how to recognise it.
 */
export const CSE_REFERRER_ROLE_MATCHERS: Readonly<Record<string, (facts: CseReferrerFacts) => boolean>> = {
  // camden Part 3 §3.1: the allocated social worker, i.e. the case's lead professional who is a social worker.
  'allocated-social-worker': (f) => f.leadProfessionalId !== null && f.leadProfessionalId === f.actorId && f.roles.includes('social-worker'),
  // bedford-luton 11.5: a police officer noting the concern.
  'police-officer': (f) => f.roles.includes('police-investigator') || f.agencyKind === 'police',
  // bedford-luton 16.5: the Probation Service.
  'probation-service': (f) => f.agencyKind === 'probation',
};

/**
 * Where the procedure names a CSE lead but not who refers to them (cambridgeshire), Harbour lets the case's lead
 * professional or a social worker refer: the people who hold the assessment.
 */
export const SILENT_REFERRER_DEFAULT = 'The procedure does not say who refers to its CSE lead: Harbour lets the lead professional or a social worker refer.';

function isSilentRule(value: object): value is { silent: true } {
  return (value as { silent?: unknown }).silent === true;
}

export function mayReferToCse(rules: CseReferralRules, facts: CseReferrerFacts): CseReferralPermission {
  if (isSilentRule(rules.cseLeadRole)) {
    return { allowed: false, code: 'no-cse-lead', message: 'The procedure in force has no CSE lead or coordinator to refer to.' };
  }
  const lead = rules.cseLeadRole.label;
  if (isSilentRule(rules.cseReferrers)) {
    if (facts.leadProfessionalId === facts.actorId || facts.roles.includes('social-worker')) return { allowed: true, basis: 'default' };
    return { allowed: false, code: 'not-a-referrer', message: `Only the lead professional or a social worker can refer this child to the ${lead}.` };
  }
  const match = rules.cseReferrers.roles.find((role) => CSE_REFERRER_ROLE_MATCHERS[role.id]?.(facts) === true);
  if (match) return { allowed: true, basis: match.id };
  const who = rules.cseReferrers.roles.map((r) => r.label.charAt(0).toLowerCase() + r.label.slice(1)).join(' or the ');
  return {
    allowed: false,
    code: 'not-a-referrer',
    message: `Only the ${who} can refer this child to the ${lead} (${rules.cseReferrers.source}). Share your concern with them instead.`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The coordinator's decision
// ---------------------------------------------------------------------------------------------------------------

export type DecisionRefusal = { field: string; code: string; message: string };

export type CategoryDecisionInput = {
  category: RiskCategory | undefined;
  suggested: RiskCategory | null;
  rationale: string | undefined;
  differsReason: string | undefined;
};

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/**
 * A category decision needs a category and a rationale; when it departs from the suggestion it also needs the
 * reason for the difference (the suggestion never decides: camden Part 2 §2, Part 3 §3.1).
 */
export function checkCategoryDecision(input: CategoryDecisionInput): DecisionRefusal[] {
  const refusals: DecisionRefusal[] = [];
  if (input.category === undefined) refusals.push({ field: 'category', code: 'category-required', message: 'Choose the risk category' });
  if (blank(input.rationale)) refusals.push({ field: 'rationale', code: 'rationale-required', message: 'Explain why you chose this category' });
  if (input.category !== undefined && differsFromSuggestion(input.category, input.suggested) && blank(input.differsReason)) {
    refusals.push({
      field: 'differsReason',
      code: 'differs-reason-required',
      message: `Say why you chose category ${input.category} when the indicators suggest category ${input.suggested}`,
    });
  }
  return refusals;
}

export function differsFromSuggestion(category: RiskCategory, suggested: RiskCategory | null): boolean {
  return suggested !== null && category !== suggested;
}

export function checkDecline(reasons: string | undefined): DecisionRefusal[] {
  return blank(reasons) ? [{ field: 'declineReasons', code: 'reasons-required', message: 'Explain why the referral is declined: the referrer is told' }] : [];
}

/** What the procedures attach to each category once it is decided. */
export type CategoryFollowUp =
  | { kind: 'diversion-plan'; owner: 'lead-social-worker'; source: string }
  | { kind: 'convene-cse-meeting'; owner: 'coordinator'; source: string };

export function followUpFor(category: RiskCategory): CategoryFollowUp {
  return category === 1
    ? { kind: 'diversion-plan', owner: 'lead-social-worker', source: 'camden Part 3 §3.2' }
    : { kind: 'convene-cse-meeting', owner: 'coordinator', source: 'camden Part 3 §3.3' };
}

/**
 * camden Part 3 §3.2 asks for a diversion plan but sets no timescale; nor does any other procedure. Harbour's
 * documented default is the same 15 working days camden gives for a CATSE meeting (Part 3 §3.3), so a category 1
 * child is not planned for later than a category 2 or 3 child is met about.
 */
export const DIVERSION_PLAN_DEFAULT_WORKING_DAYS = 15;
export const DIVERSION_PLAN_DEFAULT_NOTE =
  'No procedure sets a timescale for the diversion plan; Harbour uses 15 working days, the time camden allows for a CATSE meeting (Part 3 §3.3).';
/** Used for the "convene the meeting" action only when the procedure's CSE-meeting clock has no duration. */
export const CSE_MEETING_DEFAULT_WORKING_DAYS = 15;

// ---------------------------------------------------------------------------------------------------------------
// Age rule recorded with a decision
// ---------------------------------------------------------------------------------------------------------------

export const AGE_RULE_SUMMARY: Readonly<Record<AgeBand, string>> = {
  'under-13': 'Under 13: a strategy discussion is presumed (bedford-luton 3.10-3.11).',
  '13-15': '13-15: the bedford-luton 3.13 checklist decides whether a strategy discussion is needed.',
  '16-17': '16-17: still a child, who must be offered a service (bedford-luton 3.8, 7.19).',
  adult: '18 or over: outside these procedures unless a care leaver under 21.',
};

// ---------------------------------------------------------------------------------------------------------------
// Who may widen an entry
// ---------------------------------------------------------------------------------------------------------------

/** Only someone in the agency that recorded an entry may decide to share it with the whole case network. */
export function mayWidenSharing(actor: { agencyId: string }, entry: { agencyId: string; sharingLevel: string }): boolean {
  return entry.sharingLevel !== 'network' && entry.agencyId === actor.agencyId;
}

/** Police intelligence and health-confidential notes start at own-agency level (DESIGN.md access model). */
export function defaultSharingLevel(agencyKind: string): 'network' | 'agency' {
  return agencyKind === 'police' || agencyKind === 'health' ? 'agency' : 'network';
}
