// The intelligence register's pages (issue 12): the register and its search, recording an entity (likely matches
// first), an entity's page (linked children told apart by the access model, linked entities, the timeline, the
// agencies holding links, merge and undo), a case's section (its links, who else is linked, the network picture),
// and the pattern-of-targeting alerts for the CSE coordinator.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden, notFound, problem } from '../../platform/web/errors.ts';
import { caseLocals, sharingOptions } from '../case-access/presenters.ts';
import { mayRecordOnCase, readCase, writeCase } from '../case-access/service.ts';
import { currentNetwork } from '../cases/queries.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { SHARING_LEVEL_LABELS, hasRole } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { OBSERVATION_SOURCES, OBSERVATION_SOURCE_LABELS } from '../../domain/risk/suggest.ts';
import type { ObservationSource } from '../../domain/risk/suggest.ts';
import { DESCRIPTION_FIELDS, DISRUPTION_KINDS, DISRUPTION_LABELS, ENTITY_KINDS, ENTITY_KIND_LABELS, JUSTICE_OUTCOMES, JUSTICE_OUTCOME_LABELS, PLACE_KINDS } from '../../domain/intelligence/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { LINK_REFUSAL, MENTION_RECORD_TYPES, createIntelligenceService, inputFacts } from './service.ts';
import type { MentionRecordType } from './service.ts';
import { caseLinkSchema, disruptionSchema, justiceOutcomeSchema, episodeLinkSchema, mentionSchema, dismissSchema, entityLinkSchema, entitySchema, mergeSchema, undoSchema } from './schemas.ts';
import { apiEntityPath, caseIntelligencePath, caseLinkPath, entityPath, episodeIntelligencePath, episodeLinkPath, mentionsPath, newEpisodeEntityPath, planTargetsPath } from './paths.ts';
import { notesPaths } from '../notes/paths.ts';
import { riskPaths } from '../risk/paths.ts';
import { networkSvg } from './presenters.ts';
import { planTargets } from './service-plan-targets.ts';
import { meetingsPaths } from '../meetings/paths.ts';
import type { NetworkEdge, NetworkNode } from './presenters.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export const DESCRIPTION_LABELS: Record<(typeof DESCRIPTION_FIELDS)[number], string> = {
  hair: 'Hair', skin: 'Skin', ethnicity: 'Ethnicity', height: 'Height', build: 'Build', clothes: 'Clothes', jewellery: 'Jewellery', distinguishingMarks: 'Distinguishing marks (for example tattoos)', accent: 'Accent',
};
const PLACE_KIND_LABELS: Record<(typeof PLACE_KINDS)[number], string> = { home: 'Home', flat: 'Flat', hotel: 'Hotel', takeaway: 'Takeaway', park: 'Park', hotspot: 'Hotspot', other: 'Other' };
const NOTICES: Record<string, string> = {
  linked: 'The link was recorded and added to the chronology.',
  created: 'The record was added to the register.',
  'entity-linked': 'The two records were linked.',
  merged: 'The records were merged. You can undo this below.',
  undone: 'The merge was undone: the links are back on both records.',
  removed: 'The link was removed.',
  dismissed: 'The alert was dismissed.',
  disruption: 'The disruption action was recorded.',
  'justice-outcome': 'The criminal-justice outcome was recorded.',
  named: 'The entry is now named in the disruption plan.',
  mentioned: 'The entry is now mentioned here, and on its own page for those who may see this record.',
};

const howKnownItems = (chosen: unknown) => OBSERVATION_SOURCES.map((value) => ({ value, text: OBSERVATION_SOURCE_LABELS[value], checked: chosen === value }));
const sharingLabel = (level: string) => SHARING_LEVEL_LABELS[level as SharingLevel] ?? level;
const howLabel = (h: string) => OBSERVATION_SOURCE_LABELS[h as ObservationSource] ?? h;

/**
 * Where a new entry is linked once recorded (or a likely match chosen): a case's link form, or a missing
 * episode's "who they were with, where found" form. Only identifiers in the expected shape pass through.
 */
function linkTarget(input: Record<string, unknown>) {
  const caseId = typeof input.caseId === 'string' && isRecordId(input.caseId) ? input.caseId : null;
  const episodeId = caseId && typeof input.episodeId === 'string' && isRecordId(input.episodeId) ? input.episodeId : null;
  const role = input.role === 'found-at' ? 'found-at' : 'with';
  const linkBase = caseId ? (episodeId ? episodeLinkPath(caseId, episodeId, role) : caseLinkPath(caseId)) : null;
  return { caseId, episodeId, role, linkBase };
}

export function intelligenceRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const intel = createIntelligenceService({ db: services.db, now: services.now, profiles: services.profiles });
  const practitioner = 'cases:search' as const;

  // ---- The register ---------------------------------------------------------------------------------------------
  r.get('/intelligence', { access: practitioner, audit: 'intelligence.register-read' }, async (req, res) => {
    const q = typeof req.query.q === 'string' && req.query.q.trim() !== '' ? req.query.q.trim().slice(0, 200) : undefined;
    const entities = await intel.list(req.user!, auditContext(req), q);
    res.render('intelligence/views/register.njk', {
      q, entities: entities.map((e) => ({ ...e, kindLabel: ENTITY_KIND_LABELS[e.kind] })), isCoordinator: hasRole(req.user!, 'cse-coordinator'), notice: NOTICES[String(req.query.done)] ?? null,
    });
  });

  const renderNew = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}, matches: Awaited<ReturnType<typeof intel.likelyMatches>> = []) => {
    const kind = ENTITY_KINDS.includes(input.kind as never) ? (input.kind as string) : undefined;
    res.render('intelligence/views/new.njk', {
      ...validationLocals(errors),
      input,
      kind,
      ...linkTarget(input),
      kindItems: ENTITY_KINDS.map((value) => ({ value, text: ENTITY_KIND_LABELS[value], checked: kind === value })),
      placeKinds: [{ value: '', text: 'Choose' }, ...PLACE_KINDS.map((value) => ({ value, text: PLACE_KIND_LABELS[value], selected: input.placeKind === value }))],
      sexItems: [{ value: '', text: 'Not given' }, { value: 'female', text: 'Female', selected: input.sex === 'female' }, { value: 'male', text: 'Male', selected: input.sex === 'male' }, { value: 'not-known', text: 'Not known', selected: input.sex === 'not-known' }],
      descriptionFields: DESCRIPTION_FIELDS.map((f) => ({ name: f, label: DESCRIPTION_LABELS[f] })),
      matches,
    });
  };

  r.get('/intelligence/new', { access: practitioner, audit: { none: 'an empty form' } }, (req, res) => renderNew(req, res, { kind: req.query.kind, caseId: req.query.caseId, episodeId: req.query.episodeId, role: req.query.role }));

  r.post('/intelligence/new', { access: practitioner, audit: { none: 'intelligence about people and places, audited when it reaches a child' }, schema: entitySchema, invalid: (req, res, errors, input) => renderNew(req, res, input, errors) }, async (req, res, data) => {
    const { linkBase } = linkTarget(req.body as Record<string, unknown>);
    if (!data.confirmed) {
      const matches = await intel.likelyMatches(req.user!, inputFacts(data).facts);
      if (matches.length > 0) return renderNew(req, res, { ...req.body, confirmed: undefined }, {}, matches);
    }
    const id = await intel.create(req.user!, data, auditContext(req));
    res.redirect(303, linkBase ? `${linkBase}${linkBase.includes('?') ? '&' : '?'}entityId=${id}` : `${entityPath(id)}?done=created`);
  });

  // ---- Alerts (before /intelligence/:id) -------------------------------------------------------------------------
  r.get('/intelligence/alerts', { access: 'cse:coordinate', audit: 'intelligence.alerts-read' }, async (req, res) => {
    res.render('intelligence/views/alerts.njk', { alerts: await intel.alerts(req.user!, auditContext(req)), notice: NOTICES[String(req.query.done)] ?? null });
  });

  const renderAlert = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const { alert, links } = await intel.alert(req.user!, String(req.params.alertId), auditContext(req));
    const visibleCases = [...new Set(links.filter((l) => l.visible).map((l) => l.caseId))];
    const references = [...new Set(links.filter((l) => l.visible).map((l) => l.reference))];
    res.render('intelligence/views/alert.njk', {
      ...validationLocals(errors), input, alert, links: links.map((l) => ({ ...l, howLabel: howLabel(l.how_known) })),
      conveneHref: visibleCases[0] ? meetingsPaths.convene(visibleCases[0], { linkedCases: references.slice(1).join(', ') }) : null,
    });
  };
  r.get('/intelligence/alerts/:alertId', { access: 'cse:coordinate', audit: 'intelligence.alert-read' }, (req, res) => renderAlert(req, res));
  r.post('/intelligence/alerts/:alertId/dismiss', { access: 'cse:coordinate', audit: 'intelligence.alert-dismissed', schema: dismissSchema, invalid: (req, res, errors, input) => renderAlert(req, res, input, errors) }, async (req, res, data) => {
    await intel.dismissAlert(req.user!, String(req.params.alertId), data.reason, auditContext(req));
    res.redirect(303, '/intelligence/alerts?done=dismissed');
  });

  // ---- An entity ---------------------------------------------------------------------------------------------------
  const renderEntity = async (req: Request, res: Response, state: { input?: Record<string, unknown>; errors?: FieldErrors } = {}) => {
    const page = await intel.entityPage(req.user!, String(req.params.entityId), auditContext(req));
    const d = page.entity.details as Record<string, unknown>;
    const detailRows = Object.entries(d)
      .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => ({ key: { text: DESCRIPTION_LABELS[k as keyof typeof DESCRIPTION_LABELS] ?? k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()) }, value: { text: Array.isArray(v) ? v.join(', ') : String(v) } }));
    if (page.entity.date_of_birth) detailRows.push({ key: { text: 'Date of birth' }, value: { text: String(page.entity.date_of_birth) } });
    if (page.entity.sex) detailRows.push({ key: { text: 'Sex' }, value: { text: page.entity.sex } });
    res.status(state.errors ? 400 : 200).render('intelligence/views/entity.njk', {
      ...validationLocals(state.errors ?? {}),
      input: state.input ?? {},
      ...page,
      kindLabel: ENTITY_KIND_LABELS[page.entity.kind],
      detailRows,
      timeline: page.timeline.map((t) => ({ ...t, howLabel: howLabel(t.how_known), sharingLabel: sharingLabel(t.sharing_level) })),
      howKnownItems: howKnownItems(state.input?.howKnown),
      disruptionItems: DISRUPTION_KINDS.map((value) => ({ value, text: DISRUPTION_LABELS[value], checked: state.input?.disruption === value })),
      disruptionRows: page.disruptions.map((d) => ({ ...d, label: DISRUPTION_LABELS[d.kind] })),
      outcomeItems: JUSTICE_OUTCOMES.map((value) => ({ value, text: JUSTICE_OUTCOME_LABELS[value], checked: state.input?.outcome === value })),
      outcomeRows: page.justiceOutcomes.map((o) => ({ ...o, label: JUSTICE_OUTCOME_LABELS[o.outcome] })),
      networkSvg: page.network.rows.length ? networkSvg(page.network.nodes, page.network.edges, page.network.rows.map((r) => `${r.from} → ${r.nature} → ${r.to}`).join('. ')) : null,
      networkRows: page.network.rows,
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };

  r.get('/intelligence/:entityId', { access: practitioner, audit: 'intelligence.entity-read' }, (req, res) => renderEntity(req, res));

  const refusedTo = (req: Request, res: Response) => async (error: unknown) => {
    if (!(error instanceof RecordRefused)) throw error;
    await renderEntity(req, res, { input: req.body, errors: refusalErrors(error) });
  };

  r.post('/intelligence/:entityId/links', { access: practitioner, audit: 'intelligence.entities-linked', schema: entityLinkSchema, invalid: (req, res, errors, input) => renderEntity(req, res, { input, errors }) }, async (req, res, data) => {
    await intel.linkEntities(req.user!, String(req.params.entityId), data, auditContext(req)).then(() => res.redirect(303, `${entityPath(String(req.params.entityId))}?done=entity-linked`), refusedTo(req, res));
  });

  r.post('/intelligence/:entityId/merge', { access: practitioner, audit: ['intelligence.merge', 'intelligence.entity-read'], schema: mergeSchema, invalid: (req, res, errors, input) => renderEntity(req, res, { input, errors }) }, async (req, res, data) => {
    await intel.merge(req.user!, String(req.params.entityId), data.duplicateId, data.reason, auditContext(req)).then(() => res.redirect(303, `${entityPath(String(req.params.entityId))}?done=merged`), refusedTo(req, res));
  });

  r.post('/intelligence/:entityId/disruptions', { access: practitioner, audit: 'intelligence.disruption-recorded', schema: disruptionSchema, invalid: (req, res, errors, input) => renderEntity(req, res, { input, errors }) }, async (req, res, data) => {
    await intel.recordDisruption(req.user!, String(req.params.entityId), data, auditContext(req)).then(() => res.redirect(303, `${entityPath(String(req.params.entityId))}?done=disruption`), refusedTo(req, res));
  });

  r.post('/intelligence/:entityId/justice-outcomes', { access: 'intelligence:justice-outcomes', audit: ['intelligence.entity-read', 'intelligence.justice-outcome-recorded'], schema: justiceOutcomeSchema, invalid: (req, res, errors, input) => renderEntity(req, res, { input, errors }) }, async (req, res, data) => {
    await intel.recordJusticeOutcome(req.user!, String(req.params.entityId), data, auditContext(req)).then(() => res.redirect(303, `${entityPath(String(req.params.entityId))}?done=justice-outcome`), refusedTo(req, res));
  });

  r.post('/intelligence/:entityId/merge/undo', { access: practitioner, audit: 'intelligence.merge-undone', schema: undoSchema, invalid: (req, res, errors, input) => renderEntity(req, res, { input, errors }) }, async (req, res, data) => {
    await intel.undoMerge(req.user!, String(req.params.entityId), data.mergeId, auditContext(req));
    res.redirect(303, `${entityPath(String(req.params.entityId))}?done=undone`);
  });

  // ---- A case's section ----------------------------------------------------------------------------------------------
  r.get('/cases/:caseId/intelligence', { access: 'signed-in', audit: ['case.intelligence', 'intelligence.who-else-read'] }, async (req, res) => {
    const page = await openCasePage(services, req, 'intelligence', 'intelligence');
    const [links, who] = await Promise.all([intel.caseLinks(req.user!, page.kase), intel.whoElse(req.user!, page.kase, auditContext(req))]);
    const nodes: NetworkNode[] = [{ id: 'me', label: who.me, ring: 0, kind: 'child' }];
    const edges: NetworkEdge[] = [];
    const direct = new Set(links.map((l) => l.entity_id));
    for (const l of links) if (!nodes.some((n) => n.id === l.entity_id)) nodes.push({ id: l.entity_id, label: l.label, ring: 1, kind: 'entity' });
    for (const l of links) edges.push({ from: 'me', to: l.entity_id });
    who.paths.forEach((p, i) => {
      const parts = p.path.split(' → ');
      const childLabel = parts[parts.length - 1]!;
      const childId = p.visible ? `case-${p.caseId}` : `other-${String(i)}`;
      if (!nodes.some((n) => n.id === childId)) nodes.push({ id: childId, label: childLabel, ring: 2, kind: 'other-child' });
      const mid = parts.length === 4 ? who.entities.find((e) => e.label === parts[2]) : undefined;
      const first = who.entities.find((e) => e.label === parts[1] && direct.has(e.id));
      if (mid && !direct.has(mid.id)) {
        if (!nodes.some((n) => n.id === mid.id)) nodes.push({ id: mid.id, label: mid.label, ring: 2, kind: 'entity' });
        if (first) edges.push({ from: first.id, to: mid.id });
        edges.push({ from: mid.id, to: childId });
      } else if (first) edges.push({ from: first.id, to: childId });
    });
    const description = who.paths.length ? who.paths.map((p) => p.path).join('. ') : `${who.me} has no links to other children that you can see.`;
    res.render('intelligence/views/case.njk', {
      ...caseLocals(page),
      canWrite: mayRecordOnCase(page.decision.basis),
      links: links.map((l) => ({ ...l, kindLabel: ENTITY_KIND_LABELS[l.kind], howLabel: howLabel(l.how_known), sharingLabel: sharingLabel(l.sharing_level) })),
      paths: who.paths,
      svg: links.length ? networkSvg(nodes, edges, description) : null,
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  });

  const renderLink = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}) => {
    const page = await openCasePage(services, req, 'intelligence', 'intelligence');
    if (!mayRecordOnCase(page.decision.basis)) throw forbidden(LINK_REFUSAL);
    const entityId = String(input.entityId ?? req.query.entityId ?? '');
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const entity = entityId ? await intel.entity(req.user!, entityId) : null;
    const found = !entity && q ? await intel.list(req.user!, auditContext(req), q) : [];
    const network = await currentNetwork(services.db, page.kase.id);
    const sharingLevel = input.sharingLevel ?? (await intel.defaultSharingFor(req.user!));
    res.render('intelligence/views/link.njk', {
      ...caseLocals(page), ...validationLocals(errors), input: { ...input, entityId }, entity, q, found,
      howKnownItems: howKnownItems(input.howKnown), sharing: sharingOptions(network, { ...input, sharingLevel }, req.user!.id),
    });
  };
  r.get('/cases/:caseId/intelligence/link', { access: 'signed-in', audit: 'case.intelligence' }, (req, res) => renderLink(req, res, {}));
  r.post('/cases/:caseId/intelligence/link', { access: 'signed-in', audit: ['intelligence.linked', 'intelligence.alert-raised'], schema: caseLinkSchema, invalid: (req, res, errors, input) => renderLink(req, res, input, errors) }, async (req, res, data) => {
    try {
      await intel.linkCase(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, `${caseIntelligencePath(String(req.params.caseId))}?done=linked`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(400);
      await renderLink(req, res, req.body, refusalErrors(error));
    }
  });

  // ---- A missing episode: who the child was with and where they were found, as links to the register -------------
  const renderEpisode = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}) => {
    const page = await openCasePage(services, req, 'missing', 'intelligence');
    const episodeId = String(req.params.episodeId);
    const links = await intel.episodeLinks(req.user!, page.kase, episodeId);
    const canWrite = mayRecordOnCase(page.decision.basis);
    const role = (input.role ?? req.query.role) === 'found-at' ? 'found-at' : 'with';
    const entityId = String(input.entityId ?? req.query.entityId ?? '');
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const entity = canWrite && entityId ? await intel.entity(req.user!, entityId) : null;
    const found = canWrite && !entity && q ? await intel.list(req.user!, auditContext(req), q) : [];
    const network = await currentNetwork(services.db, page.kase.id);
    const sharingLevel = input.sharingLevel ?? (await intel.defaultSharingFor(req.user!));
    res.status(Object.keys(errors).length ? 400 : 200).render('intelligence/views/episode.njk', {
      ...caseLocals(page), ...validationLocals(errors), canWrite, episodeId, role, q, found, entity,
      input: { nature: role === 'found-at' ? 'found at' : 'with the child while missing', ...input, entityId },
      roleItems: [{ value: 'with', text: 'Who they were with (a person or phone)', checked: role === 'with' }, { value: 'found-at', text: 'Where they were found (a place)', checked: role === 'found-at' }],
      links: links.map((l) => ({ ...l, roleLabel: l.missing_role === 'found-at' ? 'Where found' : 'With', kindLabel: ENTITY_KIND_LABELS[l.kind], howLabel: howLabel(l.how_known), sharingLabel: sharingLabel(l.sharing_level) })),
      newHref: newEpisodeEntityPath(role === 'found-at' ? 'place' : 'person', page.kase.id, episodeId, role),
      howKnownItems: howKnownItems(input.howKnown), sharing: sharingOptions(network, { ...input, sharingLevel }, req.user!.id),
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };
  r.get('/cases/:caseId/missing/:episodeId/intelligence', { access: 'signed-in', audit: 'case.intelligence' }, (req, res) => renderEpisode(req, res, {}));
  r.post('/cases/:caseId/missing/:episodeId/intelligence', { access: 'signed-in', audit: ['intelligence.linked', 'case.intelligence'], schema: episodeLinkSchema, invalid: (req, res, errors, input) => renderEpisode(req, res, input, errors) }, async (req, res, data) => {
    const caseId = String(req.params.caseId);
    const episodeId = String(req.params.episodeId);
    try {
      await intel.linkCase(req.user!, caseId, data, auditContext(req), { id: episodeId, role: data.role });
      res.redirect(303, `${episodeIntelligencePath(caseId, episodeId)}?done=linked`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      await renderEpisode(req, res, req.body as Record<string, unknown>, refusalErrors(error));
    }
  });

  // ---- Mentions of register entries in a case note or an observation ------------------------------------------------
  const recordTypeOf = (req: Request): MentionRecordType => {
    const t = String(req.params.recordType);
    if (!MENTION_RECORD_TYPES.includes(t as MentionRecordType)) throw notFound('Record');
    return t as MentionRecordType;
  };
  const renderMentions = async (req: Request, res: Response, errors: FieldErrors = {}) => {
    const recordType = recordTypeOf(req);
    const page = await openCasePage(services, req, recordType === 'case-note' ? 'notes' : 'risk', 'mentions');
    const record = await intel.mentionRecord(req.user!, page.kase, recordType, String(req.params.recordId));
    const mentions = await intel.mentionsOf(req.user!, page.kase, recordType, [record.id]);
    const canWrite = mayRecordOnCase(page.decision.basis);
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const found = canWrite && q ? await intel.list(req.user!, auditContext(req), q) : [];
    res.status(Object.keys(errors).length ? 400 : 200).render('intelligence/views/mentions.njk', {
      ...caseLocals(page), ...validationLocals(errors), canWrite, q, found, record, recordType, mentions: mentions.map((m) => ({ ...m, kindLabel: ENTITY_KIND_LABELS[m.kind] })),
      recordLabel: recordType === 'case-note' ? 'case note' : 'observation',
      backHref: recordType === 'case-note' ? notesPaths.note(page.kase.id, record.id) : riskPaths.section(page.kase.id),
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };
  r.get('/cases/:caseId/mentions/:recordType/:recordId', { access: 'signed-in', audit: ['case.mentions', 'intelligence.register-read'] }, (req, res) => renderMentions(req, res));
  r.post('/cases/:caseId/mentions/:recordType/:recordId', { access: 'signed-in', audit: 'intelligence.mentioned', schema: mentionSchema, invalid: (req, res, errors) => renderMentions(req, res, errors) }, async (req, res, data) => {
    const recordType = recordTypeOf(req);
    const caseId = String(req.params.caseId);
    const recordId = String(req.params.recordId);
    try {
      await intel.mention(req.user!, caseId, recordType, recordId, data.entityId, auditContext(req));
      res.redirect(303, `${mentionsPath(caseId, recordType, recordId)}?done=mentioned`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      await renderMentions(req, res, refusalErrors(error));
    }
  });

  // ---- A police disruption plan names entries from the register (bedford-luton 11.9) -----------------------------
  const renderTargets = async (req: Request, res: Response, errors: FieldErrors = {}) => {
    const page = await openCasePage(services, req, 'plans', 'plan-targets');
    const planId = String(req.params.planId);
    const targets = await planTargets(services.db, req.user!, page.kase.id, planId, page.now);
    const canWrite = mayRecordOnCase(page.decision.basis) && hasRole(req.user!, 'police-investigator');
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const found = canWrite && q ? await intel.list(req.user!, auditContext(req), q) : [];
    res.status(Object.keys(errors).length ? 400 : 200).render('intelligence/views/plan-targets.njk', {
      ...caseLocals(page), ...validationLocals(errors), planId, targets: targets.map((t) => ({ ...t, kindLabel: ENTITY_KIND_LABELS[t.kind] })), canWrite, q, found, notice: NOTICES[String(req.query.done)] ?? null,
    });
  };
  r.get('/cases/:caseId/plans/:planId/targets', { access: 'signed-in', audit: ['case.plan-targets', 'intelligence.register-read'] }, (req, res) => renderTargets(req, res));
  r.post('/cases/:caseId/plans/:planId/targets', { access: 'signed-in', audit: 'intelligence.plan-target-named', schema: mentionSchema, invalid: (req, res, errors) => renderTargets(req, res, errors) }, async (req, res, data) => {
    const caseId = String(req.params.caseId);
    const planId = String(req.params.planId);
    try {
      await intel.namePlanTarget(req.user!, caseId, planId, data.entityId, auditContext(req));
      res.redirect(303, `${planTargetsPath(caseId, planId)}?done=named`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      await renderTargets(req, res, refusalErrors(error));
    }
  });

  // ---- The JSON API (/api/v1): the same service and checks; described in docs/openapi.yaml ---------------------
  const apiInvalid = (res: Response, errors: FieldErrors) =>
    res.status(400).type('application/problem+json').send(JSON.stringify(problem(400, 'validation', 'There is a problem', 'Some fields are missing or not valid.', { errors: Object.entries(errors).map(([path, message]) => ({ path, message })) })));
  const apiEntity = (e: { id: string; kind: string; label: string; review_flagged_at: Date | null; merged_into: string | null }) => ({ id: e.id, kind: e.kind, label: e.label, flaggedForReview: e.review_flagged_at !== null, mergedInto: e.merged_into });

  r.get('/api/v1/intelligence', { access: practitioner, audit: 'intelligence.register-read' }, async (req, res) => {
    const q = typeof req.query.q === 'string' && req.query.q.trim() !== '' ? req.query.q.trim().slice(0, 200) : undefined;
    res.json({ items: (await intel.list(req.user!, auditContext(req), q)).map((e) => ({ ...apiEntity(e), children: e.children })) });
  });

  r.post('/api/v1/intelligence', { access: practitioner, audit: { none: 'intelligence about people and places, audited when it reaches a child' }, schema: entitySchema, invalid: (_req, res, errors) => apiInvalid(res, errors) }, async (req, res, data) => {
    if (!data.confirmed) {
      const matches = await intel.likelyMatches(req.user!, inputFacts(data).facts);
      if (matches.length > 0) return res.status(200).json({ created: false, matches });
    }
    const id = await intel.create(req.user!, data, auditContext(req));
    res.status(201).location(apiEntityPath(id)).json({ created: true, id });
  });

  r.get('/api/v1/intelligence/:entityId', { access: practitioner, audit: 'intelligence.entity-read' }, async (req, res) => {
    const page = await intel.entityPage(req.user!, String(req.params.entityId), auditContext(req));
    res.json({
      ...apiEntity(page.entity), details: page.entity.details, agencies: page.agencies, children: page.children, entities: page.entities,
      links: page.timeline.map((t) => ({ id: t.id, nature: t.nature, firstKnown: t.first_known, lastKnown: t.last_known, howKnown: t.how_known, source: t.source, agency: t.agency_name, sharingLevel: t.sharing_level, toChild: t.toChild })),
    });
  });

  r.get('/api/v1/cases/:caseId/intelligence', { access: 'signed-in', audit: ['case.intelligence', 'intelligence.who-else-read'] }, async (req, res) => {
    // The read gate audits the read of the case; who else is linked audits its own reads.
    const { kase } = await readCase(services.db, req.user!, String(req.params.caseId), auditContext(req), 'case.intelligence', services.now());
    const [links, who] = await Promise.all([intel.caseLinks(req.user!, kase), intel.whoElse(req.user!, kase, auditContext(req))]);
    res.json({
      links: links.map((l) => ({ id: l.id, entityId: l.entity_id, kind: l.kind, label: l.label, nature: l.nature, firstKnown: l.first_known, lastKnown: l.last_known, howKnown: l.how_known, agency: l.agency_name, sharingLevel: l.sharing_level })),
      linked: who.paths,
    });
  });

  // The case's write gate before the body's errors: someone who may not link this child is refused, not told what
  // is wrong with the body (found by the authorisation matrix, issue 16).
  const apiLinkInvalid = async (req: Request, res: Response, errors: FieldErrors) => {
    await writeCase(services.db, req.user!, String(req.params.caseId), auditContext(req), 'intelligence.linked', services.now(), LINK_REFUSAL);
    apiInvalid(res, errors);
  };
  r.post('/api/v1/cases/:caseId/intelligence/links', { access: 'signed-in', audit: 'intelligence.linked', schema: caseLinkSchema, invalid: apiLinkInvalid }, async (req, res, data) => {
    try {
      const id = await intel.linkCase(req.user!, String(req.params.caseId), data, auditContext(req));
      res.status(201).json({ id });
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      apiInvalid(res, refusalErrors(error));
    }
  });

  return router;
}

