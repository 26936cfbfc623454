// In-app notifications and the e-mail outbox. Both are written inside the caller's transaction, so a
// notification exists exactly when the change it reports was committed.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export type NotificationInput = {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  /** A path inside Harbour. E-mails carry only this link, never the record itself. */
  link?: string | null;
  email?: boolean;
};

export function createNotifier() {
  return {
    async notify(db: Kysely<Database>, input: NotificationInput): Promise<void> {
      await db
        .insertInto('notifications')
        .values({ user_id: input.userId, kind: input.kind, title: input.title, body: input.body ?? '', link: input.link ?? null })
        .execute();
      if (input.email !== false) {
        await db
          .insertInto('outbox')
          .values({ kind: 'email', payload: JSON.stringify({ userId: input.userId, subject: input.title, link: input.link ?? null, notificationKind: input.kind }) })
          .execute();
      }
    },

    async unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async recent(db: Kysely<Database>, userId: string, limit = 20) {
      return db
        .selectFrom('notifications')
        .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
