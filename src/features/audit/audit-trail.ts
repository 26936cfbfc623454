// Writing and verifying the append-only audit trail. Services call recordAudit inside the same transaction
// as the change it describes, so an audited change and its audit row commit or roll back together.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { GENESIS_HASH, chainedContent, verifyChain } from '../../domain/audit/chain.ts';
import type { ChainRow, ChainVerdict } from '../../domain/audit/chain.ts';
import { noteAuditWritten } from '../../platform/web/route-audit.ts';

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

function rowOf(context: AuditContext, event: AuditEvent) {
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

/**
 * One statement for any number of events: audit_chain_head() takes the chain lock (held to the end of the
 * transaction, which for a statement on its own is the statement) and returns the previous hash; each row's hash
 * is SHA-256 of the hash before it, a newline and the row's canonical content, exactly as eventHash() computes it
 * for verification. Several events chain through data-modifying CTEs (each reads the one before's RETURNING, so
 * they are inserted in order), so an audited read with two events costs one round trip, not begin, two inserts
 * and commit.
 */
async function append(db: Kysely<Database>, context: AuditContext, events: readonly AuditEvent[]): Promise<void> {
  const insert = (fields: ReturnType<typeof rowOf>, previous: string) => sql`
    insert into audit_events (at, actor_id, actor_label, action, entity_type, entity_id, child_id, outcome, ip, request_id, details, prev_hash, hash)
    select ${fields.at}, ${fields.actorId}, ${fields.actorLabel}, ${fields.action}, ${fields.entityType}, ${fields.entityId}, ${fields.childId},
           ${fields.outcome}, ${fields.ip}, ${fields.requestId}, ${JSON.stringify(fields.details)}::jsonb, p.hash,
           encode(sha256(convert_to(p.hash || E'\n' || ${chainedContent(fields)}, 'UTF8')), 'hex')
    from ${sql.raw(previous)} as p
    returning hash`;
  const steps = events.map((event, i) => sql`${sql.raw(`a${String(i)}`)} as (${insert(rowOf(context, event), i === 0 ? 'head' : `a${String(i - 1)}`)})`);
  await sql`
    with head as (select audit_chain_head(${AUDIT_CHAIN_LOCK}) as hash), ${sql.join(steps, sql`, `)}
    select count(*) from ${sql.raw(`a${String(events.length - 1)}`)}`.execute(db);
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
