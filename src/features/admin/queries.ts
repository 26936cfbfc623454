// The administration pages' SQL: the audit trail for the administrators' viewer (newest first, filtered, one page at
// a time), the user accounts as the user pages list and check them, and the agencies and teams they belong to.
import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/database/connection.ts';
import type { UsersTable } from '../../platform/database/schema.ts';
import type { AgencyKind, Role } from '../../domain/access/roles.ts';
import { addDays, startOfLondonDay } from '../../domain/clock/index.ts';

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = {
  action?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  actor?: string | undefined;
  entityType?: string | undefined;
  childId?: string | undefined;
  /** London calendar dates, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
};

export type AuditEventView = {
  id: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  childId: string | null;
  outcome: string;
  ip: string | null;
};

export async function listAuditEvents(db: Db, filter: AuditFilter, page: number, pageSize = AUDIT_PAGE_SIZE) {
  let query = db.selectFrom('audit_events').leftJoin('users', 'users.id', 'audit_events.actor_id');
  if (filter.action) query = query.where('audit_events.action', '=', filter.action);
  if (filter.outcome) query = query.where('audit_events.outcome', '=', filter.outcome);
  if (filter.actor) query = query.where('audit_events.actor_id', '=', filter.actor);
  if (filter.entityType) query = query.where('audit_events.entity_type', '=', filter.entityType);
  if (filter.childId) query = query.where('audit_events.child_id', '=', filter.childId);
  if (filter.from) query = query.where('audit_events.at', '>=', startOfLondonDay(filter.from));
  if (filter.to) query = query.where('audit_events.at', '<', startOfLondonDay(addDays(filter.to, 1)));

  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await query
    .select([
      'audit_events.id',
      'audit_events.at',
      'audit_events.actor_id',
      'audit_events.actor_label',
      'users.display_name as actor_name',
      'audit_events.action',
      'audit_events.entity_type',
      'audit_events.entity_id',
      'audit_events.child_id',
      'audit_events.outcome',
      'audit_events.ip',
    ])
    .orderBy('audit_events.id', 'desc')
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .execute();
  const events: AuditEventView[] = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    childId: r.child_id,
    outcome: r.outcome,
    ip: r.ip,
  }));
  return { events, total, page: current };
}

/** Everyone who could appear as an actor, for the filter's select. */
export function actorOptions(db: Db) {
  return db.selectFrom('users').select(['id', 'display_name', 'email']).orderBy('display_name').orderBy('id').execute();
}

/** The user accounts with their agency and team, as every user page shows them (roles come from rolesOfUsers). */
export function usersWithPlacement(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.job_title',
      'users.agency_id',
      'agencies.name as agency_name',
      'users.team_id',
      'teams.name as team_name',
      'users.local_authority_id',
      'users.active',
      'users.deactivated_at',
      'users.locked_until',
      'users.created_at',
      'users.version',
    ]);
}

export type UserRow = Awaited<ReturnType<ReturnType<typeof usersWithPlacement>['executeTakeFirstOrThrow']>>;

export const userWithPlacement = (db: Db, userId: string) => usersWithPlacement(db).where('users.id', '=', userId).executeTakeFirst();

/** Each user's roles, as rows. */
export function rolesOfUsers(db: Db, userIds: readonly string[]) {
  return db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('user_id', 'in', userIds)
    .execute();
}

export async function emailTaken(db: Db, email: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where(sql<boolean>`lower(email) = lower(${email})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

export function agencyForPlacement(db: Db, agencyId: string) {
  return db.selectFrom('agencies').select(['id', 'active', 'local_authority_id']).where('id', '=', agencyId).executeTakeFirst();
}

export function teamForPlacement(db: Db, teamId: string) {
  return db.selectFrom('teams').select(['id', 'agency_id', 'active']).where('id', '=', teamId).executeTakeFirst();
}

/** Ends a person's sessions and, when asked, revokes their API tokens, inside the caller's transaction. */
export async function endSessionsAndTokens(trx: Db, userId: string, revokeTokens: boolean, at: Date) {
  const sessions = await trx.deleteFrom('sessions').where('user_id', '=', userId).returning('id_hash').execute();
  const tokens = revokeTokens
    ? await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute()
    : [];
  return { sessionsEnded: sessions.length, tokensRevoked: tokens.length };
}

export type UserQueryFilter = { agencyId?: string | undefined; role?: Role | undefined; status: 'all' | 'active' | 'deactivated'; search?: string | undefined };

function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filteredUsers(db: Db, filter: UserQueryFilter) {
  let query = usersWithPlacement(db);
  if (filter.agencyId) query = query.where('users.agency_id', '=', filter.agencyId);
  if (filter.status === 'active') query = query.where('users.active', '=', true);
  if (filter.status === 'deactivated') query = query.where('users.active', '=', false);
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', role)));
  }
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    query = query.where(sql<boolean>`(users.display_name ilike ${pattern} or users.email ilike ${pattern})`);
  }
  return query;
}

export async function countUsers(db: Db, filter: UserQueryFilter): Promise<number> {
  const counted = await filteredUsers(db, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(counted.n);
}

/** One page of the filtered users, by name. */
export function userPage(db: Db, filter: UserQueryFilter, limit: number, offset: number) {
  return filteredUsers(db, filter)
    .orderBy(sql`lower(users.display_name)`)
    .orderBy('users.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Active agencies, plus one to keep (the person's current agency, even if deactivated since). */
export function agencyOptions(db: Db, keepId: string | null) {
  return db
    .selectFrom('agencies')
    .select(['id', 'name', 'active'])
    .where((eb) => (keepId ? eb.or([eb('active', '=', true), eb('id', '=', keepId)]) : eb('active', '=', true)))
    .orderBy(sql`lower(name)`)
    .execute();
}

/** Active teams of active agencies (plus the person's current team), labelled with their agency. */
export function teamOptions(db: Db, keepId: string | null) {
  return db
    .selectFrom('teams')
    .innerJoin('agencies', 'agencies.id', 'teams.agency_id')
    .select(['teams.id', 'teams.name', 'teams.agency_id', 'agencies.name as agency_name'])
    .where((eb) =>
      keepId ? eb.or([eb.and([eb('teams.active', '=', true), eb('agencies.active', '=', true)]), eb('teams.id', '=', keepId)]) : eb.and([eb('teams.active', '=', true), eb('agencies.active', '=', true)]),
    )
    .orderBy(sql`lower(agencies.name)`)
    .orderBy(sql`lower(teams.name)`)
    .execute();
}

// ---- Agencies and teams ----------------------------------------------------------------------------------------------

/** Agencies with their local authority, how many teams and active users each has, by name (or just the one). */
export function agencyRows(db: Db, onlyId: string | null) {
  let query = db
    .selectFrom('agencies')
    .leftJoin('local_authorities', 'local_authorities.id', 'agencies.local_authority_id')
    .select((eb) => [
      'agencies.id',
      'agencies.name',
      'agencies.kind',
      'agencies.local_authority_id',
      'local_authorities.name as local_authority_name',
      'agencies.active',
      'agencies.version',
      eb.selectFrom('teams').whereRef('teams.agency_id', '=', 'agencies.id').select((e) => e.fn.countAll<number>().as('n')).as('team_count'),
      eb
        .selectFrom('users')
        .whereRef('users.agency_id', '=', 'agencies.id')
        .where('users.active', '=', true)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('active_user_count'),
    ])
    .orderBy(sql`lower(agencies.name)`)
    .orderBy('agencies.id');
  if (onlyId) query = query.where('agencies.id', '=', onlyId);
  return query.execute();
}

/** Whether another agency (not `exceptId`) has this name, whatever its case. */
export async function agencyNameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('agencies').select('id').where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** Whether another team of the agency (not `exceptId`) has this name, whatever its case. */
export async function teamNameTaken(db: Db, agencyId: string, name: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('teams').select('id').where('agency_id', '=', agencyId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** The agency's teams with how many active users each has, by name (or just the one). */
export function teamRows(db: Db, agencyId: string, onlyId: string | null) {
  let query = db
    .selectFrom('teams')
    .select((eb) => [
      'teams.id',
      'teams.agency_id',
      'teams.name',
      'teams.active',
      'teams.version',
      eb
        .selectFrom('users')
        .whereRef('users.team_id', '=', 'teams.id')
        .where('users.active', '=', true)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('active_user_count'),
    ])
    .where('teams.agency_id', '=', agencyId)
    .orderBy(sql`lower(teams.name)`)
    .orderBy('teams.id');
  if (onlyId) query = query.where('teams.id', '=', onlyId);
  return query.execute();
}

export const localAuthorities = (db: Db) => db.selectFrom('local_authorities').select(['id', 'name']).orderBy('name').execute();

export const localAuthority = (db: Db, localAuthorityId: string) => db.selectFrom('local_authorities').select('id').where('id', '=', localAuthorityId).executeTakeFirst();

export const insertAgency = (trx: Db, values: { name: string; kind: AgencyKind; local_authority_id: string }) => trx.insertInto('agencies').values(values).returning('id').executeTakeFirstOrThrow();

/** Changes the agency only if it is still at the version it was read at, answering its new version (nothing if not). */
export const updateAgency = (trx: Db, agencyId: string, version: number, change: { name: string; kind: AgencyKind; active: boolean }) =>
  trx
    .updateTable('agencies')
    .set({ ...change, version: sql<number>`version + 1` })
    .where('id', '=', agencyId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();

export const insertTeam = (trx: Db, values: { agency_id: string; name: string; local_authority_id: string | null }) => trx.insertInto('teams').values(values).returning('id').executeTakeFirstOrThrow();

/** Changes the team only if it is still at the version it was read at, answering its new version (nothing if not). */
export const updateTeam = (trx: Db, agencyId: string, teamId: string, version: number, change: { name: string } | { active: boolean }) =>
  trx
    .updateTable('teams')
    .set({ ...change, version: sql<number>`version + 1` })
    .where('id', '=', teamId)
    .where('agency_id', '=', agencyId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();

// ---- User accounts' writes -------------------------------------------------------------------------------------------

export const insertUser = (trx: Db, values: Insertable<UsersTable>) => trx.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();

export const insertUserRoles = (trx: Db, userId: string, roles: readonly Role[]) => trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();

export const deleteUserRoles = (trx: Db, userId: string) => trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();

/**
 * Changes the user only if it is still at the version it was read at (and, with `whileActive`, only while active is
 * still that), answering its new version (nothing if not).
 */
export function updateUserAtVersion(trx: Db, userId: string, version: number, change: Updateable<UsersTable>, whileActive?: boolean) {
  let query = trx
    .updateTable('users')
    .set({ ...change, version: sql<number>`version + 1` })
    .where('id', '=', userId)
    .where('version', '=', version);
  if (whileActive !== undefined) query = query.where('active', '=', whileActive);
  return query.returning('version').executeTakeFirst();
}

export const agencyActive = (db: Db, agencyId: string) => db.selectFrom('agencies').select('active').where('id', '=', agencyId).executeTakeFirstOrThrow();

export const setUserPasswordHash = (trx: Db, userId: string, passwordHash: string) => trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();

/** Unlocks the account and starts its count of failures again from `at`. */
export const unlockUserAccount = (trx: Db, userId: string, at: Date) => trx.updateTable('users').set({ locked_until: null, failures_reset_at: at }).where('id', '=', userId).execute();
