// Agencies and their teams: created, renamed and deactivated (never deleted), each write audited in its own
// transaction and guarded by the row's version against overwriting someone else's change.
import { sql } from 'kysely';
import type { Db } from '../../platform/database/connection.ts';
import type { AgencyKind } from '../../domain/access/roles.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { isUniqueViolation, isUuid, refuse } from './results.ts';
import type { Refusal } from './results.ts';

export type AgencyRecord = {
  id: string;
  name: string;
  kind: string;
  localAuthorityId: string | null;
  localAuthorityName: string | null;
  active: boolean;
  version: number;
  teamCount: number;
  activeUserCount: number;
};

export type TeamRecord = { id: string; agencyId: string; name: string; active: boolean; version: number; activeUserCount: number };

export const DUPLICATE_AGENCY = 'An agency with this name already exists. Agency names must be unique.';
export const DUPLICATE_TEAM = 'This agency already has a team with this name. Team names must be unique within an agency.';

export type AgencyInput = { name: string; kind: AgencyKind; localAuthorityId: string };
export type AgencyChange = { name: string; kind: AgencyKind; active: boolean; version: number };

type Stale<T> = { ok: false; code: 'stale'; field: 'conflict'; message: string; current: T };

function stale<T>(what: string, current: T): Stale<T> {
  return {
    ok: false,
    code: 'stale',
    field: 'conflict',
    message: `Someone else changed this ${what} while you were editing it. Your changes were not saved. Check what it is now, then make your changes again.`,
    current,
  };
}

export function createOrganisationService(db: Db) {
  async function agencyRows(onlyId: string | null): Promise<AgencyRecord[]> {
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
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      localAuthorityId: r.local_authority_id,
      localAuthorityName: r.local_authority_name,
      active: r.active,
      version: r.version,
      teamCount: Number(r.team_count ?? 0),
      activeUserCount: Number(r.active_user_count ?? 0),
    }));
  }

  const listAgencies = () => agencyRows(null);

  async function getAgency(agencyId: string): Promise<AgencyRecord | null> {
    if (!isUuid(agencyId)) return null;
    return (await agencyRows(agencyId))[0] ?? null;
  }

  async function nameTaken(name: string, exceptId: string | null): Promise<boolean> {
    let query = db.selectFrom('agencies').select('id').where(sql<boolean>`lower(name) = lower(${name})`);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return Boolean(await query.executeTakeFirst());
  }

  async function teamNameTaken(agencyId: string, name: string, exceptId: string | null): Promise<boolean> {
    let query = db.selectFrom('teams').select('id').where('agency_id', '=', agencyId).where(sql<boolean>`lower(name) = lower(${name})`);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return Boolean(await query.executeTakeFirst());
  }

  async function teamRows(agencyId: string, onlyId: string | null): Promise<TeamRecord[]> {
    if (!isUuid(agencyId)) return [];
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
    const rows = await query.execute();
    return rows.map((r) => ({ id: r.id, agencyId: r.agency_id, name: r.name, active: r.active, version: r.version, activeUserCount: Number(r.active_user_count ?? 0) }));
  }

  async function getTeam(agencyId: string, teamId: string): Promise<TeamRecord | null> {
    if (!isUuid(teamId)) return null;
    return (await teamRows(agencyId, teamId))[0] ?? null;
  }

  const listTeams = (agencyId: string) => teamRows(agencyId, null);

  return {
    listAgencies,
    getAgency,
    listTeams,
    getTeam,

    listLocalAuthorities() {
      return db.selectFrom('local_authorities').select(['id', 'name']).orderBy('name').execute();
    },

    async createAgency(input: AgencyInput, audit: AuditContext): Promise<{ ok: true; id: string } | Refusal<'duplicate-name' | 'unknown-local-authority'>> {
      const authority = await db.selectFrom('local_authorities').select('id').where('id', '=', input.localAuthorityId).executeTakeFirst();
      if (!authority) return refuse('unknown-local-authority', 'localAuthorityId', 'Choose a local authority from the list');
      if (await nameTaken(input.name, null)) return refuse('duplicate-name', 'name', DUPLICATE_AGENCY);
      try {
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('agencies')
            .values({ name: input.name, kind: input.kind, local_authority_id: authority.id })
            .returning('id')
            .executeTakeFirstOrThrow();
          await recordAudit(trx, audit, { action: 'agency.created', entityType: 'agency', entityId: row.id, details: { kind: input.kind, localAuthorityId: authority.id } });
          return row.id;
        });
        return { ok: true, id };
      } catch (error) {
        if (isUniqueViolation(error, 'agencies_name_unique')) return refuse('duplicate-name', 'name', DUPLICATE_AGENCY);
        throw error;
      }
    },

    async updateAgency(
      agencyId: string,
      change: AgencyChange,
      audit: AuditContext,
    ): Promise<{ ok: true; changed: string[] } | Refusal<'not-found' | 'duplicate-name'> | Stale<AgencyRecord>> {
      const current = await getAgency(agencyId);
      if (!current) return refuse('not-found', 'name', 'This agency no longer exists');
      if (current.version !== change.version) return stale('agency', current);
      if (await nameTaken(change.name, agencyId)) return refuse('duplicate-name', 'name', DUPLICATE_AGENCY);
      const changed = [
        ...(current.name !== change.name ? ['name'] : []),
        ...(current.kind !== change.kind ? ['kind'] : []),
        ...(current.active !== change.active ? ['active'] : []),
      ];
      if (changed.length === 0) return { ok: true, changed };
      try {
        const updated = await db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('agencies')
            .set({ name: change.name, kind: change.kind, active: change.active, version: sql<number>`version + 1` })
            .where('id', '=', agencyId)
            .where('version', '=', change.version)
            .returning('version')
            .executeTakeFirst();
          if (!row) return null;
          await recordAudit(trx, audit, {
            action: 'agency.updated',
            entityType: 'agency',
            entityId: agencyId,
            details: { changed, kind: change.kind, active: change.active, version: row.version },
          });
          return row;
        });
        if (!updated) return stale('agency', (await getAgency(agencyId))!);
        return { ok: true, changed };
      } catch (error) {
        if (isUniqueViolation(error, 'agencies_name_unique')) return refuse('duplicate-name', 'name', DUPLICATE_AGENCY);
        throw error;
      }
    },

    async createTeam(agencyId: string, name: string, audit: AuditContext): Promise<{ ok: true; id: string } | Refusal<'not-found' | 'duplicate-name'>> {
      const agency = await getAgency(agencyId);
      if (!agency) return refuse('not-found', 'name', 'This agency no longer exists');
      if (await teamNameTaken(agencyId, name, null)) return refuse('duplicate-name', 'name', DUPLICATE_TEAM);
      try {
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('teams')
            .values({ agency_id: agencyId, name, local_authority_id: agency.localAuthorityId })
            .returning('id')
            .executeTakeFirstOrThrow();
          await recordAudit(trx, audit, { action: 'team.created', entityType: 'team', entityId: row.id, details: { agencyId } });
          return row.id;
        });
        return { ok: true, id };
      } catch (error) {
        if (isUniqueViolation(error, 'teams_name_unique')) return refuse('duplicate-name', 'name', DUPLICATE_TEAM);
        throw error;
      }
    },

    async renameTeam(
      agencyId: string,
      teamId: string,
      change: { name: string; version: number },
      audit: AuditContext,
    ): Promise<{ ok: true; changed: boolean } | Refusal<'not-found' | 'duplicate-name'> | Stale<TeamRecord>> {
      const current = await getTeam(agencyId, teamId);
      if (!current) return refuse('not-found', 'name', 'This team no longer exists');
      if (current.version !== change.version) return stale('team', current);
      if (current.name === change.name) return { ok: true, changed: false };
      if (await teamNameTaken(agencyId, change.name, teamId)) return refuse('duplicate-name', 'name', DUPLICATE_TEAM);
      try {
        const updated = await db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('teams')
            .set({ name: change.name, version: sql<number>`version + 1` })
            .where('id', '=', teamId)
            .where('agency_id', '=', agencyId)
            .where('version', '=', change.version)
            .returning('version')
            .executeTakeFirst();
          if (!row) return null;
          await recordAudit(trx, audit, { action: 'team.updated', entityType: 'team', entityId: teamId, details: { agencyId, changed: ['name'], version: row.version } });
          return row;
        });
        if (!updated) return stale('team', (await getTeam(agencyId, teamId))!);
        return { ok: true, changed: true };
      } catch (error) {
        if (isUniqueViolation(error, 'teams_name_unique')) return refuse('duplicate-name', 'name', DUPLICATE_TEAM);
        throw error;
      }
    },

    async setTeamActive(
      agencyId: string,
      teamId: string,
      active: boolean,
      version: number,
      audit: AuditContext,
    ): Promise<{ ok: true } | Refusal<'not-found'> | Stale<TeamRecord>> {
      const current = await getTeam(agencyId, teamId);
      if (!current) return refuse('not-found', 'team', 'This team no longer exists');
      if (current.version !== version) return stale('team', current);
      if (current.active === active) return { ok: true };
      const updated = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('teams')
          .set({ active, version: sql<number>`version + 1` })
          .where('id', '=', teamId)
          .where('agency_id', '=', agencyId)
          .where('version', '=', version)
          .returning('version')
          .executeTakeFirst();
        if (!row) return null;
        await recordAudit(trx, audit, {
          action: active ? 'team.reactivated' : 'team.deactivated',
          entityType: 'team',
          entityId: teamId,
          details: { agencyId, version: row.version },
        });
        return row;
      });
      if (!updated) return stale('team', (await getTeam(agencyId, teamId))!);
      return { ok: true };
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
