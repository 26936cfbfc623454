// All of the SQL of statutory clocks. Every function takes the database or the caller's transaction first (a clock
// starts and stops in the transaction of the event it answers); the service decides which, these only read and write.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

type Db = Kysely<Database>;
type Subject = { caseId?: string | null; referralId?: string | null };

export const extraBankHolidays = (db: Db) => db.selectFrom('extra_bank_holidays').select('date').execute();

/**
 * Stops the subject's running clocks (of these rules, or of every rule when `rules` is null); returns the ids of those
 * it stopped. The subject's case or referral, whichever it has.
 */
export async function stopRunningClocks(db: Db, subject: Subject, rules: readonly string[] | null, at: Date, reason: string) {
  const rows = await db
    .updateTable('clocks')
    .set({ stopped_at: at, stop_reason: reason })
    .where('stopped_at', 'is', null)
    .$if(rules !== null, (q) => q.where('rule_id', 'in', rules!))
    .where((eb) =>
      eb.or([
        ...(subject.caseId ? [eb('case_id', '=', subject.caseId)] : []),
        ...(subject.referralId ? [eb('referral_id', '=', subject.referralId)] : []),
      ]),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Stops the subject's running clocks of one rule; returns the ids of those it stopped. */
export async function stopRunningClocksOfRule(db: Db, subject: Subject, ruleId: string, at: Date, reason: string) {
  const rows = await db
    .updateTable('clocks')
    .set({ stopped_at: at, stop_reason: reason })
    .where('stopped_at', 'is', null)
    .where('rule_id', '=', ruleId)
    .where((eb) => eb.or([...(subject.caseId ? [eb('case_id', '=', subject.caseId)] : []), ...(subject.referralId ? [eb('referral_id', '=', subject.referralId)] : [])]))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export const insertClock = (db: Db, values: Insertable<Database['clocks']>) => db.insertInto('clocks').values(values).returning('id').executeTakeFirstOrThrow();

/** Stops one clock if it is still running; returns whether it did. */
export async function stopClock(db: Db, clockId: string, at: Date, reason: string) {
  const rows = await db.updateTable('clocks').set({ stopped_at: at, stop_reason: reason }).where('id', '=', clockId).where('stopped_at', 'is', null).returning('id').execute();
  return rows.length > 0;
}

/** The subject's clocks, running ones first, then by due moment. */
export const clocksOf = (db: Db, subject: { caseId?: string; referralId?: string }) =>
  db
    .selectFrom('clocks')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(subject.caseId ? [eb('case_id', '=', subject.caseId)] : []),
        ...(subject.referralId ? [eb('referral_id', '=', subject.referralId)] : []),
      ]),
    )
    .orderBy('stopped_at', (ob) => ob.nullsFirst())
    .orderBy('due_at')
    .execute();
