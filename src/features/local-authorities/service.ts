// Local authorities and the procedure each one runs (issue 3): adding one, and changing its procedure, each one
// transaction with its audit row. Changing the procedure changes the rules for clocks started from then on.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import { authoritiesWithOpenCases, insertAuthority, lockAuthorityProfile, setAuthorityProfile } from './queries.ts';

export function createLocalAuthorityService(deps: { db: Kysely<Database>; profiles: ProfileRegistry }) {
  const { db, profiles } = deps;
  return {
    list() {
      return authoritiesWithOpenCases(db);
    },

    /** Adds an authority; false when one with that short name already exists. */
    async add(input: { id: string; name: string; profileId: string }, audit: AuditContext): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await insertAuthority(trx, input);
        if (row) await recordAudit(trx, audit, { action: 'local-authority.added', entityType: 'local-authority', entityId: input.id, details: { profileId: input.profileId } });
        return Boolean(row);
      });
    },

    /** Changes the procedure in force; null when the authority no longer exists. Clocks already running keep their due moments. */
    async changeProfile(authorityId: string, profileId: string, audit: AuditContext): Promise<string | null> {
      const changed = await db.transaction().execute(async (trx) => {
        const before = await lockAuthorityProfile(trx, authorityId);
        if (!before) return null;
        await setAuthorityProfile(trx, authorityId, profileId);
        await recordAudit(trx, audit, { action: 'local-authority.profile-changed', entityType: 'local-authority', entityId: authorityId, details: { from: before.profile_id, to: profileId } });
        return before.profile_id;
      });
      if (changed !== null) profiles.forget(authorityId);
      return changed;
    },
  };
}
