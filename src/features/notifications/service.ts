// In-app notifications and the e-mail outbox. Both are written inside the caller's transaction, so a
// notification exists exactly when the change it reports was committed.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { enqueueEmail, insertNotification, recentNotifications, unreadCount } from './queries.ts';

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
      await insertNotification(db, { userId: input.userId, kind: input.kind, title: input.title, body: input.body ?? '', link: input.link ?? null });
      if (input.email !== false) {
        await enqueueEmail(db, { userId: input.userId, subject: input.title, link: input.link ?? null, notificationKind: input.kind });
      }
    },

    async unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
      return unreadCount(db, userId);
    },

    async recent(db: Kysely<Database>, userId: string, limit = 20) {
      return recentNotifications(db, userId, limit);
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
