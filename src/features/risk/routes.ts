// The Risk section of a case, the CSE referral and the coordinator's decision, and the coordinator's view.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';
import { HttpError } from '../../platform/web/errors.ts';
import { SHARING_LEVEL_LABELS, hasRole } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/access/access.ts';
import { indicatorsInSet } from '../../domain/risk/catalogue.ts';
import { indicatorSetsFor } from '../../domain/risk/profile-sets.ts';
import { SUGGESTION_NOTICE, suggestCategory } from '../../domain/risk/suggest.ts';
import { ageRule } from '../../domain/risk/age-rules.ts';
import { traffickingFlag } from '../../domain/risk/trafficking.ts';
import { AGE_RULE_SUMMARY, defaultSharingLevel, mayWidenSharing } from '../../domain/risk/cse-referral.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { recordAudit } from '../audit/service.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { childName } from '../../platform/web/child-name.ts';
import { withStatus } from '../clocks/service.ts';
import { sharingPaths } from '../sharing/paths.ts';
import { RiskRefused, StaleCase, childAgeBand, createRiskService, cseLeadLabel, cseMeetingLabel } from './service.ts';
import { agencyOf, caseReferrals, categoryHistory, childLinks, coordinatorOverview, linkableCases, nrmConsiderations, visibleObservations } from './queries.ts';
import { categoryDecisionSchema, linkSchema, nrmSchema, observationSchema, referralDecisionSchema, referralSchema } from './schemas.ts';
import { entityMentions } from '../intelligence/service-mentions.ts';
import { riskPaths } from './paths.ts';
import {
  SHARING_HINTS,
  categoryOptions,
  historyView,
  howKnownOptions,
  indicatorOptionGroups,
  matrixRows,
  evidenceRows,
  toObservation,
} from './presenters.ts';

const errorsFrom = refusalErrors;

export function riskRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;
  const risk = createRiskService(services);

  /** Shared handling of expected refusals: re-render the form with the error summary, status 400/403/409. */
  async function refusalOr(error: unknown, res: Response, render: (extra: Record<string, unknown>) => Promise<unknown>) {
    if (error instanceof RiskRefused) {
      res.status(error.status);
      return render(validationLocals(errorsFrom(error)));
    }
    if (error instanceof StaleCase) {
      res.status(409);
      return render({ ...validationLocals({ form: error.changes.join(' ') }), stale: error.changes });
    }
    throw error;
  }

  // ---- The Risk page --------------------------------------------------------------------------------------------
  async function renderRisk(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const actor = req.user!;
    const page = await openCasePage(services, req, 'risk', 'read-risk');
    const { kase, overview, now } = page;
    const profile = await services.profiles.forAuthority(db, kase.localAuthorityId);
    const [observations, history, referrals, nrm, links, linkable, clocks, permission] = await Promise.all([
      visibleObservations(db, actor, kase.id),
      categoryHistory(db, kase.id),
      caseReferrals(db, kase.id),
      nrmConsiderations(db, kase.id),
      childLinks(db, [kase.childId]),
      linkableCases(db, actor, kase.childId),
      services.clocks.forSubject(db, { caseId: kase.id }, now),
      risk.referralPermission(actor, kase),
    ]);
    const lastDecisionAt = history.at(-1)?.decided_at ?? overview.category_decided_at ?? null;
    const obs = observations.map((o) => toObservation(o, lastDecisionAt));
    const sets = indicatorSetsFor(profile.id);
    const usesMatrix = sets.includes('matrix');
    const flag = traffickingFlag(obs);
    const band = childAgeBand(overview, now);
    const rule = band ? ageRule(band, { careLeaverUnder21: overview.care_leaver }) : null;
    const observedIds = new Set(obs.map((o) => o.indicatorId));
    const linkableIds = new Set(linkable.map((c) => c.id));
    const isCoordinator = hasRole(actor, 'cse-coordinator') && actor.localAuthorityId === kase.localAuthorityId;
    const cseRules = new Set(profile.timescales.filter((t) => t.startsOn === 'cse-referral-received' || t.startsOn === 'cse-category-decided').map((t) => t.id));
    const input = (extra.input as Record<string, unknown> | undefined) ?? {};
    // Register entries the observations mention (issue 12), as far as this viewer may see each observation.
    const mentioned = await entityMentions(db, actor, kase.id, 'observation', observations.map((o) => o.id), now);
    res.render('risk/views/risk.njk', {
      mentionsByObservation: Object.fromEntries(observations.map((o) => [o.id, mentioned.filter((m) => m.recordId === o.id)])),
      kase: overview,
      subNavigation: page.subNavigation,
      basis: page.decision.basis,
      caseFlags: page.flags,
      canContribute: page.decision.basis !== 'break-glass' && page.decision.basis !== 'audit-access',
      usesMatrix,
      matrix: usesMatrix ? matrixRows(obs) : [],
      evidence: evidenceRows(obs, new Set(observations.filter((o) => mayWidenSharing(actor, { agencyId: o.agency_id, sharingLevel: o.sharing_level })).map((o) => o.id))),
      observationCount: obs.length,
      newCount: obs.filter((o) => o.evidence.isNew).length,
      lastDecisionAt,
      suggestion: usesMatrix ? suggestCategory(obs) : null,
      suggestionNotice: SUGGESTION_NOTICE,
      ageBand: band,
      ageRule: rule,
      ageRuleSummary: band ? AGE_RULE_SUMMARY[band] : null,
      checklist: band === '13-15' ? indicatorsInSet('checklist-13-15').map((i) => ({ label: i.label, observed: observedIds.has(i.id) })) : [],
      checklistInProfile: sets.includes('checklist-13-15'),
      trafficking: flag,
      nrm,
      referrals,
      awaiting: referrals.find((x) => x.status === 'awaiting') ?? null,
      mayRefer: permission.allowed,
      referralRefusal: permission.allowed ? null : permission.message,
      cseLead: cseLeadLabel(profile),
      isCoordinator,
      history: historyView(history, now),
      clocks: clocks.filter((c) => cseRules.has(c.rule_id)),
      links: links.map((l) => ({ ...l, visible: l.case_id !== null && linkableIds.has(l.case_id), name: childName(l) })),
      linkOptions: [{ value: '', text: 'Choose a child' }, ...linkable.filter((c) => !links.some((l) => l.other_child_id === c.child_id)).map((c) => ({ value: c.id, text: `${childName(c)} (${c.reference})`, selected: input.linkedCaseId === c.id }))],
      input,
      ...extra,
    });
  }

  r.get('/cases/:caseId/risk', { access: 'signed-in', audit: 'case.read-risk' }, (req, res) => renderRisk(req, res));

  // ---- Recording an observation ---------------------------------------------------------------------------------
  async function renderObservationForm(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const page = await openCasePage(services, req, 'risk', 'read-risk');
    const profile = await services.profiles.forAuthority(db, page.kase.localAuthorityId);
    const agency = await agencyOf(db, req.user!.agencyId);
    const input = (extra.input as Record<string, unknown> | undefined) ?? { sharingLevel: defaultSharingLevel(agency?.kind ?? '') };
    const named = ([] as string[]).concat((input.sharedWith as string[] | string | undefined) ?? []);
    res.render('risk/views/observation-form.njk', {
      kase: page.overview,
      caseFlags: page.flags,
      subNavigation: page.subNavigation,
      basis: page.decision.basis,
      groups: indicatorOptionGroups(profile.id, input.indicatorId),
      howKnown: howKnownOptions(input.howKnown),
      sharingHints: SHARING_HINTS,
      sharingLabels: SHARING_LEVEL_LABELS,
      sharingLevel: input.sharingLevel,
      networkPeople: page.overview.network.filter((m) => m.user_id !== req.user!.id).map((m) => ({ value: m.user_id, text: `${m.display_name}, ${m.agency_name}`, checked: named.includes(m.user_id) })),
      today: londonDateOf(page.now),
      input,
      ...extra,
    });
  }

  r.get('/cases/:caseId/risk/observations/new', { access: 'signed-in', audit: 'case.read-risk' }, (req, res) => renderObservationForm(req, res));

  r.post(
    '/cases/:caseId/risk/observations',
    { access: 'signed-in', audit: ['case.record-observation', 'risk.observation-recorded', 'case.read-risk'], schema: observationSchema, invalid: (req, res, errors, input) => renderObservationForm(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const caseId = String(req.params.caseId);
      try {
        await risk.recordObservation(req.user!, caseId, data, auditContext(req));
        res.redirect(303, `${riskPaths.section(caseId)}?recorded=1`);
      } catch (error) {
        await refusalOr(error, res, (extra) => renderObservationForm(req, res, { ...extra, input: req.body }));
      }
    },
  );

  // ---- Sharing an own-agency observation more widely: a sharing decision (issue 13, src/features/sharing) --------
  // The observation's own level is never rewritten: only a decision in force widens who sees it.
  r.get('/cases/:caseId/risk/observations/:observationId/share', { access: 'signed-in', audit: 'case.read-risk' }, async (req, res) => {
    const page = await openCasePage(services, req, 'risk', 'read-risk');
    const observation = await risk.observationForSharing(req.user!, page.kase, String(req.params.observationId));
    res.redirect(303, sharingPaths.recordWith(page.kase.id, `risk_observation:${observation.id}`, true));
  });

  // ---- National Referral Mechanism consideration and links between children (forms on the Risk page) -------------
  r.post(
    '/cases/:caseId/risk/nrm',
    { access: 'signed-in', audit: ['case.record-nrm', 'risk.nrm-considered'], schema: nrmSchema, invalid: (req, res, errors, input) => renderRisk(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const caseId = String(req.params.caseId);
      await risk.recordNrmConsideration(req.user!, caseId, data, auditContext(req));
      res.redirect(303, `${riskPaths.section(caseId)}#trafficking`);
    },
  );

  r.post(
    '/cases/:caseId/risk/links',
    { access: 'signed-in', audit: ['case.link-child', 'case.read-risk', 'risk.child-linked'], schema: linkSchema, invalid: (req, res, errors, input) => renderRisk(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const caseId = String(req.params.caseId);
      try {
        await risk.linkChild(req.user!, caseId, data, auditContext(req));
        res.redirect(303, `${riskPaths.section(caseId)}#links`);
      } catch (error) {
        await refusalOr(error, res, (extra) => renderRisk(req, res, { ...extra, input: req.body }));
      }
    },
  );

  // ---- CSE referral ---------------------------------------------------------------------------------------------
  async function renderReferral(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const page = await openCasePage(services, req, 'risk', 'read-risk');
    const profile = await services.profiles.forAuthority(db, page.kase.localAuthorityId);
    const permission = await risk.referralPermission(req.user!, page.kase);
    const awaiting = (await caseReferrals(db, page.kase.id)).find((x) => x.status === 'awaiting') ?? null;
    const decisionRule = profile.timescales.find((t) => t.startsOn === 'cse-referral-received' && t.duration);
    res.render('risk/views/referral-form.njk', {
      kase: page.overview,
      caseFlags: page.flags,
      subNavigation: page.subNavigation,
      basis: page.decision.basis,
      cseLead: cseLeadLabel(profile),
      refusal: permission.allowed ? null : permission.message,
      awaiting,
      decisionRule,
      input: {},
      ...extra,
    });
  }

  r.get('/cases/:caseId/risk/referral/new', { access: 'signed-in', audit: 'case.read-risk' }, (req, res) => renderReferral(req, res));

  r.post(
    '/cases/:caseId/risk/referral',
    { access: 'signed-in', audit: ['case.cse-referral', 'risk.cse-referral-made', 'case.read-risk'], schema: referralSchema, invalid: (req, res, errors, input) => renderReferral(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const caseId = String(req.params.caseId);
      try {
        await risk.referToCse(req.user!, caseId, data, auditContext(req));
        res.redirect(303, `${riskPaths.section(caseId)}?referred=1`);
      } catch (error) {
        await refusalOr(error, res, (extra) => renderReferral(req, res, { ...extra, input: req.body }));
      }
    },
  );

  // ---- The coordinator's decision on a referral, and later re-assessments -----------------------------------------
  async function decisionPageData(req: Request) {
    const page = await openCasePage(services, req, 'risk', 'read-risk');
    const profile = await services.profiles.forAuthority(db, page.kase.localAuthorityId);
    const observations = await visibleObservations(db, req.user!, page.kase.id);
    const history = await categoryHistory(db, page.kase.id);
    const obs = observations.map((o) => toObservation(o, history.at(-1)?.decided_at ?? page.overview.category_decided_at ?? null));
    const suggestion = indicatorSetsFor(profile.id).includes('matrix') ? suggestCategory(obs) : suggestCategory([]);
    const band = childAgeBand(page.overview, page.now);
    return { page, profile, suggestion, band };
  }

  async function renderDecision(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { page, profile, suggestion, band } = await decisionPageData(req);
    const referral = await risk.referralForDecision(req.user!, page.kase, String(req.params.referralId));
    const input = (extra.input as Record<string, unknown> | undefined) ?? {};
    const clocks = (await services.clocks.forSubject(db, { caseId: page.kase.id }, page.now)).filter((c) => c.rule_id === 'cse-referral-decision');
    res.render('risk/views/decision-form.njk', {
      kase: page.overview,
      subNavigation: page.subNavigation,
      basis: page.decision.basis,
      caseFlags: page.flags,
      referral,
      clocks,
      cseLead: cseLeadLabel(profile),
      cseMeeting: cseMeetingLabel(profile),
      suggestion,
      suggestionNotice: SUGGESTION_NOTICE,
      ageRuleSummary: band ? AGE_RULE_SUMMARY[band] : null,
      categories: categoryOptions(profile, input.category, suggestion.category),
      caseVersion: input.caseVersion ?? page.overview.version,
      referralVersion: input.referralVersion ?? referral.version,
      input,
      ...extra,
    });
  }

  r.get('/cases/:caseId/risk/referrals/:referralId/decision', { access: 'cse:coordinate', audit: 'case.read-risk' }, (req, res) => renderDecision(req, res));

  r.post(
    '/cases/:caseId/risk/referrals/:referralId/decision',
    { access: 'cse:coordinate', audit: ['case.decide-cse-referral', 'risk.cse-referral-decided', 'risk.category-decided', 'case.read-risk'], schema: referralDecisionSchema, invalid: (req, res, errors, input) => renderDecision(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const caseId = String(req.params.caseId);
      try {
        await risk.decideReferral(req.user!, caseId, String(req.params.referralId), data, auditContext(req));
        res.redirect(303, `${riskPaths.section(caseId)}?decided=1`);
      } catch (error) {
        // On a stale version the form shows the current versions, so deciding again is a deliberate act.
        await refusalOr(error, res, (extra) => renderDecision(req, res, { ...extra, input: error instanceof StaleCase ? { ...req.body, caseVersion: undefined, referralVersion: undefined } : req.body }));
      }
    },
  );

  async function renderCategory(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { page, profile, suggestion, band } = await decisionPageData(req);
    if (!hasRole(req.user!, 'cse-coordinator') || req.user!.localAuthorityId !== page.kase.localAuthorityId) {
      throw new HttpError(403, 'forbidden', 'You do not have access to this page', 'Only the CSE coordinator of this child’s local authority can decide the risk category.');
    }
    const input = (extra.input as Record<string, unknown> | undefined) ?? {};
    res.render('risk/views/category-form.njk', {
      kase: page.overview,
      subNavigation: page.subNavigation,
      basis: page.decision.basis,
      caseFlags: page.flags,
      cseLead: cseLeadLabel(profile),
      suggestion,
      suggestionNotice: SUGGESTION_NOTICE,
      ageRuleSummary: band ? AGE_RULE_SUMMARY[band] : null,
      categories: categoryOptions(profile, input.category, suggestion.category),
      caseVersion: input.caseVersion ?? page.overview.version,
      input,
      ...extra,
    });
  }

  r.get('/cases/:caseId/risk/category', { access: 'cse:coordinate', audit: 'case.read-risk' }, (req, res) => renderCategory(req, res));

  r.post(
    '/cases/:caseId/risk/category',
    { access: 'cse:coordinate', audit: ['case.decide-category', 'risk.category-decided', 'case.read-risk'], schema: categoryDecisionSchema, invalid: (req, res, errors, input) => renderCategory(req, res, { ...validationLocals(errors), input }) },
    async (req, res, data) => {
      const caseId = String(req.params.caseId);
      try {
        await risk.recordCategory(req.user!, caseId, data, auditContext(req));
        res.redirect(303, `${riskPaths.section(caseId)}?decided=1`);
      } catch (error) {
        await refusalOr(error, res, (extra) => renderCategory(req, res, { ...extra, input: error instanceof StaleCase ? { ...req.body, caseVersion: undefined } : req.body }));
      }
    },
  );

  // ---- The coordinator's view of the area -----------------------------------------------------------------------
  r.get('/risk/coordinator', { access: 'cse:coordinate', audit: 'risk.coordinator-view' }, async (req, res) => {
    const actor: Actor = req.user!;
    const la = actor.localAuthorityId ?? '';
    const now = services.now();
    const profile = await services.profiles.forAuthority(db, la);
    const overview = await coordinatorOverview(db, la);
    await recordAudit(db, auditContext(req), {
      action: 'risk.coordinator-view',
      entityType: 'local_authority',
      entityId: la,
      details: { cases: overview.categorised.length, awaiting: overview.awaiting.length, frontDoor: overview.referredByFrontDoor.length },
    });
    const linksFor = (childId: string) => overview.links.filter((l) => l.child_id === childId).map((l) => ({ ...l, name: childName(l) }));
    const due = (at: Date | null) => (at ? withStatus({ due_at: new Date(at), stopped_at: null, warning_hours: 4 }, now) : null);
    res.render('risk/views/coordinator.njk', {
      cseLead: cseLeadLabel(profile),
      awaiting: overview.awaiting.map((a) => ({ ...a, name: childName(a), due: due(a.due_at), links: linksFor(a.child_id) })),
      frontDoor: overview.referredByFrontDoor.map((a) => ({ ...a, name: childName(a), due: due(a.due_at), links: linksFor(a.child_id) })),
      groups: ([3, 2, 1] as const).map((category) => ({
        category,
        cases: overview.categorised.filter((c) => c.category === category).map((c) => ({ ...c, name: childName(c), links: linksFor(c.child_id) })),
      })),
    });
  });

  return router;
}
