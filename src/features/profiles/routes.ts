import { Router } from 'express';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { procedureViewModel } from './presenters.ts';

export function procedureRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  r.get('/procedure', { access: 'signed-in', audit: { none: 'a static page' } }, async (req, res) => {
    const profile = await services.profiles.forAuthority(services.db, req.user!.localAuthorityId);
    res.render('profiles/views/procedure.njk', { procedure: procedureViewModel(profile) });
  });
  return router;
}
