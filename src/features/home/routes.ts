import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { myNetworkCases } from '../cases/case-queries.ts';
import { childName } from '../cases/routes.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';

export function homeRoutes(services: Services) {
  const router = Router();
  const r = routes(router);

  r.get('/', { access: 'signed-in' }, async (req, res) => {
    const user = req.user!;
    const [cases, notifications] = await Promise.all([myNetworkCases(services.db, user.id), services.notifier.recent(services.db, user.id, 10)]);
    const now = services.now();
    res.render('home/views/my-work.njk', {
      cases: cases.map((c) => ({ ...c, childName: childName(c), age: c.date_of_birth ? ageInYears(c.date_of_birth, now) : null })),
      notifications,
    });
  });

  r.get('/accessibility', { access: 'public' }, (_req, res) => res.render('home/views/accessibility.njk'));

  return router;
}
