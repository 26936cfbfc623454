// The bank holidays an administrator added (the shipped ones are data: src/domain/clock/bank-holidays.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export function addedBankHolidays(db: Kysely<Database>) {
  return db.selectFrom('extra_bank_holidays').leftJoin('users', 'users.id', 'extra_bank_holidays.added_by').select(['extra_bank_holidays.date', 'extra_bank_holidays.name', 'extra_bank_holidays.added_at', 'users.display_name']).orderBy('date').execute();
}

/** Adds the day unless it is already there; the date added, or undefined when it was. */
export function insertBankHoliday(trx: Kysely<Database>, values: { date: string; name: string; addedBy: string; at: Date }) {
  return trx.insertInto('extra_bank_holidays').values({ date: values.date, name: values.name, added_by: values.addedBy, added_at: values.at }).onConflict((oc) => oc.column('date').doNothing()).returning('date').executeTakeFirst();
}
