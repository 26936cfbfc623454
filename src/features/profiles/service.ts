// The procedure profiles in force. All five are validated at start-up (a broken one stops Harbour with the
// file, path and problem); each local authority runs the profile named in its row.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Profile } from '../../domain/profiles/schema.ts';
import { isProfileId, PROFILE_IDS } from '../../domain/profiles/ids.ts';
import { loadAllProfiles } from '../../profiles/index.ts';
import type { LoadOptions } from '../../profiles/index.ts';
import { authorityProfileId } from './queries.ts';

export class UnknownProfileError extends Error {}

export function createProfileRegistry(defaultProfileId: string, options: LoadOptions = {}) {
  if (!isProfileId(defaultProfileId)) {
    throw new UnknownProfileError(`HARBOUR_PROFILE=${JSON.stringify(defaultProfileId)} is not a procedure profile; valid ids are: ${PROFILE_IDS.join(', ')}`);
  }
  const profiles = new Map(loadAllProfiles(options).map((p) => [p.id, p] as const));
  const authorityProfile = new Map<string, string>();
  const byId = (id: string): Profile => {
    const profile = profiles.get(id as Profile['id']);
    if (!profile) throw new UnknownProfileError(`Unknown procedure profile ${JSON.stringify(id)}; valid ids are: ${PROFILE_IDS.join(', ')}`);
    return profile;
  };
  return {
    defaultProfile: byId(defaultProfileId),
    all: () => [...profiles.values()],
    byId,
    async forAuthority(db: Kysely<Database>, localAuthorityId: string | null): Promise<Profile> {
      if (!localAuthorityId) return byId(defaultProfileId);
      let id = authorityProfile.get(localAuthorityId);
      if (!id) {
        id = (await authorityProfileId(db, localAuthorityId)) ?? defaultProfileId;
        authorityProfile.set(localAuthorityId, id);
      }
      return byId(id);
    },
    /** Call after an administrator changes an authority's profile. */
    forget(localAuthorityId: string) {
      authorityProfile.delete(localAuthorityId);
    },
  };
}

export type ProfileRegistry = ReturnType<typeof createProfileRegistry>;
