// Writing and verifying the append-only audit trail. Services call recordAudit inside the same transaction
// as the change it describes, so an audited change and its audit row commit or roll back together.
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { GENESIS_HASH, eventHash, verifyChain } from '../../domain/audit/chain.ts';
import type { ChainRow, ChainVerdict } from '../../domain/audit/chain.ts';

/** Serialises appends so two transactions never chain to the same previous event. */
const AUDIT_CHAIN_LOCK = 7_100_001;

export type AuditContext = {
  actorId: string | null;
  actorLabel: string;
  ip: string | null;
  requestId: string | null;
};

export type AuditEvent = {
  action: string;
  entityType: string;
  entityId?: string | null;
  childId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  /** Identifiers and codes only: never names, addresses or free text about a child. */
  details?: Record<string, unknown>;
};

export const SYSTEM_AUDIT_CONTEXT: AuditContext = { actorId: null, actorLabel: 'system', ip: null, requestId: null };

async function append(trx: Transaction<Database>, context: AuditContext, event: AuditEvent): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    at: new Date(),
    actorId: context.actorId,
    actorLabel: context.actorLabel,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    childId: event.childId ?? null,
    outcome: event.outcome ?? 'success',
    ip: context.ip,
    requestId: context.requestId,
    details: event.details ?? {},
  };
  await trx
    .insertInto('audit_events')
    .values({
      at: fields.at,
      actor_id: fields.actorId,
      actor_label: fields.actorLabel,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      child_id: fields.childId,
      outcome: fields.outcome,
      ip: fields.ip,
      request_id: fields.requestId,
      details: JSON.stringify(fields.details),
      prev_hash: prevHash,
      hash: eventHash(prevHash, fields),
    })
    .execute();
}

export async function recordAudit(db: Kysely<Database>, context: AuditContext, ...events: AuditEvent[]): Promise<void> {
  if (db.isTransaction) {
    for (const event of events) await append(db as Transaction<Database>, context, event);
    return;
  }
  await db.transaction().execute(async (trx) => {
    for (const event of events) await append(trx, context, event);
  });
}

/** Reads the chain in pages so a long trail never sits in memory at once. */
export async function verifyAuditTrail(db: Kysely<Database>, pageSize = 5000): Promise<ChainVerdict> {
  let afterId = 0;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('id', '>', afterId).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) return { ok: true, checked };
    const chainRows: ChainRow[] = rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      childId: r.child_id,
      outcome: r.outcome,
      ip: r.ip,
      requestId: r.request_id,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const verdict = verifyChain(chainRows, prevHash);
    if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked };
    checked += verdict.checked;
    const lastRow = rows[rows.length - 1]!;
    afterId = lastRow.id;
    prevHash = lastRow.hash;
  }
}
