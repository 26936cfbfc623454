// Information-sharing decisions (issue 13; bedford-luton 3.11-3.12, 5.6-5.7; camden Part 1 §6): a decision names
// what is shared, with whom, the purpose and the basis. With consent it is in force at once (and narrows again
// when consent is withdrawn); without consent it waits for a second person's approval, and widens nothing until
// then; a decision not to share is kept and counted. What anyone sees is widened only by a decision in force, read
// by the one visibility predicate (src/features/cases/queries-visibility.ts). Each use case is one transaction with its
// audit row and a chronology entry whose words name neither what was shared nor what was withheld.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { hasRole } from '../../domain/access/access.ts';
import {
  APPROVER_ROLES, approvalRefusal, consentGiverRefusal, initialStatus, publicInterestRefusals, tellingRefusals, withdrawalRefusal,
} from '../../domain/sharing/sharing.ts';
import type { PublicInterestQuestion, Refusal, SharedItemType, SharingBasis, SharingStatus } from '../../domain/sharing/sharing.ts';
import { PUBLIC_INTEREST_QUESTIONS } from '../../domain/sharing/sharing.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import { indicatorById } from '../../domain/risk/catalogue.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, mayRecordOnCase, refuseCase, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { currentNetwork } from '../cases/queries.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import type { ApprovalInput, DecisionInput, TellingInput, WithdrawalInput } from './schemas.ts';
import {
  approvalFacts,
  childAgeFacts,
  decisionCountsOfCase,
  decisionOfCase,
  insertDecision,
  insertDecisionItems,
  insertDecisionRecipients,
  insertSharingChronologyEntry,
  itemsOfDecisions,
  lockDecision,
  otherAgencies,
  ownUnsharedRecords,
  pendingCountForApprover,
  pendingForApprover,
  recipientsOfDecisions,
  requestingAgencyOf,
  updateDecision,
  visibleDecisionsOfCase,
  visibleRecords,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

const RECORD_TYPE = 'sharing-decision';
const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record sharing decisions.';
/** The chronology says that a decision was made, never what it shares or withholds (issue 13). */
const CHRONOLOGY_SUMMARY = 'Recorded on the Sharing page, where what it covers is shown only to those who may see it.';

export class StaleDecision extends Refused {
  constructor(message: string) {
    super([{ field: 'version', message }], 409);
  }
}

const refused = (refusals: readonly Refusal[]) => new RecordRefused(refusals.map((r) => ({ field: r.field, message: r.message })));

export type ShareableItem = { key: string; type: SharedItemType; id: string | null; label: string };

/** The answers of bedford-luton 5.7 from the form's answer-<id> fields. */
function answersOf(input: DecisionInput): Record<PublicInterestQuestion, string | undefined> {
  const raw = input as unknown as Record<string, string | undefined>;
  return Object.fromEntries(PUBLIC_INTEREST_QUESTIONS.map((q) => [q.id, raw[`answer-${q.id}`]])) as Record<PublicInterestQuestion, string | undefined>;
}

/** A plan's label in the decision form: its type, without its content. */
const planLabel = (planType: string) => `Plan: ${planType.replace(/-/g, ' ')}`;

export function createSharingService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  /** Records of the actor's own agency, which they may see and which are not already shared with the whole network. */
  async function shareableItems(from: Kysely<Database>, actor: Actor, kase: CaseHeader): Promise<ShareableItem[]> {
    const { observations, entries, links, minutes, plans } = await ownUnsharedRecords(from, actor, kase.id);
    const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
    return [
      ...observations.map((o) => ({ key: `risk_observation:${o.id}`, type: 'risk_observation' as const, id: o.id, label: `Observation: ${indicatorById(o.indicator_id)?.label ?? o.indicator_id} (${day(o.observed_on)})` })),
      ...entries.map((e) => ({ key: `chronology-entry:${e.id}`, type: 'chronology-entry' as const, id: e.id, label: `Chronology entry: ${e.title} (${day(e.occurred_at)})` })),
      ...links.map((l) => ({ key: `intelligence-link:${l.id}`, type: 'intelligence-link' as const, id: l.id, label: `Intelligence link: ${l.label}, ${l.nature}` })),
      ...minutes.map((m) => ({ key: `meeting-information:${m.id}`, type: 'meeting-information' as const, id: m.id, label: `Meeting minutes: ${m.item.slice(0, 80)}` })),
      ...plans.map((p) => ({ key: `plan:${p.id}`, type: 'plan' as const, id: p.id, label: planLabel(p.plan_type) })),
      { key: 'case-summary', type: 'case-summary' as const, id: null, label: 'A summary of the whole case: its recipients may read the case summary page (identity, category, network-level plans, the network), never its entries' },
    ];
  }

  async function recipientChoices(from: Kysely<Database>, actor: Actor, kase: CaseHeader) {
    const [agencies, network] = await Promise.all([
      otherAgencies(from, actor.agencyId),
      currentNetwork(from, kase.id),
    ]);
    return { agencies, people: network.filter((m) => m.user_id !== actor.id) };
  }

  async function chronology(trx: Transaction<Database>, kase: CaseHeader, actor: Actor, at: Date, title: string, decisionId: string) {
    await insertSharingChronologyEntry(trx, { child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'sharing', title, summary: CHRONOLOGY_SUMMARY, agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: decisionId, source: 'Information sharing' });
  }

  /** Items and recipients of decisions, with item labels only where the actor may see the item. */
  async function detailsOf(actor: Actor, kase: CaseHeader, decisionIds: string[]) {
    if (!decisionIds.length) return { items: new Map<string, string[]>(), hidden: new Map<string, number>(), recipients: new Map<string, string[]>() };
    const [itemRows, recipientRows, labels] = await Promise.all([
      itemsOfDecisions(db, decisionIds),
      recipientsOfDecisions(db, decisionIds),
      visibleItemLabels(actor, kase),
    ]);
    const items = new Map<string, string[]>();
    const hidden = new Map<string, number>();
    for (const row of itemRows) {
      const label = row.record_type === 'case-summary' ? 'A summary of the whole case' : labels.get(`${row.record_type}:${row.record_id}`);
      if (label) items.set(row.decision_id, [...(items.get(row.decision_id) ?? []), label]);
      else hidden.set(row.decision_id, (hidden.get(row.decision_id) ?? 0) + 1);
    }
    const recipients = new Map<string, string[]>();
    for (const r of recipientRows) {
      const text = r.kind === 'network' ? 'The case network' : r.kind === 'agency' ? (r.agency_name ?? 'An agency') : `${r.display_name ?? 'Someone'} (${r.user_agency_name ?? ''})`;
      recipients.set(r.decision_id, [...(recipients.get(r.decision_id) ?? []), text]);
    }
    return { items, hidden, recipients };
  }

  /** Labels of every record of the case this actor may see now (through the same predicate as every list). */
  async function visibleItemLabels(actor: Actor, kase: CaseHeader) {
    const { observations, entries, links, minutes, plans } = await visibleRecords(db, actor, kase.id);
    return new Map<string, string>([
      ...observations.map((o) => [`risk_observation:${o.id}`, `Observation: ${indicatorById(o.indicator_id)?.label ?? o.indicator_id}`] as [string, string]),
      ...entries.map((e) => [`chronology-entry:${e.id}`, `Chronology entry: ${e.title}`] as [string, string]),
      ...links.map((l) => [`intelligence-link:${l.id}`, `Intelligence link: ${l.label}, ${l.nature}`] as [string, string]),
      ...minutes.map((m) => [`meeting-information:${m.id}`, `Meeting minutes: ${m.item.slice(0, 80)}`] as [string, string]),
      ...plans.map((p) => [`plan:${p.id}`, planLabel(p.plan_type)] as [string, string]),
    ]);
  }

  async function loadForUpdate(trx: Transaction<Database>, kase: CaseHeader, decisionId: string) {
    if (!isRecordId(decisionId)) throw notFound('Sharing decision');
    const row = await lockDecision(trx, kase.id, decisionId);
    if (!row) throw notFound('Sharing decision');
    return row;
  }

  return {
    /**
     * The checks a request must pass before its body is read: the case's write gate (and, to record a decision, the
     * right to record on the case), then, for an existing decision, that it is one of this case's. A malformed form
     * from someone who may not act is therefore refused, never answered with the form's errors (issue 16's matrix).
     */
    async guard(actor: Actor, caseId: string, decisionId: string | null, audit: AuditContext) {
      const action = decisionId ? 'sharing.decision-changed' : 'sharing.decision-recorded';
      const { kase, basis: access } = await writeCase(db, actor, caseId, audit, action, now());
      if (!decisionId && !mayRecordOnCase(access)) {
        await recordAudit(db, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'not-in-network', basis: access } });
        throw forbidden(WRITE_REFUSAL);
      }
      if (decisionId) {
        const row = isRecordId(decisionId) ? await decisionOfCase(db, kase.id, decisionId) : undefined;
        if (!row) throw notFound('Sharing decision');
      }
    },
    shareableItems: (actor: Actor, kase: CaseHeader) => shareableItems(db, actor, kase),
    recipientChoices: (actor: Actor, kase: CaseHeader) => recipientChoices(db, actor, kase),

    /** The Sharing section of a case: the caller has opened the case page (access checked, audited). */
    async forCase(actor: Actor, kase: CaseHeader) {
      const rows = await visibleDecisionsOfCase(db, actor, kase.id);
      const details = await detailsOf(actor, kase, rows.map((r) => r.id));
      const counts = await decisionCountsOfCase(db, kase.id);
      return {
        decisions: rows.map((r) => ({
          ...r,
          items: details.items.get(r.id) ?? [],
          hiddenItems: details.hidden.get(r.id) ?? 0,
          recipients: details.recipients.get(r.id) ?? [],
          mayApprove: r.status === 'pending' && approvalRefusal({ approver: actor, decision: { requestedBy: r.requested_by, requestedAgencyId: r.requested_agency_id, caseLocalAuthorityId: r.local_authority_id, status: r.status } }) === null,
          mayRecordTelling: (r.basis === 'public-interest' || r.basis === 'child-protection') && r.status !== 'declined' && (r.requested_agency_id === actor.agencyId || (actor.localAuthorityId === r.local_authority_id && hasRole(actor, 'front-door', 'cse-coordinator', 'team-manager', 'social-worker'))),
          mayWithdraw: r.basis === 'consent' && r.status === 'in-force' && (r.requested_agency_id === actor.agencyId || (actor.localAuthorityId === r.local_authority_id && hasRole(actor, 'front-door', 'cse-coordinator', 'team-manager'))),
        })),
        /** Counted over every decision of the case, so that decisions not to share are counted even where not shown. */
        counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<SharingStatus, number>>,
      };
    },

    /** How many requests wait for this actor's approval (the count on their own work list). */
    async pendingCountForApprover(actor: Actor): Promise<number> {
      if (!hasRole(actor, ...APPROVER_ROLES)) return 0;
      const row = await pendingCountForApprover(db, actor);
      return Number(row?.n ?? 0);
    },

    /** Pending requests this actor may approve, oldest first, for their work list. */
    async pendingForApprover(actor: Actor) {
      if (!hasRole(actor, ...APPROVER_ROLES)) return [];
      return pendingForApprover(db, actor);
    },

    async record(actor: Actor, caseId: string, input: DecisionInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'sharing.decision-recorded', at, WRITE_REFUSAL);
        const refusals: Refusal[] = [];
        const shareable = new Map((await shareableItems(trx, actor, kase)).map((i) => [i.key, i]));
        const chosen = [...new Set(input.items.map((k) => k.toLowerCase()))];
        if (chosen.some((k) => !shareable.has(k))) refusals.push({ field: 'items', code: 'item', message: 'Choose records of your own agency that you may see and that are not already shared with the case network' });
        const choices = await recipientChoices(trx, actor, kase);
        const agencies = [...new Set(input.agencies)];
        const people = [...new Set(input.people)];
        if (agencies.some((id) => !choices.agencies.some((a) => a.id === id))) refusals.push({ field: 'agencies', code: 'agency', message: 'Choose agencies from the list' });
        if (people.some((id) => !choices.people.some((p) => p.user_id === id))) refusals.push({ field: 'people', code: 'person', message: 'Choose people who are in this child’s professional network' });
        if (!agencies.length && !people.length && !input.network) refusals.push({ field: 'agencies', code: 'recipient', message: 'Choose who the information is shared with (or not shared with)' });
        const basis: SharingBasis = input.basis;
        if (basis === 'consent') {
          const child = await childAgeFacts(trx, kase.childId);
          const age = child.date_of_birth ? ageInYears(child.date_of_birth, at) : child.approximate_age;
          if (!input.consentGiver) refusals.push({ field: 'consentGiver', code: 'giver', message: 'Choose who gave consent' });
          else {
            const r = consentGiverRefusal({ giver: input.consentGiver, childAge: age, capacityReasons: input.capacityReasons ?? null });
            if (r) refusals.push(r);
          }
          if (input.consentGiver === 'parental-responsibility' && !input.consentGiverName) refusals.push({ field: 'consentGiverName', code: 'giver-name', message: 'Enter the name of the person with parental responsibility who gave consent' });
          if (!input.consentMethod) refusals.push({ field: 'consentMethod', code: 'method', message: 'Choose how consent was given' });
          if (!input.consentGivenOn) refusals.push({ field: 'consentGivenOn', code: 'given-on', message: 'Enter the date consent was given' });
          else if (input.consentGivenOn > at.toISOString().slice(0, 10)) refusals.push({ field: 'consentGivenOn', code: 'future', message: 'The date consent was given must be today or in the past' });
        } else if (basis === 'public-interest' || basis === 'child-protection') {
          refusals.push(...publicInterestRefusals(answersOf(input)));
          refusals.push(...tellingRefusals(input));
        } else if (!input.notSharedReason) {
          refusals.push({ field: 'notSharedReason', code: 'reason', message: 'Enter the reason for not sharing' });
        }
        if (refusals.length) throw refused(refusals);

        const status = initialStatus(basis);
        const withoutConsent = basis === 'public-interest' || basis === 'child-protection';
        const row = await insertDecision(trx, {
          case_id: kase.id, child_id: kase.childId, basis, status, purpose: input.purpose,
          consent_giver: basis === 'consent' ? input.consentGiver! : null, consent_giver_name: basis === 'consent' ? (input.consentGiverName ?? null) : null,
          consent_method: basis === 'consent' ? input.consentMethod! : null, consent_given_on: basis === 'consent' ? input.consentGivenOn! : null,
          capacity_reasons: basis === 'consent' && input.consentGiver === 'child-with-capacity' ? input.capacityReasons! : null, consent_limits: basis === 'consent' ? (input.consentLimits ?? null) : null,
          answers: JSON.stringify(withoutConsent ? answersOf(input) : {}), not_shared_reason: basis === 'not-shared' ? input.notSharedReason! : null,
          requested_by: actor.id, requested_agency_id: actor.agencyId, requested_at: at,
          ...(withoutConsent
            ? { child_told: input.childTold!, family_told: input.familyTold ?? null, teller_name: input.tellerName ?? null, tell_by: input.tellBy ?? null, not_told_reason: input.notToldReason ?? null, family_not_told_reason: input.familyNotToldReason ?? null, telling_recorded_by: actor.id, telling_recorded_at: at }
            : {}),
        });
        await insertDecisionItems(trx, chosen.map((k) => { const item = shareable.get(k)!; return { decision_id: row.id, record_type: item.type, record_id: item.id }; }));
        await insertDecisionRecipients(trx, [
          ...agencies.map((id) => ({ decision_id: row.id, kind: 'agency' as const, agency_id: id, user_id: null })),
          ...people.map((id) => ({ decision_id: row.id, kind: 'user' as const, agency_id: null, user_id: id })),
          ...(input.network ? [{ decision_id: row.id, kind: 'network' as const, agency_id: null, user_id: null }] : []),
        ]);
        await chronology(trx, kase, actor, at, status === 'pending' ? 'Information-sharing decision requested' : 'Information-sharing decision recorded', row.id);
        await recordAudit(trx, audit, { action: 'sharing.decision-recorded', entityType: 'sharing-decision', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, basis, status, items: chosen.length, recipients: agencies.length + people.length + (input.network ? 1 : 0) } });
        return { id: row.id, status };
      });
    },

    /** A second person approves or declines a request without consent (bedford-luton 3.11, 5.7). */
    async decide(actor: Actor, caseId: string, decisionId: string, input: ApprovalInput, audit: AuditContext) {
      const at = now();
      const refusalError = (refusal: Refusal) => (refusal.code === 'not-pending' ? new StaleDecision(refusal.message) : new RecordRefused([{ field: refusal.field, message: refusal.message }], 403));
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'sharing.decision-approved', at);
        const refusalOf = (row: { requested_by: string; requested_agency_id: string; status: SharingStatus }) =>
          approvalRefusal({ approver: actor, decision: { requestedBy: row.requested_by, requestedAgencyId: row.requested_agency_id, caseLocalAuthorityId: kase.localAuthorityId, status: row.status } });
        // A refusal of the approver is audited after the rollback of the transaction that would have written the approval.
        const seen = isRecordId(decisionId) ? await approvalFacts(trx, kase.id, decisionId) : undefined;
        if (!seen) throw notFound('Sharing decision');
        const early = refusalOf(seen);
        if (early && early.code !== 'not-pending') {
          await refuseCase(trx, audit, { action: 'sharing.decision-approved', entityType: 'sharing-decision', entityId: seen.id, childId: kase.childId, details: { code: early.code } }, refusalError(early));
        }
        const row = await loadForUpdate(trx, kase, decisionId);
        if (row.version !== input.version) throw new StaleDecision('This request changed while you were looking at it. Nothing you entered was saved; check it and try again.');
        const refusal = refusalOf(row);
        if (refusal) throw refusalError(refusal);
        if (input.outcome === 'decline' && !input.note) throw new RecordRefused([{ field: 'note', message: 'Enter the reason for declining this request' }]);
        const status = input.outcome === 'approve' ? 'in-force' : 'declined';
        await updateDecision(trx, row, { status, decided_by: actor.id, decided_at: at, decision_note: input.note ?? null, version: row.version + 1 });
        await chronology(trx, kase, actor, at, status === 'in-force' ? 'Information-sharing decision approved' : 'Information-sharing request declined', row.id);
        await recordAudit(trx, audit, { action: status === 'in-force' ? 'sharing.decision-approved' : 'sharing.decision-declined', entityType: 'sharing-decision', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, basis: row.basis } });
        return { status };
      });
    },

    /** Whether the child (and family) has been told of sharing without consent, who tells them and when, or why not (camden Part 1 §6). */
    async recordTelling(actor: Actor, caseId: string, decisionId: string, input: TellingInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase, basis: access } = await writeCase(trx, actor, caseId, audit, 'sharing.telling-recorded', at);
        if (!mayRecordOnCase(access)) throw forbidden(WRITE_REFUSAL);
        const row = await loadForUpdate(trx, kase, decisionId);
        if (row.basis !== 'public-interest' && row.basis !== 'child-protection') throw new RecordRefused([{ field: 'childTold', message: 'Telling the child is recorded for information shared without consent' }]);
        if (row.status === 'declined') throw new RecordRefused([{ field: 'childTold', message: 'This request was declined: nothing was shared, so there is nothing to tell the child' }]);
        if (row.version !== input.version) throw new StaleDecision('This decision changed while you were looking at it. Nothing you entered was saved; check it and try again.');
        const refusals = tellingRefusals(input);
        if (refusals.length) throw refused(refusals);
        await updateDecision(trx, row, {
          child_told: input.childTold, teller_name: input.tellerName ?? null, tell_by: input.tellBy ?? null, not_told_reason: input.notToldReason ?? null,
          family_told: input.familyTold ?? null, family_not_told_reason: input.familyNotToldReason ?? null, telling_recorded_by: actor.id, telling_recorded_at: at, version: row.version + 1,
        });
        await recordAudit(trx, audit, { action: 'sharing.telling-recorded', entityType: 'sharing-decision', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, childTold: input.childTold } });
      });
    },

    /** Consent withdrawn: the decision stops widening from now on (later reads); what was seen before stays audited. */
    async withdraw(actor: Actor, caseId: string, decisionId: string, input: WithdrawalInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase, basis: access } = await writeCase(trx, actor, caseId, audit, 'sharing.consent-withdrawn', at);
        const seen = isRecordId(decisionId) ? await requestingAgencyOf(trx, kase.id, decisionId) : undefined;
        if (!seen) throw notFound('Sharing decision');
        const areaRole = actor.localAuthorityId === kase.localAuthorityId && hasRole(actor, 'front-door', 'cse-coordinator', 'team-manager');
        if (!mayRecordOnCase(access) || (seen.requested_agency_id !== actor.agencyId && !areaRole)) {
          const refusal = forbidden('Only the agency that recorded this consent, or the area’s front door, CSE coordinator and team managers, record its withdrawal.');
          await refuseCase(trx, audit, { action: 'sharing.consent-withdrawn', entityType: 'sharing-decision', entityId: seen.id, childId: kase.childId, details: { code: 'not-requesting-agency' } }, refusal);
        }
        const row = await loadForUpdate(trx, kase, decisionId);
        if (row.version !== input.version) throw new StaleDecision('This decision changed while you were looking at it. Nothing you entered was saved; check it and try again.');
        const refusal = withdrawalRefusal({ basis: row.basis, status: row.status });
        if (refusal) throw new StaleDecision(refusal.message);
        await updateDecision(trx, row, { status: 'withdrawn', withdrawn_by: actor.id, withdrawn_at: at, withdrawal_reason: input.reason, version: row.version + 1 });
        await chronology(trx, kase, actor, at, 'Consent to share information withdrawn', row.id);
        await recordAudit(trx, audit, { action: 'sharing.consent-withdrawn', entityType: 'sharing-decision', entityId: row.id, childId: kase.childId, details: { caseId: kase.id } });
      });
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
