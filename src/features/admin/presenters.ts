// View models for the administration templates: plain values and labels, never database rows.
import { AGENCY_KINDS, AGENCY_KIND_LABELS, ROLES, ROLE_LABELS, isAgencyKind, isRole } from '../../domain/access/roles.ts';
import type { Role } from '../../domain/access/roles.ts';
import type { AgencyRecord, TeamRecord } from './service.ts';
import type { UserRecord } from './service.ts';
import type { AuditEventView } from './queries.ts';
import { adminPaths, withQuery } from './paths.ts';
import { pagination } from '../../platform/web/pagination.ts';

export type Tag = { text: string; classes: string };

export const statusTag = (active: boolean): Tag => (active ? { text: 'Active', classes: 'govuk-tag--green' } : { text: 'Deactivated', classes: 'govuk-tag--grey' });

export const kindLabel = (kind: string) => (isAgencyKind(kind) ? AGENCY_KIND_LABELS[kind] : kind);

export const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : role);

export function agencyView(agency: AgencyRecord) {
  return {
    id: agency.id,
    name: agency.name,
    kind: agency.kind,
    kindLabel: kindLabel(agency.kind),
    localAuthorityName: agency.localAuthorityName ?? 'None',
    active: agency.active,
    status: statusTag(agency.active),
    version: agency.version,
    teamCount: agency.teamCount,
    activeUserCount: agency.activeUserCount,
    href: adminPaths.agency(agency.id),
    editHref: adminPaths.editAgency(agency.id),
    newTeamHref: adminPaths.newTeam(agency.id),
    usersHref: withQuery(adminPaths.users, { agency: agency.id }),
  };
}

export function teamView(team: TeamRecord) {
  return {
    id: team.id,
    name: team.name,
    active: team.active,
    status: statusTag(team.active),
    version: team.version,
    activeUserCount: team.activeUserCount,
    editHref: adminPaths.editTeam(team.agencyId, team.id),
    deactivateHref: adminPaths.deactivateTeam(team.agencyId, team.id),
    reactivateHref: adminPaths.reactivateTeam(team.agencyId, team.id),
  };
}

export function userView(user: UserRecord, now: Date) {
  const locked = Boolean(user.lockedUntil && user.lockedUntil > now);
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    jobTitle: user.jobTitle ?? '',
    agencyName: user.agencyName,
    teamName: user.teamName ?? 'None',
    roles: user.roles,
    roleLabels: user.roles.map(roleLabel),
    active: user.active,
    status: statusTag(user.active),
    locked,
    lockedUntil: locked ? user.lockedUntil : null,
    deactivatedAt: user.deactivatedAt,
    createdAt: user.createdAt,
    version: user.version,
    href: adminPaths.user(user.id),
    editHref: adminPaths.editUser(user.id),
    deactivateHref: adminPaths.deactivateUser(user.id),
    reactivateHref: adminPaths.reactivateUser(user.id),
    resetPasswordHref: adminPaths.resetPassword(user.id),
    unlockHref: adminPaths.unlockUser(user.id),
    resetSecondFactorHref: adminPaths.resetSecondFactor(user.id),
  };
}

export const agencyKindItems = () => AGENCY_KINDS.map((kind) => ({ value: kind, text: AGENCY_KIND_LABELS[kind] }));

export function roleItems(selected: readonly string[]) {
  return ROLES.map((role: Role) => ({ value: role, text: ROLE_LABELS[role], checked: selected.includes(role) }));
}

export function selectItems<T>(options: readonly T[], value: (o: T) => string, text: (o: T) => string, selected: string | undefined, blank?: string) {
  return [
    ...(blank !== undefined ? [{ value: '', text: blank, selected: !selected }] : []),
    ...options.map((o) => ({ value: value(o), text: text(o), selected: value(o) === selected })),
  ];
}

const OUTCOME_TAGS: Record<string, string> = { success: 'govuk-tag--green', denied: 'govuk-tag--red', failure: 'govuk-tag--orange' };

export function auditEventView(event: AuditEventView) {
  return {
    id: event.id,
    at: event.at,
    actor: event.actorName ?? event.actorLabel,
    actorIsUser: Boolean(event.actorName),
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? '',
    childId: event.childId ?? '',
    outcome: { text: event.outcome, classes: OUTCOME_TAGS[event.outcome] ?? 'govuk-tag--grey' },
    ip: event.ip ?? '',
  };
}

/** GOV.UK pagination that keeps the list's filters in every link. */
export function paginationFor(basePath: string, params: Record<string, string | undefined>, page: number, total: number, pageSize: number) {
  return pagination((p) => withQuery(basePath, { ...params, page: p }), page, total, pageSize);
}

/** "Showing 26 to 50 of 73 users" */
export function showing(page: number, total: number, pageSize: number) {
  if (total === 0) return { from: 0, to: 0, total };
  const from = (page - 1) * pageSize + 1;
  return { from, to: Math.min(total, page * pageSize), total };
}
