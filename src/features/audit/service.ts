// Writing and verifying the append-only audit trail. Services call recordAudit inside the same transaction
// as the change it describes, so an audited change and its audit row commit or roll back together.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { GENESIS_HASH, verifyChain } from '../../domain/audit/chain.ts';
import type { ChainRow, ChainVerdict } from '../../domain/audit/chain.ts';
import { noteAuditWritten } from '../../platform/web/route-audit.ts';
import { appendAuditRows, auditEventsAfter } from './queries.ts';
import type { AuditRow } from './queries.ts';

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

function rowOf(context: AuditContext, event: AuditEvent): AuditRow {
  return {
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
}

/** Appends the events, chained, in one statement (queries.ts), and notes them for the route's check. */
async function append(db: Kysely<Database>, context: AuditContext, events: readonly AuditEvent[]): Promise<void> {
  await appendAuditRows(db, events.map((event) => rowOf(context, event)));
  // For the route's check (platform/web/route-audit.ts): this request wrote these actions. Inside a transaction that
  // later rolls back the note stays, but such a handler throws, and a handler that threw is not checked.
  for (const event of events) noteAuditWritten(event.action);
}

export async function recordAudit(db: Kysely<Database>, context: AuditContext, ...events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await append(db, context, events);
}

/** Reads the chain in pages so a long trail never sits in memory at once. */
export async function verifyAuditTrail(db: Kysely<Database>, pageSize = 5000): Promise<ChainVerdict> {
  let afterId = 0;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await auditEventsAfter(db, afterId, pageSize);
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
