// The matching page for one child (issue 15, duplicates): the records that may be the same child, each offered for a
// side-by-side comparison and merge (src/features/child-merge). For the front door and the CSE coordinator.
import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { mayMerge } from '../../domain/child-merge/merge-guards.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { auditContext } from '../audit/request-context.ts';
import { childName } from '../cases/case-page.ts';
import { findPossibleMatches } from './child-matching.ts';
import { LIKELY_DUPLICATE_SCORE, likelyDuplicates } from './duplicates.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function duplicateRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  r.get('/children/:childId/duplicates', { access: 'signed-in', audit: ['child.duplicates-searched', 'child.listed'] }, async (req, res) => {
    const actor = req.user!;
    const id = String(req.params.childId);
    const child = UUID.test(id) ? await db.selectFrom('children').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!child) throw notFound('Child');
    if (!mayMerge(actor, { localAuthorityId: child.local_authority_id })) {
      await recordAudit(db, auditContext(req), { action: 'child.duplicates-searched', entityType: 'child', entityId: child.id, childId: child.id, outcome: 'denied' });
      throw forbidden('Only the front door or the CSE coordinator of the child’s authority looks for duplicate records.');
    }
    const matches = child.merged_into_id
      ? []
      : likelyDuplicates(
          child.id,
          await findPossibleMatches(db, {
            givenName: child.given_name, familyName: child.family_name, knownAs: child.known_as, dateOfBirth: child.date_of_birth, approximateAge: child.approximate_age,
            postcode: child.postcode, address: child.address, school: child.school, localAuthorityId: child.local_authority_id, now: services.now(),
          }),
        );
    // The page names the child and each possible duplicate: every one is a read of a child's record.
    await recordAudit(db, auditContext(req),
      { action: 'child.duplicates-searched', entityType: 'child', entityId: child.id, childId: child.id, details: { found: matches.length } },
      ...matches.map((m) => ({ action: 'child.listed', entityType: 'child', entityId: m.childId, childId: m.childId, details: { list: 'possible-duplicates' } })));
    res.render('matching/views/duplicates.njk', { child: { ...child, name: childName(child) }, matches, threshold: LIKELY_DUPLICATE_SCORE });
  });

  return router;
}
