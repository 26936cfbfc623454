// England and Wales bank holidays: those shipped with Harbour, and those an administrator adds (a new year's
// list, or a one-off such as a state funeral). Working-day clocks use both.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { addBankHolidaySchema } from './schemas.ts';
import { createBankHolidayService } from './service.ts';
import { bankHolidaysPaths } from './paths.ts';

export function bankHolidayRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const bankHolidays = createBankHolidayService({ db: services.db, now: services.now });

  const render = async (req: Request, res: Response, errors: FieldErrors = {}, input: Record<string, unknown> = {}, added?: string) => {
    res.render('bank-holidays/views/bank-holidays.njk', {
      ...validationLocals(errors),
      input,
      added,
      ...(await bankHolidays.page()),
    });
  };

  r.get(bankHolidaysPaths.list(), { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' } }, (req, res) => render(req, res));

  r.post(bankHolidaysPaths.list(), { access: 'admin:manage', audit: { none: 'a local authority’s procedure profile, no child (audited as bank-holiday.*, local-authority.*)' }, schema: addBankHolidaySchema, invalid: (req, res, errors, input) => render(req, res, errors, input) }, async (req, res, data) => {
    const added = await bankHolidays.add(req.user!, data, auditContext(req));
    if (!added.ok) {
      res.status(400);
      return render(req, res, { date: added.message }, req.body);
    }
    await render(req, res, {}, {}, data.date);
  });

  return router;
}
