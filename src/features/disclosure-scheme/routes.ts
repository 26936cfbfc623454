// The Child Sex Offender Disclosure Scheme's pages (issue 13; cambridgeshire 9): the police's list of applications,
// recording one (linked to a person in the intelligence register, or described), an application's page with the
// police decision and the disclosure made in person. The JSON API uses the same service and checks (docs/openapi.yaml).
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden, problem } from '../../platform/web/errors.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { APPLICATION_STATUS_LABELS } from '../../domain/disclosure-scheme/scheme.ts';
import type { ApplicationStatus } from '../../domain/disclosure-scheme/scheme.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { POLICE_ONLY, createSchemeService } from './service.ts';
import type { ApplicationRow } from './service.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { applicationSchema, decisionSchema, disclosureSchema } from './schemas.ts';
import { disclosureSchemePaths } from './paths.ts';

const NOTICES: Record<string, string> = {
  applied: 'The application was recorded.',
  decided: 'The police decision was recorded.',
  disclosed: 'The disclosure was recorded.',
  'not-disclosed': 'It was recorded that the disclosure did not take place.',
};
const STATUS_TAGS: Record<ApplicationStatus, string> = { received: 'govuk-tag--yellow', disclose: 'govuk-tag--orange', 'no-disclosure': 'govuk-tag--grey', disclosed: 'govuk-tag--green', 'not-disclosed': 'govuk-tag--grey' };
const PATH = '/disclosure-scheme';

export function disclosureSchemeRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const scheme = createSchemeService({ db: services.db, now: services.now });
  const view = (a: Pick<ApplicationRow, 'status'>) => ({ statusLabel: APPLICATION_STATUS_LABELS[a.status], statusTag: STATUS_TAGS[a.status] });

  r.get(PATH, { access: 'signed-in', audit: 'disclosure-scheme.list' }, async (req, res) => {
    const { police, rows } = await scheme.list(req.user!, auditContext(req));
    res.render('disclosure-scheme/views/list.njk', { police, applications: rows.map((a) => ({ ...a, ...view(a) })), notice: NOTICES[String(req.query.done)] ?? null });
  });

  const renderNew = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    if (!(await scheme.isPoliceActor(req.user!))) throw forbidden(POLICE_ONLY);
    const [officers, persons] = await Promise.all([scheme.officers(req.user!), scheme.persons()]);
    const officer = (input.handlingOfficerId as string | undefined) ?? req.user!.id;
    res.render('disclosure-scheme/views/new.njk', {
      ...validationLocals(errors),
      input: { receivedDate: londonDateOf(services.now()), ...input },
      officerItems: officers.map((o) => ({ value: o.id, text: o.display_name, selected: o.id === officer })),
      personItems: [{ value: '', text: 'Not in the register: describe them below' }, ...persons.map((p) => ({ value: p.id, text: p.label, selected: input.entityId === p.id }))],
    });
  };
  r.get(`${PATH}/new`, { access: 'signed-in', audit: { none: 'an empty form' } }, (req, res) => renderNew(req, res, { entityId: req.query.entityId }));
  r.post(`${PATH}/new`, { access: 'signed-in', audit: 'disclosure-scheme.applied', schema: applicationSchema, invalid: (req, res, errors, input) => renderNew(req, res, input, errors) }, async (req, res, data) => {
    try {
      const { id } = await scheme.apply(req.user!, data, auditContext(req));
      res.redirect(303, disclosureSchemePaths.done(id, 'applied'));
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(error.status);
      await renderNew(req, res, req.body, refusalErrors(error));
    }
  });

  const renderOne = async (req: Request, res: Response, state: { input?: Record<string, unknown>; errors?: FieldErrors } = {}) => {
    const a = await scheme.one(req.user!, String(req.params.applicationId), auditContext(req));
    const police = await scheme.isPoliceActor(req.user!);
    const input = state.input ?? {};
    res.render('disclosure-scheme/views/application.njk', {
      ...validationLocals(state.errors ?? {}),
      a: { ...a, ...view(a) },
      input: { disclosedDate: londonDateOf(services.now()), ...input },
      mayDecide: police && a.status === 'received',
      mayDisclose: police && a.status === 'disclose',
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };
  r.get(`${PATH}/:applicationId`, { access: 'signed-in', audit: 'disclosure-scheme.read' }, (req, res) => renderOne(req, res));

  const refusedTo = (req: Request, res: Response) => async (error: unknown) => {
    if (!(error instanceof RecordRefused)) throw error;
    res.status(error.status);
    await renderOne(req, res, { input: req.body, errors: refusalErrors(error) });
  };
  r.post(`${PATH}/:applicationId/decision`, { access: 'signed-in', audit: ['disclosure-scheme.read', 'disclosure-scheme.decided'], schema: decisionSchema, invalid: (req, res, errors, input) => renderOne(req, res, { input, errors }) }, async (req, res, data) => {
    const id = String(req.params.applicationId);
    await scheme.decide(req.user!, id, data, auditContext(req)).then(() => res.redirect(303, disclosureSchemePaths.done(id, 'decided')), refusedTo(req, res));
  });
  r.post(`${PATH}/:applicationId/disclosure`, { access: 'signed-in', audit: ['disclosure-scheme.read', 'disclosure-scheme.disclosed'], schema: disclosureSchema, invalid: (req, res, errors, input) => renderOne(req, res, { input, errors }) }, async (req, res, data) => {
    const id = String(req.params.applicationId);
    await scheme.disclose(req.user!, id, data, auditContext(req)).then((status) => res.redirect(303, disclosureSchemePaths.done(id, status)), refusedTo(req, res));
  });

  // ---- The JSON API ------------------------------------------------------------------------------------------------
  const apiInvalid = (res: Response, errors: FieldErrors, status = 400) =>
    res.status(status).type('application/problem+json').send(JSON.stringify(problem(status, status === 409 ? 'conflict' : 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
  const apiRefused = (res: Response) => (error: unknown) => {
    if (!(error instanceof RecordRefused)) throw error;
    apiInvalid(res, refusalErrors(error), error.status);
  };
  const apiItem = (a: ApplicationRow) => ({
    id: a.id, reference: a.reference, status: a.status, receivedAt: a.received_at,
    applicant: { name: a.applicant_name, relationship: a.applicant_relationship, contact: a.applicant_contact },
    childDescription: a.child_description, personOfConcern: { entityId: a.entity_id, label: a.entity_label, description: a.person_description }, concern: a.concern,
    handlingOfficer: a.handling_officer_name,
    decision: a.decided_at ? { decision: a.status === 'no-disclosure' ? 'no-disclosure' : 'disclose', reason: a.decision_reason, by: a.decided_by_name, at: a.decided_at } : null,
    disclosure: a.disclosed_at
      ? { at: a.disclosed_at, by: a.disclosed_by_name, recipient: a.recipient_name, relationship: a.recipient_relationship, inPerson: a.in_person, warningsGiven: a.warnings_given, undertakingSigned: a.undertaking_signed, unsignedConsideration: a.unsigned_consideration, took_place: a.status === 'disclosed' }
      : null,
  });

  // Whoever is not police is refused before the body is read (the authorisation matrix, issue 16).
  const policeGate = async (req: Request, res: Response, errors: FieldErrors) => {
    if (!(await scheme.isPoliceActor(req.user!))) throw forbidden(POLICE_ONLY);
    apiInvalid(res, errors);
  };
  r.get('/api/v1/disclosure-scheme', { access: 'signed-in', audit: { none: 'a disclosure scheme application about an adult, not a child’s case' } }, async (req, res) => {
    const { rows } = await scheme.list(req.user!, auditContext(req));
    res.json({ items: rows.map(apiItem) });
  });
  r.post('/api/v1/disclosure-scheme', { access: 'signed-in', audit: 'disclosure-scheme.applied', schema: applicationSchema, invalid: policeGate }, async (req, res, data) => {
    await scheme.apply(req.user!, data, auditContext(req)).then((a) => res.status(201).location(disclosureSchemePaths.api(a.id)).json(a), apiRefused(res));
  });
  r.get('/api/v1/disclosure-scheme/:applicationId', { access: 'signed-in', audit: 'disclosure-scheme.read' }, async (req, res) => {
    res.json(apiItem(await scheme.one(req.user!, String(req.params.applicationId), auditContext(req))));
  });
  r.post('/api/v1/disclosure-scheme/:applicationId/decision', { access: 'signed-in', audit: 'disclosure-scheme.decided', schema: decisionSchema, invalid: policeGate }, async (req, res, data) => {
    await scheme.decide(req.user!, String(req.params.applicationId), data, auditContext(req)).then(() => res.json({ decided: true }), apiRefused(res));
  });
  r.post('/api/v1/disclosure-scheme/:applicationId/disclosure', { access: 'signed-in', audit: 'disclosure-scheme.disclosed', schema: disclosureSchema, invalid: policeGate }, async (req, res, data) => {
    await scheme.disclose(req.user!, String(req.params.applicationId), data, auditContext(req)).then((status) => res.json({ status }), apiRefused(res));
  });

  return router;
}
