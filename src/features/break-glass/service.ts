// Break-glass uses after the fact (issue 16): who is told (the case's manager, or the area's CSE coordinators when it
// has none), the reviewer's queue, the review itself, and the case's access record. The written reason is shown on
// Harbour's pages only: a notification's e-mail carries its title and link, never the reason.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { hasRole } from '../../domain/access/access.ts';
import { breakGlassReviewDue, isBreakGlassReviewOverdue, mayReviewBreakGlass } from '../../domain/access/break-glass-review.ts';
import type { Calendar } from '../../domain/clock/index.ts';
import { conflict, forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { Notifier } from '../notifications/service.ts';
import { breakGlassUse, breakGlassUsesOfCase, lockBreakGlassUse, markReviewed, otherActiveCoordinators, unreviewedUsesFor } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';
import { breakGlassPaths } from './paths.ts';


type Deps = { db: Kysely<Database>; now: () => Date; notifier: Notifier; calendar: (db: Kysely<Database>) => Promise<Calendar> };

export function createBreakGlassService({ db, now, notifier, calendar }: Deps) {
  return {
    /**
     * Inside the break-glass transaction: the case's manager is told, or, when it has none, every CSE coordinator of
     * its local authority. The notification links to the use's page, where the reason is; its e-mail has only the link.
     */
    async tellReviewers(trx: Kysely<Database>, kase: { id: string; reference: string; managerId: string | null; localAuthorityId: string }, grantId: string, actor: Actor & { displayName: string; agencyName: string }) {
      const recipients = kase.managerId
        ? [kase.managerId]
        : (
            await otherActiveCoordinators(trx, kase.localAuthorityId, actor.id)
          ).map((u) => u.id);
      for (const userId of new Set(recipients)) {
        await notifier.notify(trx, {
          userId,
          kind: 'break-glass',
          title: `Case ${kase.reference} was opened by break-glass`,
          body: `${actor.displayName} (${actor.agencyName}) opened the case by break-glass${kase.managerId ? '' : ' (the case has no manager, so you are told as its area’s CSE coordinator)'}. Read their reason and record whether it was justified.`,
          link: breakGlassPaths.use(grantId),
        });
      }
      return recipients.length;
    },

    /** One use, for its reviewer only: the read is audited (it shows who opened which child's case, and why). */
    async openForReview(actor: Actor, grantId: string, audit: AuditContext) {
      if (!isRecordId(grantId)) throw notFound('Break-glass use');
      const use = await breakGlassUse(db, grantId);
      if (!use) throw notFound('Break-glass use');
      if (!mayReviewBreakGlass(actor, { managerId: use.manager_id, localAuthorityId: use.local_authority_id, usedBy: use.user_id })) {
        await recordAudit(db, audit, { action: 'break-glass.viewed', entityType: 'break-glass', entityId: use.id, childId: use.child_id, outcome: 'denied' });
        throw forbidden('Only the case’s manager, or its area’s CSE coordinator when it has none, reviews a break-glass use.');
      }
      await recordAudit(db, audit, { action: 'break-glass.viewed', entityType: 'break-glass', entityId: use.id, childId: use.child_id, details: { caseId: use.case_id } });
      const cal = await calendar(db);
      return { ...use, dueOn: breakGlassReviewDue(use.granted_at, cal) };
    },

    /** Whether it was justified, with a note: once, by its reviewer, version-checked; audited in the same transaction. */
    async review(actor: Actor, grantId: string, input: { version: number; justified: boolean; note: string }, audit: AuditContext) {
      if (!isRecordId(grantId)) throw notFound('Break-glass use');
      return db.transaction().execute(async (trx) => {
        const use = await lockBreakGlassUse(trx, grantId);
        if (!use) throw notFound('Break-glass use');
        if (!mayReviewBreakGlass(actor, { managerId: use.manager_id, localAuthorityId: use.local_authority_id, usedBy: use.user_id })) {
          await recordAudit(trx, audit, { action: 'break-glass.reviewed', entityType: 'break-glass', entityId: use.id, childId: use.child_id, outcome: 'denied' });
          throw forbidden('Only the case’s manager, or its area’s CSE coordinator when it has none, reviews a break-glass use.');
        }
        if (use.reviewed_at || use.version !== input.version) throw conflict('This use has been reviewed since you opened the page. The page now shows that review; nothing was changed.');
        await markReviewed(trx, use, { at: now(), reviewerId: actor.id, justified: input.justified, note: input.note });
        await recordAudit(trx, audit, { action: 'break-glass.reviewed', entityType: 'break-glass', entityId: use.id, childId: use.child_id, details: { caseId: use.case_id, justified: input.justified } });
        return { caseId: use.case_id };
      });
    },

    /** The actor's queue: unreviewed uses they review, oldest first, each with the day it is due and whether it is overdue. */
    async queue(actor: Actor, limit = 200) {
      const coordinatorOf = hasRole(actor, 'cse-coordinator') ? actor.localAuthorityId : null;
      const rows = await unreviewedUsesFor(db, actor.id, coordinatorOf, limit);
      if (!actor.active || rows.length === 0) return [];
      const cal = await calendar(db);
      const at = now();
      return rows.map((r) => ({ ...r, dueOn: breakGlassReviewDue(r.granted_at, cal), overdue: isBreakGlassReviewOverdue(r.granted_at, at, cal) }));
    },

    /** The case's access record: every break-glass use of it, newest first, with its reason and review. */
    async accessRecord(caseId: string) {
      return breakGlassUsesOfCase(db, caseId);
    },
  };
}

export type BreakGlassService = ReturnType<typeof createBreakGlassService>;
