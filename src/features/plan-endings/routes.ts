// The page that ends a plan (issue 15): the reason, and for each open action whether it closes with the plan or
// moves to the next one. Opens the case through openCasePage (the audited access gate).
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { PLAN_END_REASONS, PLAN_END_REASON_CODES } from '../../domain/plans/ending.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { PlanRefused, StalePlan } from '../plans/service.ts';
import { createPlanEnding } from './service.ts';
import { endPlanSchema } from './schemas.ts';
import { planEndingsPaths } from './paths.ts';
import { plansPaths } from '../plans/paths.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';

export function planEndingRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const ending = createPlanEnding(services);

  const render = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}, stale = false) => {
    const page = await openCasePage(services, req, 'plans');
    const form = await ending.form(req.user!, page.kase.id, String(req.params.planId));
    const values: Record<string, unknown> = { ...input, planVersion: stale || !input.planVersion ? form.plan.current_version : input.planVersion };
    res.render('plan-endings/views/end.njk', {
      ...caseLocals(page), plansPaths, planEndingsPaths, ...validationLocals(errors), stale, input: values, plan: form.plan, label: form.label,
      reasons: PLAN_END_REASON_CODES.map((value) => ({ value, text: PLAN_END_REASONS[value], checked: values.reasonCode === value })),
      actions: form.actions.map((a) => ({ ...a, items: [{ value: 'close', text: 'Close it with the plan', checked: values[`action-${a.id}`] === 'close' }, { value: 'move', text: 'Move it to the next plan', checked: values[`action-${a.id}`] === 'move' }] })),
      nextPlans: [{ value: '', text: 'Choose a plan' }, ...form.nextPlans.map((p) => ({ value: p.id, text: p.label, selected: values.nextPlanId === p.id }))],
      hasNextPlans: form.nextPlans.length > 0,
    });
  };

  r.get(planEndingsPaths.end(':caseId', ':planId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => render(req, res));
  r.post(planEndingsPaths.end(':caseId', ':planId'), { access: 'signed-in', audit: ['case.write', 'case.read', 'plan.ended'], schema: endPlanSchema, invalid: (req, res, errors, input) => render(req, res, input, errors) }, async (req, res, data) => {
    const page = await openCasePage(services, req, 'plans', 'write');
    try {
      await ending.end(req.user!, page.kase, page.decision.basis, String(req.params.planId), data, auditContext(req));
      res.redirect(303, planEndingsPaths.ended(page.kase.id, String(req.params.planId)));
    } catch (error) {
      if (error instanceof PlanRefused) {
        res.status(400);
        return render(req, res, req.body, refusalErrors(error));
      }
      if (error instanceof StalePlan) {
        res.status(409);
        return render(req, res, req.body, { reasonCode: error.detail ?? error.message }, true);
      }
      throw error;
    }
  });
  return router;
}
