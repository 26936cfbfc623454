// Plan pages under a case: the list, a new plan, a new version (optimistic locking), one version, actions, reviews.
// Every page opens the case through openCasePage (the audited access gate).
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { MeetingRefused, createMeetingService } from '../meetings/service.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { currentNetwork } from '../cases/queries.ts';
import { planTypeOf } from '../../domain/plans/plan-types.ts';
import { PlanRefused, StalePlan, createPlanService } from './service.ts';
import type { PlanService } from './service.ts';
import { plansPaths } from './paths.ts';
import { planEndingsPaths } from '../plan-endings/paths.ts';
import { completeActionSchema, newPlanSchema, planActionSchema, planReviewSchema, planVersionSchema } from './schemas.ts';
import { SHARING_LABELS, categoryHint, contentExtras, contentRows, formInput, pageFieldErrors, personOptions, planForm, reviewItems } from './presenters.ts';
import { planTargets } from '../intelligence/service-plan-targets.ts';

function refusalErrors(error: { refusals: { field: string; message: string }[] }): FieldErrors {
  const errors: FieldErrors = {};
  for (const r of error.refusals) errors[r.field] = errors[r.field] ? `${errors[r.field]} ${r.message}` : r.message;
  return errors;
}

export function planRoutes(services: Services, plans: PlanService = createPlanService(services)) {
  const router = Router();
  const r = routes(router);
  const meetings = createMeetingService(services);
  const gate = (req: Request, purpose = 'read') => openCasePage(services, req, 'plans', purpose);
  /** Every plan page's links come from the path builders, handed to the templates. */
  const pathLocals = { plansPaths, planEndingsPaths };

  // ---- List --------------------------------------------------------------------------------------------------------
  r.get(plansPaths.list(':caseId'), { access: 'signed-in' , audit: 'case.read'}, async (req, res) => {
    const page = await gate(req);
    const [{ profile, types }, rows] = await Promise.all([plans.typesFor(page.kase), plans.list(req.user!, page.kase.id)]);
    const started = new Set(rows.map((p) => p.plan_type));
    const lookedAfter = Boolean(page.overview.looked_after);
    res.render('plans/views/list.njk', {
      ...caseLocals(page),
      ...pathLocals,
      profile,
      plans: rows.map((p) => ({ ...p, label: planTypeOf(profile, p.plan_type)?.label ?? p.plan_type, sharingLabel: SHARING_LABELS[p.sharing_level] })),
      available: types
        .filter((t) => !started.has(t.id) && (!t.lookedAfterOnly || lookedAfter) && plans.mayWrite(req.user!, page.decision.basis, t))
        .map((t) => ({ ...t, hint: categoryHint(t) })),
      lookedAfter,
      hasSafetyPlan: started.has('safety-plan'),
    });
  });

  // ---- A new plan ----------------------------------------------------------------------------------------------------
  const renderNew = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const { profile } = await plans.typesFor(page.kase);
    const typeId = String(input.planType ?? req.query.type ?? '');
    const type = planTypeOf(profile, typeId);
    if (!type) throw notFound('Plan type');
    res.render('plans/views/form.njk', {
      ...caseLocals(page),
      ...pathLocals,
      ...validationLocals(errors),
      type,
      hint: categoryHint(type),
      action: plansPaths.list(page.kase.id),
      input: { sharingLevel: type.kind === 'disruption-plan' ? 'agency' : 'network', ...input, planType: type.id },
      form: planForm(type, input, Boolean(page.overview.looked_after)),
      isNew: true,
    });
  };

  r.get(plansPaths.newPlan(':caseId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderNew(req, res));

  r.post(
    plansPaths.list(':caseId'),
    { access: 'signed-in', audit: ['case.plan-save', 'plan.created', 'case.read'], schema: newPlanSchema, invalid: (req, res, errors, input) => renderNew(req, res, input, pageFieldErrors(errors)) },
    async (req, res, data) => {
      const page = await gate(req, 'plan-save');
      try {
        const { planId } = await plans.create(req.user!, page.kase, page.decision.basis, data, auditContext(req));
        res.redirect(303, plansPaths.plan(page.kase.id, planId));
      } catch (error) {
        if (!(error instanceof PlanRefused)) throw error;
        res.status(400);
        await renderNew(req, res, req.body, refusalErrors(error));
      }
    },
  );

  // ---- One plan: the latest version, or version N ---------------------------------------------------------------
  const renderPlan = async (req: Request, res: Response, versionNumber?: number, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const view = await plans.view(req.user!, page.kase.id, String(req.params.planId), versionNumber);
    const mayWrite = plans.mayWrite(req.user!, page.decision.basis, view.type);
    const latest = view.version.version === view.plan.current_version;
    const [network, agencies] = mayWrite && latest ? await Promise.all([currentNetwork(services.db, page.kase.id), plans.agencies()]) : [[], []];
    res.render('plans/views/plan.njk', {
      ...caseLocals(page),
      ...pathLocals,
      ...validationLocals(errors),
      input,
      plan: view.plan,
      type: view.type,
      hint: categoryHint(view.type),
      sharingLabel: SHARING_LABELS[view.plan.sharing_level],
      version: view.version,
      latest,
      rows: contentRows(view.type, view.version.content),
      extras: contentExtras(view.version.content),
      // A disruption plan's register entries (issue 12): the persons, places and vehicles it is against.
      registerTargets: view.plan.kind === 'disruption-plan' ? await planTargets(services.db, req.user!, page.kase.id, view.plan.id, page.now) : null,
      history: view.history,
      actions: view.actions,
      reviews: view.reviews,
      mayWrite,
      owners: personOptions(network, input.ownerUserId),
      agencies: [{ value: '', text: 'Or choose an agency' }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: input.ownerAgencyId === a.id }))],
    });
  };

  r.get(plansPaths.plan(':caseId', ':planId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderPlan(req, res));

  r.get(plansPaths.version(':caseId', ':planId', ':version'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => {
    const n = Number(req.params.version);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw notFound('Plan version');
    return renderPlan(req, res, n);
  });

  // ---- A new version ---------------------------------------------------------------------------------------------
  const renderEdit = async (req: Request, res: Response, input: Record<string, unknown> | null, errors: FieldErrors = {}, basedOn?: number) => {
    const page = await gate(req);
    const view = await plans.view(req.user!, page.kase.id, String(req.params.planId));
    const values = input ?? formInput({ ...view.version.content, changeNote: null });
    res.render('plans/views/form.njk', {
      ...caseLocals(page),
      ...pathLocals,
      ...validationLocals(errors),
      type: view.type,
      hint: categoryHint(view.type),
      plan: view.plan,
      action: plansPaths.plan(page.kase.id, view.plan.id),
      input: { ...values, basedOn: basedOn ?? (input?.basedOn as string | undefined) ?? view.plan.current_version },
      form: planForm(view.type, values, Boolean(page.overview.looked_after)),
      isNew: false,
      latestVersion: view.plan.current_version,
      // After a refused stale save, the saved version is shown beside the writer's own text (kept in the form).
      saved:
        basedOn === undefined
          ? null
          : {
              version: view.plan.current_version,
              author: view.version.author_name,
              sections: view.type.sections.map((s) => ({ id: s.id, label: s.label, value: view.version.content.sections[s.id] ?? '' })),
            },
    });
  };

  r.get(plansPaths.edit(':caseId', ':planId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderEdit(req, res, null));

  r.post(
    plansPaths.plan(':caseId', ':planId'),
    { access: 'signed-in', audit: ['case.plan-save', 'case.read', 'plan.version-saved'], schema: planVersionSchema, invalid: (req, res, errors, input) => renderEdit(req, res, input, pageFieldErrors(errors)) },
    async (req, res, data) => {
      const page = await gate(req, 'plan-save');
      try {
        await plans.saveVersion(req.user!, page.kase, page.decision.basis, String(req.params.planId), data, auditContext(req));
        res.redirect(303, plansPaths.plan(page.kase.id, String(req.params.planId)));
      } catch (error) {
        if (error instanceof PlanRefused) {
          res.status(400);
          return renderEdit(req, res, req.body, refusalErrors(error));
        }
        if (error instanceof StalePlan) {
          // The writer's text is kept; the form is now based on the latest version, so saving again is deliberate.
          res.status(409);
          return renderEdit(req, res, req.body, { form: error.detail ?? error.message }, error.currentVersion);
        }
        throw error;
      }
    },
  );

  // ---- Actions ---------------------------------------------------------------------------------------------------
  r.post(
    plansPaths.actions(':caseId', ':planId'),
    { access: 'signed-in', audit: ['case.plan-action', 'case.read', 'action.created'], schema: planActionSchema, invalid: (req, res, errors, input) => renderPlan(req, res, undefined, input, errors) },
    async (req, res, data) => {
      const page = await gate(req, 'plan-action');
      try {
        await plans.addAction(req.user!, page.kase, page.decision.basis, String(req.params.planId), data, auditContext(req));
        res.redirect(303, plansPaths.plan(page.kase.id, String(req.params.planId), 'actions'));
      } catch (error) {
        if (!(error instanceof PlanRefused)) throw error;
        res.status(400);
        await renderPlan(req, res, undefined, req.body, refusalErrors(error));
      }
    },
  );

  // Completing a plan's action with its evidence: the meetings feature's use case, back to the plan afterwards.
  r.post(
    plansPaths.completeAction(':caseId', ':planId', ':actionId'),
    { access: 'signed-in', audit: ['case.action-complete', 'action.completed'], schema: completeActionSchema, invalid: (req, res, errors, input) => renderPlan(req, res, undefined, input, Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${req.params.actionId}`, v]))) },
    async (req, res, data) => {
      const page = await gate(req, 'action-complete');
      const actionId = String(req.params.actionId);
      await plans.view(req.user!, page.kase.id, String(req.params.planId));
      await plans.actionOfPlan(page.kase.id, String(req.params.planId), actionId);
      try {
        await meetings.completeAction(req.user!, page.kase, actionId, data, auditContext(req));
        res.redirect(303, plansPaths.plan(page.kase.id, String(req.params.planId), 'actions'));
      } catch (error) {
        if (error instanceof MeetingRefused || (error instanceof HttpError && error.status === 409)) {
          res.status(error instanceof MeetingRefused ? 400 : 409);
          const message = error instanceof MeetingRefused ? error.refusals.map((x) => x.message).join(' ') : (error.detail ?? error.message);
          return renderPlan(req, res, undefined, req.body, { [`evidence-${actionId}`]: message });
        }
        throw error;
      }
    },
  );

  // ---- Reviews ---------------------------------------------------------------------------------------------------
  const renderReview = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await gate(req);
    const view = await plans.view(req.user!, page.kase.id, String(req.params.planId));
    const open = await plans.openActions(view.plan.id);
    // After a refusal the same actions are listed in the same order, with the input kept; after a stale review the
    // current actions are listed and only the overall note is kept.
    const kept = input;
    res.render('plans/views/review.njk', {
      ...caseLocals(page),
      ...pathLocals,
      ...validationLocals(errors),
      plan: view.plan,
      type: view.type,
      input: { ...kept, planVersion: view.plan.current_version },
      items: reviewItems(open, kept),
    });
  };

  r.get(plansPaths.review(':caseId', ':planId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderReview(req, res));

  r.post(
    plansPaths.reviews(':caseId', ':planId'),
    { access: 'signed-in', audit: ['case.plan-review', 'case.read', 'plan.reviewed'], schema: planReviewSchema, invalid: (req, res, errors, input) => renderReview(req, res, input, pageFieldErrors(errors)) },
    async (req, res, data) => {
      const page = await gate(req, 'plan-review');
      try {
        await plans.review(req.user!, page.kase, page.decision.basis, String(req.params.planId), data, auditContext(req));
        res.redirect(303, plansPaths.plan(page.kase.id, String(req.params.planId), 'reviews'));
      } catch (error) {
        if (error instanceof PlanRefused) {
          res.status(400);
          return renderReview(req, res, req.body, refusalErrors(error));
        }
        if (error instanceof StalePlan) {
          res.status(409);
          return renderReview(req, res, { overallNote: req.body?.overallNote }, { form: error.detail ?? error.message });
        }
        throw error;
      }
    },
  );

  return router;
}
