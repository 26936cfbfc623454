// The matching page for one child (issue 15, duplicates): the records that may be the same child, each offered for a
// side-by-side comparison and merge (src/features/child-merge). For the front door and the CSE coordinator.
import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { childName } from '../../platform/web/child-name.ts';
import { LIKELY_DUPLICATE_SCORE, createDuplicatesService } from './service.ts';
import { duplicatesRoutePatterns } from './paths.ts';

export function duplicateRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const duplicates = createDuplicatesService({ db: services.db, now: services.now });

  r.get(duplicatesRoutePatterns.duplicates, { access: 'signed-in', audit: ['child.duplicates-searched', 'child.listed'] }, async (req, res) => {
    const { child, matches } = await duplicates.likelyDuplicatesOf(req.user!, String(req.params.childId), auditContext(req));
    res.render('duplicates/views/duplicates.njk', { child: { ...child, name: childName(child) }, matches, threshold: LIKELY_DUPLICATE_SCORE });
  });

  return router;
}
