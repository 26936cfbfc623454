// England and Wales bank holidays: those shipped with Harbour, and those an administrator adds (a new year's
// list, or a one-off such as a state funeral). Working-day clocks use both.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { BANK_HOLIDAYS_SOURCE, ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../domain/clock/bank-holidays.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { auditContext } from '../audit/request-context.ts';

const addSchema = z.object({
  date: isoDateSchema('Date'),
  name: z.string().trim().min(1, 'Enter the name of the bank holiday').max(200, 'Name must be 200 characters or fewer'),
});

export function bankHolidayRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;

  const render = async (req: Request, res: Response, errors: FieldErrors = {}, input: Record<string, unknown> = {}, added?: string) => {
    const extra = await db.selectFrom('extra_bank_holidays').leftJoin('users', 'users.id', 'extra_bank_holidays.added_by').select(['extra_bank_holidays.date', 'extra_bank_holidays.name', 'extra_bank_holidays.added_at', 'users.display_name']).orderBy('date').execute();
    const year = services.now().getUTCFullYear();
    res.render('profiles/views/bank-holidays.njk', {
      ...validationLocals(errors),
      input,
      added,
      extra,
      source: BANK_HOLIDAYS_SOURCE,
      shipped: ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date >= `${year}-01-01` && h.date <= `${year + 1}-12-31`),
    });
  };

  r.get('/admin/bank-holidays', { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' } }, (req, res) => render(req, res));

  r.post('/admin/bank-holidays', { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' }, schema: addSchema, invalid: (req, res, errors, input) => render(req, res, errors, input) }, async (req, res, data) => {
    if (ENGLAND_AND_WALES_BANK_HOLIDAYS.some((h) => h.date === data.date)) {
      res.status(400);
      return render(req, res, { date: 'That date is already a bank holiday in Harbour’s list' }, req.body);
    }
    const inserted = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('extra_bank_holidays').values({ date: data.date, name: data.name, added_by: req.user!.id, added_at: services.now() }).onConflict((oc) => oc.column('date').doNothing()).returning('date').executeTakeFirst();
      if (row) await recordAudit(trx, auditContext(req), { action: 'bank-holiday.added', entityType: 'bank-holiday', entityId: data.date });
      return Boolean(row);
    });
    if (!inserted) {
      res.status(400);
      return render(req, res, { date: 'That date has already been added' }, req.body);
    }
    await render(req, res, {}, {}, data.date);
  });

  return router;
}
