// Closing and reopening a case, and its review at 18 (issue 15; PROCEDURES.md step 10): the case's lifecycle page
// (where it stands, its history of closures and reopenings), the forms, and the JSON API for close and reopen.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { problem } from '../../platform/web/errors.ts';
import { CLOSURE_REASONS, CLOSURE_REASON_CODES, CLOSING_ROLES, REOPENING_ROLES } from '../../domain/case-lifecycle/lifecycle.ts';
import type { ClosureReason } from '../../domain/case-lifecycle/lifecycle.ts';
import { EIGHTEEN_OUTCOMES, eighteenFacts } from '../../domain/case-lifecycle/eighteen.ts';
import type { EighteenOutcome } from '../../domain/case-lifecycle/eighteen.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { StaleCase, createLifecycleService } from './service.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { writeCase } from '../case-access/service.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { closeSchema, eighteenReviewSchema, reopenSchema } from './schemas.ts';
import { closePath, eighteenReviewPath, lifecyclePath, reopenPath } from './paths.ts';

const NOTICES: Record<string, string> = {
  closed: 'CSE involvement has ended and the case is closed. Its plans ended, its open actions closed, its clocks stopped, and the network was told.',
  reopened: 'The case is open again. Its earlier history is kept below.',
  reviewed: 'The review at 18 was recorded and added to the chronology.',
};

const KIND_LABELS = { closed: 'Closed', reopened: 'Reopened', 'eighteen-review': 'Review at 18' } as const;

export function lifecycleRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const lifecycle = createLifecycleService(services);

  type FormState = { input?: Record<string, unknown>; errors?: FieldErrors; stale?: boolean };

  async function pageData(req: Request) {
    const page = await openCasePage(services, req, 'lifecycle');
    const summary = await lifecycle.summary(page.kase.id);
    const history = (await lifecycle.history(page.kase.id)).map((e) => ({
      ...e,
      kindLabel: KIND_LABELS[e.kind],
      reasonLabel: e.kind === 'closed' ? (CLOSURE_REASONS[e.reason_code as ClosureReason] ?? e.reason_code) : e.kind === 'reopened' ? (e.reason_code === 'new-concern' ? 'A new concern about the same child' : 'By decision') : (EIGHTEEN_OUTCOMES[e.outcome as EighteenOutcome] ?? e.outcome),
    }));
    const careLeaver = summary.care_leaver || summary.looked_after;
    const eighteen = summary.date_of_birth ? eighteenFacts(summary.date_of_birth, careLeaver, londonDateOf(page.now)) : null;
    const roles = req.user!.roles;
    return {
      page, summary, history, careLeaver, eighteen,
      eighteenReviewed: history.some((e) => e.kind === 'eighteen-review'),
      mayClose: summary.status === 'open' && roles.some((x) => CLOSING_ROLES.includes(x)),
      mayReopen: summary.status === 'closed' && roles.some((x) => REOPENING_ROLES.includes(x)),
    };
  }

  r.get('/cases/:caseId/lifecycle', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const d = await pageData(req);
    res.render('case-lifecycle/views/lifecycle.njk', { ...caseLocals(d.page), ...d, notice: NOTICES[String(req.query.done)] ?? null });
  });

  const renderForm = (view: 'close' | 'reopen' | 'eighteen-review') => async (req: Request, res: Response, state: FormState = {}) => {
    const d = await pageData(req);
    const input: Record<string, unknown> = { ...(state.input ?? {}), version: state.stale || !state.input?.version ? d.summary.version : state.input.version };
    res.render(`case-lifecycle/views/${view}.njk`, {
      ...caseLocals(d.page), ...validationLocals(state.errors ?? {}), ...d, input, stale: state.stale === true,
      reasons: CLOSURE_REASON_CODES.map((value) => ({ value, text: CLOSURE_REASONS[value], checked: input.reasonCode === value })),
      outcomes: (Object.keys(EIGHTEEN_OUTCOMES) as EighteenOutcome[]).map((value) => ({ value, text: EIGHTEEN_OUTCOMES[value], checked: input.outcome === value })),
    });
  };

  const save = (view: 'close' | 'reopen' | 'eighteen-review', done: string, field: string) => async (req: Request, res: Response, write: () => Promise<unknown>) => {
    try {
      await write();
      res.redirect(303, `${lifecyclePath(String(req.params.caseId))}?done=${done}`);
    } catch (error) {
      if (error instanceof RecordRefused) {
        res.status(error.status);
        return renderForm(view)(req, res, { input: req.body, errors: refusalErrors(error) });
      }
      if (error instanceof StaleCase) {
        res.status(409);
        return renderForm(view)(req, res, { input: req.body, errors: { [field]: error.detail ?? error.message }, stale: true });
      }
      throw error;
    }
  };

  r.get('/cases/:caseId/close', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderForm('close')(req, res));
  r.post('/cases/:caseId/close', { access: 'signed-in', audit: ['case.read', 'case.closed', 'meeting.cancelled'], schema: closeSchema, invalid: (req, res, errors, input) => renderForm('close')(req, res, { input, errors }) }, (req, res, data) =>
    save('close', 'closed', 'reasonCode')(req, res, () => lifecycle.close(req.user!, String(req.params.caseId), data, auditContext(req))),
  );

  r.get('/cases/:caseId/reopen', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderForm('reopen')(req, res));
  r.post('/cases/:caseId/reopen', { access: 'signed-in', audit: ['case.read', 'case.reopened'], schema: reopenSchema, invalid: (req, res, errors, input) => renderForm('reopen')(req, res, { input, errors }) }, (req, res, data) =>
    save('reopen', 'reopened', 'reasons')(req, res, () => lifecycle.reopen(req.user!, String(req.params.caseId), data, auditContext(req))),
  );

  r.get('/cases/:caseId/eighteen-review', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderForm('eighteen-review')(req, res));
  r.post('/cases/:caseId/eighteen-review', { access: 'signed-in', audit: ['case.read', 'case.eighteen-review'], schema: eighteenReviewSchema, invalid: (req, res, errors, input) => renderForm('eighteen-review')(req, res, { input, errors }) }, (req, res, data) =>
    save('eighteen-review', 'reviewed', 'outcome')(req, res, () => lifecycle.recordEighteenReview(req.user!, String(req.params.caseId), data, auditContext(req))),
  );

  // ---- The JSON API (/api/v1): the same service and checks; described in docs/openapi.yaml ---------------------
  const apiInvalid = (res: Response, errors: FieldErrors) =>
    res.status(400).type('application/problem+json').send(JSON.stringify(problem(400, 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
  const apiSave = async (res: Response, write: () => Promise<{ eventId: string; clocksStopped: number; plansEnded: number; actionsClosed: number; told: number }>) => {
    try {
      const result = await write();
      res.status(201).json(result);
    } catch (error) {
      if (error instanceof RecordRefused && error.status === 400) return apiInvalid(res, refusalErrors(error));
      throw error;
    }
  };
  // Whoever may not record on the case is refused before the body is read (the authorisation matrix, issue 16).
  const apiGate = (action: string) => async (req: Request, res: Response, errors: FieldErrors) => {
    await writeCase(services.db, req.user!, String(req.params.caseId), auditContext(req), action, services.now(), 'Only the professional network and the area’s roles change a case’s status.');
    apiInvalid(res, errors);
  };
  r.post('/api/v1/cases/:caseId/close', { access: 'signed-in', audit: 'case.closed', schema: closeSchema, invalid: apiGate('case.closed') }, (req, res, data) => apiSave(res, () => lifecycle.close(req.user!, String(req.params.caseId), data, auditContext(req))));
  r.post('/api/v1/cases/:caseId/reopen', { access: 'signed-in', audit: 'case.reopened', schema: reopenSchema, invalid: apiGate('case.reopened') }, (req, res, data) => apiSave(res, () => lifecycle.reopen(req.user!, String(req.params.caseId), data, auditContext(req))));

  return router;
}

export { closePath, eighteenReviewPath, reopenPath };
