// CSE referrals and the coordinator's category decisions: a referral to the CSE lead, its acceptance (a category)
// or decline, and later category decisions. Each is one transaction with its clocks, follow-up action, chronology
// entry, notifications and audit row. The only risk use cases that send clock events.
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { AccessBasis, Actor, SharingLevel } from '../../domain/access/access.ts';
import { SHARING_LEVEL_LABELS, decideCaseAccess, hasRole } from '../../domain/access/access.ts';
import { catalogueFor, indicatorById } from '../../domain/risk/catalogue.ts';
import { indicatorSetsFor } from '../../domain/risk/profile-sets.ts';
import { OBSERVATION_SOURCE_LABELS } from '../../domain/risk/suggest.ts';
import type { ObservationSource } from '../../domain/risk/suggest.ts';
import { mayWidenSharing } from '../../domain/risk/cse-referral.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { addWorkingDays, londonDateOf, londonInstant } from '../../domain/clock/index.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import type { Profile } from '../../domain/profiles/schema.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import type { RiskCategory } from '../../domain/risk/catalogue.ts';
import { suggestCategory } from '../../domain/risk/suggest.ts';
import { ageBand } from '../../domain/risk/age-rules.ts';
import type { AgeBand } from '../../domain/risk/age-rules.ts';
import { AGE_RULE_SUMMARY, CSE_MEETING_DEFAULT_WORKING_DAYS, DIVERSION_PLAN_DEFAULT_NOTE, DIVERSION_PLAN_DEFAULT_WORKING_DAYS, checkCategoryDecision, checkDecline, followUpFor, mayReferToCse } from '../../domain/risk/cse-referral.ts';
import type { CseReferralPermission } from '../../domain/risk/cse-referral.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { activeCoordinators, visibleObservations } from './queries.ts';
import { accessFacts, caseWrite, refuseCase, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import type { z } from 'zod';
import type { categoryDecisionSchema, linkSchema, nrmSchema, observationSchema, referralDecisionSchema } from './schemas.ts';
import { writeChronologyEntry } from './queries.ts';
import { RiskRefused, StaleCase } from './refusals.ts';
import { riskPaths } from './paths.ts';

/** Every event this module passes to clocks.applyEvent. */
export const CLOCK_EVENTS_SENT = ['cse-referral-received', 'cse-referral-decided', 'cse-category-decided', 'risk-category-reassessed', 'risk-category-recorded'] as const satisfies readonly TimescaleEvent[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CSE_MEETING_EVENT = 'cse-category-decided' as const;

export function cseLeadLabel(profile: Profile): string {
  return isSilent(profile.vocabulary.cseLeadRole) ? 'CSE coordinator' : profile.vocabulary.cseLeadRole.label;
}
export function cseMeetingLabel(profile: Profile): string {
  return isSilent(profile.vocabulary.cseMeetingName) ? 'CSE meeting' : profile.vocabulary.cseMeetingName.label;
}

export function childAgeBand(child: { date_of_birth: string | null; approximate_age: number | null }, at: Date): AgeBand | null {
  if (child.date_of_birth) return ageBand(child.date_of_birth, at);
  if (child.approximate_age !== null) return ageBand(child.approximate_age, at);
  return null;
}

const fmtDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' });


export function createCategoryDecisions(services: Services) {
  const { db, notifier, profiles, now } = services;
  const clocks = { calendar: services.clocks.calendar, applyEvent: services.clocks.sender(CLOCK_EVENTS_SENT) };

  /** Recording needs a working relationship with the case: the network, a meeting invitation or an area role. */
  function requireContributor(basis: AccessBasis) {
    if (basis === 'break-glass') throw forbidden('Access by break-glass lets you read this case, not add to it. Ask to be added to the professional network.');
    if (basis === 'audit-access') throw forbidden('Your access to this case is for a board case audit: you may read it, not change it.');
  }

  /**
   * A change on the Risk page: the case's write gate inside the change's transaction (a refusal audited as
   * `case.<purpose>`, a board case audit's read-only access and a closed case refused), then the change, which
   * audits itself in the same transaction.
   */
  function riskWrite<T>(actor: Actor, caseId: string, purpose: string, audit: AuditContext, work: (trx: Transaction<Database>, kase: CaseHeader, basis: AccessBasis) => Promise<T>): Promise<T> {
    return caseWrite(db, audit, async (trx) => {
      const { kase, basis } = await writeCase(trx, actor, caseId, audit, `case.${purpose}`, now());
      return work(trx, kase, basis);
    });
  }

  function requireCoordinator(actor: Actor, kase: CaseHeader) {
    if (!hasRole(actor, 'cse-coordinator') || actor.localAuthorityId !== kase.localAuthorityId) {
      throw forbidden('Only the CSE coordinator of this child’s local authority can decide the risk category.');
    }
  }

  async function agencyKind(executor: Kysely<Database>, agencyId: string): Promise<string> {
    return (await executor.selectFrom('agencies').select('kind').where('id', '=', agencyId).executeTakeFirst())?.kind ?? '';
  }

  /** The suggestion the actor can see: only observations visible to them count (hidden ones are not revealed). */
  async function suggestionFor(actor: Actor, caseId: string, executor: Kysely<Database> = db) {
    const observations = await visibleObservations(executor, actor, caseId);
    return suggestCategory(observations.map((o) => ({ indicatorId: o.indicator_id, observedAt: londonInstant(o.observed_on, 12), source: o.how_known, agencyName: o.agency_name })));
  }

  async function referralPermission(actor: Actor, kase: CaseHeader, executor: Kysely<Database> = db): Promise<CseReferralPermission> {
    const profile = await profiles.forAuthority(executor, kase.localAuthorityId);
    return mayReferToCse(
      { cseReferrers: profile.referral.cseReferrers, cseLeadRole: profile.vocabulary.cseLeadRole },
      { actorId: actor.id, roles: actor.roles, agencyKind: await agencyKind(executor, actor.agencyId), leadProfessionalId: kase.leadProfessionalId },
    );
  }

  /** What changed since the form was opened, in words, for the second of two people deciding at once. */
  async function describeChangesSince(trx: Transaction<Database>, caseId: string, version: number, current: number): Promise<string[]> {
    const latest = await trx
      .selectFrom('category_decisions as d')
      .innerJoin('users as u', 'u.id', 'd.decided_by')
      .select(['d.category', 'd.decided_at', 'd.rationale', 'u.display_name'])
      .where('d.case_id', '=', caseId)
      .orderBy('d.decided_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const changes = [`The case changed while you were deciding (version ${version} when you opened the page, now ${current}). Nothing you entered was saved.`];
    if (latest) changes.push(`The latest decision: ${latest.display_name} placed the child in category ${latest.category} on ${fmtDate.format(latest.decided_at)}, because: ${latest.rationale} Check it, then decide again if you still need to.`);
    return changes;
  }

  /**
   * Everything that follows a category decision, inside its transaction: the history row, the case's current
   * category (optimistically locked), clocks, the follow-up action, the chronology entry and the audit row.
   */
  async function applyCategoryDecision(
    trx: Transaction<Database>,
    input: { actor: Actor; kase: CaseHeader; expectedVersion: number; category: RiskCategory; rationale: string; differsReason: string | undefined; suggested: RiskCategory | null; referralId: string | null; audit: AuditContext },
  ) {
    const { actor, kase } = input;
    const at = now();
    const row = await trx
      .selectFrom('cases')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .select(['cases.version', 'cases.category', 'cases.lead_professional_id', 'children.date_of_birth', 'children.approximate_age'])
      .where('cases.id', '=', kase.id)
      .forUpdate('cases')
      .executeTakeFirstOrThrow();
    if (row.version !== input.expectedVersion) throw new StaleCase(await describeChangesSince(trx, kase.id, input.expectedVersion, row.version));
    const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
    const band = childAgeBand(row, at);
    const decision = await trx
      .insertInto('category_decisions')
      .values({
        case_id: kase.id,
        category: input.category,
        previous_category: row.category,
        suggested_category: input.suggested,
        differs_reason: input.differsReason ?? null,
        rationale: input.rationale,
        age_band: band,
        decided_by: actor.id,
        decided_at: at,
        cse_referral_id: input.referralId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('cases')
      .set({ category: input.category, category_decided_at: at, version: sql<number>`version + 1` })
      .where('id', '=', kase.id)
      .where('version', '=', input.expectedVersion)
      .execute();

    const subject = { caseId: kase.id, childId: kase.childId, localAuthorityId: kase.localAuthorityId };
    // The coordinator's decision answers any referral waiting for it (including one sent by the front door).
    await clocks.applyEvent(trx, { event: 'cse-referral-decided', at, subject });
    // Every category decision re-assesses the one before and starts the next re-assessment clock (camden Part 3 §3.3).
    await clocks.applyEvent(trx, { event: 'risk-category-reassessed', at, subject });
    await clocks.applyEvent(trx, { event: 'risk-category-recorded', at, subject, facts: { category: input.category }, ownerUserId: actor.id });
    // A CSE-meeting clock already running (e.g. a move from 2 to 3 before the meeting) is not started twice.
    const meetingRules = profile.timescales.filter((t) => t.startsOn === CSE_MEETING_EVENT).map((t) => t.id);
    const running = meetingRules.length
      ? await trx.selectFrom('clocks').select(['id', 'due_at']).where('case_id', '=', kase.id).where('stopped_at', 'is', null).where('rule_id', 'in', meetingRules).orderBy('due_at').executeTakeFirst()
      : undefined;
    let meetingDue: Date | null = running?.due_at ?? null;
    if (!(running && input.category !== 1)) {
      const started = await clocks.applyEvent(trx, { event: CSE_MEETING_EVENT, at, subject, facts: { category: input.category }, ownerUserId: actor.id });
      if (started.started.length) {
        const clock = await trx.selectFrom('clocks').select('due_at').where('id', 'in', started.started).orderBy('due_at').executeTakeFirstOrThrow();
        meetingDue = clock.due_at;
      }
    }

    // The follow-up the procedure attaches to the category, unless the same one is already open.
    const followUp = followUpFor(input.category);
    const calendar = await clocks.calendar(trx);
    const today = londonDateOf(at);
    let action: { title: string; ownerId: string; dueDate: string; description: string };
    if (followUp.kind === 'diversion-plan') {
      action = {
        title: 'Draw up a diversion plan',
        ownerId: row.lead_professional_id ?? actor.id,
        dueDate: addWorkingDays(today, DIVERSION_PLAN_DEFAULT_WORKING_DAYS, calendar),
        description: `Agree a diversion plan with the ${cseLeadLabel(profile)} and build it into the child in need plan. Cover health, safety, education, links with other vulnerable children and offending behaviour (${followUp.source}). ${DIVERSION_PLAN_DEFAULT_NOTE}`,
      };
    } else {
      action = {
        title: `Convene the ${cseMeetingLabel(profile)}`,
        ownerId: actor.id,
        dueDate: meetingDue ? londonDateOf(meetingDue) : addWorkingDays(today, CSE_MEETING_DEFAULT_WORKING_DAYS, calendar),
        description: meetingDue
          ? `Category ${input.category}: convene the ${cseMeetingLabel(profile)} by the statutory clock (${followUp.source}).`
          : `Category ${input.category}: convene the ${cseMeetingLabel(profile)}. The procedure sets no timescale; Harbour uses ${CSE_MEETING_DEFAULT_WORKING_DAYS} working days.`,
      };
    }
    const open = await trx.selectFrom('actions').select('id').where('case_id', '=', kase.id).where('status', '=', 'open').where('source_type', '=', 'decision').where('title', '=', action.title).executeTakeFirst();
    let actionId: string | null = null;
    if (!open) {
      const created = await trx
        .insertInto('actions')
        .values({
          case_id: kase.id,
          title: action.title,
          description: action.description,
          desired_outcome: followUp.kind === 'diversion-plan' ? 'A diversion plan shared with the professional network' : `The ${cseMeetingLabel(profile)} is held`,
          owner_user_id: action.ownerId,
          due_date: action.dueDate,
          source_type: 'decision',
          source_id: decision.id,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      actionId = created.id;
      if (action.ownerId !== actor.id) {
        await notifier.notify(trx, { userId: action.ownerId, kind: 'action', title: `New action for case ${kase.reference}: ${action.title}`, link: riskPaths.section(kase.id) });
      }
    }

    const moved = row.category === null ? `Category ${input.category}` : row.category === input.category ? `Category ${input.category} confirmed` : `Category ${row.category} to ${input.category}`;
    const summary = [
      input.rationale,
      input.differsReason ? `Differs from the suggested category ${input.suggested} because: ${input.differsReason}` : '',
      band ? `Age rule: ${AGE_RULE_SUMMARY[band]}` : '',
    ].filter(Boolean).join(' ');
    await writeChronologyEntry(trx, {
      childId: kase.childId,
      caseId: kase.id,
      at,
      kind: 'decision',
      title: input.referralId ? `CSE referral accepted: category ${input.category}` : `Risk category decided: ${moved}`,
      summary,
      actor,
      recordType: 'category_decision',
      recordId: decision.id,
    });
    await recordAudit(trx, input.audit, {
      action: 'risk.category-decided',
      entityType: 'case',
      entityId: kase.id,
      childId: kase.childId,
      details: { decisionId: decision.id, referralId: input.referralId, category: input.category, previous: row.category, suggested: input.suggested, differs: Boolean(input.differsReason), ageBand: band, actionId },
    });
    return { decisionId: decision.id };
  }

  return {
    referralPermission,
    suggestionFor,
    requireContributor,

    recordObservation(actor: Actor, caseId: string, input: z.infer<typeof observationSchema>, audit: AuditContext) {
      return riskWrite(actor, caseId, 'record-observation', audit, async (trx, kase, basis) => {
        requireContributor(basis);
        const at = now();
        const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
        const refusals: FieldRefusal[] = [];
        const allowed = new Set(catalogueFor(indicatorSetsFor(profile.id)).map((i) => i.id));
        if (!allowed.has(input.indicatorId)) refusals.push({ field: 'indicatorId', message: 'Choose an indicator from the list' });
        if (input.observedOn > londonDateOf(at)) refusals.push({ field: 'observedOn', message: 'The date you observed it must be today or in the past' });
        let sharedWith: string[] = [];
        if (input.sharingLevel === 'named') {
          sharedWith = [...new Set(input.sharedWith)];
          if (sharedWith.length === 0) refusals.push({ field: 'sharedWith', message: 'Choose the people who may see this observation' });
          else {
            const members = await trx.selectFrom('case_network').select('user_id').where('case_id', '=', kase.id).where('removed_at', 'is', null).where('user_id', 'in', sharedWith).execute();
            if (members.length !== sharedWith.length) refusals.push({ field: 'sharedWith', message: 'Choose people from the child’s professional network' });
          }
        }
        if (refusals.length) throw new RiskRefused(refusals);
        const indicator = indicatorById(input.indicatorId)!;
        const row = await trx
          .insertInto('risk_observations')
          .values({
            case_id: kase.id,
            child_id: kase.childId,
            indicator_id: indicator.id,
            observed_on: input.observedOn,
            recorded_by: actor.id,
            agency_id: actor.agencyId,
            how_known: input.howKnown,
            note: input.note ?? '',
            sharing_level: input.sharingLevel,
            shared_with: sharedWith,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeChronologyEntry(trx, {
          childId: kase.childId,
          caseId: kase.id,
          at: londonInstant(input.observedOn, 12),
          kind: 'observation',
          title: `Indicator observed: ${indicator.label}`,
          summary: [`${OBSERVATION_SOURCE_LABELS[input.howKnown as ObservationSource]}.`, input.note ?? ''].filter(Boolean).join(' '),
          actor,
          recordType: 'risk_observation',
          recordId: row.id,
          sharingLevel: input.sharingLevel,
          sharedWith,
        });
        await recordAudit(trx, audit, { action: 'risk.observation-recorded', entityType: 'risk_observation', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, indicatorId: indicator.id, sharingLevel: input.sharingLevel, named: sharedWith.length } });
        return { id: row.id };
      });
    },

    async observationForSharing(actor: Actor, kase: CaseHeader, observationId: string) {
      if (!UUID.test(observationId)) throw notFound('Observation');
      const visible = (await visibleObservations(db, actor, kase.id)).find((o) => o.id === observationId);
      if (!visible) throw notFound('Observation');
      if (!mayWidenSharing(actor, { agencyId: visible.agency_id, sharingLevel: visible.sharing_level })) {
        throw forbidden(visible.sharing_level === 'network' ? 'This observation is already shared with the case network.' : 'Only someone in the agency that recorded this observation can decide to share it more widely.');
      }
      return visible;
    },

    recordNrmConsideration(actor: Actor, caseId: string, input: z.infer<typeof nrmSchema>, audit: AuditContext) {
      return riskWrite(actor, caseId, 'record-nrm', audit, async (trx, kase, basis) => {
        requireContributor(basis);
        const at = now();
        const row = await trx.insertInto('nrm_considerations').values({ case_id: kase.id, outcome: input.nrmOutcome, reason: input.nrmReason, decided_by: actor.id, decided_at: at }).returning('id').executeTakeFirstOrThrow();
        await writeChronologyEntry(trx, {
          childId: kase.childId,
          caseId: kase.id,
          at,
          kind: 'decision',
          title: input.nrmOutcome === 'referred' ? 'Referred to the National Referral Mechanism' : 'National Referral Mechanism considered: not referred',
          summary: input.nrmReason,
          actor,
          recordType: 'nrm_consideration',
          recordId: row.id,
        });
        await recordAudit(trx, audit, { action: 'risk.nrm-considered', entityType: 'nrm_consideration', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, outcome: input.nrmOutcome } });
      });
    },

    async referToCse(actor: Actor, caseId: string, input: { reason: string }, audit: AuditContext) {
      let cseLead = '';
      try {
        return await riskWrite(actor, caseId, 'cse-referral', audit, async (trx, kase) => {
          const permission = await referralPermission(actor, kase, trx);
          if (!permission.allowed) {
            return refuseCase(trx, audit, { action: 'risk.cse-referral-made', entityType: 'case', entityId: kase.id, childId: kase.childId, details: { code: permission.code } }, new RiskRefused([{ field: 'reason', message: permission.message }], 403));
          }
          const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
          cseLead = cseLeadLabel(profile);
          const at = now();
          const awaiting = await trx.selectFrom('cse_referrals').select('id').where('case_id', '=', kase.id).where('status', '=', 'awaiting').executeTakeFirst();
          if (awaiting) throw new RiskRefused([{ field: 'reason', message: `A referral for this child is already waiting for the ${cseLeadLabel(profile)}’s decision` }]);
          const row = await trx.insertInto('cse_referrals').values({ case_id: kase.id, referred_by: actor.id, referred_at: at, reason: input.reason }).returning('id').executeTakeFirstOrThrow();
          await clocks.applyEvent(trx, { event: 'cse-referral-received', at, subject: { caseId: kase.id, childId: kase.childId, localAuthorityId: kase.localAuthorityId } });
          for (const coordinator of await activeCoordinators(trx, kase.localAuthorityId)) {
            await notifier.notify(trx, { userId: coordinator.id, kind: 'cse-referral', title: `CSE referral for case ${kase.reference} is waiting for your decision`, link: riskPaths.referralDecision(kase.id, row.id) });
          }
          await writeChronologyEntry(trx, { childId: kase.childId, caseId: kase.id, at, kind: 'referral', title: `Referred to the ${cseLeadLabel(profile)}`, summary: input.reason, actor, recordType: 'cse_referral', recordId: row.id });
          await recordAudit(trx, audit, { action: 'risk.cse-referral-made', entityType: 'cse_referral', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, basis: permission.basis } });
          return { id: row.id };
        });
      } catch (error) {
        // Two referrals racing: the partial unique index lets one through.
        if ((error as { code?: string }).code === '23505') throw new RiskRefused([{ field: 'reason', message: `A referral for this child is already waiting for the ${cseLead}’s decision` }]);
        throw error;
      }
    },

    async referralForDecision(actor: Actor, kase: CaseHeader, referralId: string, executor: Kysely<Database> = db) {
      requireCoordinator(actor, kase);
      if (!UUID.test(referralId)) throw notFound('Referral');
      const referral = await executor
        .selectFrom('cse_referrals as r')
        .innerJoin('users as u', 'u.id', 'r.referred_by')
        .select(['r.id', 'r.status', 'r.reason', 'r.referred_at', 'r.referred_by', 'r.version', 'r.decided_at', 'r.decision_reason', 'u.display_name as referred_by_name'])
        .where('r.id', '=', referralId)
        .where('r.case_id', '=', kase.id)
        .executeTakeFirst();
      if (!referral) throw notFound('Referral');
      return referral;
    },

    decideReferral(actor: Actor, caseId: string, referralId: string, input: z.infer<typeof referralDecisionSchema>, audit: AuditContext) {
      return riskWrite(actor, caseId, 'decide-cse-referral', audit, async (trx, kase) => {
        const referral = await this.referralForDecision(actor, kase, referralId, trx);
        const suggestion = await suggestionFor(actor, kase.id, trx);
        const refusals =
          input.decision === 'accept'
            ? checkCategoryDecision({ category: input.category, suggested: suggestion.category, rationale: input.rationale, differsReason: input.differsReason })
            : checkDecline(input.declineReasons);
        if (refusals.length) throw new RiskRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
        const current = await trx.selectFrom('cse_referrals').select(['status', 'version', 'decided_by', 'decided_at']).where('id', '=', referral.id).forUpdate().executeTakeFirstOrThrow();
        if (current.status !== 'awaiting' || current.version !== input.referralVersion) {
          const who = current.decided_by ? (await trx.selectFrom('users').select('display_name').where('id', '=', current.decided_by).executeTakeFirst())?.display_name : null;
          throw new StaleCase([
            current.status === 'awaiting'
              ? 'The referral changed while you were deciding. Nothing you entered was saved.'
              : `${who ?? 'Someone'} already ${current.status} this referral${current.decided_at ? ` on ${fmtDate.format(current.decided_at)}` : ''}. Nothing you entered was saved.`,
          ]);
        }
        const at = now();
        const accepted = input.decision === 'accept';
        await trx
          .updateTable('cse_referrals')
          .set({ status: accepted ? 'accepted' : 'declined', decided_by: actor.id, decided_at: at, decision_reason: accepted ? input.rationale! : input.declineReasons!, version: current.version + 1 })
          .where('id', '=', referral.id)
          .execute();
        const subject = { caseId: kase.id, childId: kase.childId, localAuthorityId: kase.localAuthorityId };
        if (accepted) {
          await applyCategoryDecision(trx, { actor, kase, expectedVersion: input.caseVersion, category: input.category!, rationale: input.rationale!, differsReason: input.differsReason, suggested: suggestion.category, referralId: referral.id, audit });
        } else {
          const row = await trx.selectFrom('cases').select('version').where('id', '=', kase.id).forUpdate().executeTakeFirstOrThrow();
          if (row.version !== input.caseVersion) throw new StaleCase(await describeChangesSince(trx, kase.id, input.caseVersion, row.version));
          await trx.updateTable('cases').set({ version: row.version + 1 }).where('id', '=', kase.id).execute();
          await clocks.applyEvent(trx, { event: 'cse-referral-decided', at, subject });
          await writeChronologyEntry(trx, { childId: kase.childId, caseId: kase.id, at, kind: 'decision', title: `CSE referral declined by the ${cseLeadLabel(profile)}`, summary: input.declineReasons!, actor, recordType: 'cse_referral', recordId: referral.id });
        }
        await notifier.notify(trx, {
          userId: referral.referred_by,
          kind: 'cse-referral-outcome',
          title: accepted ? `CSE referral for case ${kase.reference} accepted: category ${input.category}` : `CSE referral for case ${kase.reference} declined`,
          body: accepted ? `The ${cseLeadLabel(profile)} accepted the referral and placed the child in category ${input.category}.` : `The ${cseLeadLabel(profile)} declined the referral. Why: ${input.declineReasons}`,
          link: riskPaths.section(kase.id),
        });
        await recordAudit(trx, audit, { action: 'risk.cse-referral-decided', entityType: 'cse_referral', entityId: referral.id, childId: kase.childId, details: { caseId: kase.id, decision: input.decision, category: accepted ? input.category : null } });
      });
    },

    /** A later category decision by the coordinator (re-assessment, up or down), without a referral. */
    recordCategory(actor: Actor, caseId: string, input: z.infer<typeof categoryDecisionSchema>, audit: AuditContext) {
      return riskWrite(actor, caseId, 'decide-category', audit, async (trx, kase) => {
        requireCoordinator(actor, kase);
        const suggestion = await suggestionFor(actor, kase.id, trx);
        const refusals = checkCategoryDecision({ category: input.category, suggested: suggestion.category, rationale: input.rationale, differsReason: input.differsReason });
        const awaiting = await trx.selectFrom('cse_referrals').select('id').where('case_id', '=', kase.id).where('status', '=', 'awaiting').executeTakeFirst();
        if (awaiting) refusals.unshift({ field: 'category', code: 'referral-awaiting', message: 'A CSE referral for this child is waiting: decide the referral instead' });
        if (refusals.length) throw new RiskRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        await applyCategoryDecision(trx, { actor, kase, expectedVersion: input.caseVersion, category: input.category!, rationale: input.rationale!, differsReason: input.differsReason, suggested: suggestion.category, referralId: null, audit });
      });
    },

    /** camden Part 3 §3.2: links with other vulnerable children, recorded explicitly. */
    async linkChild(actor: Actor, caseId: string, input: z.infer<typeof linkSchema>, audit: AuditContext) {
      try {
        return await riskWrite(actor, caseId, 'link-child', audit, async (trx, kase, basis) => {
          requireContributor(basis);
          const other = await trx.selectFrom('cases').select(['id', 'reference', 'child_id', 'local_authority_id', 'lead_professional_id', 'manager_id', 'version']).where('id', '=', input.linkedCaseId).executeTakeFirst();
          const otherHeader = other ? { id: other.id, reference: other.reference, childId: other.child_id, localAuthorityId: other.local_authority_id, leadProfessionalId: other.lead_professional_id, managerId: other.manager_id, version: other.version } : null;
          const otherAccess = otherHeader ? decideCaseAccess(actor, await accessFacts(trx, actor, otherHeader, now())) : null;
          if (!otherHeader || !otherAccess?.allowed || otherAccess.basis === 'break-glass' || otherAccess.basis === 'audit-access') throw new RiskRefused([{ field: 'linkedCaseId', message: 'Choose a child from the list of cases you work on' }]);
          if (otherHeader.childId === kase.childId) throw new RiskRefused([{ field: 'linkedCaseId', message: 'Choose a different child' }]);
          const at = now();
          const row = await trx.insertInto('child_links').values({ child_id: kase.childId, linked_child_id: otherHeader.childId, reason: input.linkReason, recorded_by: actor.id, recorded_at: at }).returning('id').executeTakeFirstOrThrow();
          for (const side of [kase, otherHeader]) {
            await writeChronologyEntry(trx, { childId: side.childId, caseId: side.id, at, kind: 'note', title: 'Linked with another vulnerable child', summary: 'A link with another child was recorded on the Risk page (camden Part 3 §3.2).', actor, recordType: 'child_link', recordId: row.id });
          }
          await recordAudit(trx, audit, { action: 'risk.child-linked', entityType: 'child_link', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, linkedCaseId: otherHeader.id, linkedChildId: otherHeader.childId } });
          return { id: row.id };
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new RiskRefused([{ field: 'linkedCaseId', message: 'These children are already linked' }]);
        throw error;
      }
    },

    sharingLabel: (level: SharingLevel) => SHARING_LEVEL_LABELS[level],
  };
}
