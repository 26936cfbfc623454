// Likely duplicates (issue 15): the children already on Harbour whose records look like another child's own record,
// found with the same matching as the front door's "known to services?" search. A Harbour setting: a match scoring at
// least LIKELY_DUPLICATE_SCORE (names alike and a date of birth, school or postcode that agrees) is offered for merging.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { mayMerge } from '../../domain/child-merge/merge-guards.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { findPossibleMatches } from '../matching/service.ts';
import type { PossibleMatch } from '../matching/service.ts';
import { childById } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


export const LIKELY_DUPLICATE_SCORE = 0.6;

/** The matches of one child's own record that are likely the same child: not itself, and strong enough. */
export function likelyDuplicates(childId: string, matches: readonly PossibleMatch[]): PossibleMatch[] {
  return matches.filter((m) => m.childId !== childId && m.score >= LIKELY_DUPLICATE_SCORE);
}

export function createDuplicatesService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db } = deps;
  return {
    /**
     * The likely duplicates of one child's record, for the front door or the CSE coordinator of the child's authority;
     * a refusal is audited as denied, and the page's every child is audited as read.
     */
    async likelyDuplicatesOf(actor: Actor, childId: string, audit: AuditContext) {
      const child = isRecordId(childId) ? await childById(db, childId) : undefined;
      if (!child) throw notFound('Child');
      if (!mayMerge(actor, { localAuthorityId: child.local_authority_id })) {
        await recordAudit(db, audit, { action: 'child.duplicates-searched', entityType: 'child', entityId: child.id, childId: child.id, outcome: 'denied' });
        throw forbidden('Only the front door or the CSE coordinator of the child’s authority looks for duplicate records.');
      }
      const matches = child.merged_into_id
        ? []
        : likelyDuplicates(
            child.id,
            await findPossibleMatches(db, {
              givenName: child.given_name, familyName: child.family_name, knownAs: child.known_as, dateOfBirth: child.date_of_birth, approximateAge: child.approximate_age,
              postcode: child.postcode, address: child.address, school: child.school, localAuthorityId: child.local_authority_id, now: deps.now(),
            }),
          );
      // The page names the child and each possible duplicate: every one is a read of a child's record.
      await recordAudit(db, audit,
        { action: 'child.duplicates-searched', entityType: 'child', entityId: child.id, childId: child.id, details: { found: matches.length } },
        ...matches.map((m) => ({ action: 'child.listed', entityType: 'child', entityId: m.childId, childId: m.childId, details: { list: 'possible-duplicates' } })));
      return { child, matches };
    },
  };
}
