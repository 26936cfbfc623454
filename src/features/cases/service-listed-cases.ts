// A list that names children (a work list, a queue) reads their records as surely as a case page does: each case it
// shows is written to the audit trail, one row per case with its child, so that "who has seen this child" finds it.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { casesWithChild } from './queries.ts';

/** Audits the cases a page lists (ids may repeat or be null: a clock may belong to a referral, not a case). */
export async function auditListedCases(db: Kysely<Database>, audit: AuditContext, list: string, caseIds: readonly (string | null | undefined)[]): Promise<void> {
  const distinct = [...new Set(caseIds.filter((id): id is string => typeof id === 'string'))];
  if (distinct.length === 0) return;
  const cases = await casesWithChild(db, distinct);
  if (cases.length === 0) return;
  await recordAudit(db, audit, ...cases.map((k) => ({ action: 'case.listed', entityType: 'case', entityId: k.id, childId: k.child_id, details: { list } })));
}
