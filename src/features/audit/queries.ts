// All of the SQL of the audit trail: appending chained events and reading them back in order. Every function takes
// the database or the transaction first.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { chainedContent } from '../../domain/audit/chain.ts';

/** Serialises appends so two transactions never chain to the same previous event. */
const AUDIT_CHAIN_LOCK = 7_100_001;

/** One event as it is chained and stored. */
export type AuditRow = {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  childId: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
};

/**
 * One statement for any number of events: audit_chain_head() takes the chain lock (held to the end of the
 * transaction, which for a statement on its own is the statement) and returns the previous hash; each row's hash
 * is SHA-256 of the hash before it, a newline and the row's canonical content, exactly as eventHash() computes it
 * for verification. Several events chain through data-modifying CTEs (each reads the one before's RETURNING, so
 * they are inserted in order), so an audited read with two events costs one round trip, not begin, two inserts
 * and commit.
 */
export async function appendAuditRows(db: Kysely<Database>, rows: readonly AuditRow[]): Promise<void> {
  const insert = (fields: AuditRow, previous: string) => sql`
    insert into audit_events (at, actor_id, actor_label, action, entity_type, entity_id, child_id, outcome, ip, request_id, details, prev_hash, hash)
    select ${fields.at}, ${fields.actorId}, ${fields.actorLabel}, ${fields.action}, ${fields.entityType}, ${fields.entityId}, ${fields.childId},
           ${fields.outcome}, ${fields.ip}, ${fields.requestId}, ${JSON.stringify(fields.details)}::jsonb, p.hash,
           encode(sha256(convert_to(p.hash || E'\n' || ${chainedContent(fields)}, 'UTF8')), 'hex')
    from ${sql.raw(previous)} as p
    returning hash`;
  const steps = rows.map((row, i) => sql`${sql.raw(`a${String(i)}`)} as (${insert(row, i === 0 ? 'head' : `a${String(i - 1)}`)})`);
  await sql`
    with head as (select audit_chain_head(${AUDIT_CHAIN_LOCK}) as hash), ${sql.join(steps, sql`, `)}
    select count(*) from ${sql.raw(`a${String(rows.length - 1)}`)}`.execute(db);
}

/** A page of the trail after event `afterId`, in order. */
export const auditEventsAfter = (db: Kysely<Database>, afterId: number, pageSize: number) =>
  db.selectFrom('audit_events').selectAll().where('id', '>', afterId).orderBy('id').limit(pageSize).execute();
