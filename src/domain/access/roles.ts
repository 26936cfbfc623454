// The agencies and roles of a local safeguarding partnership (DESIGN.md, issue 2 §4).

export const AGENCY_KINDS = [
  'social-care',
  'police',
  'health',
  'education',
  'youth-offending',
  'probation',
  'housing',
  'voluntary',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  'social-care': "Children's social care",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  'youth-offending': 'Youth offending',
  probation: 'Probation',
  housing: 'Housing',
  voluntary: 'Voluntary sector',
};

export const ROLES = [
  'referrer',
  'designated-safeguarding-lead',
  'front-door',
  'social-worker',
  'team-manager',
  'cse-coordinator',
  'police-investigator',
  'health-professional',
  'education-professional',
  'voluntary-key-worker',
  'independent-reviewing-officer',
  'board-analyst',
  'board-manager',
  'information-governance-officer',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  referrer: 'Referrer',
  'designated-safeguarding-lead': 'Designated safeguarding lead',
  'front-door': 'Front door / MASH worker',
  'social-worker': 'Social worker',
  'team-manager': 'Team manager',
  'cse-coordinator': 'CSE coordinator',
  'police-investigator': 'Police investigator',
  'health-professional': 'Health professional',
  'education-professional': 'Education professional',
  'voluntary-key-worker': 'Voluntary-sector key worker',
  'independent-reviewing-officer': 'Independent reviewing officer',
  'board-analyst': 'Board analyst',
  'board-manager': 'Safeguarding partnership board manager',
  'information-governance-officer': 'Information governance officer',
  administrator: 'Administrator',
};

/** Roles that see every case of their local authority (DESIGN.md, access model). */
export const AREA_ROLES: readonly Role[] = ['front-door', 'cse-coordinator', 'team-manager'];

/** Roles that may add and remove members of a case's professional network. */
export const NETWORK_MANAGER_ROLES: readonly Role[] = ['cse-coordinator', 'team-manager'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isAgencyKind(value: string): value is AgencyKind {
  return (AGENCY_KINDS as readonly string[]).includes(value);
}
