// Transfer between authorities (issue 15; bedford-luton 18-19): the request with its package, the receiving
// coordinator's answer, the sender's withdrawal, and the sending authority's read of what it wrote afterwards. Each step
// is one transaction with its audit row, its chronology entry, its notification and the response clock.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { canSeeEntry, canSeeEntryAfterTransfer, TRANSFER_READS } from '../../domain/access/access.ts';
import {
  decideTransfer,
  maySendTransfer,
  TRANSFER_RESPONSE_TIMESCALE,
  TRANSFER_RESPONSE_WARNING_HOURS,
  TRANSFER_SOURCE,
  TRANSFER_STATUS_LABELS,
} from '../../domain/case-transfer/transfer.ts';
import type { TransferCommand, TransferEvent, TransferState, TransferStatus } from '../../domain/case-transfer/transfer.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { conflict, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext, AuditEvent } from '../audit/service.ts';
import { caseWrite, readCase, writeCase } from '../case-access/service.ts';
import { caseOverview, currentNetwork, visibleChronology } from '../cases/queries.ts';
import type { ClockService } from '../clocks/service.ts';
import type { Notifier } from '../notifications/service.ts';
import { childName } from '../../platform/web/child-name.ts';
import { paths } from './paths.ts';
import {
  activeCoordinatorsOf,
  authorityById,
  authorityNameById,
  caseChronologyWithAuthors,
  casePlansWithAuthority,
  incomingTransfers,
  insertTransfer,
  insertTransferChronologyEntry,
  lockCaseForAnswer,
  lockCaseForRequest,
  moveCase,
  moveChild,
  openTransferOf,
  otherAuthorities,
  packagePlans,
  recentCategoryDecisions,
  recordAnswer,
  removeAuthorityFromNetwork,
  rolesOfUser,
  setTransferClock,
  transferById,
  transferHistory,
  userAuthority,
  userForTransfer,
} from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


/** The response clock's rule id: a Harbour setting, not a profile rule (see TRANSFER_RESPONSE_TIMESCALE). */
export const TRANSFER_CLOCK_RULE = 'transfer-response';

/** A refusal, with the denied audit event written after the transaction rolls back (so the refusal is still on the trail). */
export class TransferRefused extends Refused {
  denial: AuditEvent | null = null;
}

type Deps = { db: Kysely<Database>; now: () => Date; clocks: ClockService; notifier: Notifier };

export type RequestInput = { toLocalAuthorityId: string; receivingCoordinatorId: string; summary: string; reason: string };

export function createTransferService({ db, now, clocks, notifier }: Deps) {
  async function transferRow(executor: Kysely<Database>, transferId: string, lock = false) {
    if (!isRecordId(transferId)) return null;
    return transferById(executor, transferId, lock);
  }

  async function authorityName(executor: Kysely<Database>, id: string) {
    return (await authorityNameById(executor, id))?.name ?? id;
  }

  function refuse(decision: ReturnType<typeof decideTransfer>, denial: AuditEvent): asserts decision is Extract<ReturnType<typeof decideTransfer>, { ok: true }> {
    if (decision.ok) return;
    const code = decision.refusal.code;
    const error = new TransferRefused([{ field: decision.refusal.field, message: decision.refusal.message }], code === 'not-permitted' || code === 'not-receiving-coordinator' ? 403 : code === 'nothing-to-answer' ? 409 : 400);
    error.denial = { ...denial, outcome: 'denied', details: { ...denial.details, code } };
    throw error;
  }

  /** One transaction (the case write gate's, see caseWrite); a refusal's denied audit event is written after it rolls back. */
  async function inTransaction<T>(audit: AuditContext, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    try {
      return await caseWrite(db, audit, work);
    } catch (error) {
      if (error instanceof TransferRefused && error.denial) await recordAudit(db, audit, error.denial);
      throw error;
    }
  }

  async function chronology(trx: Kysely<Database>, actor: Actor, t: { case_id: string; child_id: string; id: string }, kind: string, title: string, summary: string, at: Date) {
    await insertTransferChronologyEntry(trx, { child_id: t.child_id, case_id: t.case_id, occurred_at: at, recorded_at: at, kind, title, summary, agency_id: actor.agencyId, author_id: actor.id, record_type: 'case-transfer', record_id: t.id, source: TRANSFER_SOURCE });
  }

  /** Everyone the request form offers: other authorities, and the active CSE coordinators of each. */
  async function destinations(fromLocalAuthorityId: string) {
    const authorities = await otherAuthorities(db, fromLocalAuthorityId);
    const coordinators = authorities.length ? await activeCoordinatorsOf(db, authorities.map((a) => a.id)) : [];
    return authorities.map((a) => ({ ...a, coordinators: coordinators.filter((c) => c.local_authority_id === a.id) }));
  }

  async function history(caseId: string) {
    const rows = await transferHistory(db, caseId);
    return rows.map((r) => ({ ...r, statusLabel: TRANSFER_STATUS_LABELS[r.status as TransferStatus] }));
  }

  /** Answer, decline or withdraw: the same transaction shape, told apart by the command. */
  async function answer(actor: Actor, transferId: string, command: Exclude<TransferCommand, { kind: 'request' }>, version: number, audit: AuditContext) {
    return inTransaction(audit, async (trx) => {
      const t = await transferRow(trx, transferId, true);
      if (!t) throw notFound('Transfer request');
      const kase = await lockCaseForAnswer(trx, t.case_id);
      const state: TransferState = {
        caseLocalAuthorityId: kase.local_authority_id,
        caseOpen: kase.status === 'open',
        open: t.status === 'requested' ? { fromLocalAuthorityId: t.from_local_authority_id, toLocalAuthorityId: t.to_local_authority_id, receivingCoordinatorId: t.receiving_coordinator_id, requestedBy: t.requested_by } : null,
      };
      const decision = decideTransfer(state, command);
      const action = `transfer.${command.kind === 'accept' ? 'accepted' : command.kind === 'decline' ? 'declined' : 'withdrawn'}`;
      refuse(decision, { action, entityType: 'case-transfer', entityId: t.id, childId: t.child_id, details: { caseId: t.case_id } });
      if (t.version !== version) throw conflict('This transfer request changed since you opened the page. The page now shows it as it is; nothing was changed.');
      const at = now();
      const event = decision.event as Exclude<TransferEvent, { kind: 'requested' }>;
      await recordAnswer(trx, t.id, { status: event.kind, answered_by: actor.id, answered_at: at, answer_reason: event.kind === 'declined' ? event.reason : null, version: t.version + 1 });
      if (t.clock_id) await clocks.stopSettingClock(trx, t.clock_id, at, `transfer-${event.kind}`);
      const toName = await authorityName(trx, t.to_local_authority_id);
      const fromName = await authorityName(trx, t.from_local_authority_id);
      let removedMembers = 0;
      if (event.kind === 'accepted') {
        // The home authority takes over (bedford-luton 18-19): the case and the child's record move to it; the
        // receiving coordinator manages it; the sending authority's people leave the network (they keep, through
        // the access model, a read of what their authority wrote) and its lead professional, if theirs, is unallocated.
        const lead = kase.lead_professional_id ? await userAuthority(trx, kase.lead_professional_id) : null;
        await moveCase(trx, kase.id, { local_authority_id: event.toLocalAuthorityId, manager_id: event.newManagerId, team_id: null, version: kase.version + 1, ...(lead && lead.local_authority_id === event.fromLocalAuthorityId ? { lead_professional_id: null } : {}) });
        await moveChild(trx, kase.child_id, event.toLocalAuthorityId, at);
        const removed = await removeAuthorityFromNetwork(trx, kase.id, event.fromLocalAuthorityId, at, actor.id);
        removedMembers = removed.length;
        await chronology(trx, actor, t, 'transfer-accepted', `Transfer accepted: ${toName} now holds the case`, `${toName} took over the case from ${fromName}.`, at);
      } else if (event.kind === 'declined') {
        await chronology(trx, actor, t, 'transfer-declined', `Transfer to ${toName} declined`, event.reason, at);
      } else {
        await chronology(trx, actor, t, 'transfer-withdrawn', `Transfer to ${toName} withdrawn`, `${fromName} withdrew the request.`, at);
      }
      await recordAudit(trx, audit, { action, entityType: 'case-transfer', entityId: t.id, childId: t.child_id, details: { caseId: t.case_id, from: t.from_local_authority_id, to: t.to_local_authority_id, ...(event.kind === 'accepted' ? { networkMembersRemoved: removedMembers } : {}) } });
      const tell = event.kind === 'withdrawn' ? t.receiving_coordinator_id : t.requested_by;
      if (tell !== actor.id) {
        await notifier.notify(trx, {
          userId: tell,
          kind: `transfer-${event.kind}`,
          title: `Transfer of case ${kase.reference} ${event.kind}`,
          body: event.kind === 'withdrawn' ? `${fromName} withdrew the request to transfer the case to ${toName}.` : `${toName} ${event.kind} the transfer of the case.`,
          link: event.kind === 'accepted' ? paths.transferredRecord(kase.id) : paths.section(kase.id),
        });
      }
      return { caseId: t.case_id, status: event.kind };
    });
  }

  return {
    destinations,
    history,

    /** The case's transfer section: its requests, and what the actor may do (ask, withdraw). */
    async section(actor: Actor, kase: { id: string; localAuthorityId: string }) {
      const [transfers, options] = await Promise.all([history(kase.id), maySendTransfer(actor, kase.localAuthorityId) ? destinations(kase.localAuthorityId) : Promise.resolve([])]);
      const open = transfers.find((t) => t.status === 'requested') ?? null;
      return { transfers, open, mayRequest: maySendTransfer(actor, kase.localAuthorityId) && !open, mayWithdraw: open !== null && maySendTransfer(actor, open.from_local_authority_id), destinations: options };
    },

    async request(actor: Actor, caseId: string, input: RequestInput, audit: AuditContext) {
      return inTransaction(audit, async (trx) => {
        // The write gate in the transaction (a refusal audited), then the transfer rules.
        const { kase } = await writeCase(trx, actor, caseId, audit, 'transfer.requested', now());
        const locked = await lockCaseForRequest(trx, kase.id);
        const open = await openTransferOf(trx, kase.id);
        const coordinator = isRecordId(input.receivingCoordinatorId) ? await userForTransfer(trx, input.receivingCoordinatorId) : undefined;
        const roles = coordinator ? (await rolesOfUser(trx, coordinator.id)).map((r) => r.role as Actor['roles'][number]) : [];
        const state: TransferState = {
          caseLocalAuthorityId: locked.local_authority_id,
          caseOpen: locked.status === 'open',
          open: open ? { fromLocalAuthorityId: open.from_local_authority_id, toLocalAuthorityId: open.to_local_authority_id, receivingCoordinatorId: open.receiving_coordinator_id, requestedBy: open.requested_by } : null,
        };
        const toAuthority = await authorityById(trx, input.toLocalAuthorityId);
        if (!toAuthority) {
          refuse({ ok: false, refusal: { code: 'same-authority', field: 'toLocalAuthorityId', message: 'Choose the authority the child has moved to' } }, { action: 'transfer.requested', entityType: 'case', entityId: kase.id, childId: kase.childId });
          return null as never;
        }
        const decision = decideTransfer(state, {
          kind: 'request', actor, toLocalAuthorityId: toAuthority.id, summary: input.summary, reason: input.reason,
          receivingCoordinator: coordinator ? { id: coordinator.id, roles, localAuthorityId: coordinator.local_authority_id, active: coordinator.active } : null,
        });
        refuse(decision, { action: 'transfer.requested', entityType: 'case', entityId: kase.id, childId: kase.childId });
        const at = now();
        const row = await insertTransfer(trx, {
          case_id: kase.id, child_id: locked.child_id, from_local_authority_id: locked.local_authority_id, to_local_authority_id: toAuthority.id, receiving_coordinator_id: coordinator!.id,
          summary: input.summary.trim(), reason: input.reason.trim(), requested_by: actor.id, requested_at: at, respond_by: at,
        });
        // The response clock, on the receiving coordinator's work list, stopped by every answer and by a withdrawal.
        const clock = await clocks.startSettingClock(trx, {
          ruleId: TRANSFER_CLOCK_RULE, label: 'Answer the transfer request', source: `Harbour setting (${TRANSFER_SOURCE} gives no timescale)`,
          duration: TRANSFER_RESPONSE_TIMESCALE, warningHours: TRANSFER_RESPONSE_WARNING_HOURS, at,
          subject: { caseId: kase.id, childId: locked.child_id, localAuthorityId: toAuthority.id }, profileId: toAuthority.profile_id, ownerUserId: coordinator!.id,
        });
        await setTransferClock(trx, row.id, clock.id, clock.dueAt);
        const fromName = await authorityName(trx, locked.local_authority_id);
        await chronology(trx, actor, row, 'transfer-requested', `Transfer to ${toAuthority.name} requested`, input.reason.trim(), at);
        await recordAudit(trx, audit, { action: 'transfer.requested', entityType: 'case-transfer', entityId: row.id, childId: locked.child_id, details: { caseId: kase.id, from: locked.local_authority_id, to: toAuthority.id, receivingCoordinatorId: coordinator!.id } });
        await notifier.notify(trx, {
          userId: coordinator!.id,
          kind: 'transfer-requested',
          title: `${fromName} asks your authority to take over case ${locked.reference}`,
          body: 'Read the transfer package and accept or decline the transfer.',
          link: paths.package(kase.id, row.id),
        });
        return { id: row.id, dueAt: clock.dueAt };
      });
    },

    accept: (actor: Actor, transferId: string, version: number, audit: AuditContext) => answer(actor, transferId, { kind: 'accept', actor }, version, audit),
    decline: (actor: Actor, transferId: string, version: number, reason: string, audit: AuditContext) => answer(actor, transferId, { kind: 'decline', actor, reason }, version, audit),
    withdraw: (actor: Actor, transferId: string, version: number, audit: AuditContext) => answer(actor, transferId, { kind: 'withdraw', actor }, version, audit),

    /**
     * The transfer package: the case summary, risk picture, plans and network, each item as the reader's sharing level
     * allows. The receiving coordinator reads it through the narrow 'transfer-receiving' basis; the sender by their own.
     */
    async openPackage(actor: Actor, caseId: string, transferId: string, audit: AuditContext) {
      // The case gate first, so that someone who may not open the case learns nothing, not even whether a request exists.
      const { kase, decision } = await readCase(db, actor, caseId, audit, TRANSFER_READS['transfer-receiving'], now());
      const t = await transferRow(db, transferId);
      if (!t || t.case_id !== caseId) throw notFound('Transfer request');
      const overview = await caseOverview(db, kase.id);
      const [network, chronologyPage, plans, categories, transfers] = await Promise.all([
        currentNetwork(db, kase.id),
        visibleChronology(db, actor, kase.childId, { limit: 50, offset: 0 }),
        packagePlans(db, kase.id),
        recentCategoryDecisions(db, kase.id),
        history(kase.id),
      ]);
      const visiblePlans = plans.filter((p) => canSeeEntry(actor, { sharingLevel: p.sharing_level as 'network' | 'agency', agencyId: p.agency_id, authorId: p.created_by, sharedWith: [] }));
      const current = transfers.find((x) => x.id === t.id)!;
      return {
        transfer: { ...t, ...current },
        basis: decision.basis,
        child: { name: childName(overview), reference: overview.reference, dateOfBirth: overview.date_of_birth, category: overview.category, stage: overview.stage },
        network,
        chronology: chronologyPage.entries,
        plans: visiblePlans,
        categories,
        mayAnswer: t.status === 'requested' && t.receiving_coordinator_id === actor.id,
        mayWithdraw: t.status === 'requested' && maySendTransfer(actor, t.from_local_authority_id),
      };
    },

    /** After acceptance: what the sending authority wrote, read through the narrow 'former-authority' basis. */
    async transferredRecord(actor: Actor, caseId: string, audit: AuditContext) {
      const { kase, decision } = await readCase(db, actor, caseId, audit, TRANSFER_READS['former-authority'], now());
      const rows = await caseChronologyWithAuthors(db, kase.id);
      const entries = rows.filter((e) => canSeeEntryAfterTransfer(actor, { sharingLevel: e.sharing_level, agencyId: e.agency_id, authorId: e.author_id, sharedWith: e.shared_with, authorLocalAuthorityId: e.author_local_authority_id }));
      const plans = (await casePlansWithAuthority(db, kase.id)).filter((p) =>
        canSeeEntryAfterTransfer(actor, { sharingLevel: p.sharing_level as 'network' | 'agency', agencyId: p.agency_id, authorId: p.created_by, sharedWith: [], authorLocalAuthorityId: p.local_authority_id }),
      );
      const overview = await caseOverview(db, kase.id);
      return { reference: overview.reference, childName: childName(overview), basis: decision.basis, entries, plans, transfers: (await history(kase.id)).filter((x) => x.status === 'accepted') };
    },

    /** The receiving coordinator's work list: requests waiting for their answer, soonest due first. */
    async incoming(actor: Actor) {
      return incomingTransfers(db, actor.id);
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
