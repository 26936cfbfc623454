// The signed-in session on every request (its idle and absolute time-outs), keeping it alive, signing out, and the
// new password that ends every other way in.
import { checkPassword } from '../../domain/accounts/password-policy.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { hashPassword, verifyPassword } from './service-password-hashing.ts';
import { deleteOtherSessions, deleteSession, endSession, passwordFacts, revokeApiTokensOf, sessionWithUser, setPasswordHash, touchSession, touchSignedInSession } from './queries.ts';
import { minutesAgo, sha256, toSignedInUser } from './service-common.ts';
import type { AccountContext, SessionLookup } from './service-common.ts';

export function sessionUseCases({ db, options, now }: AccountContext) {
  return {
    async lookupSession(token: string | null): Promise<SessionLookup> {
      if (!token) return { state: 'none' };
      const idHash = sha256(token);
      // Only asked when it matters: with the second factor optional, this stays a constant.
      const session = await sessionWithUser(db, idHash, Boolean(options.requireSecondFactor));
      if (!session) return { state: 'none' };
      const at = now();
      const idleLimit = minutesAgo(at, options.idleTimeoutMinutes);
      if (session.last_seen_at < idleLimit || session.expires_at < at) {
        await deleteSession(db, idHash);
        if (session.pending) return { state: 'pending-expired' };
        // Only a session that could do anything leaves something behind: a deactivated person's, or one that could
        // only set up a second factor, does not.
        const ended = session.active && session.second_factor_on ? { userId: session.id, csrfSecret: session.csrf_secret } : null;
        return { state: 'idle-expired', reason: session.expires_at < at ? 'absolute' : 'idle', ended };
      }
      const user = toSignedInUser(session);
      if (!user.active) {
        await deleteSession(db, idHash);
        return { state: 'none' };
      }
      // Touch at most once a minute: every page view need not be a write.
      const touched = at.getTime() - session.last_seen_at.getTime() > 60_000;
      if (touched) await touchSession(db, idHash, at);
      const idleEndsAt = new Date((touched ? at : session.last_seen_at).getTime() + options.idleTimeoutMinutes * 60_000);
      // A session that began before the second factor was required, or whose factor has been turned off since,
      // may only set one up while it is required.
      const pending = session.pending ?? (session.second_factor_on ? null : 'enrolment');
      if (pending) return { state: 'pending', step: pending, user, csrfSecret: session.csrf_secret, idHash };
      return { state: 'active', user, csrfSecret: session.csrf_secret, idHash, idleEndsAt };
    },

    /** "Stay signed in": the idle time-out starts again from now. Only a signed-in session (not a pending one) is kept alive. */
    async keepAlive(token: string): Promise<void> {
      await touchSignedInSession(db, sha256(token), now());
    },

    async signOut(token: string | null, audit: AuditContext): Promise<void> {
      if (!token) return;
      const deleted = await endSession(db, sha256(token));
      if (deleted) await recordAudit(db, audit, { action: 'sign-out', entityType: 'user', entityId: deleted.user_id });
    },

    /**
     * A new password ends every other way in that the old one opened: the person's other sessions (pending ones too)
     * end and their API tokens are revoked, in the transaction that changes it; the session that changed it stays.
     */
    async changePassword(userId: string, current: string, next: string, audit: AuditContext, currentSessionToken: string | null = null) {
      const user = await passwordFacts(db, userId);
      if (!(await verifyPassword(user.password_hash, current))) {
        return { ok: false as const, field: 'currentPassword', message: 'Your current password is incorrect' };
      }
      const refusal = checkPassword(next, { email: user.email, displayName: user.display_name });
      if (refusal) return { ok: false as const, field: 'newPassword', message: refusal.message };
      const passwordHash = await hashPassword(next);
      const ended = await db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, userId, passwordHash);
        const otherSessionsEnded = await deleteOtherSessions(trx, userId, currentSessionToken ? sha256(currentSessionToken) : null);
        const revoked = await revokeApiTokensOf(trx, userId, now());
        await recordAudit(trx, audit, { action: 'password.changed', entityType: 'user', entityId: userId, details: { otherSessionsEnded, apiTokensRevoked: revoked.length } });
        for (const token of revoked) await recordAudit(trx, audit, { action: 'api-token.revoked', entityType: 'api-token', entityId: token.id, details: { reason: 'password-changed' } });
        return { otherSessionsEnded, apiTokensRevoked: revoked.length };
      });
      return { ok: true as const, ...ended };
    },
  };
}
