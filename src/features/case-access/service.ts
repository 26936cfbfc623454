// The one way into a child's case: a read gate and a write gate, each auditing exactly what happened.
//   readCase: 404 when the case is absent, 403 audited as denied, and the read itself audited with its basis.
//   writeCase: the same decision asked inside the write's transaction (run by caseWrite); a refusal is audited
//   once the transaction has rolled back, and a success is not audited here: the change audits itself, in the
//   same transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { decideCaseAccess, isReadOnlyBasis } from '../../domain/access/access.ts';
import type { AccessBasis, Actor, CaseAccessDecision, SharingLevel } from '../../domain/access/access.ts';
import { CLOSED_CASE_MESSAGE, closedCaseRefuses } from '../../domain/case-lifecycle/closed-case.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext, AuditEvent } from '../audit/service.ts';
import { currentNetwork } from '../cases/queries.ts';
import { caseForGate } from './queries.ts';
import type { CaseHeader } from './queries.ts';
import { lifecyclePath } from '../case-lifecycle/paths.ts';

export { accessFacts, accessFactsForCases, findCaseHeader } from './queries.ts';
export type { CaseHeader } from './queries.ts';

export const BREAK_GLASS_HOURS = 4;

type Allowed = Extract<CaseAccessDecision, { allowed: true }>;

export class CaseAccessDenied extends HttpError {
  caseId: string;
  decision: Extract<CaseAccessDecision, { allowed: false }>;
  constructor(caseId: string, decision: Extract<CaseAccessDecision, { allowed: false }>) {
    super(403, 'case-access-denied', 'You do not have access to this child’s case', decision.message);
    this.caseId = caseId;
    this.decision = decision;
  }
}

/** A change refused because the case is closed (issue 15): the page says so and links to reopening it. */
export class CaseClosed extends HttpError {
  caseId: string;
  link: { href: string; text: string };
  constructor(caseId: string) {
    super(409, 'case-closed', 'This case is closed', CLOSED_CASE_MESSAGE);
    this.caseId = caseId;
    this.link = { href: lifecyclePath(caseId), text: 'Reopen the case (closing and reopening)' };
  }
}

/** Network members and area roles add to a case's records; access by a meeting invitation or break-glass reads only. */
export const mayRecordOnCase = (basis: AccessBasis) => basis === 'network' || basis === 'area-role';

// ---- Refusals: audited at once outside a transaction, after the rollback inside one ------------------------------

/** Transactions opened by caseWrite, the only ones in which writeCase may run (so no refusal goes unaudited). */
const caseWriteTransactions = new WeakSet<Kysely<Database>>();
/** A refusal's denied event, waiting for its transaction to roll back. */
const pendingDenials = new WeakMap<object, AuditEvent>();

/**
 * Refuses with `error`, auditing `denial`: at once on a plain connection; inside caseWrite's transaction, after it
 * rolls back (a row written in it would roll back with it). Also for a use case's own refusals inside caseWrite.
 */
export async function refuseCase(db: Kysely<Database>, audit: AuditContext, denial: AuditEvent, error: Error): Promise<never> {
  const event: AuditEvent = { ...denial, outcome: 'denied' };
  if (db.isTransaction) {
    if (!caseWriteTransactions.has(db)) throw new Error('A case refusal inside a transaction must run in caseWrite, which audits it after the rollback');
    pendingDenials.set(error, event);
  } else {
    await recordAudit(db, audit, event);
  }
  throw error;
}

/**
 * One transaction for a change to a case, in which writeCase runs first: a refusal's denied event is written after
 * the transaction rolls back, so a refused write leaves its refusal and nothing else.
 */
export async function caseWrite<T>(db: Kysely<Database>, audit: AuditContext, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute((trx) => {
      caseWriteTransactions.add(trx);
      return work(trx);
    });
  } catch (error) {
    const denial = typeof error === 'object' && error !== null ? pendingDenials.get(error) : undefined;
    if (denial) await recordAudit(db, audit, denial);
    throw error;
  }
}

// ---- The gates --------------------------------------------------------------------------------------------------

/** The decision both gates share: 404 when absent, 403 (audited, with the way to get access) when the model says no. */
async function decide(db: Kysely<Database>, actor: Actor, caseId: string, audit: AuditContext, action: string, now: Date): Promise<{ kase: CaseHeader; decision: Allowed }> {
  const found = await caseForGate(db, actor, caseId, now);
  if (!found) throw notFound('Case');
  const { kase, facts } = found;
  // The action decides whether the narrow bases apply (TRANSFER_READS, the shared summary): every other action is asked as before.
  const decision = decideCaseAccess(actor, facts, action);
  if (!decision.allowed) return refuseCase(db, audit, denialOf(kase, action, { code: decision.code }), new CaseAccessDenied(kase.id, decision));
  return { kase, decision };
}

const denialOf = (kase: CaseHeader, action: string, details: Record<string, unknown>): AuditEvent => ({ action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details });

/** The closed-case rule at a gate (issue 15): a refusal writes nothing but its audit row. */
async function refuseIfClosed(db: Kysely<Database>, kase: CaseHeader, audit: AuditContext, gate: 'write' | 'open', action: string): Promise<void> {
  if (!kase.status || !closedCaseRefuses(kase.status, gate, action)) return;
  await refuseCase(db, audit, denialOf(kase, action, { code: 'case-closed' }), new CaseClosed(kase.id));
}

/**
 * The read gate: the decision for `action` (audited as `action`, e.g. `case.read`), then the read audited with its
 * basis. An action among CASE_WRITE_PURPOSES opens a page in order to change the case, so a closed case refuses it.
 */
export async function readCase(db: Kysely<Database>, actor: Actor, caseId: string, audit: AuditContext, action: string, now: Date = new Date()): Promise<{ kase: CaseHeader; decision: Allowed }> {
  const opened = await decide(db, actor, caseId, audit, action, now);
  const { kase, decision } = opened;
  await refuseIfClosed(db, kase, audit, 'open', action);
  await recordAudit(db, audit, { action, entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'success', details: { basis: decision.basis } });
  return opened;
}

/**
 * The write gate, asked inside the write's transaction (caseWrite), or on the plain connection where a route refuses
 * before it reads a body. Refused, each audited as `action`: no access, access for a board case audit (read-only), a
 * closed case (unless the action is allowed on one), and with `recorders` (the refusal's message) any basis but the
 * network or an area role. A success is not audited: the change writes its own row in its transaction.
 */
export async function writeCase(
  trx: Kysely<Database>,
  actor: Actor,
  caseId: string,
  audit: AuditContext,
  action: string,
  now: Date,
  recorders?: string,
): Promise<{ kase: CaseHeader; basis: AccessBasis }> {
  if (trx.isTransaction && !caseWriteTransactions.has(trx)) throw new Error('writeCase runs in caseWrite’s transaction, which audits a refusal after the rollback');
  const { kase, decision } = await decide(trx, actor, caseId, audit, action, now);
  const { basis } = decision;
  if (isReadOnlyBasis(basis)) {
    await refuseCase(trx, audit, denialOf(kase, action, { code: 'read-only-access', basis }), forbidden('Your access to this case is for a board case audit: you may read it, not change it.'));
  }
  // A closed case takes no new casework until reopened (issue 15); its lifecycle and a few others are allowed.
  await refuseIfClosed(trx, kase, audit, 'write', action);
  if (recorders !== undefined && !mayRecordOnCase(basis)) await refuseCase(trx, audit, denialOf(kase, action, { code: 'not-in-network', basis }), forbidden(recorders));
  return { kase, basis };
}

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
