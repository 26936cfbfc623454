// Recording the child's NHS number from their case (issue 15): a form with the number as now recorded, the error
// summary on a number that fails its check digit, a stale form refused showing what is recorded now.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { formatNhsNumber } from '../../domain/child-details/nhs-number.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { StaleChild, createNhsNumberService } from './service.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { nhsNumberSchema } from './schemas.ts';
import { nhsNumberPath } from './paths.ts';

export function childDetailsRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const nhs = createNhsNumberService(services);

  async function render(req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}, stale = false) {
    const page = await openCasePage(services, req, 'overview');
    const current = await nhs.current(page.kase.childId);
    res.render('child-details/views/nhs-number.njk', {
      ...caseLocals(page), ...validationLocals(errors), stale,
      current: current.nhsNumber ? formatNhsNumber(current.nhsNumber) : null,
      input: { nhsNumber: input.nhsNumber ?? (current.nhsNumber ? formatNhsNumber(current.nhsNumber) : ''), version: stale || !input.version ? current.version : input.version },
      saved: req.query.saved === '1',
    });
  }

  r.get('/cases/:caseId/nhs-number', { access: 'signed-in', audit: 'case.read' }, (req, res) => render(req, res));
  r.post('/cases/:caseId/nhs-number', { access: 'signed-in', audit: ['case.read', 'child.nhs-number-recorded'], schema: nhsNumberSchema, invalid: (req, res, errors, input) => render(req, res, input, errors) }, async (req, res, data) => {
    try {
      await nhs.record(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, `${nhsNumberPath(String(req.params.caseId))}?saved=1`);
    } catch (error) {
      if (error instanceof RecordRefused) {
        res.status(400);
        return render(req, res, req.body, refusalErrors(error));
      }
      if (error instanceof StaleChild) {
        res.status(409);
        return render(req, res, req.body, { nhsNumber: error.detail ?? error.message }, true);
      }
      throw error;
    }
  });
  return router;
}
