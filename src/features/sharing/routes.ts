// The Sharing section of a case (issue 13): decisions in force, pending approvals, withdrawn consents and decisions
// not to share; recording a decision (consent, without consent with the seven questions of bedford-luton 5.7, or
// not to share); a second person's approval; consent withdrawn. Approvers' pending requests at /work/sharing. The
// JSON API calls the same service with the same checks (docs/openapi.yaml).
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden, problem } from '../../platform/web/errors.ts';
import { Refused, refusalErrors } from '../../platform/web/refusals.ts';
import { hasRole } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import {
  APPROVER_ROLES, CONSENT_GIVER_LABELS, CONSENT_METHOD_LABELS, PUBLIC_INTEREST_QUESTIONS, SHARING_BASES, SHARING_BASIS_LABELS, TOLD_LABELS, consentGiversFor,
} from '../../domain/sharing/sharing.ts';
import type { ConsentGiver, SharingBasis, SharingStatus, ToldAnswer } from '../../domain/sharing/sharing.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { mayRecordOnCase, readCase } from '../case-access/service.ts';
import { auditListedCases } from '../cases/service-listed-cases.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { workNavigation } from '../work/presenters.ts';
import { createSharingService } from './service.ts';
import type { SharingService } from './service.ts';
import { sharingPaths } from './paths.ts';
import { readSharedSummary } from './service-shared-summary.ts';
import { approvalSchema, decisionSchema, tellingSchema, withdrawalSchema } from './schemas.ts';

const NOTICES: Record<string, string> = {
  'in-force': 'The decision was recorded and is in force: the people it names may now see what it shares.',
  pending: 'The request was recorded. Nothing is shared until a manager or designated safeguarding lead approves it.',
  'not-shared': 'The decision not to share was recorded with its reason.',
  approved: 'The request was approved: the people it names may now see what it shares.',
  declined: 'The request was declined. Nothing was shared.',
  withdrawn: 'The withdrawal of consent was recorded: what it shared is no longer shown to the people it named.',
  told: 'Whether the child has been told was recorded.',
};

const STATUS_TAGS: Record<SharingStatus, { text: string; classes: string }> = {
  'in-force': { text: 'In force', classes: 'govuk-tag--green' },
  pending: { text: 'Awaiting approval', classes: 'govuk-tag--yellow' },
  declined: { text: 'Declined', classes: 'govuk-tag--grey' },
  withdrawn: { text: 'Consent withdrawn', classes: 'govuk-tag--orange' },
  'not-shared': { text: 'Not shared', classes: 'govuk-tag--blue' },
};

type DecisionRow = Awaited<ReturnType<SharingService['forCase']>>['decisions'][number];

export function decisionView(d: DecisionRow) {
  const answers = (d.answers ?? {}) as Record<string, string>;
  return {
    ...d,
    basisLabel: SHARING_BASIS_LABELS[d.basis as SharingBasis],
    tag: STATUS_TAGS[d.status],
    consentGiverLabel: d.consent_giver ? CONSENT_GIVER_LABELS[d.consent_giver as ConsentGiver] : null,
    consentMethodLabel: d.consent_method ? CONSENT_METHOD_LABELS[d.consent_method] : null,
    answers: PUBLIC_INTEREST_QUESTIONS.filter((q) => answers[q.id]).map((q) => ({ question: q.label, answer: answers[q.id] })),
    childToldLabel: d.child_told ? TOLD_LABELS[d.child_told as ToldAnswer] : null,
    familyToldLabel: d.family_told ? (d.family_told === 'not-appropriate' ? 'Not appropriate to tell the family' : TOLD_LABELS[d.family_told as ToldAnswer]) : null,
  };
}

/** The decision as the API gives it. */
export function apiDecision(d: DecisionRow) {
  return {
    id: d.id, basis: d.basis, status: d.status, purpose: d.purpose, requestedBy: d.requested_by_name, requestedAgency: d.requested_agency_name, requestedAt: d.requested_at,
    items: d.items, itemsYouCannotSee: d.hiddenItems, recipients: d.recipients,
    consent: d.basis === 'consent' ? { giver: d.consent_giver, giverName: d.consent_giver_name, method: d.consent_method, givenOn: d.consent_given_on, capacityReasons: d.capacity_reasons, limits: d.consent_limits } : null,
    answers: d.answers, notSharedReason: d.not_shared_reason,
    decidedBy: d.decided_by_name, decidedAt: d.decided_at, decisionNote: d.decision_note,
    withdrawnBy: d.withdrawn_by_name, withdrawnAt: d.withdrawn_at, withdrawalReason: d.withdrawal_reason,
    telling: d.child_told ? { child: d.child_told, family: d.family_told, teller: d.teller_name, tellBy: d.tell_by, notToldReason: d.not_told_reason, familyNotToldReason: d.family_not_told_reason } : null,
    version: d.version, mayApprove: d.mayApprove, mayWithdraw: d.mayWithdraw, mayRecordTelling: d.mayRecordTelling,
  };
}

function tellingOptions(input: Record<string, unknown>) {
  return {
    toldOptions: Object.entries(TOLD_LABELS).map(([value, text]) => ({ value, text, checked: input.childTold === value })),
    familyOptions: [...Object.entries(TOLD_LABELS), ['not-appropriate', 'Not appropriate to tell the family']].map(([value, text]) => ({ value, text, checked: input.familyTold === value })),
  };
}

export function sharingRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;
  const sharing = createSharingService({ db, now: services.now });

  type FormState = { input?: Record<string, unknown>; errors?: FieldErrors };

  r.get('/cases/:caseId/sharing', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await openCasePage(services, req, 'sharing');
    const { decisions, counts } = await sharing.forCase(req.user!, page.kase);
    const views = decisions.map(decisionView);
    res.render('sharing/views/sharing.njk', {
      ...caseLocals(page),
      canWrite: mayRecordOnCase(page.decision.basis),
      inForce: views.filter((d) => d.status === 'in-force'),
      pending: views.filter((d) => d.status === 'pending'),
      withdrawn: views.filter((d) => d.status === 'withdrawn'),
      notShared: views.filter((d) => d.status === 'not-shared'),
      declined: views.filter((d) => d.status === 'declined'),
      counts: { inForce: counts['in-force'] ?? 0, pending: counts.pending ?? 0, withdrawn: counts.withdrawn ?? 0, notShared: counts['not-shared'] ?? 0, declined: counts.declined ?? 0 },
      notice: NOTICES[String(req.query.done)] ?? null,
      paths: { record: sharingPaths.record(page.kase.id) },
    });
  });

  const renderNew = async (req: Request, res: Response, state: FormState = {}) => {
    const page = await openCasePage(services, req, 'sharing');
    if (!mayRecordOnCase(page.decision.basis)) throw forbidden('Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record sharing decisions.');
    const actor = req.user!;
    const [items, choices] = await Promise.all([sharing.shareableItems(actor, page.kase), sharing.recipientChoices(actor, page.kase)]);
    // ?item=<type>:<id> preselects one record (a link from the record's own page); the service still checks it.
    const input = state.input ?? { consentGivenOn: londonDateOf(page.now), items: typeof req.query.item === 'string' ? [req.query.item.slice(0, 80)] : [], network: req.query.network === 'yes' ? 'yes' : undefined };
    const chosen = (name: string) => new Set(([] as string[]).concat((input[name] as string[] | string | undefined) ?? []));
    const [itemSet, agencySet, peopleSet] = [chosen('items'), chosen('agencies'), chosen('people')];
    const o = page.overview;
    const age = o.date_of_birth ? ageInYears(o.date_of_birth, page.now) : (o.approximate_age ?? null);
    res.render('sharing/views/new.njk', {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      input,
      age,
      items: items.map((i) => ({ value: i.key, text: i.label, checked: itemSet.has(i.key) })),
      agencies: choices.agencies.map((a) => ({ value: a.id, text: a.name, checked: agencySet.has(a.id) })),
      people: choices.people.map((p) => ({ value: p.user_id, text: `${p.display_name} (${p.agency_name})`, checked: peopleSet.has(p.user_id) })),
      bases: SHARING_BASES.map((value) => ({ value, text: SHARING_BASIS_LABELS[value], checked: input.basis === value })),
      givers: consentGiversFor(age).map((value) => ({ value, text: CONSENT_GIVER_LABELS[value], checked: input.consentGiver === value })),
      methods: Object.entries(CONSENT_METHOD_LABELS).map(([value, text]) => ({ value, text, checked: input.consentMethod === value })),
      questions: PUBLIC_INTEREST_QUESTIONS.map((q) => ({ id: `answer-${q.id}`, label: q.label, value: input[`answer-${q.id}`] })),
      ...tellingOptions(input),
    });
  };

  r.get('/cases/:caseId/sharing/new', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderNew(req, res));
  r.post('/cases/:caseId/sharing/new', { access: 'signed-in', audit: ['sharing.decision-recorded', 'case.read'], schema: decisionSchema, invalid: (req, res, errors, input) => renderNew(req, res, { input, errors }) }, async (req, res, data) => {
    try {
      const { status } = await sharing.record(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, `${sharingPaths.section(String(req.params.caseId))}?done=${status}`);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      res.status(error.status);
      await renderNew(req, res, { input: req.body, errors: refusalErrors(error) });
    }
  });

  const backWithErrors = async (req: Request, res: Response, error: Refused) => {
    // The section shows the error against the decision; the decisions are re-read so a stale form shows what is recorded.
    const page = await openCasePage(services, req, 'sharing');
    const { decisions } = await sharing.forCase(req.user!, page.kase);
    const one = decisions.find((d) => d.id === String(req.params.decisionId));
    // A malformed form about a decision this case does not have (or this person may not see) is not found; a refusal
    // by the service (403, 409) keeps its own answer.
    if (!one && error.status === 400) {
      res.status(404);
      return res.render('errors/404.njk', {});
    }
    res.status(error.status);
    res.render('sharing/views/decision.njk', { ...caseLocals(page), ...validationLocals(refusalErrors(error)), ...tellingOptions(req.body ?? {}), decision: one ? decisionView(one) : null, input: req.body });
  };

  r.get('/cases/:caseId/sharing/:decisionId', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await openCasePage(services, req, 'sharing');
    const { decisions } = await sharing.forCase(req.user!, page.kase);
    const one = decisions.find((d) => d.id === String(req.params.decisionId));
    if (!one) {
      res.status(404);
      return res.render('errors/404.njk', {});
    }
    const recorded = { childTold: one.child_told, tellerName: one.teller_name, tellBy: one.tell_by, notToldReason: one.not_told_reason, familyTold: one.family_told, familyNotToldReason: one.family_not_told_reason };
    res.render('sharing/views/decision.njk', { ...caseLocals(page), ...validationLocals({}), ...tellingOptions(recorded), decision: decisionView(one), input: recorded });
  });

  r.post('/cases/:caseId/sharing/:decisionId/approval', { access: 'signed-in', audit: ['sharing.decision-approved', 'case.read'], schema: approvalSchema, invalid: (req, res, errors) => backWithErrors(req, res, new Refused(Object.entries(errors).map(([field, message]) => ({ field, message })))) }, async (req, res, data) => {
    try {
      const { status } = await sharing.decide(req.user!, String(req.params.caseId), String(req.params.decisionId), data, auditContext(req));
      res.redirect(303, `${sharingPaths.section(String(req.params.caseId))}?done=${status === 'in-force' ? 'approved' : 'declined'}`);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      await backWithErrors(req, res, error);
    }
  });

  r.post('/cases/:caseId/sharing/:decisionId/withdrawal', { access: 'signed-in', audit: ['sharing.consent-withdrawn', 'case.read'], schema: withdrawalSchema, invalid: (req, res, errors) => backWithErrors(req, res, new Refused(Object.entries(errors).map(([field, message]) => ({ field, message })))) }, async (req, res, data) => {
    try {
      await sharing.withdraw(req.user!, String(req.params.caseId), String(req.params.decisionId), data, auditContext(req));
      res.redirect(303, `${sharingPaths.section(String(req.params.caseId))}?done=withdrawn`);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      await backWithErrors(req, res, error);
    }
  });

  r.post('/cases/:caseId/sharing/:decisionId/telling', { access: 'signed-in', audit: ['case.read', 'sharing.telling-recorded'], schema: tellingSchema, invalid: (req, res, errors) => backWithErrors(req, res, new Refused(Object.entries(errors).map(([field, message]) => ({ field, message })))) }, async (req, res, data) => {
    try {
      await sharing.recordTelling(req.user!, String(req.params.caseId), String(req.params.decisionId), data, auditContext(req));
      res.redirect(303, `${sharingPaths.section(String(req.params.caseId))}?done=told`);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      await backWithErrors(req, res, error);
    }
  });

  // Approvers' work list: pending requests to share without consent (no profile sets a timescale for approval).
  // A whole case summary, for the recipients of a decision in force that names it (and anyone who may open the case).
  r.get('/cases/:caseId/shared-summary', { access: 'signed-in', audit: 'case.shared-summary' }, async (req, res) => {
    const summary = await readSharedSummary({ db, profiles: services.profiles, now: services.now }, req.user!, String(req.params.caseId), auditContext(req));
    res.set('Cache-Control', 'no-store');
    res.render('sharing/views/shared-summary.njk', summary);
  });

  r.get('/work/sharing', { access: 'signed-in', audit: { none: 'a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const actor = req.user!;
    if (!hasRole(actor, ...APPROVER_ROLES)) throw forbidden('Requests to share without consent are approved by team managers and designated safeguarding leads.');
    const pending = await sharing.pendingForApprover(actor);
    await auditListedCases(db, auditContext(req), 'sharing-approvals', pending.map((p) => p.case_id));
    res.render('sharing/views/approvals.njk', {
      workNavigation: workNavigation(actor, 'sharing'),
      pending: pending.map((p) => ({ ...p, basisLabel: SHARING_BASIS_LABELS[p.basis as SharingBasis], href: sharingPaths.decision(p.case_id, p.id) })),
    });
  });

  // ---- The JSON API (/api/v1): the same service and checks; described in docs/openapi.yaml ---------------------
  const apiProblem = (res: Response, error: Refused) => {
    const status = error.status;
    res.status(status).type('application/problem+json').send(JSON.stringify(problem(status, status === 400 ? 'validation' : status === 409 ? 'conflict' : 'forbidden', status === 400 ? 'There is a problem' : status === 409 ? 'This decision has changed' : 'You may not do this', error.message, { errors: error.refusals.map((x) => ({ path: x.field, message: x.message })) })));
  };
  const apiInvalid = (res: Response, errors: FieldErrors) => apiProblem(res, new Refused(Object.entries(errors).map(([field, message]) => ({ field, message }))));

  r.get('/api/v1/cases/:caseId/sharing-decisions', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const { kase } = await readCase(db, req.user!, String(req.params.caseId), auditContext(req), 'case.read', services.now());
    const { decisions, counts } = await sharing.forCase(req.user!, kase);
    res.json({ items: decisions.map(apiDecision), counts });
  });

  r.post('/api/v1/cases/:caseId/sharing-decisions', { access: 'signed-in', audit: 'sharing.decision-recorded', schema: decisionSchema, invalid: async (req, res, errors) => { await sharing.guard(req.user!, String(req.params.caseId), null, auditContext(req)); apiInvalid(res, errors); } }, async (req, res, data) => {
    try {
      const created = await sharing.record(req.user!, String(req.params.caseId), data, auditContext(req));
      res.status(201).location(sharingPaths.apiDecisions(String(req.params.caseId))).json(created);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      apiProblem(res, error);
    }
  });

  r.post('/api/v1/cases/:caseId/sharing-decisions/:decisionId/approval', { access: 'signed-in', audit: ['sharing.decision-approved', 'sharing.decision-declined'], schema: approvalSchema, invalid: async (req, res, errors) => { await sharing.guard(req.user!, String(req.params.caseId), String(req.params.decisionId), auditContext(req)); apiInvalid(res, errors); } }, async (req, res, data) => {
    try {
      res.json(await sharing.decide(req.user!, String(req.params.caseId), String(req.params.decisionId), data, auditContext(req)));
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      apiProblem(res, error);
    }
  });

  r.post('/api/v1/cases/:caseId/sharing-decisions/:decisionId/withdrawal', { access: 'signed-in', audit: 'sharing.consent-withdrawn', schema: withdrawalSchema, invalid: async (req, res, errors) => { await sharing.guard(req.user!, String(req.params.caseId), String(req.params.decisionId), auditContext(req)); apiInvalid(res, errors); } }, async (req, res, data) => {
    try {
      await sharing.withdraw(req.user!, String(req.params.caseId), String(req.params.decisionId), data, auditContext(req));
      res.json({ status: 'withdrawn' });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      apiProblem(res, error);
    }
  });

  r.post('/api/v1/cases/:caseId/sharing-decisions/:decisionId/telling', { access: 'signed-in', audit: 'sharing.telling-recorded', schema: tellingSchema, invalid: async (req, res, errors) => { await sharing.guard(req.user!, String(req.params.caseId), String(req.params.decisionId), auditContext(req)); apiInvalid(res, errors); } }, async (req, res, data) => {
    try {
      await sharing.recordTelling(req.user!, String(req.params.caseId), String(req.params.decisionId), data, auditContext(req));
      res.json({ childTold: data.childTold });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      apiProblem(res, error);
    }
  });

  return router;
}
