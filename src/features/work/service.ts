// Work lists beyond a person's own (a team manager's team, the CSE coordinator's cases), and marking notifications
// read, each marking audited in its transaction.
import type { Services } from '../../services.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { eighteenReviewsDue } from '../case-lifecycle/queries.ts';
import { cseCases, cseSummary, markAllNotificationsRead, markNotificationRead, teamOfUser, teamOpenActions, teamOverdueClocks } from './queries.ts';

type Page = { page: number; pageSize: number };

type Deps = Pick<Services, 'db' | 'now'>;

export function createWorkService({ db, now }: Deps) {
  return {
    teamOf: (userId: string) => teamOfUser(db, userId),
    teamOpenActions: (teamId: string, today: string, page: Page & { overdueOnly: boolean }) => teamOpenActions(db, teamId, today, page),
    teamOverdueClocks: (teamId: string, at: Date, page: Page) => teamOverdueClocks(db, teamId, at, page),
    cseCases: (localAuthorityId: string, at: Date, page: Page & { category?: 1 | 2 | 3 | undefined; overdueOnly: boolean }) => cseCases(db, localAuthorityId, at, page),
    cseSummary: (localAuthorityId: string, at: Date) => cseSummary(db, localAuthorityId, at),
    eighteenReviewsDue: (localAuthorityId: string, today: string) => eighteenReviewsDue(db, localAuthorityId, today),

    async markRead(userId: string, notificationId: string, audit: AuditContext) {
      await db.transaction().execute(async (trx) => {
        const row = await markNotificationRead(trx, userId, notificationId, now());
        if (row) await recordAudit(trx, audit, { action: 'notification.read', entityType: 'notification', entityId: row.id });
      });
    },

    async markAllRead(userId: string, audit: AuditContext) {
      await db.transaction().execute(async (trx) => {
        const rows = await markAllNotificationsRead(trx, userId, now());
        if (rows.length) await recordAudit(trx, audit, { action: 'notification.read-all', entityType: 'notification', details: { count: rows.length } });
      });
    },
  };
}
