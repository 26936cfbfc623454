// Anonymous consultations' pages (issue 13; bedford-luton 3.12; ird): asking (any professional), the list (the area's
// for the front door and CSE coordinator, one's own otherwise), a consultation with its answer form, and attaching it
// to a case once the child is identified. The JSON API uses the same service and checks (docs/openapi.yaml), and
// /api/v1/consultations/counts gives the board statistics' counts.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, forbidden, problem } from '../../platform/web/errors.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import {
  ADDRESSED_TO, ADDRESSED_TO_LABELS, ADVICE, ADVICE_LABELS, CONSULTATION_AGE_BANDS, CONSULTATION_AGE_BAND_LABELS, CONSULTATION_CONCERNS, CONSULTATION_CONCERN_LABELS,
  CONSULTATION_SEXES, CONSULTATION_SEX_LABELS, SCHOOL_TYPES, SCHOOL_TYPE_LABELS,
} from '../../domain/consultations/anonymous.ts';
import type { Advice } from '../../domain/consultations/anonymous.ts';
import { hasRole } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/access/access.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { anonymousConsultationCounts, createConsultationService } from './service.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { answerSchema, askSchema, attachSchema, countsQuery } from './schemas.ts';
import { consultationsPaths } from './paths.ts';

const NOTICES: Record<string, string> = {
  asked: 'Your consultation was sent. You will get a notification when it is answered.',
  answered: 'Your answer was saved and the professional who asked was told.',
  attached: 'The consultation was attached to the child’s case and added to its chronology.',
};

const label = <T extends string>(labels: Record<T, string>, value: string | null) => (value ? (labels[value as T] ?? value) : null);

export function consultationRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const consultations = createConsultationService({ db: services.db, now: services.now });

  const answering = (actor: Actor, c: { local_authority_id: string }) => actor.localAuthorityId === c.local_authority_id && hasRole(actor, 'front-door', 'cse-coordinator');

  const describe = (c: { age_band: string; sex: string; school_type: string; concerns: string[]; advice: string | null; addressed_to: string }) => ({
    ageBandLabel: label(CONSULTATION_AGE_BAND_LABELS, c.age_band),
    sexLabel: label(CONSULTATION_SEX_LABELS, c.sex),
    schoolTypeLabel: label(SCHOOL_TYPE_LABELS, c.school_type),
    concernLabels: c.concerns.map((x) => label(CONSULTATION_CONCERN_LABELS, x)),
    adviceLabel: label(ADVICE_LABELS, c.advice),
    addressedToLabel: label(ADDRESSED_TO_LABELS, c.addressed_to),
  });

  r.get('/consultations', { access: 'signed-in', audit: 'consultation.list' }, async (req, res) => {
    const { answering, rows } = await consultations.list(req.user!, auditContext(req));
    res.render('consultations/views/list.njk', { answering, consultations: rows.map((c) => ({ ...c, ...describe(c) })), notice: NOTICES[String(req.query.done)] ?? null });
  });

  const renderNew = (_req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const chosen = new Set(([] as string[]).concat((input.concerns as string[] | string | undefined) ?? []));
    res.render('consultations/views/new.njk', {
      ...validationLocals(errors),
      input,
      addressedToItems: ADDRESSED_TO.map((value) => ({ value, text: ADDRESSED_TO_LABELS[value], checked: input.addressedTo === value })),
      ageBandItems: CONSULTATION_AGE_BANDS.map((value) => ({ value, text: CONSULTATION_AGE_BAND_LABELS[value], checked: input.ageBand === value })),
      sexItems: CONSULTATION_SEXES.map((value) => ({ value, text: CONSULTATION_SEX_LABELS[value], checked: input.sex === value })),
      schoolTypeItems: SCHOOL_TYPES.map((value) => ({ value, text: SCHOOL_TYPE_LABELS[value], checked: input.schoolType === value })),
      concernItems: CONSULTATION_CONCERNS.map((value) => ({ value, text: CONSULTATION_CONCERN_LABELS[value], checked: chosen.has(value) })),
    });
  };

  r.get('/consultations/new', { access: 'signed-in', audit: { none: 'an empty form' } }, (req, res) => renderNew(req, res));
  r.post('/consultations/new', { access: 'signed-in', audit: 'consultation.asked', schema: askSchema, invalid: (req, res, errors, input) => renderNew(req, res, input, errors) }, async (req, res, data) => {
    try {
      const { id } = await consultations.ask(req.user!, data, req.body as Record<string, unknown>, auditContext(req));
      res.redirect(303, consultationsPaths.done(id, 'asked'));
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(error.status);
      renderNew(req, res, req.body, refusalErrors(error));
    }
  });

  const renderOne = async (req: Request, res: Response, state: { input?: Record<string, unknown>; errors?: FieldErrors } = {}) => {
    const c = await consultations.one(req.user!, String(req.params.consultationId), auditContext(req));
    const input = state.input ?? {};
    res.render('consultations/views/consultation.njk', {
      ...validationLocals(state.errors ?? {}),
      c: { ...c, ...describe(c) },
      input,
      mayAnswer: !c.answered_at && consultations.mayAnswer(req.user!, c),
      mayAttach: Boolean(c.answered_at) && !c.case_id && answering(req.user!, c),
      // The case a consultation was attached to is named only to the front door and coordinator: the asker learns only
      // that it was attached, not which case (they may not be in the child's network).
      showCase: answering(req.user!, c),
      adviceItems: ADVICE.map((value) => ({ value, text: ADVICE_LABELS[value as Advice], checked: input.advice === value })),
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };

  r.get('/consultations/:consultationId', { access: 'signed-in', audit: 'consultation.read' }, (req, res) => renderOne(req, res));

  const refusedTo = (req: Request, res: Response) => async (error: unknown) => {
    if (!(error instanceof RecordRefused)) throw error;
    res.status(error.status);
    await renderOne(req, res, { input: req.body, errors: refusalErrors(error) });
  };

  r.post('/consultations/:consultationId/answer', { access: 'signed-in', audit: ['consultation.answered', 'consultation.read'], schema: answerSchema, invalid: (req, res, errors, input) => renderOne(req, res, { input, errors }) }, async (req, res, data) => {
    const id = String(req.params.consultationId);
    await consultations.answer(req.user!, id, data, auditContext(req)).then(() => res.redirect(303, consultationsPaths.done(id, 'answered')), refusedTo(req, res));
  });

  r.post('/consultations/:consultationId/attach', { access: 'signed-in', audit: ['consultation.read', 'consultation.attached'], schema: attachSchema, invalid: (req, res, errors, input) => renderOne(req, res, { input, errors }) }, async (req, res, data) => {
    const id = String(req.params.consultationId);
    await consultations.attach(req.user!, id, data.caseReference, auditContext(req)).then(() => res.redirect(303, consultationsPaths.done(id, 'attached')), refusedTo(req, res));
  });

  // ---- The JSON API ------------------------------------------------------------------------------------------------
  const apiInvalid = (res: Response, errors: FieldErrors, status = 400) =>
    res.status(status).type('application/problem+json').send(JSON.stringify(problem(status, status === 409 ? 'conflict' : 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
  const apiItem = (c: Awaited<ReturnType<typeof consultations.one>>, showCase: boolean) => ({
    id: c.id, reference: c.reference, addressedTo: c.addressed_to, askedBy: c.asked_by_name, askedAt: c.asked_at,
    ageBand: c.age_band, sex: c.sex, area: c.area, schoolType: c.school_type, concerns: c.concerns, question: c.question,
    answer: c.answered_at ? { advice: c.advice, text: c.answer, by: c.answered_by_name, at: c.answered_at } : null,
    attachedToCase: c.case_id ? (showCase ? { caseId: c.case_id, reference: c.case_reference, at: c.attached_at } : { at: c.attached_at }) : null,
  });
  const apiRefused = (res: Response) => (error: unknown) => {
    if (!(error instanceof RecordRefused)) throw error;
    apiInvalid(res, refusalErrors(error), error.status);
  };

  // Before /:id. The board's statistics: how many, for the area of the person asking (statistics:view).
  r.get('/api/v1/consultations/counts', { access: 'statistics:view', audit: { none: 'a consultation between professionals, audited when it names a child' } }, async (req, res) => {
    if (!req.user!.localAuthorityId) throw badRequest('Your account belongs to no local authority.');
    const q = countsQuery.parse(req.query);
    const today = londonDateOf(services.now());
    res.json(await anonymousConsultationCounts(services.db, { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today, localAuthorityId: req.user!.localAuthorityId }));
  });

  r.get('/api/v1/consultations', { access: 'signed-in', audit: 'consultation.list' }, async (req, res) => {
    const { rows } = await consultations.list(req.user!, auditContext(req));
    res.json({ items: rows.map((c) => apiItem(c, answering(req.user!, c))) });
  });

  r.post('/api/v1/consultations', { access: 'signed-in', audit: 'consultation.asked', schema: askSchema, invalid: (_req, res, errors) => apiInvalid(res, errors) }, async (req, res, data) => {
    await consultations.ask(req.user!, data, req.body as Record<string, unknown>, auditContext(req)).then((c) => res.status(201).location(consultationsPaths.api(c.id)).json(c), apiRefused(res));
  });

  r.get('/api/v1/consultations/:consultationId', { access: 'signed-in', audit: 'consultation.read' }, async (req, res) => {
    const c = await consultations.one(req.user!, String(req.params.consultationId), auditContext(req));
    res.json(apiItem(c, answering(req.user!, c)));
  });

  // Whoever may not see (or answer) the consultation is refused before the body is read (the authorisation matrix, issue 16).
  const answerGate = async (req: Request, res: Response, errors: FieldErrors) => {
    const row = await consultations.visible(req.user!, String(req.params.consultationId), auditContext(req), 'consultation.answered');
    if (!consultations.mayAnswer(req.user!, row)) throw forbidden('The front door or the CSE coordinator of the area answers this consultation.');
    apiInvalid(res, errors);
  };
  const attachGate = async (req: Request, res: Response, errors: FieldErrors) => {
    await consultations.visible(req.user!, String(req.params.consultationId), auditContext(req), 'consultation.attached');
    apiInvalid(res, errors);
  };
  r.post('/api/v1/consultations/:consultationId/answer', { access: 'signed-in', audit: 'consultation.answered', schema: answerSchema, invalid: answerGate }, async (req, res, data) => {
    await consultations.answer(req.user!, String(req.params.consultationId), data, auditContext(req)).then(() => res.json({ answered: true }), apiRefused(res));
  });

  r.post('/api/v1/consultations/:consultationId/attach', { access: 'signed-in', audit: 'consultation.attached', schema: attachSchema, invalid: attachGate }, async (req, res, data) => {
    await consultations.attach(req.user!, String(req.params.consultationId), data.caseReference, auditContext(req), req.apiToken?.caseIds ?? null).then((k) => res.json({ attached: true, caseId: k.id }), apiRefused(res));
  });

  return router;
}
