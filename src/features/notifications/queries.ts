// The notifications' SQL: a notification and its e-mail in the outbox, written in the caller's transaction, and a
// person's unread count and recent notifications.
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
