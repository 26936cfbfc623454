// Information-sharing decisions (issue 13; bedford-luton 3.11-3.12, 5.6-5.7; camden Part 1 §6): a decision names
// what is shared, with whom, the purpose and the basis. With consent it is in force at once (and narrows again
// when consent is withdrawn); without consent it waits for a second person's approval, and widens nothing until
// then; a decision not to share is kept and counted. What anyone sees is widened only by a decision in force, read
// by the one visibility predicate (src/features/cases/visible-to.ts). Each use case is one transaction with its
// audit row and a chronology entry whose words name neither what was shared nor what was withheld.
import { sql } from 'kysely';
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
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { caseWrite, mayRecordOnCase, refuseCase, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { currentNetwork } from '../cases/case-queries.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { visibleTo, planVisibleTo } from '../cases/visible-to.ts';
import type { ApprovalInput, DecisionInput, TellingInput, WithdrawalInput } from './schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

/** A team manager of the child's area, or the designated safeguarding lead of the requesting agency. */
function approverPredicate(actor: Actor, decisionAlias: string, caseAlias: string) {
  const manager = hasRole(actor, 'team-manager') && actor.localAuthorityId ? sql`${sql.ref(`${caseAlias}.local_authority_id`)} = ${actor.localAuthorityId}` : sql`false`;
  const dsl = hasRole(actor, 'designated-safeguarding-lead') ? sql`${sql.ref(`${decisionAlias}.requested_agency_id`)} = ${actor.agencyId}` : sql`false`;
  return sql<boolean>`(${sql.ref(`${decisionAlias}.requested_by`)} <> ${actor.id} and (${manager} or ${dsl}))`;
}

/** A plan's label in the decision form: its type, without its content. */
const planLabel = (planType: string) => `Plan: ${planType.replace(/-/g, ' ')}`;

export function createSharingService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  /** Records of the actor's own agency, which they may see and which are not already shared with the whole network. */
  async function shareableItems(from: Kysely<Database>, actor: Actor, kase: CaseHeader): Promise<ShareableItem[]> {
    const [observations, entries, links, minutes, plans] = await Promise.all([
      from.selectFrom('risk_observations as o').select(['o.id', 'o.indicator_id', 'o.observed_on'])
        .where('o.case_id', '=', kase.id).where('o.agency_id', '=', actor.agencyId).where('o.sharing_level', '<>', 'network')
        .where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation')).orderBy('o.observed_on', 'desc').execute(),
      from.selectFrom('chronology_entries as e').select(['e.id', 'e.title', 'e.occurred_at'])
        .where('e.case_id', '=', kase.id).where('e.agency_id', '=', actor.agencyId).where('e.sharing_level', '<>', 'network').where('e.record_type', 'is', null)
        .where(visibleTo(actor, 'e', 'author_id', 'chronology-entry')).orderBy('e.occurred_at', 'desc').execute(),
      from.selectFrom('intel_links as l').innerJoin('intel_entities as ie', 'ie.id', 'l.entity_id').select(['l.id', 'l.nature', 'ie.label'])
        .where('l.case_id', '=', kase.id).where('l.removed_at', 'is', null).where('l.agency_id', '=', actor.agencyId).where('l.sharing_level', '<>', 'network')
        .where(visibleTo(actor, 'l', 'author_id', 'intelligence-link')).orderBy('l.created_at', 'desc').execute(),
      from.selectFrom('meeting_information as i').innerJoin('meeting_cases as mc', 'mc.meeting_id', 'i.meeting_id').select(['i.id', 'i.item'])
        .where('mc.case_id', '=', kase.id).where('i.agency_id', '=', actor.agencyId).where('i.sharing_level', '<>', 'network')
        .where(visibleTo(actor, 'i', 'author_id', 'meeting-information')).orderBy('i.created_at', 'desc').execute(),
      from.selectFrom('plans as p').select(['p.id', 'p.plan_type'])
        .where('p.case_id', '=', kase.id).where('p.agency_id', '=', actor.agencyId).where('p.sharing_level', '<>', 'network')
        .where(planVisibleTo(actor, 'p')).orderBy('p.created_at', 'desc').execute(),
    ]);
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
      from.selectFrom('agencies').select(['id', 'name']).where('id', '<>', actor.agencyId).orderBy('name').execute(),
      currentNetwork(from, kase.id),
    ]);
    return { agencies, people: network.filter((m) => m.user_id !== actor.id) };
  }

  async function chronology(trx: Transaction<Database>, kase: CaseHeader, actor: Actor, at: Date, title: string, decisionId: string) {
    await trx
      .insertInto('chronology_entries')
      .values({ child_id: kase.childId, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'sharing', title, summary: CHRONOLOGY_SUMMARY, agency_id: actor.agencyId, author_id: actor.id, record_type: RECORD_TYPE, record_id: decisionId, source: 'Information sharing' })
      .execute();
  }

  /** The decisions this actor may see: their agency's, those they may approve, and those that share with them. */
  function visibleDecisions(actor: Actor) {
    return db
      .selectFrom('info_sharing_decisions as d')
      .innerJoin('cases as k', 'k.id', 'd.case_id')
      .innerJoin('users as requester', 'requester.id', 'd.requested_by')
      .innerJoin('agencies as ra', 'ra.id', 'd.requested_agency_id')
      .leftJoin('users as decider', 'decider.id', 'd.decided_by')
      .leftJoin('users as withdrawer', 'withdrawer.id', 'd.withdrawn_by')
      .selectAll('d')
      .select(['requester.display_name as requested_by_name', 'ra.name as requested_agency_name', 'decider.display_name as decided_by_name', 'withdrawer.display_name as withdrawn_by_name', 'k.reference', 'k.local_authority_id'])
      .where((eb) =>
        eb.or([
          eb('d.requested_by', '=', actor.id),
          eb('d.requested_agency_id', '=', actor.agencyId),
          eb.and([eb('d.requested_by', '<>', actor.id), approverPredicate(actor, 'd', 'k')]),
          sql<boolean>`(d.status in ('in-force', 'withdrawn') and exists (select 1 from info_sharing_recipients r where r.decision_id = d.id and (r.kind = 'network' or r.user_id = ${actor.id} or r.agency_id = ${actor.agencyId})))`,
        ]),
      );
  }

  /** Items and recipients of decisions, with item labels only where the actor may see the item. */
  async function detailsOf(actor: Actor, kase: CaseHeader, decisionIds: string[]) {
    if (!decisionIds.length) return { items: new Map<string, string[]>(), hidden: new Map<string, number>(), recipients: new Map<string, string[]>() };
    const [itemRows, recipientRows, labels] = await Promise.all([
      db.selectFrom('info_sharing_items').selectAll().where('decision_id', 'in', decisionIds).execute(),
      db.selectFrom('info_sharing_recipients as r').leftJoin('agencies as a', 'a.id', 'r.agency_id').leftJoin('users as u', 'u.id', 'r.user_id').leftJoin('agencies as ua', 'ua.id', 'u.agency_id')
        .select(['r.decision_id', 'r.kind', 'a.name as agency_name', 'u.display_name', 'ua.name as user_agency_name']).where('r.decision_id', 'in', decisionIds).execute(),
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
    const [observations, entries, links, minutes, plans] = await Promise.all([
      db.selectFrom('risk_observations as o').select(['o.id', 'o.indicator_id', 'o.observed_on']).where('o.case_id', '=', kase.id).where(visibleTo(actor, 'o', 'recorded_by', 'risk_observation')).execute(),
      db.selectFrom('chronology_entries as e').select(['e.id', 'e.title']).where('e.case_id', '=', kase.id).where('e.record_type', 'is', null).where(visibleTo(actor, 'e', 'author_id', 'chronology-entry')).execute(),
      db.selectFrom('intel_links as l').innerJoin('intel_entities as ie', 'ie.id', 'l.entity_id').select(['l.id', 'l.nature', 'ie.label']).where('l.case_id', '=', kase.id).where(visibleTo(actor, 'l', 'author_id', 'intelligence-link')).execute(),
      db.selectFrom('meeting_information as i').innerJoin('meeting_cases as mc', 'mc.meeting_id', 'i.meeting_id').select(['i.id', 'i.item']).where('mc.case_id', '=', kase.id).where(visibleTo(actor, 'i', 'author_id', 'meeting-information')).execute(),
      db.selectFrom('plans as p').select(['p.id', 'p.plan_type']).where('p.case_id', '=', kase.id).where(planVisibleTo(actor, 'p')).execute(),
    ]);
    return new Map<string, string>([
      ...observations.map((o) => [`risk_observation:${o.id}`, `Observation: ${indicatorById(o.indicator_id)?.label ?? o.indicator_id}`] as [string, string]),
      ...entries.map((e) => [`chronology-entry:${e.id}`, `Chronology entry: ${e.title}`] as [string, string]),
      ...links.map((l) => [`intelligence-link:${l.id}`, `Intelligence link: ${l.label}, ${l.nature}`] as [string, string]),
      ...minutes.map((m) => [`meeting-information:${m.id}`, `Meeting minutes: ${m.item.slice(0, 80)}`] as [string, string]),
      ...plans.map((p) => [`plan:${p.id}`, planLabel(p.plan_type)] as [string, string]),
    ]);
  }

  async function loadForUpdate(trx: Transaction<Database>, kase: CaseHeader, decisionId: string) {
    if (!UUID.test(decisionId)) throw notFound('Sharing decision');
    const row = await trx.selectFrom('info_sharing_decisions').selectAll().where('id', '=', decisionId).where('case_id', '=', kase.id).forUpdate().executeTakeFirst();
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
        const row = UUID.test(decisionId) ? await db.selectFrom('info_sharing_decisions').select('id').where('id', '=', decisionId).where('case_id', '=', kase.id).executeTakeFirst() : undefined;
        if (!row) throw notFound('Sharing decision');
      }
    },
    shareableItems: (actor: Actor, kase: CaseHeader) => shareableItems(db, actor, kase),
    recipientChoices: (actor: Actor, kase: CaseHeader) => recipientChoices(db, actor, kase),

    /** The Sharing section of a case: the caller has opened the case page (access checked, audited). */
    async forCase(actor: Actor, kase: CaseHeader) {
      const rows = await visibleDecisions(actor).where('d.case_id', '=', kase.id).orderBy('d.requested_at', 'desc').execute();
      const details = await detailsOf(actor, kase, rows.map((r) => r.id));
      const counts = await db
        .selectFrom('info_sharing_decisions')
        .select(['status', sql<number>`count(*)::int`.as('n')])
        .where('case_id', '=', kase.id)
        .groupBy('status')
        .execute();
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
      const row = await db.selectFrom('info_sharing_decisions as d').innerJoin('cases as k', 'k.id', 'd.case_id').select(sql<number>`count(*)::int`.as('n')).where('d.status', '=', 'pending').where(approverPredicate(actor, 'd', 'k')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Pending requests this actor may approve, oldest first, for their work list. */
    async pendingForApprover(actor: Actor) {
      if (!hasRole(actor, ...APPROVER_ROLES)) return [];
      return db
        .selectFrom('info_sharing_decisions as d')
        .innerJoin('cases as k', 'k.id', 'd.case_id')
        .innerJoin('users as requester', 'requester.id', 'd.requested_by')
        .innerJoin('agencies as ra', 'ra.id', 'd.requested_agency_id')
        .select(['d.id', 'd.case_id', 'd.basis', 'd.requested_at', 'k.reference', 'requester.display_name as requested_by_name', 'ra.name as requested_agency_name'])
        .where('d.status', '=', 'pending')
        .where(approverPredicate(actor, 'd', 'k'))
        .orderBy('d.requested_at')
        .limit(100)
        .execute();
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
          const child = await trx.selectFrom('children').select(['date_of_birth', 'approximate_age']).where('id', '=', kase.childId).executeTakeFirstOrThrow();
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
        const row = await trx
          .insertInto('info_sharing_decisions')
          .values({
            case_id: kase.id, child_id: kase.childId, basis, status, purpose: input.purpose,
            consent_giver: basis === 'consent' ? input.consentGiver! : null, consent_giver_name: basis === 'consent' ? (input.consentGiverName ?? null) : null,
            consent_method: basis === 'consent' ? input.consentMethod! : null, consent_given_on: basis === 'consent' ? input.consentGivenOn! : null,
            capacity_reasons: basis === 'consent' && input.consentGiver === 'child-with-capacity' ? input.capacityReasons! : null, consent_limits: basis === 'consent' ? (input.consentLimits ?? null) : null,
            answers: JSON.stringify(withoutConsent ? answersOf(input) : {}), not_shared_reason: basis === 'not-shared' ? input.notSharedReason! : null,
            requested_by: actor.id, requested_agency_id: actor.agencyId, requested_at: at,
            ...(withoutConsent
              ? { child_told: input.childTold!, family_told: input.familyTold ?? null, teller_name: input.tellerName ?? null, tell_by: input.tellBy ?? null, not_told_reason: input.notToldReason ?? null, family_not_told_reason: input.familyNotToldReason ?? null, telling_recorded_by: actor.id, telling_recorded_at: at }
              : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('info_sharing_items').values(chosen.map((k) => { const item = shareable.get(k)!; return { decision_id: row.id, record_type: item.type, record_id: item.id }; })).execute();
        await trx.insertInto('info_sharing_recipients').values([
          ...agencies.map((id) => ({ decision_id: row.id, kind: 'agency' as const, agency_id: id, user_id: null })),
          ...people.map((id) => ({ decision_id: row.id, kind: 'user' as const, agency_id: null, user_id: id })),
          ...(input.network ? [{ decision_id: row.id, kind: 'network' as const, agency_id: null, user_id: null }] : []),
        ]).execute();
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
        const seen = UUID.test(decisionId) ? await trx.selectFrom('info_sharing_decisions').select(['id', 'requested_by', 'requested_agency_id', 'status']).where('id', '=', decisionId).where('case_id', '=', kase.id).executeTakeFirst() : undefined;
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
        await trx.updateTable('info_sharing_decisions').set({ status, decided_by: actor.id, decided_at: at, decision_note: input.note ?? null, version: row.version + 1 }).where('id', '=', row.id).where('version', '=', row.version).execute();
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
        await trx.updateTable('info_sharing_decisions').set({
          child_told: input.childTold, teller_name: input.tellerName ?? null, tell_by: input.tellBy ?? null, not_told_reason: input.notToldReason ?? null,
          family_told: input.familyTold ?? null, family_not_told_reason: input.familyNotToldReason ?? null, telling_recorded_by: actor.id, telling_recorded_at: at, version: row.version + 1,
        }).where('id', '=', row.id).where('version', '=', row.version).execute();
        await recordAudit(trx, audit, { action: 'sharing.telling-recorded', entityType: 'sharing-decision', entityId: row.id, childId: kase.childId, details: { caseId: kase.id, childTold: input.childTold } });
      });
    },

    /** Consent withdrawn: the decision stops widening from now on (later reads); what was seen before stays audited. */
    async withdraw(actor: Actor, caseId: string, decisionId: string, input: WithdrawalInput, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase, basis: access } = await writeCase(trx, actor, caseId, audit, 'sharing.consent-withdrawn', at);
        const seen = UUID.test(decisionId) ? await trx.selectFrom('info_sharing_decisions').select(['id', 'requested_agency_id']).where('id', '=', decisionId).where('case_id', '=', kase.id).executeTakeFirst() : undefined;
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
        await trx.updateTable('info_sharing_decisions').set({ status: 'withdrawn', withdrawn_by: actor.id, withdrawn_at: at, withdrawal_reason: input.reason, version: row.version + 1 }).where('id', '=', row.id).where('version', '=', row.version).execute();
        await chronology(trx, kase, actor, at, 'Consent to share information withdrawn', row.id);
        await recordAudit(trx, audit, { action: 'sharing.consent-withdrawn', entityType: 'sharing-decision', entityId: row.id, childId: kase.childId, details: { caseId: kase.id } });
      });
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
