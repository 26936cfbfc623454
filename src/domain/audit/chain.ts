// The audit trail's hash chain: each event's hash covers its content and the previous event's hash, so an
// edited, removed or reordered row breaks every hash after it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The id is left out of the hash: it is assigned by the database, and the prev-hash links already fix the order. */
export type ChainedFields = {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  childId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: unknown;
};

/** JSON with object keys sorted at every depth, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What the hash covers besides the previous hash: the row's fields as canonical JSON. */
export function chainedContent(fields: ChainedFields): string {
  const { at, actorId, actorLabel, action, entityType, entityId, childId, outcome, ip, requestId, details } = fields;
  return canonicalJson({ at: at.toISOString(), actorId, actorLabel, action, entityType, entityId, childId, outcome, ip, requestId, details });
}

export function eventHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(chainedContent(fields)).digest('hex');
}

export type ChainRow = ChainedFields & { id: number; prevHash: string; hash: string };

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; firstBrokenId: number; problem: string };

/** Walks rows in id order; stops at the first row whose link or hash does not hold. */
export function verifyChain(rows: Iterable<ChainRow>, startPrevHash = GENESIS_HASH): ChainVerdict {
  let expectedPrev = startPrevHash;
  let checked = 0;
  for (const row of rows) {
    if (row.prevHash !== expectedPrev) {
      return { ok: false, checked, firstBrokenId: row.id, problem: 'its link to the previous event does not match (an event before it was removed or changed)' };
    }
    const recomputed = eventHash(row.prevHash, row);
    if (recomputed !== row.hash) {
      return { ok: false, checked, firstBrokenId: row.id, problem: 'its content does not match its hash (the row was edited)' };
    }
    expectedPrev = row.hash;
    checked++;
  }
  return { ok: true, checked };
}
