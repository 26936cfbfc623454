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
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext, AuditEvent } from '../audit/audit-trail.ts';
import { caseWrite, readCase, writeCase } from '../case-access/service.ts';
import { caseOverview, currentNetwork, visibleChronology } from '../cases/case-queries.ts';
import type { ClockService } from '../clocks/service.ts';
import type { Notifier } from '../notifications/service.ts';
import { childName } from '../../platform/web/child-name.ts';
import { paths } from './paths.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    if (!UUID.test(transferId)) return null;
    let q = executor.selectFrom('case_transfers').selectAll().where('id', '=', transferId);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async function authorityName(executor: Kysely<Database>, id: string) {
    return (await executor.selectFrom('local_authorities').select('name').where('id', '=', id).executeTakeFirst())?.name ?? id;
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
    await trx
      .insertInto('chronology_entries')
      .values({ child_id: t.child_id, case_id: t.case_id, occurred_at: at, recorded_at: at, kind, title, summary, agency_id: actor.agencyId, author_id: actor.id, record_type: 'case-transfer', record_id: t.id, source: TRANSFER_SOURCE })
      .execute();
  }

  /** Everyone the request form offers: other authorities, and the active CSE coordinators of each. */
  async function destinations(fromLocalAuthorityId: string) {
    const authorities = await db.selectFrom('local_authorities').select(['id', 'name']).where('id', '<>', fromLocalAuthorityId).orderBy('name').execute();
    const coordinators = authorities.length
      ? await db
          .selectFrom('users')
          .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
          .select(['users.id', 'users.display_name', 'users.local_authority_id'])
          .where('user_roles.role', '=', 'cse-coordinator')
          .where('users.active', '=', true)
          .where('users.local_authority_id', 'in', authorities.map((a) => a.id))
          .orderBy('users.display_name')
          .execute()
      : [];
    return authorities.map((a) => ({ ...a, coordinators: coordinators.filter((c) => c.local_authority_id === a.id) }));
  }

  async function history(caseId: string) {
    const rows = await db
      .selectFrom('case_transfers as t')
      .innerJoin('local_authorities as f', 'f.id', 't.from_local_authority_id')
      .innerJoin('local_authorities as d', 'd.id', 't.to_local_authority_id')
      .innerJoin('users as rc', 'rc.id', 't.receiving_coordinator_id')
      .innerJoin('users as rq', 'rq.id', 't.requested_by')
      .leftJoin('users as ab', 'ab.id', 't.answered_by')
      .select(['t.id', 't.status', 't.requested_at', 't.respond_by', 't.answered_at', 't.answer_reason', 't.reason', 't.version', 't.from_local_authority_id', 't.to_local_authority_id', 'f.name as from_name', 'd.name as to_name', 'rc.display_name as coordinator_name', 'rq.display_name as requested_by_name', 'ab.display_name as answered_by_name'])
      .where('t.case_id', '=', caseId)
      .orderBy('t.requested_at', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, statusLabel: TRANSFER_STATUS_LABELS[r.status as TransferStatus] }));
  }

  /** Answer, decline or withdraw: the same transaction shape, told apart by the command. */
  async function answer(actor: Actor, transferId: string, command: Exclude<TransferCommand, { kind: 'request' }>, version: number, audit: AuditContext) {
    return inTransaction(audit, async (trx) => {
      const t = await transferRow(trx, transferId, true);
      if (!t) throw notFound('Transfer request');
      const kase = await trx.selectFrom('cases').select(['id', 'reference', 'local_authority_id', 'lead_professional_id', 'status', 'version', 'child_id']).where('id', '=', t.case_id).forUpdate().executeTakeFirstOrThrow();
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
      await trx
        .updateTable('case_transfers')
        .set({ status: event.kind, answered_by: actor.id, answered_at: at, answer_reason: event.kind === 'declined' ? event.reason : null, version: t.version + 1 })
        .where('id', '=', t.id)
        .execute();
      if (t.clock_id) await clocks.stopSettingClock(trx, t.clock_id, at, `transfer-${event.kind}`);
      const toName = await authorityName(trx, t.to_local_authority_id);
      const fromName = await authorityName(trx, t.from_local_authority_id);
      let removedMembers = 0;
      if (event.kind === 'accepted') {
        // The home authority takes over (bedford-luton 18-19): the case and the child's record move to it; the
        // receiving coordinator manages it; the sending authority's people leave the network (they keep, through
        // the access model, a read of what their authority wrote) and its lead professional, if theirs, is unallocated.
        const lead = kase.lead_professional_id ? await trx.selectFrom('users').select('local_authority_id').where('id', '=', kase.lead_professional_id).executeTakeFirst() : null;
        await trx
          .updateTable('cases')
          .set({ local_authority_id: event.toLocalAuthorityId, manager_id: event.newManagerId, team_id: null, version: kase.version + 1, ...(lead && lead.local_authority_id === event.fromLocalAuthorityId ? { lead_professional_id: null } : {}) })
          .where('id', '=', kase.id)
          .execute();
        await trx.updateTable('children').set({ local_authority_id: event.toLocalAuthorityId, updated_at: at }).where('id', '=', kase.child_id).execute();
        const removed = await trx
          .updateTable('case_network')
          .set({ removed_at: at, removed_by: actor.id })
          .where('case_id', '=', kase.id)
          .where('removed_at', 'is', null)
          .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('local_authority_id', '=', event.fromLocalAuthorityId))
          .returning('id')
          .execute();
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
        const locked = await trx.selectFrom('cases').select(['id', 'reference', 'status', 'local_authority_id', 'child_id']).where('id', '=', kase.id).forUpdate().executeTakeFirstOrThrow();
        const open = await trx.selectFrom('case_transfers').selectAll().where('case_id', '=', kase.id).where('status', '=', 'requested').executeTakeFirst();
        const coordinator = UUID.test(input.receivingCoordinatorId)
          ? await trx.selectFrom('users').select(['id', 'local_authority_id', 'active']).where('id', '=', input.receivingCoordinatorId).executeTakeFirst()
          : undefined;
        const roles = coordinator ? (await trx.selectFrom('user_roles').select('role').where('user_id', '=', coordinator.id).execute()).map((r) => r.role as Actor['roles'][number]) : [];
        const state: TransferState = {
          caseLocalAuthorityId: locked.local_authority_id,
          caseOpen: locked.status === 'open',
          open: open ? { fromLocalAuthorityId: open.from_local_authority_id, toLocalAuthorityId: open.to_local_authority_id, receivingCoordinatorId: open.receiving_coordinator_id, requestedBy: open.requested_by } : null,
        };
        const toAuthority = await trx.selectFrom('local_authorities').select(['id', 'name', 'profile_id']).where('id', '=', input.toLocalAuthorityId).executeTakeFirst();
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
        const row = await trx
          .insertInto('case_transfers')
          .values({
            case_id: kase.id, child_id: locked.child_id, from_local_authority_id: locked.local_authority_id, to_local_authority_id: toAuthority.id, receiving_coordinator_id: coordinator!.id,
            summary: input.summary.trim(), reason: input.reason.trim(), requested_by: actor.id, requested_at: at, respond_by: at,
          })
          .returning(['id', 'case_id', 'child_id'])
          .executeTakeFirstOrThrow();
        // The response clock, on the receiving coordinator's work list, stopped by every answer and by a withdrawal.
        const clock = await clocks.startSettingClock(trx, {
          ruleId: TRANSFER_CLOCK_RULE, label: 'Answer the transfer request', source: `Harbour setting (${TRANSFER_SOURCE} gives no timescale)`,
          duration: TRANSFER_RESPONSE_TIMESCALE, warningHours: TRANSFER_RESPONSE_WARNING_HOURS, at,
          subject: { caseId: kase.id, childId: locked.child_id, localAuthorityId: toAuthority.id }, profileId: toAuthority.profile_id, ownerUserId: coordinator!.id,
        });
        await trx.updateTable('case_transfers').set({ clock_id: clock.id, respond_by: clock.dueAt }).where('id', '=', row.id).execute();
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
        db.selectFrom('plans').select(['id', 'plan_type', 'kind', 'sharing_level', 'agency_id', 'created_by', 'updated_at', 'current_version']).where('case_id', '=', kase.id).orderBy('created_at').execute(),
        db.selectFrom('category_decisions').select(['category', 'decided_at']).where('case_id', '=', kase.id).orderBy('decided_at', 'desc').limit(5).execute(),
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
      const rows = await db
        .selectFrom('chronology_entries as e')
        .leftJoin('users as u', 'u.id', 'e.author_id')
        .leftJoin('agencies as a', 'a.id', 'e.agency_id')
        .select(['e.id', 'e.occurred_at', 'e.kind', 'e.title', 'e.summary', 'e.sharing_level', 'e.agency_id', 'e.author_id', 'e.shared_with', 'u.local_authority_id as author_local_authority_id', 'u.display_name as author_name', 'a.name as agency_name'])
        .where('e.case_id', '=', kase.id)
        .orderBy('e.occurred_at', 'desc')
        .execute();
      const entries = rows.filter((e) => canSeeEntryAfterTransfer(actor, { sharingLevel: e.sharing_level, agencyId: e.agency_id, authorId: e.author_id, sharedWith: e.shared_with, authorLocalAuthorityId: e.author_local_authority_id }));
      const plans = (await db.selectFrom('plans').select(['id', 'plan_type', 'sharing_level', 'agency_id', 'created_by', 'local_authority_id', 'updated_at']).where('case_id', '=', kase.id).execute()).filter((p) =>
        canSeeEntryAfterTransfer(actor, { sharingLevel: p.sharing_level as 'network' | 'agency', agencyId: p.agency_id, authorId: p.created_by, sharedWith: [], authorLocalAuthorityId: p.local_authority_id }),
      );
      const overview = await caseOverview(db, kase.id);
      return { reference: overview.reference, childName: childName(overview), basis: decision.basis, entries, plans, transfers: (await history(kase.id)).filter((x) => x.status === 'accepted') };
    },

    /** The receiving coordinator's work list: requests waiting for their answer, soonest due first. */
    async incoming(actor: Actor) {
      return db
        .selectFrom('case_transfers as t')
        .innerJoin('cases as k', 'k.id', 't.case_id')
        .innerJoin('local_authorities as f', 'f.id', 't.from_local_authority_id')
        .select(['t.id', 't.case_id', 't.requested_at', 't.respond_by', 'k.reference', 'f.name as from_name'])
        .where('t.receiving_coordinator_id', '=', actor.id)
        .where('t.status', '=', 'requested')
        .orderBy('t.respond_by')
        .execute();
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
