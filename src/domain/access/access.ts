// The access model of DESIGN.md as pure functions: who may open a child's case, which entries inside it
// they may see, and what someone without access is told. Every route that touches a child asks here.
import { AREA_ROLES, NETWORK_MANAGER_ROLES } from './roles.ts';
import type { Role } from './roles.ts';

export type Actor = {
  id: string;
  roles: readonly Role[];
  agencyId: string;
  localAuthorityId: string | null;
  active: boolean;
};

export type CaseAccessFacts = {
  caseLocalAuthorityId: string;
  /** The actor is a current member of the case's professional network. */
  inNetwork: boolean;
  /** The actor is invited to one of the case's meetings. */
  invitedToMeeting: boolean;
  /** The actor opened the case by break-glass and the grant has not expired. */
  breakGlassActive: boolean;
  /** The actor is a named auditor of a board case audit that sampled this case, and the audit's access is in force. */
  auditAccessActive?: boolean;
  /** The actor is the named receiving coordinator of the case's open transfer request (bedford-luton 18-19). */
  receivingCoordinator?: boolean;
  /** The authorities that transferred the case out, by accepted transfers (src/domain/case-transfer). */
  transferredFrom?: readonly string[];
  /** A sharing decision in force names the case summary and this person, by name or by their agency (issue 13). */
  summaryShared?: boolean;
};

/**
 * 'transfer-receiving' and 'former-authority' are narrow: they open only the reads named in TRANSFER_READS, so that
 * every other page and every write asks as before and is refused (the case gate passes the action it authorises).
 */
export type AccessBasis = 'network' | 'meeting-invite' | 'area-role' | 'break-glass' | 'audit-access' | 'transfer-receiving' | 'former-authority' | 'shared-summary';

/**
 * Transfer between authorities (bedford-luton 18-19, issue 15). Until the request is answered both authorities see the
 * case: the sending one as before, the receiving coordinator its transfer package (each item at its sharing level).
 * After acceptance the sending authority's area roles read only what their authority wrote.
 */
export const TRANSFER_READS = {
  'transfer-receiving': 'case.transfer-package',
  'former-authority': 'case.transferred-record',
} as const;

/**
 * A whole case summary shared by an information-sharing decision in force (issue 13; bedford-luton 5.7): its named
 * recipients read the case's summary page only (identity, category, network-level plans' headlines, the network),
 * read-only; ended when the decision stops being in force (consent withdrawn).
 */
export const SHARED_SUMMARY_READ = 'case.shared-summary';

export type CaseAccessDecision =
  | { allowed: true; basis: AccessBasis }
  | { allowed: false; code: 'inactive-user' | 'no-relationship' | 'transferred-out'; canBreakGlass: boolean; message: string };

/** Roles whose work is not casework: they never open a case by their role or by break-glass. */
export const NON_CASEWORK_ROLES: readonly Role[] = ['referrer', 'board-analyst', 'board-manager', 'information-governance-officer', 'administrator'];

export function hasRole(actor: Pick<Actor, 'roles'>, ...roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

export function holdsAreaRoleFor(actor: Actor, localAuthorityId: string): boolean {
  return actor.localAuthorityId === localAuthorityId && hasRole(actor, ...AREA_ROLES);
}

/** Break-glass is for practitioners; someone whose only roles are non-casework roles cannot use it. */
export function mayBreakGlass(actor: Actor): boolean {
  return actor.active && actor.roles.some((role) => !NON_CASEWORK_ROLES.includes(role));
}

/** The actor's authority transferred this case out and they hold one of its area roles there. */
export function isFormerAuthority(actor: Actor, facts: Pick<CaseAccessFacts, 'transferredFrom' | 'caseLocalAuthorityId'>): boolean {
  const la = actor.localAuthorityId;
  return la !== null && la !== facts.caseLocalAuthorityId && (facts.transferredFrom ?? []).includes(la) && hasRole(actor, ...AREA_ROLES);
}

/**
 * `action` is what the caller is about to do (the audit action, e.g. 'case.read'). The narrow transfer bases answer
 * only their own reads (TRANSFER_READS); without an action they never apply.
 */
export function decideCaseAccess(actor: Actor, facts: CaseAccessFacts, action?: string): CaseAccessDecision {
  if (!actor.active) {
    return { allowed: false, code: 'inactive-user', canBreakGlass: false, message: 'Your account is deactivated.' };
  }
  if (seesAggregatesOnly(actor)) {
    return { allowed: false, code: 'no-relationship', canBreakGlass: false, message: 'The board sees figures only, never a child’s case.' };
  }
  if (facts.inNetwork) return { allowed: true, basis: 'network' };
  // The area role before the invitation: an invitation only reads, and a CSE coordinator who chairs a meeting about
  // the child must not lose the right to record on the case by being invited to it.
  if (holdsAreaRoleFor(actor, facts.caseLocalAuthorityId)) return { allowed: true, basis: 'area-role' };
  // A board case audit (staffordshire 55-56): read-only, and only for auditors who do casework.
  if (facts.auditAccessActive && mayBreakGlass(actor)) return { allowed: true, basis: 'audit-access' };
  if (facts.invitedToMeeting) return { allowed: true, basis: 'meeting-invite' };
  if (facts.breakGlassActive && mayBreakGlass(actor)) return { allowed: true, basis: 'break-glass' };
  if (facts.receivingCoordinator && hasRole(actor, 'cse-coordinator') && action === TRANSFER_READS['transfer-receiving']) return { allowed: true, basis: 'transfer-receiving' };
  if (facts.summaryShared && action === SHARED_SUMMARY_READ) return { allowed: true, basis: 'shared-summary' };
  const former = isFormerAuthority(actor, facts);
  if (former && action === TRANSFER_READS['former-authority']) return { allowed: true, basis: 'former-authority' };
  if (former) {
    return {
      allowed: false,
      code: 'transferred-out',
      canBreakGlass: mayBreakGlass(actor),
      message: 'This child’s case has been transferred to another authority. You can read what your authority wrote on the case’s transferred record page.',
    };
  }
  return {
    allowed: false,
    code: 'no-relationship',
    canBreakGlass: mayBreakGlass(actor),
    message:
      'You are not in this child’s professional network. Ask the lead professional or the CSE coordinator to add you, ' +
      'or, in an emergency, open the case by break-glass with a written reason.',
  };
}

export const SHARING_LEVELS = ['network', 'agency', 'named'] as const;
export type SharingLevel = (typeof SHARING_LEVELS)[number];

export const SHARING_LEVEL_LABELS: Record<SharingLevel, string> = {
  network: 'Case network',
  agency: 'Own agency only',
  named: 'Named people only',
};

export type SharedEntry = {
  sharingLevel: SharingLevel;
  agencyId: string | null;
  authorId: string | null;
  sharedWith: readonly string[];
  /** A sharing decision in force names this entry and this viewer (issue 13): the only way an entry widens. */
  sharedByDecision?: boolean;
};

/**
 * Whether someone who already has access to the case may see one entry in it. Entries they may not see are
 * left out entirely: their existence is not revealed either.
 */
export function canSeeEntry(actor: Actor, entry: SharedEntry): boolean {
  if (!actor.active) return false;
  if (entry.authorId === actor.id) return true;
  if (entry.sharedByDecision === true) return true;
  switch (entry.sharingLevel) {
    case 'network':
      return true;
    case 'agency':
      return entry.agencyId !== null && entry.agencyId === actor.agencyId;
    case 'named':
      return entry.sharedWith.includes(actor.id);
  }
}

/**
 * After a transfer, the sending authority reads what it wrote: an entry whose author belonged to the actor's authority,
 * at any sharing level the actor could see before (canSeeEntry), and nothing written by anyone else.
 */
export function canSeeEntryAfterTransfer(actor: Actor, entry: SharedEntry & { authorLocalAuthorityId: string | null }): boolean {
  if (!actor.active || actor.localAuthorityId === null) return false;
  return entry.authorLocalAuthorityId === actor.localAuthorityId && canSeeEntry(actor, entry);
}

/** SQL-free predicate parts used by queries that filter entries in the database (mirrors canSeeEntry). */
export function entryVisibilityScope(actor: Actor): { actorId: string; agencyId: string } {
  return { actorId: actor.id, agencyId: actor.agencyId };
}

export type KnownToServicesAnswer =
  | { known: false; message: string }
  | { known: true; contactTeams: string[]; message: string };

/** Without access, a search says only whether a child is known and which team to contact (DESIGN.md). */
export function knownToServicesAnswer(matches: readonly { teamName: string | null }[]): KnownToServicesAnswer {
  if (matches.length === 0) {
    return { known: false, message: 'No child matching these details is known to services in Harbour.' };
  }
  const teams = [...new Set(matches.map((m) => m.teamName ?? 'the front door'))].sort();
  return {
    known: true,
    contactTeams: teams,
    message: `A child matching these details is known to services. Contact ${teams.join(' or ')}.`,
  };
}

/** A referrer sees their own referrals and their outcomes; the front door of the area sees all of its referrals. */
export function canSeeReferral(actor: Actor, referral: { referrerId: string | null; localAuthorityId: string }): boolean {
  if (!actor.active) return false;
  if (referral.referrerId !== null && referral.referrerId === actor.id) return true;
  return actor.localAuthorityId === referral.localAuthorityId && hasRole(actor, 'front-door', 'team-manager', 'cse-coordinator');
}

/** The lead professional, the CSE coordinator or a manager of the area add and remove network members. */
export function canManageNetwork(actor: Actor, kase: { leadProfessionalId: string | null; localAuthorityId: string }): boolean {
  if (!actor.active) return false;
  if (kase.leadProfessionalId === actor.id) return true;
  return actor.localAuthorityId === kase.localAuthorityId && hasRole(actor, ...NETWORK_MANAGER_ROLES);
}

/** Access for a board case audit reads the sampled case and never changes it. */
export function isReadOnlyBasis(basis: AccessBasis): boolean {
  return basis === 'audit-access' || basis === 'shared-summary';
}

/**
 * Board analysts and board managers see aggregates only (issue 14): never a child's case, whatever network or
 * meeting they were added to. Their counts are suppressed by src/domain/board/suppression.ts.
 */
export const AGGREGATE_ONLY_ROLES: readonly Role[] = ['board-analyst', 'board-manager'];

/** Someone whose every role is an aggregate-only role. */
export function seesAggregatesOnly(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.length > 0 && actor.roles.every((role) => AGGREGATE_ONLY_ROLES.includes(role));
}

export const PERMISSIONS = {
  'admin:manage': ['administrator'],
  'audit:view': ['administrator'],
  'front-door:queue': ['front-door', 'team-manager'],
  'cases:search': ['front-door', 'social-worker', 'team-manager', 'cse-coordinator', 'police-investigator', 'health-professional', 'education-professional', 'voluntary-key-worker', 'independent-reviewing-officer', 'designated-safeguarding-lead'],
  'statistics:view': ['board-analyst', 'board-manager', 'cse-coordinator', 'team-manager', 'administrator'],
  'cse:coordinate': ['cse-coordinator'],
  'case-audits:manage': ['board-analyst', 'board-manager'],
  'information-governance:manage': ['information-governance-officer'],
  /** Recording a charge, conviction or acquittal against a person of concern: the police hold that record. */
  'intelligence:justice-outcomes': ['police-investigator'],
} as const satisfies Record<string, readonly Role[]>;
/** 'signed-in' is any active account: every professional may, for example, raise a concern. */
export type Permission = keyof typeof PERMISSIONS | 'signed-in';

export function can(actor: Actor, permission: Permission): boolean {
  if (!actor.active) return false;
  if (permission === 'signed-in') return true;
  return hasRole(actor, ...(PERMISSIONS[permission] as readonly Role[]));
}
