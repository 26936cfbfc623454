// The notifications' SQL: a notification and its e-mail in the outbox, written in the caller's transaction, and a
// person's unread count and recent notifications.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export async function insertNotification(db: Kysely<Database>, values: { userId: string; kind: string; title: string; body: string; link: string | null }): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ user_id: values.userId, kind: values.kind, title: values.title, body: values.body, link: values.link })
    .execute();
}

export async function enqueueEmail(db: Kysely<Database>, payload: { userId: string; subject: string; link: string | null; notificationKind: string }): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ kind: 'email', payload: JSON.stringify(payload) })
    .execute();
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function recentNotifications(db: Kysely<Database>, userId: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

// ---- The outbox worker -----------------------------------------------------------------------------------------------

/**
 * The next pending messages, oldest first, locked for this transaction and skipped by every other worker
 * (FOR UPDATE SKIP LOCKED): each is sent by one worker only.
 */
export async function claimOutboxBatch<Payload>(trx: Kysely<Database>, now: Date, maxAttempts: number, batch: number) {
  const rows = await sql<{ id: number; kind: string; payload: Payload; attempts: number }>`
      select id, kind, payload, attempts from outbox
      where processed_at is null and available_at <= ${now} and attempts < ${maxAttempts}
      order by id limit ${batch}
      for update skip locked`.execute(trx);
  return rows.rows;
}

export const activeUserEmail = async (trx: Kysely<Database>, userId: string) =>
  (await trx.selectFrom('users').select('email').where('id', '=', userId).where('active', '=', true).executeTakeFirst())?.email;

export const markOutboxProcessed = (trx: Kysely<Database>, id: number, values: { processed_at: Date; attempts: number; last_error: string | null }) =>
  trx.updateTable('outbox').set(values).where('id', '=', id).execute();

/** A failed attempt: tried again from `available_at`. */
export const markOutboxFailed = (trx: Kysely<Database>, id: number, values: { attempts: number; last_error: string; available_at: Date }) =>
  trx.updateTable('outbox').set(values).where('id', '=', id).execute();
