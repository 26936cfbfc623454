// CSE referrals and the coordinator's category decisions: a referral to the CSE lead, its acceptance (a category)
// or decline, and later category decisions. Each is one transaction with its clocks, follow-up action, chronology
// entry, notifications and audit row. The only risk use cases that send clock events.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { Actor } from '../../domain/access/access.ts';
import { addWorkingDays, londonDateOf } from '../../domain/clock/index.ts';
import type { TimescaleEvent } from '../../domain/profiles/enums.ts';
import type { RiskCategory } from '../../domain/risk/catalogue.ts';
import { AGE_RULE_SUMMARY, CSE_MEETING_DEFAULT_WORKING_DAYS, DIVERSION_PLAN_DEFAULT_NOTE, DIVERSION_PLAN_DEFAULT_WORKING_DAYS, checkCategoryDecision, checkDecline, followUpFor } from '../../domain/risk/cse-referral.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { refuseCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import type { z } from 'zod';
import type { categoryDecisionSchema, referralDecisionSchema } from './schemas.ts';
import {
  activeCoordinators, awaitingReferral, firstDueOf, firstRunningClock, insertAction, insertCategoryDecision, insertCseReferral, latestCategoryDecision, lockCaseForCategory, lockCaseVersion, lockReferral,
  openDecisionAction, referralOfCase, setCaseCategory, setCaseVersion, updateReferral, userDisplayName, writeChronologyEntry,
} from './queries.ts';
import { RiskRefused, StaleCase } from './service-refusals.ts';
import { riskPaths } from './paths.ts';
import { childAgeBand, cseLeadLabel, cseMeetingLabel } from './service-common.ts';
import type { RiskCommon } from './service-common.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** Every event this module passes to clocks.applyEvent. */
export const CLOCK_EVENTS_SENT = ['cse-referral-received', 'cse-referral-decided', 'cse-category-decided', 'risk-category-reassessed', 'risk-category-recorded'] as const satisfies readonly TimescaleEvent[];

const CSE_MEETING_EVENT = 'cse-category-decided' as const;

const fmtDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' });

export function createCategoryDecisions(services: Services, common: RiskCommon) {
  const { db, notifier, profiles, now } = services;
  const clocks = { calendar: services.clocks.calendar, applyEvent: services.clocks.sender(CLOCK_EVENTS_SENT) };
  const { riskWrite, requireCoordinator, suggestionFor, referralPermission } = common;

  /** What changed since the form was opened, in words, for the second of two people deciding at once. */
  async function describeChangesSince(trx: Transaction<Database>, caseId: string, version: number, current: number): Promise<string[]> {
    const latest = await latestCategoryDecision(trx, caseId);
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
    const row = await lockCaseForCategory(trx, kase.id);
    if (row.version !== input.expectedVersion) throw new StaleCase(await describeChangesSince(trx, kase.id, input.expectedVersion, row.version));
    const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
    const band = childAgeBand(row, at);
    const decision = await insertCategoryDecision(trx, {
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
    });
    await setCaseCategory(trx, kase.id, input.expectedVersion, input.category, at);

    const subject = { caseId: kase.id, childId: kase.childId, localAuthorityId: kase.localAuthorityId };
    // The coordinator's decision answers any referral waiting for it (including one sent by the front door).
    await clocks.applyEvent(trx, { event: 'cse-referral-decided', at, subject });
    // Every category decision re-assesses the one before and starts the next re-assessment clock (camden Part 3 §3.3).
    await clocks.applyEvent(trx, { event: 'risk-category-reassessed', at, subject });
    await clocks.applyEvent(trx, { event: 'risk-category-recorded', at, subject, facts: { category: input.category }, ownerUserId: actor.id });
    // A CSE-meeting clock already running (e.g. a move from 2 to 3 before the meeting) is not started twice.
    const meetingRules = profile.timescales.filter((t) => t.startsOn === CSE_MEETING_EVENT).map((t) => t.id);
    const running = meetingRules.length
      ? await firstRunningClock(trx, kase.id, meetingRules)
      : undefined;
    let meetingDue: Date | null = running?.due_at ?? null;
    if (!(running && input.category !== 1)) {
      const started = await clocks.applyEvent(trx, { event: CSE_MEETING_EVENT, at, subject, facts: { category: input.category }, ownerUserId: actor.id });
      if (started.started.length) {
        const clock = await firstDueOf(trx, started.started);
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
    const open = await openDecisionAction(trx, kase.id, action.title);
    let actionId: string | null = null;
    if (!open) {
      const created = await insertAction(trx, {
        case_id: kase.id,
        title: action.title,
        description: action.description,
        desired_outcome: followUp.kind === 'diversion-plan' ? 'A diversion plan shared with the professional network' : `The ${cseMeetingLabel(profile)} is held`,
        owner_user_id: action.ownerId,
        due_date: action.dueDate,
        source_type: 'decision',
        source_id: decision.id,
        created_by: actor.id,
      });
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
          const awaiting = await awaitingReferral(trx, kase.id);
          if (awaiting) throw new RiskRefused([{ field: 'reason', message: `A referral for this child is already waiting for the ${cseLeadLabel(profile)}’s decision` }]);
          const row = await insertCseReferral(trx, { case_id: kase.id, referred_by: actor.id, referred_at: at, reason: input.reason });
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
      if (!isRecordId(referralId)) throw notFound('Referral');
      const referral = await referralOfCase(executor, kase.id, referralId);
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
        const current = await lockReferral(trx, referral.id);
        if (current.status !== 'awaiting' || current.version !== input.referralVersion) {
          const who = current.decided_by ? (await userDisplayName(trx, current.decided_by))?.display_name : null;
          throw new StaleCase([
            current.status === 'awaiting'
              ? 'The referral changed while you were deciding. Nothing you entered was saved.'
              : `${who ?? 'Someone'} already ${current.status} this referral${current.decided_at ? ` on ${fmtDate.format(current.decided_at)}` : ''}. Nothing you entered was saved.`,
          ]);
        }
        const at = now();
        const accepted = input.decision === 'accept';
        await updateReferral(trx, referral.id, { status: accepted ? 'accepted' : 'declined', decided_by: actor.id, decided_at: at, decision_reason: accepted ? input.rationale! : input.declineReasons!, version: current.version + 1 });
        const subject = { caseId: kase.id, childId: kase.childId, localAuthorityId: kase.localAuthorityId };
        if (accepted) {
          await applyCategoryDecision(trx, { actor, kase, expectedVersion: input.caseVersion, category: input.category!, rationale: input.rationale!, differsReason: input.differsReason, suggested: suggestion.category, referralId: referral.id, audit });
        } else {
          const row = await lockCaseVersion(trx, kase.id);
          if (row.version !== input.caseVersion) throw new StaleCase(await describeChangesSince(trx, kase.id, input.caseVersion, row.version));
          await setCaseVersion(trx, kase.id, row.version + 1);
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
        const awaiting = await awaitingReferral(trx, kase.id);
        if (awaiting) refusals.unshift({ field: 'category', code: 'referral-awaiting', message: 'A CSE referral for this child is waiting: decide the referral instead' });
        if (refusals.length) throw new RiskRefused(refusals.map((r) => ({ field: r.field, message: r.message })));
        await applyCategoryDecision(trx, { actor, kase, expectedVersion: input.caseVersion, category: input.category!, rationale: input.rationale!, differsReason: input.differsReason, suggested: suggestion.category, referralId: null, audit });
      });
    },

  };
}
