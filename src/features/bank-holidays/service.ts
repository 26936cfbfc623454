// Bank holidays: those shipped with Harbour and those an administrator adds, one transaction with its audit row.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { BANK_HOLIDAYS_SOURCE, ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../domain/clock/bank-holidays.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { addedBankHolidays, insertBankHoliday } from './queries.ts';

export function createBankHolidayService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;
  return {
    /** This year's and next year's shipped bank holidays, and every one an administrator added. */
    async page() {
      const extra = await addedBankHolidays(db);
      const year = now().getUTCFullYear();
      return { extra, source: BANK_HOLIDAYS_SOURCE, shipped: ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date >= `${year}-01-01` && h.date <= `${year + 1}-12-31`) };
    },

    /** Adds a bank holiday: refused when Harbour ships that date or it was added already. */
    async add(actor: Actor, input: { date: string; name: string }, audit: AuditContext): Promise<{ ok: true } | { ok: false; message: string }> {
      if (ENGLAND_AND_WALES_BANK_HOLIDAYS.some((h) => h.date === input.date)) return { ok: false, message: 'That date is already a bank holiday in Harbour’s list' };
      const inserted = await db.transaction().execute(async (trx) => {
        const row = await insertBankHoliday(trx, { date: input.date, name: input.name, addedBy: actor.id, at: now() });
        if (row) await recordAudit(trx, audit, { action: 'bank-holiday.added', entityType: 'bank-holiday', entityId: input.date });
        return Boolean(row);
      });
      return inserted ? { ok: true } : { ok: false, message: 'That date has already been added' };
    },
  };
}
