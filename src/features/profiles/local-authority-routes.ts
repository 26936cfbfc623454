// Local authorities and the procedure each one runs: one deployment can serve several authorities, each with
// its own profile (issue 3). Changing an authority's profile changes the rules for clocks started from then on.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { PROFILE_IDS } from '../../domain/profiles/ids.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { auditContext } from '../audit/request-context.ts';

const profileId = z.enum(PROFILE_IDS, { message: 'Choose the procedure this authority follows' });
const addSchema = z.object({
  id: z.string().trim().toLowerCase().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Short name must be lower-case letters, numbers and single hyphens, like north-somerset').max(60, 'Short name must be 60 characters or fewer'),
  name: z.string().trim().min(1, 'Enter the authority’s name').max(200, 'Name must be 200 characters or fewer'),
  profileId,
});
const changeSchema = z.object({ profileId });

export function localAuthorityRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;
  const profileOptions = (selected?: unknown) => [{ value: '', text: 'Choose a procedure' }, ...services.profiles.all().map((p) => ({ value: p.id, text: `${p.board} (${p.id})`, selected: p.id === selected }))];

  const render = async (req: Request, res: Response, errors: FieldErrors = {}, input: Record<string, unknown> = {}, done?: string) => {
    const authorities = await db
      .selectFrom('local_authorities')
      .select(['id', 'name', 'profile_id', (eb) => eb.selectFrom('cases').select((c) => c.fn.countAll<number>().as('n')).whereRef('cases.local_authority_id', '=', 'local_authorities.id').where('cases.status', '=', 'open').as('open_cases')])
      .orderBy('name')
      .execute();
    res.render('profiles/views/local-authorities.njk', {
      ...validationLocals(errors),
      input,
      done,
      authorities: authorities.map((a) => ({ ...a, board: services.profiles.byId(a.profile_id).board, options: profileOptions(a.profile_id) })),
      profileOptions: profileOptions(input.profileId),
    });
  };

  r.get('/admin/local-authorities', { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' } }, (req, res) => render(req, res));

  r.post('/admin/local-authorities', { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' }, schema: addSchema, invalid: (req, res, errors, input) => render(req, res, errors, input) }, async (req, res, data) => {
    const inserted = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('local_authorities').values({ id: data.id, name: data.name, profile_id: data.profileId }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
      if (row) await recordAudit(trx, auditContext(req), { action: 'local-authority.added', entityType: 'local-authority', entityId: data.id, details: { profileId: data.profileId } });
      return Boolean(row);
    });
    if (!inserted) {
      res.status(400);
      return render(req, res, { id: 'An authority with that short name already exists' }, req.body);
    }
    await render(req, res, {}, {}, `${data.name} added, following ${services.profiles.byId(data.profileId).board}.`);
  });

  r.post('/admin/local-authorities/:authorityId/profile', { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' }, schema: changeSchema, invalid: (req, res, errors) => render(req, res, errors) }, async (req, res, data) => {
    const id = String(req.params.authorityId);
    const changed = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('local_authorities').select('profile_id').where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) return null;
      await trx.updateTable('local_authorities').set({ profile_id: data.profileId }).where('id', '=', id).execute();
      await recordAudit(trx, auditContext(req), { action: 'local-authority.profile-changed', entityType: 'local-authority', entityId: id, details: { from: before.profile_id, to: data.profileId } });
      return before.profile_id;
    });
    if (changed === null) {
      res.status(404);
      return render(req, res, { form: 'That authority no longer exists' });
    }
    services.profiles.forget(id);
    await render(req, res, {}, {}, `The procedure in force was changed to ${services.profiles.byId(data.profileId).board}. Clocks already running keep their due moments.`);
  });

  return router;
}
