// Who to invite: the profile lists invitees by role for each meeting type (bedford-luton 7.13; camden Part 3 §3.3;
// staffordshire 30; cambridgeshire 5); Harbour suggests, from the case network, the person who fits each role.
import type { MeetingType } from '../profiles/index.ts';
import type { Role } from '../access/roles.ts';

/** For each Harbour role, the profile invitee roles it can fill, best first. */
export const ROLE_TO_INVITEE_ROLES: Readonly<Partial<Record<Role, readonly string[]>>> = {
  'social-worker': ['allocated-social-worker', 'social-worker', 'assessment-social-worker', 'childrens-social-care', 'provider-social-work-staff'],
  'police-investigator': ['police-sapphire', 'police-cait', 'police-missing-persons', 'police-clubs-and-vice', 'caiu-officer', 'police-child-protection-unit', 'divisional-detective-inspector', 'police'],
  'health-professional': ['health-professional', 'health-representative', 'health-officer', 'child-protection-health-specialist', 'designated-professionals', 'medical-consultant'],
  'education-professional': ['designated-teacher', 'education-representative', 'education-officer', 'education-welfare-officer', 'designated-professionals'],
  'designated-safeguarding-lead': ['designated-teacher', 'education-representative', 'education-officer', 'designated-professionals'],
  'voluntary-key-worker': ['barnardos-ywp-worker', 'outreach-agency', 'specialist-projects'],
  'independent-reviewing-officer': [],
  'team-manager': ['childrens-social-care'],
  'cse-coordinator': ['childrens-social-care'],
  'front-door': ['childrens-social-care'],
};

/** Catch-all roles some profiles list ("any other relevant person"). */
const CATCH_ALL = ['other-relevant-person', 'other-staff', 'other-relevant-agencies', 'referring-agency'];

/** Used when the profile lists no invitees for the meeting type (it is silent on membership). */
export const UNLISTED_INVITEE = { role: 'invited-professional', label: 'Invited professional' } as const;

export type Candidate = { userId: string; roles: readonly Role[]; isLeadProfessional: boolean; isReferrer?: boolean };
export type SuggestedInvitee = { userId: string; invitedRole: string; label: string };

export function inviteeRoleLabel(meetingType: MeetingType, role: string): string {
  return meetingType.invitees.find((i) => i.role === role)?.label ?? (role === UNLISTED_INVITEE.role ? UNLISTED_INVITEE.label : role);
}

/** The invitee role a person fills at a meeting of this type, from the profile's list. */
export function inviteeRoleFor(meetingType: MeetingType, candidate: Candidate): string {
  const listed = new Set(meetingType.invitees.map((i) => i.role));
  if (listed.size === 0) return UNLISTED_INVITEE.role;
  const preferences = [
    ...(candidate.isReferrer ? ['referrer'] : []),
    ...(candidate.isLeadProfessional ? ['lead-professional', 'allocated-social-worker'] : []),
    ...candidate.roles.flatMap((role) => ROLE_TO_INVITEE_ROLES[role] ?? []),
    ...CATCH_ALL,
  ];
  return preferences.find((role) => listed.has(role)) ?? UNLISTED_INVITEE.role;
}

export function suggestInvitees(meetingType: MeetingType, candidates: readonly Candidate[]): SuggestedInvitee[] {
  return candidates.map((c) => {
    const invitedRole = inviteeRoleFor(meetingType, c);
    return { userId: c.userId, invitedRole, label: inviteeRoleLabel(meetingType, invitedRole) };
  });
}

/** The profile's invitee roles that no suggested or chosen invitee fills: shown so the convener can see the gaps. */
export function unfilledInviteeRoles(meetingType: MeetingType, filled: readonly string[]) {
  return meetingType.invitees.filter((i) => !filled.includes(i.role));
}
