// Forms sent after the session timed out: kept for 24 hours for the person whose session it was, shown back to them
// once they have signed in again, and sent (through the form's own route, with a fresh CSRF token) or discarded once
// (docs/decisions/0010-nothing-lost-to-a-time-out.md). What was typed never goes into the audit trail or the logs.
import type { Db } from '../../platform/database/connection.ts';
import { destinationOf, heldUntil } from '../../domain/accounts/held-submissions.ts';
import type { HeldFields } from '../../domain/accounts/held-submissions.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { claimHeld, deleteExpiredHeld, emptyHeldBody, insertHeld, newestUnsentHeld, ownHeld, releaseHeld } from './queries.ts';
import { heldSubmissionPaths } from './paths.ts';
import { findCaseHeader } from '../case-access/service.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

export type HeldSubmission = { id: string; path: string; fields: HeldFields; createdAt: Date; expiresAt: Date; usedAt: Date | null };

const EMPTY = JSON.stringify({});

export function createHeldSubmissionService(deps: { db: Db; now: () => Date }) {
  const { db, now } = deps;

  /** Nothing is kept past its 24 hours: run whenever one is kept or looked for, and from the server's housekeeping. */
  async function deleteExpired(): Promise<number> {
    return deleteExpiredHeld(db, now());
  }

  /**
   * The child the form was about, for the audit trail's child-centred view. Inside a transaction, asked on that
   * transaction: PGlite has one connection, which the transaction holds.
   */
  async function childOf(path: string, executor: Db = db): Promise<string | null> {
    const { caseId } = destinationOf(path);
    return caseId ? ((await findCaseHeader(executor, caseId))?.childId ?? null) : null;
  }

  return {
    deleteExpired,

    async hold(userId: string, path: string, fields: HeldFields, audit: AuditContext): Promise<string> {
      await deleteExpired();
      const at = now();
      const childId = await childOf(path);
      return db.transaction().execute(async (trx) => {
        const row = await insertHeld(trx, { userId, path, fields, at, expiresAt: heldUntil(at) });
        await recordAudit(trx, audit, { action: 'submission.held', entityType: 'held-submission', entityId: row.id, childId, details: { path } });
        return row.id;
      });
    },

    /** Where to go once signed in: the newest kept form still to be sent, or else where the person was going. */
    async landing(userId: string, otherwise: string): Promise<string> {
      await deleteExpired();
      const row = await newestUnsentHeld(db, userId, now());
      return row ? heldSubmissionPaths.held(row.id) : otherwise;
    },

    /** Only its owner's, and only within its 24 hours; anything else is as if it never existed. */
    async find(userId: string, id: string): Promise<HeldSubmission | null> {
      if (!isRecordId(id)) return null;
      const row = await ownHeld(db, userId, id, now());
      return row ? { id: row.id, path: row.path, fields: row.body, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at } : null;
    },

    async recordViewed(held: HeldSubmission, childId: string | null, audit: AuditContext): Promise<void> {
      await recordAudit(db, audit, { action: 'submission.viewed', entityType: 'held-submission', entityId: held.id, childId, details: { path: held.path } });
    },

    /** Discarded: the text is deleted now; the empty row stays until its 24 hours are up so the page can say what happened. */
    async discard(userId: string, id: string, audit: AuditContext): Promise<boolean> {
      if (!isRecordId(id)) return false;
      return db.transaction().execute(async (trx) => {
        const row = await claimHeld(trx, { userId, id }, { at: now(), emptyBody: EMPTY });
        if (row) await recordAudit(trx, audit, { action: 'submission.discarded', entityType: 'held-submission', entityId: id, childId: await childOf(row.path, trx), details: { path: row.path } });
        return Boolean(row);
      });
    },

    /**
     * Sending: claimed in the one UPDATE that checks it is still there to send, so two clicks (or two tabs) cannot
     * both send it. Answers false when it has already been sent or discarded, has expired, is someone else's or
     * was kept from another form.
     */
    async claimForSending(userId: string, id: string, path: string, audit: AuditContext): Promise<boolean> {
      if (!isRecordId(id)) return false;
      return db.transaction().execute(async (trx) => {
        const row = await claimHeld(trx, { userId, id, path }, { at: now() });
        if (row) await recordAudit(trx, audit, { action: 'submission.sent', entityType: 'held-submission', entityId: id, childId: await childOf(path, trx), details: { path } });
        return Boolean(row);
      });
    },

    /**
     * After the form's own route has answered. Taken (saved, or shown again with its errors and the text in it): the
     * kept text is deleted. Refused without being read (no access any more, a fault): it is there to send again.
     */
    async settleSending(id: string, taken: boolean, audit: AuditContext): Promise<void> {
      if (taken) {
        await emptyHeldBody(db, id, EMPTY);
        return;
      }
      await db.transaction().execute(async (trx) => {
        const row = await releaseHeld(trx, id);
        if (row) await recordAudit(trx, audit, { action: 'submission.sent', entityType: 'held-submission', entityId: id, childId: await childOf(row.path, trx), outcome: 'failure', details: { path: row.path } });
      });
    },
  };
}

export type HeldSubmissionService = ReturnType<typeof createHeldSubmissionService>;
