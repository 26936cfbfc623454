// The kept forms' SQL. Every read and claim checks the owner and the 24 hours, so no other row is ever reached.
import type { Db } from '../../platform/database/connection.ts';
import type { HeldFields } from '../../domain/accounts/held-submissions.ts';

export async function deleteExpiredHeld(db: Db, at: Date): Promise<number> {
  const deleted = await db.deleteFrom('held_submissions').where('expires_at', '<=', at).returning('id').execute();
  return deleted.length;
}

export function insertHeld(trx: Db, values: { userId: string; path: string; fields: HeldFields; at: Date; expiresAt: Date }) {
  return trx
    .insertInto('held_submissions')
    .values({ user_id: values.userId, method: 'POST', path: values.path, body: JSON.stringify(values.fields), created_at: values.at, expires_at: values.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The owner's newest kept form still to be sent. */
export function newestUnsentHeld(db: Db, userId: string, at: Date) {
  return db
    .selectFrom('held_submissions')
    .select('id')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function ownHeld(db: Db, userId: string, id: string, at: Date) {
  return db
    .selectFrom('held_submissions')
    .select(['id', 'path', 'body', 'created_at', 'expires_at', 'used_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', at)
    .executeTakeFirst();
}

/** Marks the owner's unused kept form used (deleting its text when `emptyBody` is given), only if it is still there to use. */
export function claimHeld(trx: Db, where: { userId: string; id: string; path?: string }, set: { at: Date; emptyBody?: string }) {
  return trx
    .updateTable('held_submissions')
    .set(set.emptyBody === undefined ? { used_at: set.at } : { used_at: set.at, body: set.emptyBody })
    .where('id', '=', where.id)
    .where('user_id', '=', where.userId)
    .$if(where.path !== undefined, (q) => q.where('path', '=', where.path!))
    .where('used_at', 'is', null)
    .where('expires_at', '>', set.at)
    .returning(['id', 'path'])
    .executeTakeFirst();
}

export async function emptyHeldBody(db: Db, id: string, emptyBody: string): Promise<void> {
  await db.updateTable('held_submissions').set({ body: emptyBody }).where('id', '=', id).execute();
}

export function releaseHeld(trx: Db, id: string) {
  return trx.updateTable('held_submissions').set({ used_at: null }).where('id', '=', id).returning('path').executeTakeFirst();
}
