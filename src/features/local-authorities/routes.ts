// Local authorities and the procedure each one runs: one deployment can serve several authorities, each with
// its own profile (issue 3). Changing an authority's profile changes the rules for clocks started from then on.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { addAuthoritySchema, changeProfileSchema } from './schemas.ts';
import { createLocalAuthorityService } from './service.ts';
import { localAuthoritiesPaths, localAuthoritiesRoutePatterns } from './paths.ts';

export function localAuthorityRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const authorities = createLocalAuthorityService({ db: services.db, profiles: services.profiles });
  const profileOptions = (selected?: unknown) => [{ value: '', text: 'Choose a procedure' }, ...services.profiles.all().map((p) => ({ value: p.id, text: `${p.board} (${p.id})`, selected: p.id === selected }))];

  const render = async (req: Request, res: Response, errors: FieldErrors = {}, input: Record<string, unknown> = {}, done?: string) => {
    const list = await authorities.list();
    res.render('local-authorities/views/local-authorities.njk', {
      ...validationLocals(errors),
      input,
      done,
      authorities: list.map((a) => ({ ...a, board: services.profiles.byId(a.profile_id).board, options: profileOptions(a.profile_id) })),
      profileOptions: profileOptions(input.profileId),
    });
  };

  r.get(localAuthoritiesPaths.list(), { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' } }, (req, res) => render(req, res));

  r.post(localAuthoritiesPaths.list(), { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' }, schema: addAuthoritySchema, invalid: (req, res, errors, input) => render(req, res, errors, input) }, async (req, res, data) => {
    const inserted = await authorities.add(data, auditContext(req));
    if (!inserted) {
      res.status(400);
      return render(req, res, { id: 'An authority with that short name already exists' }, req.body);
    }
    await render(req, res, {}, {}, `${data.name} added, following ${services.profiles.byId(data.profileId).board}.`);
  });

  r.post(localAuthoritiesRoutePatterns.profile, { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' }, schema: changeProfileSchema, invalid: (req, res, errors) => render(req, res, errors) }, async (req, res, data) => {
    const changed = await authorities.changeProfile(String(req.params.authorityId), data.profileId, auditContext(req));
    if (changed === null) {
      res.status(404);
      return render(req, res, { form: 'That authority no longer exists' });
    }
    await render(req, res, {}, {}, `The procedure in force was changed to ${services.profiles.byId(data.profileId).board}. Clocks already running keep their due moments.`);
  });

  return router;
}
