// Recording a child's NHS number (issue 15): the merge guard refuses to merge two records with different NHS
// numbers, so the number must be recordable and right. Through the case write gate (network members and area
// roles; refused on a closed case), the child's version checked so a stale form writes nothing, the number checked
// by its Modulus 11 digit, one transaction with a chronology entry and the audit row (which never holds the number).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { checkNhsNumber } from '../../domain/child-details/nhs-number.ts';
import { normaliseNhsNumber } from '../../domain/child-merge/merge-guards.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { childNhsNumber, insertNhsNumberChronology, lockChildNhsNumber, setChildNhsNumber } from './queries.ts';
import { caseWrite, writeCase } from '../case-access/service.ts';
import { RecordRefused } from '../../platform/web/refusals.ts';

export const NHS_NUMBER_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record a child’s NHS number.';

export class StaleChild extends HttpError {
  constructor() {
    super(409, 'stale', 'This child’s details were changed', 'The child’s details changed after you opened this page. What is recorded now is shown: check it and enter the number again.');
  }
}

export function createNhsNumberService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;
  return {
    async current(childId: string) {
      const row = await childNhsNumber(db, childId);
      if (!row) throw notFound('Child');
      return { nhsNumber: normaliseNhsNumber(row.nhs_number), version: row.version };
    },

    async record(actor: Actor, caseId: string, input: { nhsNumber: string; version: number }, audit: AuditContext) {
      const at = now();
      return caseWrite(db, audit, async (trx) => {
        const { kase } = await writeCase(trx, actor, caseId, audit, 'child.nhs-number-recorded', at, NHS_NUMBER_REFUSAL);
        const checked = checkNhsNumber(input.nhsNumber);
        if (!checked.ok) throw new RecordRefused([{ field: 'nhsNumber', message: checked.message }]);
        const child = await lockChildNhsNumber(trx, kase.childId);
        if (child.version !== input.version) throw new StaleChild();
        const previous = normaliseNhsNumber(child.nhs_number);
        if (previous === checked.digits) return { changed: false };
        await setChildNhsNumber(trx, child, checked.digits, at);
        await insertNhsNumberChronology(trx, { childId: child.id, caseId: kase.id, at, corrected: Boolean(previous), agencyId: actor.agencyId, authorId: actor.id });
        await recordAudit(trx, audit, { action: 'child.nhs-number-recorded', entityType: 'child', entityId: child.id, childId: child.id, details: { caseId: kase.id, corrected: previous !== null } });
        return { changed: true };
      });
    },
  };
}
