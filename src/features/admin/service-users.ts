// Accounts managed by an administrator: created with roles and an initial password, edited under an optimistic
// lock, deactivated (never deleted: sessions ended and API tokens revoked at once), reactivated, reset, unlocked.
// Every write is audited in the transaction that makes it, with identifiers and codes only.
import type { Db } from '../../platform/database/connection.ts';
import { isRole } from '../../domain/access/roles.ts';
import type { Role } from '../../domain/access/roles.ts';
import { checkPassword } from '../../domain/accounts/password-policy.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { hashPassword } from '../accounts/service-password-hashing.ts';
import { isUniqueViolation, refuse } from './service-results.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import type { Refusal } from './service-results.ts';
import {
  agencyActive,
  agencyForPlacement,
  agencyOptions,
  countUsers,
  deleteUserRoles,
  emailTaken,
  endSessionsAndTokens,
  insertUser,
  insertUserRoles,
  rolesOfUsers,
  setUserPasswordHash,
  teamForPlacement,
  teamOptions,
  unlockUserAccount,
  updateUserAtVersion,
  userPage,
  userWithPlacement,
} from './queries.ts';
import type { UserRow } from './queries.ts';

export const USER_PAGE_SIZE = 25;

export const DUPLICATE_EMAIL = 'A user with this e-mail address already exists. E-mail addresses must be unique.';
export const SELF_DEACTIVATION = 'You cannot deactivate your own account. Ask another administrator to do it.';
export const SELF_ADMIN_REMOVAL = 'You cannot remove your own administrator role. Ask another administrator to do it.';
export const SELF_PASSWORD_RESET = 'You cannot reset your own password here. Change it from your account page, which asks for your current password.';

export type UserStatusFilter = 'all' | 'active' | 'deactivated';

export type UserListFilter = { agencyId?: string | undefined; role?: Role | undefined; status: UserStatusFilter; search?: string | undefined };

export type UserRecord = {
  id: string;
  email: string;
  displayName: string;
  jobTitle: string | null;
  agencyId: string;
  agencyName: string;
  teamId: string | null;
  teamName: string | null;
  localAuthorityId: string | null;
  active: boolean;
  deactivatedAt: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
  version: number;
  roles: Role[];
};

export type UserDetails = { displayName: string; email: string; jobTitle: string | null; agencyId: string; teamId: string | null; roles: Role[] };

type Stale = { ok: false; code: 'stale'; field: 'conflict'; message: string; current: UserRecord };

const staleUser = (current: UserRecord): Stale => ({
  ok: false,
  code: 'stale',
  field: 'conflict',
  message: 'Someone else changed this user while you were working on it. Your changes were not saved. Check what it is now, then try again.',
  current,
});

/** Escapes LIKE wildcards so a search for "a_b" finds the text, not a pattern. */
export function createUserAdminService(db: Db, options: { now: () => Date }) {
  const { now } = options;

  async function withRoles(rows: UserRow[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const roleRows = await rolesOfUsers(db, rows.map((r) => r.id));
    const rolesOf = new Map<string, Role[]>();
    for (const { user_id, role } of roleRows) if (isRole(role)) rolesOf.set(user_id, [...(rolesOf.get(user_id) ?? []), role]);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      jobTitle: r.job_title,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      teamId: r.team_id,
      teamName: r.team_name,
      localAuthorityId: r.local_authority_id,
      active: r.active,
      deactivatedAt: r.deactivated_at,
      lockedUntil: r.locked_until,
      createdAt: r.created_at,
      version: r.version,
      roles: (rolesOf.get(r.id) ?? []).sort(),
    }));
  }

  async function getUser(userId: string): Promise<UserRecord | null> {
    if (!isRecordId(userId)) return null;
    const row = await userWithPlacement(db, userId);
    return row ? ((await withRoles([row]))[0] ?? null) : null;
  }


  /**
   * The agency and team must exist and be active, and the team must belong to the agency. On an edit, the
   * person's current agency and team stay allowed even if since deactivated.
   */
  async function checkPlacement(details: Pick<UserDetails, 'agencyId' | 'teamId'>, current: UserRecord | null) {
    const agency = await agencyForPlacement(db, details.agencyId);
    if (!agency || (!agency.active && current?.agencyId !== agency.id)) {
      return refuse('unknown-agency', 'agencyId', 'Choose an active agency from the list');
    }
    if (details.teamId) {
      const team = await teamForPlacement(db, details.teamId);
      if (!team || team.agency_id !== agency.id) return refuse('team-not-in-agency', 'teamId', 'Choose a team that belongs to the chosen agency, or no team');
      if (!team.active && current?.teamId !== team.id) return refuse('team-inactive', 'teamId', 'This team has been deactivated. Choose an active team, or no team');
    }
    return { ok: true as const, localAuthorityId: agency.local_authority_id };
  }


  return {
    getUser,

    async listUsers(filter: UserListFilter, page: number, pageSize = USER_PAGE_SIZE): Promise<{ users: UserRecord[]; total: number; page: number }> {
      const total = await countUsers(db, filter);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const current = Math.min(Math.max(1, page), pages);
      const rows = await userPage(db, filter, pageSize, (current - 1) * pageSize);
      return { users: await withRoles(rows), total, page: current };
    },

    /** Active agencies, plus one to keep (the person's current agency, even if deactivated since). */
    async agencyOptions(keepId: string | null = null) {
      return agencyOptions(db, keepId);
    },

    /** Active teams of active agencies (plus the person's current team), labelled with their agency. */
    async teamOptions(keepId: string | null = null) {
      return teamOptions(db, keepId);
    },

    async createUser(
      details: UserDetails & { password: string },
      audit: AuditContext,
    ): Promise<{ ok: true; id: string } | Refusal<'duplicate-email' | 'unknown-agency' | 'team-not-in-agency' | 'team-inactive' | 'weak-password'>> {
      if (await emailTaken(db, details.email, null)) return refuse('duplicate-email', 'email', DUPLICATE_EMAIL);
      const placement = await checkPlacement(details, null);
      if (!placement.ok) return placement;
      const weak = checkPassword(details.password, { email: details.email, displayName: details.displayName });
      if (weak) return refuse('weak-password', 'password', weak.message);
      const passwordHash = await hashPassword(details.password);
      try {
        const id = await db.transaction().execute(async (trx) => {
          const row = await insertUser(trx, {
            email: details.email,
            display_name: details.displayName,
            job_title: details.jobTitle,
            agency_id: details.agencyId,
            team_id: details.teamId,
            local_authority_id: placement.localAuthorityId,
            password_hash: passwordHash,
          });
          await insertUserRoles(trx, row.id, details.roles);
          await recordAudit(trx, audit, {
            action: 'user.created',
            entityType: 'user',
            entityId: row.id,
            details: { agencyId: details.agencyId, teamId: details.teamId, localAuthorityId: placement.localAuthorityId, roles: [...details.roles].sort() },
          });
          return row.id;
        });
        return { ok: true, id };
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) return refuse('duplicate-email', 'email', DUPLICATE_EMAIL);
        throw error;
      }
    },

    async updateUser(
      userId: string,
      details: UserDetails & { version: number },
      audit: AuditContext,
    ): Promise<
      | { ok: true; changed: string[] }
      | Refusal<'not-found' | 'duplicate-email' | 'unknown-agency' | 'team-not-in-agency' | 'team-inactive' | 'self-admin-removal'>
      | Stale
    > {
      const current = await getUser(userId);
      if (!current) return refuse('not-found', 'displayName', 'This user no longer exists');
      if (current.version !== details.version) return staleUser(current);
      if (audit.actorId === userId && current.roles.includes('administrator') && !details.roles.includes('administrator')) {
        return refuse('self-admin-removal', 'roles', SELF_ADMIN_REMOVAL);
      }
      if (await emailTaken(db, details.email, userId)) return refuse('duplicate-email', 'email', DUPLICATE_EMAIL);
      const placement = await checkPlacement(details, current);
      if (!placement.ok) return placement;

      const roles = [...new Set(details.roles)].sort();
      const rolesAdded = roles.filter((r) => !current.roles.includes(r));
      const rolesRemoved = current.roles.filter((r) => !roles.includes(r));
      const changed = [
        ...(current.displayName !== details.displayName ? ['displayName'] : []),
        ...(current.email !== details.email ? ['email'] : []),
        ...((current.jobTitle ?? null) !== details.jobTitle ? ['jobTitle'] : []),
        ...(current.agencyId !== details.agencyId ? ['agency'] : []),
        ...(current.teamId !== details.teamId ? ['team'] : []),
        ...(rolesAdded.length || rolesRemoved.length ? ['roles'] : []),
      ];
      if (changed.length === 0) return { ok: true, changed };
      try {
        const updated = await db.transaction().execute(async (trx) => {
          const row = await updateUserAtVersion(trx, userId, details.version, {
            display_name: details.displayName,
            email: details.email,
            job_title: details.jobTitle,
            agency_id: details.agencyId,
            team_id: details.teamId,
            local_authority_id: placement.localAuthorityId,
          });
          if (!row) return null;
          // Roles are replaced as a whole, in the same transaction as the row they belong to.
          await deleteUserRoles(trx, userId);
          await insertUserRoles(trx, userId, roles);
          await recordAudit(trx, audit, {
            action: 'user.updated',
            entityType: 'user',
            entityId: userId,
            details: { changed, rolesAdded, rolesRemoved, agencyId: details.agencyId, teamId: details.teamId, version: row.version },
          });
          return row;
        });
        if (!updated) return staleUser((await getUser(userId))!);
        return { ok: true, changed };
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) return refuse('duplicate-email', 'email', DUPLICATE_EMAIL);
        throw error;
      }
    },

    /** Deactivated people are signed out at once: their sessions are deleted and their API tokens revoked. */
    async deactivateUser(userId: string, version: number, audit: AuditContext): Promise<{ ok: true } | Refusal<'not-found' | 'self-deactivation' | 'already-deactivated'> | Stale> {
      const current = await getUser(userId);
      if (!current) return refuse('not-found', 'deactivate', 'This user no longer exists');
      if (audit.actorId === userId) return refuse('self-deactivation', 'deactivate', SELF_DEACTIVATION);
      if (current.version !== version) return staleUser(current);
      if (!current.active) return refuse('already-deactivated', 'deactivate', 'This user is already deactivated');
      const done = await db.transaction().execute(async (trx) => {
        const row = await updateUserAtVersion(trx, userId, version, { active: false, deactivated_at: now() }, true);
        if (!row) return false;
        const ended = await endSessionsAndTokens(trx, userId, true, now());
        await recordAudit(trx, audit, { action: 'user.deactivated', entityType: 'user', entityId: userId, details: { ...ended, version: row.version } });
        return true;
      });
      if (!done) return staleUser((await getUser(userId))!);
      return { ok: true };
    },

    async reactivateUser(userId: string, version: number, audit: AuditContext): Promise<{ ok: true } | Refusal<'not-found' | 'already-active' | 'agency-inactive'> | Stale> {
      const current = await getUser(userId);
      if (!current) return refuse('not-found', 'reactivate', 'This user no longer exists');
      if (current.version !== version) return staleUser(current);
      if (current.active) return refuse('already-active', 'reactivate', 'This user is already active');
      const agency = await agencyActive(db, current.agencyId);
      if (!agency.active) return refuse('agency-inactive', 'reactivate', 'This user’s agency has been deactivated. Move them to an active agency before reactivating them.');
      const done = await db.transaction().execute(async (trx) => {
        const row = await updateUserAtVersion(trx, userId, version, { active: true, deactivated_at: null }, false);
        if (!row) return false;
        await recordAudit(trx, audit, { action: 'user.reactivated', entityType: 'user', entityId: userId, details: { version: row.version } });
        return true;
      });
      if (!done) return staleUser((await getUser(userId))!);
      return { ok: true };
    },

    /** The new password is checked by the policy; the person's sessions end so only the new password opens Harbour. */
    async resetPassword(userId: string, password: string, audit: AuditContext): Promise<{ ok: true } | Refusal<'not-found' | 'self-reset' | 'weak-password'>> {
      const current = await getUser(userId);
      if (!current) return refuse('not-found', 'password', 'This user no longer exists');
      if (audit.actorId === userId) return refuse('self-reset', 'password', SELF_PASSWORD_RESET);
      const weak = checkPassword(password, { email: current.email, displayName: current.displayName });
      if (weak) return refuse('weak-password', 'password', weak.message);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await setUserPasswordHash(trx, userId, passwordHash);
        const ended = await endSessionsAndTokens(trx, userId, false, now());
        await recordAudit(trx, audit, { action: 'user.password-reset', entityType: 'user', entityId: userId, details: { sessionsEnded: ended.sessionsEnded } });
      });
      return { ok: true };
    },

    async unlockUser(userId: string, audit: AuditContext): Promise<{ ok: true; wasLocked: boolean } | Refusal<'not-found'>> {
      const current = await getUser(userId);
      if (!current) return refuse('not-found', 'unlock', 'This user no longer exists');
      const wasLocked = Boolean(current.lockedUntil && current.lockedUntil > now());
      await db.transaction().execute(async (trx) => {
        await unlockUserAccount(trx, userId, now());
        await recordAudit(trx, audit, { action: 'user.unlocked', entityType: 'user', entityId: userId, details: { wasLocked } });
      });
      return { ok: true, wasLocked };
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
