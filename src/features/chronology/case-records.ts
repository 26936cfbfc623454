// What the case-record features (chronology, network, notes, missing episodes) share: the write gate to a case, refusals shown
// in the error summary, who an entry can be shared with, and the locals every case page renders with.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { SHARING_LEVELS, SHARING_LEVEL_LABELS, isReadOnlyBasis } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { authoriseCase, refuseIfClosed } from '../cases/case-access.ts';
import { currentNetwork } from '../cases/case-queries.ts';
import type { CaseHeader } from '../cases/case-access.ts';

export type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';

/** An expected refusal: shown in the GOV.UK error summary against its field, never a 500. */
export class RecordRefused extends Refused {}

export { refusalErrors } from '../../platform/web/refusals.ts';

/**
 * The gate for a change to a case (see authoriseCase): the change writes its own audit row in its transaction,
 * so a success is not audited twice.
 */
export async function authoriseCaseWrite(db: Kysely<Database>, actor: Actor, caseId: string, audit: AuditContext, action: string, now: Date): Promise<{ kase: CaseHeader; basis: AccessBasis }> {
  const { kase, decision } = await authoriseCase(db, actor, caseId, audit, action, now);
  // Access for a board case audit is read-only: every change through this gate is refused, and the refusal audited.
  if (isReadOnlyBasis(decision.basis)) {
    await recordAudit(db, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'read-only-access', basis: decision.basis } });
    throw forbidden('Your access to this case is for a board case audit: you may read it, not change it.');
  }
  // A closed case takes no new casework until reopened (issue 15); its lifecycle and a few others are allowed.
  await refuseIfClosed(db, kase, audit, 'write', action);
  return { kase, basis: decision.basis };
}

/** Network members and area roles add to a case's records; access by a meeting invitation or break-glass reads only. */
export const mayRecordOnCase = (basis: AccessBasis) => basis === 'network' || basis === 'area-role';

/**
 * The write gate of the case-record features (notes, missing episodes): authoriseCaseWrite, then mayRecordOnCase.
 * A refusal is audited with the basis the actor had, and `refusal` tells them who may record.
 */
export async function authoriseCaseRecord(db: Kysely<Database>, actor: Actor, caseId: string, audit: AuditContext, action: string, now: Date, refusal: string): Promise<CaseHeader> {
  const { kase, basis } = await authoriseCaseWrite(db, actor, caseId, audit, action, now);
  if (!mayRecordOnCase(basis)) {
    await recordAudit(db, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'not-in-network', basis } });
    throw forbidden(refusal);
  }
  return kase;
}

export { currentNetwork } from '../cases/case-queries.ts';

/**
 * Checks a sharing choice: "named people only" needs at least one person, each a current network member.
 * The author always sees their own entry, so they need not name themselves.
 */
export async function checkSharing(db: Kysely<Database>, caseId: string, level: SharingLevel, sharedWith: readonly string[], field = 'sharedWith'): Promise<string[]> {
  if (level !== 'named') return [];
  const unique = [...new Set(sharedWith)];
  if (unique.length === 0) throw new RecordRefused([{ field, message: 'Choose at least one person who may see this entry' }]);
  const members = new Set((await currentNetwork(db, caseId)).map((m) => m.user_id));
  if (unique.some((id) => !members.has(id))) throw new RecordRefused([{ field, message: 'Choose people who are in this child’s professional network' }]);
  return unique;
}

/** Radios and checkboxes for the sharing level of a new entry, with the input kept. */
export function sharingOptions(network: Awaited<ReturnType<typeof currentNetwork>>, input: Record<string, unknown>, actorId: string) {
  const chosen = new Set(([] as string[]).concat((input.sharedWith as string[] | string | undefined) ?? []));
  const level = (input.sharingLevel as string | undefined) ?? 'network';
  return {
    levels: SHARING_LEVELS.map((value) => ({ value, text: SHARING_LEVEL_LABELS[value], checked: level === value })),
    people: network.filter((m) => m.user_id !== actorId).map((m) => ({ value: m.user_id, text: `${m.display_name} (${m.agency_name})`, checked: chosen.has(m.user_id) })),
  };
}

export function caseLocals(page: { overview: unknown; subNavigation: unknown; decision: { basis: AccessBasis } }) {
  return { kase: page.overview, subNavigation: page.subNavigation, basis: page.decision.basis };
}
