// Plans for a child (PROCEDURES.md step 8): each save is a new immutable version, checked against the procedures'
// rules (domain/plans), written with its chronology entry and audit row in one transaction. Optimistic locking on the
// plan's current version: a save on top of a stale version is refused with what changed. Actions on a plan use the
// shared actions table; plan reviews record progress on each open action. Callers have opened the case through
// openCasePage (the audited access gate) before calling here. All SQL is in queries.ts.
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { checkAction } from '../../domain/meetings/rules.ts';
import type { PlanRefusal } from '../../domain/plans/plans.ts';
import { changedParts, checkPlanReview, checkPlanVersion, emptyPlanContent, measureLabel, planTypeOf, planTypesFor, planWriteRefusal, REVIEW_STATUS_LABELS } from '../../domain/plans/plan-types.ts';
import type { Category, PlanContent, PlanTypeOption, ReviewStatus } from '../../domain/plans/plan-types.ts';
import type { Profile } from '../../domain/profiles/index.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { childAge } from '../meetings/service.ts';
import type { newPlanSchema, planActionSchema, planReviewSchema, planVersionSchema } from './schemas.ts';
import type { CaseHeader } from '../case-access/service.ts';


export type { FieldRefusal } from '../../platform/web/refusals.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { plansPaths } from './paths.ts';
import {
  activeAgencies,
  caseFacts,
  insertAction,
  insertChronologyEntry,
  insertPlan,
  insertReview,
  insertReviewItem,
  insertVersion,
  isActionOfPlan,
  isActiveAgency,
  isActiveUser,
  lockPlanType,
  openActionIdsForUpdate,
  openActionsOfPlan,
  planActions,
  planOfType,
  plansOfCase,
  reviewItemsOf,
  reviewsOf,
  versionContent,
  versionForPage,
  versionHistory,
  versionWithAuthor,
  visiblePlan,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** An expected refusal, shown in the error summary against its field (400), never a 500. */
/** Refusals from the domain guards carry their procedure paragraph, shown after the message. */
export class PlanRefused extends Refused {
  constructor(refusals: readonly (FieldRefusal | PlanRefusal)[]) {
    super(refusals.map((r) => ({ field: r.field, message: r.message, source: 'source' in r ? r.source : undefined })));
  }
}

/** A save or review on top of a version that is no longer the latest (409): says what changed, writes nothing. */
export class StalePlan extends HttpError {
  currentVersion: number;
  constructor(detail: string, currentVersion: number) {
    super(409, 'stale', 'Someone else changed this plan', detail);
    this.currentVersion = currentVersion;
  }
}

type PlanInput = z.infer<typeof newPlanSchema> | z.infer<typeof planVersionSchema>;

export function contentFrom(input: PlanInput): PlanContent {
  const sections: Record<string, string> = {};
  for (const [id, value] of Object.entries(input.sections)) if (value) sections[id] = value;
  return {
    sections,
    measures: [...new Set(input.measures)],
    personsOfConcern: input.personsOfConcern.filter((p) => p.name || p.details),
    careMeasures: [...new Set(input.careMeasures)],
    principalOfficerAgreement: input.principalOfficerAgreement ?? null,
    secretaryOfStateApproval: input.secretaryOfStateApproval ?? null,
    changeNote: input.changeNote ?? null,
  };
}

/** Stored content, read defensively: a version written under an older shape still shows. */
export function readContent(raw: unknown): PlanContent {
  const c = (raw ?? {}) as Partial<PlanContent>;
  const base = emptyPlanContent();
  return {
    sections: typeof c.sections === 'object' && c.sections ? (c.sections as Record<string, string>) : base.sections,
    measures: Array.isArray(c.measures) ? c.measures : [],
    personsOfConcern: Array.isArray(c.personsOfConcern) ? c.personsOfConcern : [],
    careMeasures: Array.isArray(c.careMeasures) ? c.careMeasures : [],
    principalOfficerAgreement: c.principalOfficerAgreement ?? null,
    secretaryOfStateApproval: c.secretaryOfStateApproval ?? null,
    changeNote: c.changeNote ?? null,
  };
}

const at16 = (d: Date) => `${d.toISOString().slice(11, 16)} UTC on ${londonDateOf(d)}`;

export function createPlanService(services: Services) {
  const { db, profiles, notifier } = services;
  const now = () => services.now();

  async function planFor(trx: Kysely<Database>, actor: Actor, caseId: string, planId: string, lock = false) {
    if (!isRecordId(planId)) throw notFound('Plan');
    const plan = await visiblePlan(trx, actor, caseId, planId, lock);
    if (!plan) throw notFound('Plan');
    return plan;
  }

  function typeOf(plan: { profile_id: string; plan_type: string }): PlanTypeOption {
    const type = planTypeOf(profiles.byId(plan.profile_id), plan.plan_type);
    if (!type) throw notFound('Plan type');
    return type;
  }

  /** Refuses (403, audited) a writer the procedures do not allow for this type of plan. */
  async function authorise(actor: Actor, basis: AccessBasis, type: PlanTypeOption, kase: CaseHeader, audit: AuditContext) {
    const refusal = planWriteRefusal({ kind: type.kind, roles: actor.roles, basis });
    if (!refusal) return;
    await recordAudit(db, audit, { action: 'plan.write', entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'plan-writer-refused', planType: type.id, basis } });
    throw forbidden(refusal);
  }

  function check(type: PlanTypeOption, profile: Profile, facts: Awaited<ReturnType<typeof caseFacts>>, content: PlanContent, at: Date) {
    const refusals = checkPlanVersion({ type, profileId: profile.id, category: facts.category as Category | null, lookedAfter: facts.looked_after, childAge: childAge(facts, at), content });
    if (refusals.length) throw new PlanRefused(refusals);
  }

  function versionSummary(type: PlanTypeOption, version: number, changed: string[], content: PlanContent) {
    const parts = [version === 1 ? `Version 1 of the ${type.label.toLowerCase()}.` : `Version ${version}. Changed: ${changed.join('; ')}.`];
    if (type.kind === 'disruption-plan' && content.measures.length) parts.push(`Measures: ${content.measures.map(measureLabel).join('; ')}.`);
    if (content.careMeasures.length) parts.push(`Restrictive measures: ${content.careMeasures.map(measureLabel).join('; ')}.`);
    if (content.changeNote) parts.push(content.changeNote);
    return parts.join(' ').slice(0, 2000);
  }

  async function writeVersion(trx: Transaction<Database>, actor: Actor, plan: { id: string; case_id: string; child_id: string; sharing_level: 'network' | 'agency'; agency_id: string; plan_type: string; kind: string | null }, type: PlanTypeOption, version: number, content: PlanContent, summary: string, at: Date, audit: AuditContext) {
    await insertVersion(trx, { plan_id: plan.id, version, content: JSON.stringify(content), author_id: actor.id, agency_id: actor.agencyId, created_at: at });
    await insertChronologyEntry(trx, { child_id: plan.child_id, case_id: plan.case_id, occurred_at: at, recorded_at: at, kind: 'plan', title: `${type.label}: version ${version} saved`.slice(0, 300), summary, agency_id: plan.agency_id, author_id: actor.id, sharing_level: plan.sharing_level, record_type: 'plan', record_id: plan.id });
    await recordAudit(trx, audit, { action: version === 1 ? 'plan.created' : 'plan.version-saved', entityType: 'plan', entityId: plan.id, childId: plan.child_id, details: { caseId: plan.case_id, planType: plan.plan_type, version, sharingLevel: plan.sharing_level, careMeasures: content.careMeasures, measures: content.measures } });
  }

  return {
    async typesFor(kase: CaseHeader) {
      const profile = await profiles.forAuthority(db, kase.localAuthorityId);
      return { profile, types: planTypesFor(profile) };
    },

    caseFacts: (caseId: string) => caseFacts(db, caseId),

    list: (actor: Actor, caseId: string) => plansOfCase(db, actor, caseId),

    async create(actor: Actor, kase: CaseHeader, basis: AccessBasis, input: z.infer<typeof newPlanSchema>, audit: AuditContext) {
      const at = now();
      const profile = await profiles.forAuthority(db, kase.localAuthorityId);
      const type = planTypeOf(profile, input.planType);
      if (!type) throw new PlanRefused([{ field: 'planType', message: 'Choose a type of plan from the procedure in force' }]);
      await authorise(actor, basis, type, kase, audit);
      const content = contentFrom(input);
      return db.transaction().execute(async (trx) => {
        const facts = await caseFacts(trx, kase.id);
        // One plan of each type per case: a second save is a new version of the same plan.
        await lockPlanType(trx, kase.id, type.id);
        const existing = await planOfType(trx, kase.id, type.id);
        if (existing) throw new PlanRefused([{ field: 'planType', message: `This child already has a ${type.label.toLowerCase()}: open it and save a new version` }]);
        check(type, profile, facts, content, at);
        const plan = await insertPlan(trx, { case_id: kase.id, child_id: facts.child_id, local_authority_id: kase.localAuthorityId, profile_id: profile.id, plan_type: type.id, kind: type.kind, sharing_level: input.sharingLevel, agency_id: actor.agencyId, created_by: actor.id, created_at: at, updated_at: at });
        await writeVersion(trx, actor, plan, type, 1, content, versionSummary(type, 1, [], content), at, audit);
        if (facts.lead_professional_id && facts.lead_professional_id !== actor.id && plan.sharing_level === 'network') {
          await notifier.notify(trx, { userId: facts.lead_professional_id, kind: 'plan-saved', title: `A ${type.label.toLowerCase()} was started for ${facts.reference}`, link: plansPaths.plan(kase.id, plan.id) });
        }
        return { planId: plan.id };
      });
    },

    async saveVersion(actor: Actor, kase: CaseHeader, basis: AccessBasis, planId: string, input: z.infer<typeof planVersionSchema>, audit: AuditContext) {
      const at = now();
      // Outside the transaction, so that a refusal is audited on its own (a plan never changes type).
      await authorise(actor, basis, typeOf(await planFor(db, actor, kase.id, planId)), kase, audit);
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(trx, actor, kase.id, planId, true);
        if (plan.ended_at) throw new PlanRefused([{ field: 'form', message: 'This plan has ended: start a new plan instead' }]);
        const type = typeOf(plan);
        const content = contentFrom(input);
        const latest = await versionWithAuthor(trx, plan.id, plan.current_version);
        if (plan.current_version !== input.basedOn) {
          const seen = await versionContent(trx, plan.id, input.basedOn);
          const changed = seen ? changedParts(type, readContent(seen.content), readContent(latest.content)) : [];
          throw new StalePlan(
            `Version ${latest.version} of this plan was saved by ${latest.display_name} at ${at16(latest.created_at)}, after you opened version ${input.basedOn}.` +
              (changed.length ? ` It changed: ${changed.join('; ')}.` : '') +
              ' Nothing was saved. Your text is kept below: check their version, then save again.',
            latest.version,
          );
        }
        const changed = changedParts(type, readContent(latest.content), content);
        if (changed.length === 0) throw new PlanRefused([{ field: 'form', message: `Nothing in the plan has changed since version ${latest.version}` }]);
        const facts = await caseFacts(trx, kase.id);
        check(type, profiles.byId(plan.profile_id), facts, content, at);
        const version = plan.current_version + 1;
        await writeVersion(trx, actor, plan, type, version, content, versionSummary(type, version, changed, content), at, audit);
        return { version, changed };
      });
    },

    /** A plan with its latest version's content, its history (without content), actions and reviews. */
    async view(actor: Actor, caseId: string, planId: string, versionNumber?: number) {
      const plan = await planFor(db, actor, caseId, planId);
      const type = typeOf(plan);
      const shown = versionNumber ?? plan.current_version;
      const [version, history, actions, reviews] = await Promise.all([versionForPage(db, plan.id, shown), versionHistory(db, plan.id), planActions(db, caseId, plan.id), reviewsOf(db, plan.id)]);
      if (!version) throw notFound('Plan version');
      const items = await reviewItemsOf(db, reviews.map((r) => r.id));
      return {
        plan,
        type,
        version: { ...version, content: readContent(version.content) },
        history,
        actions: actions.filter((a) => a.source_type === 'plan'),
        reviews: reviews.map((r) => ({ ...r, items: items.filter((i) => i.review_id === r.id).map((i) => ({ ...i, statusLabel: REVIEW_STATUS_LABELS[i.status as ReviewStatus] ?? i.status })) })),
      };
    },

    mayWrite: (actor: Actor, basis: AccessBasis, type: PlanTypeOption) => planWriteRefusal({ kind: type.kind, roles: actor.roles, basis }) === null,

    async addAction(actor: Actor, kase: CaseHeader, basis: AccessBasis, planId: string, input: z.infer<typeof planActionSchema>, audit: AuditContext) {
      const at = now();
      // Outside the transaction, so that a refusal is audited on its own (a plan never changes type).
      await authorise(actor, basis, typeOf(await planFor(db, actor, kase.id, planId)), kase, audit);
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(trx, actor, kase.id, planId, true);
        const type = typeOf(plan);
        const refusals: FieldRefusal[] = [...checkAction({ what: input.what, ownerUserId: input.ownerUserId, ownerAgencyId: input.ownerAgencyId, dueDate: input.dueDate, notBefore: londonDateOf(at) })];
        if (plan.sharing_level !== 'network') refusals.push({ field: 'what', message: 'This plan is shared with your agency only, and a case’s actions are seen by its whole network: share the plan with the network to give it actions' });
        if (input.ownerUserId && !(await isActiveUser(trx, input.ownerUserId))) refusals.push({ field: 'ownerUserId', message: 'Choose an active person' });
        if (input.ownerAgencyId && !(await isActiveAgency(trx, input.ownerAgencyId))) refusals.push({ field: 'ownerAgencyId', message: 'Choose an active agency' });
        if (refusals.length) throw new PlanRefused(refusals);
        const row = await insertAction(trx, { case_id: kase.id, title: input.what!, desired_outcome: input.desiredOutcome ?? '', owner_user_id: input.ownerUserId ?? null, owner_agency_id: input.ownerAgencyId ?? null, due_date: input.dueDate!, source_type: 'plan', source_id: plan.id, created_by: actor.id, created_at: at });
        const facts = await caseFacts(trx, kase.id);
        if (input.ownerUserId && input.ownerUserId !== actor.id) {
          await notifier.notify(trx, { userId: input.ownerUserId, kind: 'action-assigned', title: `An action in a ${type.label.toLowerCase()} for ${facts.reference} is yours, due ${input.dueDate}`, link: plansPaths.plan(kase.id, plan.id, 'actions') });
        }
        await insertChronologyEntry(trx, { child_id: plan.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'plan', title: `Action added to the ${type.label.toLowerCase()}`.slice(0, 300), summary: `${input.what} Due by ${input.dueDate}.${input.desiredOutcome ? ` Desired outcome: ${input.desiredOutcome}` : ''}`.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'action', record_id: row.id });
        await recordAudit(trx, audit, { action: 'action.created', entityType: 'action', entityId: row.id, childId: plan.child_id, details: { source: 'plan', planId: plan.id, ownerUserId: input.ownerUserId ?? null, ownerAgencyId: input.ownerAgencyId ?? null } });
        return { actionId: row.id };
      });
    },

    /** The open actions a review covers, in the order the review form lists them. */
    openActions: (planId: string) => openActionsOfPlan(db, planId),

    async actionOfPlan(caseId: string, planId: string, actionId: string) {
      if (!isRecordId(actionId)) throw notFound('Action');
      if (!(await isActionOfPlan(db, caseId, planId, actionId))) throw notFound('Action');
    },

    async review(actor: Actor, kase: CaseHeader, basis: AccessBasis, planId: string, input: z.infer<typeof planReviewSchema>, audit: AuditContext) {
      const at = now();
      // Outside the transaction, so that a refusal is audited on its own (a plan never changes type).
      await authorise(actor, basis, typeOf(await planFor(db, actor, kase.id, planId)), kase, audit);
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(trx, actor, kase.id, planId, true);
        const type = typeOf(plan);
        const open = await openActionIdsForUpdate(trx, plan.id);
        const openIds = open.map((a) => a.id);
        const sameActions = openIds.length === input.actionIds.length && openIds.every((id) => input.actionIds.includes(id));
        if (plan.current_version !== input.planVersion || !sameActions) {
          throw new StalePlan(
            `The plan changed while you were reviewing it${plan.current_version !== input.planVersion ? `: version ${plan.current_version} was saved` : ''}${sameActions ? '' : `${plan.current_version !== input.planVersion ? ', and' : ':'} its open actions changed (one was added, completed or cancelled)`}. Nothing was saved. The form now lists the current actions: review them again.`,
            plan.current_version,
          );
        }
        const refusals = checkPlanReview({ openActionIds: input.actionIds, items: input.items, overallNote: input.overallNote });
        if (refusals.length) throw new PlanRefused(refusals);
        const review = await insertReview(trx, { plan_id: plan.id, case_id: kase.id, plan_version: plan.current_version, reviewed_at: at, reviewer_id: actor.id, overall_note: input.overallNote! });
        for (const item of input.items) {
          await insertReviewItem(trx, { review_id: review.id, action_id: item.actionId, status: item.status!, progress_note: item.note ?? '' });
        }
        const counts = new Map<string, number>();
        for (const item of input.items) counts.set(item.status!, (counts.get(item.status!) ?? 0) + 1);
        const tally = [...counts].map(([status, n]) => `${n} ${(REVIEW_STATUS_LABELS[status as ReviewStatus] ?? status).split(' (')[0]!.toLowerCase()}`).join(', ');
        await insertChronologyEntry(trx, { child_id: plan.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'plan', title: `${type.label} reviewed`.slice(0, 300), summary: `${input.items.length ? `Progress on ${input.items.length} ${input.items.length === 1 ? 'action' : 'actions'}: ${tally}. ` : ''}${input.overallNote}`.slice(0, 2000), agency_id: plan.agency_id, author_id: actor.id, sharing_level: plan.sharing_level, record_type: 'plan-review', record_id: review.id });
        await recordAudit(trx, audit, { action: 'plan.reviewed', entityType: 'plan-review', entityId: review.id, childId: plan.child_id, details: { caseId: kase.id, planId: plan.id, planVersion: plan.current_version, actions: input.items.length } });
        return { reviewId: review.id };
      });
    },

    agencies: () => activeAgencies(db),
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
