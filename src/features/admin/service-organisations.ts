// Agencies and their teams: created, renamed and deactivated (never deleted), each write audited in its own
// transaction and guarded by the row's version against overwriting someone else's change.
import type { Db } from '../../platform/database/connection.ts';
import type { AgencyKind } from '../../domain/access/roles.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { agencyNameTaken, agencyRows, insertAgency, insertTeam, localAuthorities, localAuthority, teamNameTaken, teamRows, updateAgency, updateTeam } from './queries.ts';
import { isUniqueViolation, refuse } from './service-results.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import type { Refusal } from './service-results.ts';

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
  async function agencies(onlyId: string | null): Promise<AgencyRecord[]> {
    const rows = await agencyRows(db, onlyId);
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

  const listAgencies = () => agencies(null);

  async function getAgency(agencyId: string): Promise<AgencyRecord | null> {
    if (!isRecordId(agencyId)) return null;
    return (await agencies(agencyId))[0] ?? null;
  }

  async function teams(agencyId: string, onlyId: string | null): Promise<TeamRecord[]> {
    if (!isRecordId(agencyId)) return [];
    const rows = await teamRows(db, agencyId, onlyId);
    return rows.map((r) => ({ id: r.id, agencyId: r.agency_id, name: r.name, active: r.active, version: r.version, activeUserCount: Number(r.active_user_count ?? 0) }));
  }

  async function getTeam(agencyId: string, teamId: string): Promise<TeamRecord | null> {
    if (!isRecordId(teamId)) return null;
    return (await teams(agencyId, teamId))[0] ?? null;
  }

  const listTeams = (agencyId: string) => teams(agencyId, null);

  return {
    listAgencies,
    getAgency,
    listTeams,
    getTeam,

    listLocalAuthorities() {
      return localAuthorities(db);
    },

    async createAgency(input: AgencyInput, audit: AuditContext): Promise<{ ok: true; id: string } | Refusal<'duplicate-name' | 'unknown-local-authority'>> {
      const authority = await localAuthority(db, input.localAuthorityId);
      if (!authority) return refuse('unknown-local-authority', 'localAuthorityId', 'Choose a local authority from the list');
      if (await agencyNameTaken(db, input.name, null)) return refuse('duplicate-name', 'name', DUPLICATE_AGENCY);
      try {
        const id = await db.transaction().execute(async (trx) => {
          const row = await insertAgency(trx, { name: input.name, kind: input.kind, local_authority_id: authority.id });
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
      if (await agencyNameTaken(db, change.name, agencyId)) return refuse('duplicate-name', 'name', DUPLICATE_AGENCY);
      const changed = [
        ...(current.name !== change.name ? ['name'] : []),
        ...(current.kind !== change.kind ? ['kind'] : []),
        ...(current.active !== change.active ? ['active'] : []),
      ];
      if (changed.length === 0) return { ok: true, changed };
      try {
        const updated = await db.transaction().execute(async (trx) => {
          const row = await updateAgency(trx, agencyId, change.version, { name: change.name, kind: change.kind, active: change.active });
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
      if (await teamNameTaken(db, agencyId, name, null)) return refuse('duplicate-name', 'name', DUPLICATE_TEAM);
      try {
        const id = await db.transaction().execute(async (trx) => {
          const row = await insertTeam(trx, { agency_id: agencyId, name, local_authority_id: agency.localAuthorityId });
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
      if (await teamNameTaken(db, agencyId, change.name, teamId)) return refuse('duplicate-name', 'name', DUPLICATE_TEAM);
      try {
        const updated = await db.transaction().execute(async (trx) => {
          const row = await updateTeam(trx, agencyId, teamId, change.version, { name: change.name });
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
        const row = await updateTeam(trx, agencyId, teamId, version, { active });
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
