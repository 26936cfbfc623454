// Signing in, by password or through the identity provider, and finishing a sign-in with the second factor: the
// address limits, the lockout and the audit of every attempt.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/database/connection.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { dummyPasswordHash, verifyPassword } from './service-password-hashing.ts';
import {
  addressFailures,
  deletePendingSessions,
  deleteSession,
  emailLowerOf,
  failedSignInsSince,
  failuresResetAt,
  insertSignInAttempt,
  lastSuccessfulSignIn,
  linkProvider,
  providerIdentityOf,
  lockUser,
  lockedUntil,
  secondFactorConfirmedAt,
  unlockUser,
  userByEmailForProvider,
  userByProviderSubject,
  userForSignIn,
} from './queries.ts';
import {
  ADDRESS_FAILURES,
  ADDRESS_WINDOW_MINUTES,
  LOCKOUT_FAILURES,
  LOCKOUT_MINUTES,
  LOCKOUT_WINDOW_MINUTES,
  OVERALL_FAILURES,
  SURGE_ADDRESS_FAILURES,
  createSession,
  loadUser,
  minutesAgo,
  sha256,
} from './service-common.ts';
import type { AccountContext, PendingStep, ProviderIdentity, ProviderSignInResult, SecondFactorMethod, SignInResult } from './service-common.ts';

export function signInUseCases({ db, options, now }: AccountContext) {
  const addressSecret = options.addressSecret ?? randomBytes(32).toString('hex');
  /** Attempts are counted by address through a keyed hash: the table never holds the address itself. */
  const addressKey = (ip: string | null): string | null => (ip ? createHmac('sha256', addressSecret).update(`sign-in-address:${ip}`).digest('hex') : null);

  /**
   * Whether this address must wait before trying again, and for how long: its failures in the window against the
   * per-address limit, which is lower while failures across Harbour surge (a spray from many addresses).
   */
  async function addressSlowed(key: string | null, at: Date): Promise<number | null> {
    if (!key) return null;
    const { mine, oldest, overall } = await addressFailures(db, key, minutesAgo(at, ADDRESS_WINDOW_MINUTES), OVERALL_FAILURES);
    const limit = Number(overall) >= OVERALL_FAILURES ? SURGE_ADDRESS_FAILURES : ADDRESS_FAILURES;
    if (Number(mine) < limit || !oldest) return null;
    const oldestAt = oldest instanceof Date ? oldest : new Date(oldest);
    return Math.max(1, Math.ceil((oldestAt.getTime() + ADDRESS_WINDOW_MINUTES * 60_000 - at.getTime()) / 1000));
  }

  async function recentFailures(emailLower: string, at: Date): Promise<number> {
    const lastSuccess = await lastSuccessfulSignIn(db, emailLower);
    const reset = await failuresResetAt(db, emailLower);
    const since = [lastSuccess?.at, reset?.failures_reset_at, minutesAgo(at, LOCKOUT_WINDOW_MINUTES)]
      .filter((d): d is Date => d instanceof Date)
      .reduce((latest, d) => (d > latest ? d : latest));
    return failedSignInsSince(db, emailLower, since);
  }

  /** Counts toward the lockout; locks the account (audited) when this failure is the tenth. Answers whether it is now locked. */
  async function noteFailure(executor: Db, context: AuditContext, emailLower: string, userId: string | null, at: Date): Promise<boolean> {
    if ((await recentFailures(emailLower, at)) < LOCKOUT_FAILURES) return false;
    if (userId) await lockUser(executor, userId, new Date(at.getTime() + LOCKOUT_MINUTES * 60_000));
    await recordAudit(executor, context, { action: 'account.locked', entityType: 'user', entityId: userId, outcome: 'success', details: { minutes: LOCKOUT_MINUTES } });
    return true;
  }

  return {
    async signIn(emailInput: string, password: string, audit: Omit<AuditContext, 'actorId' | 'actorLabel'>): Promise<SignInResult> {
      const emailLower = emailInput.trim().toLowerCase();
      const at = now();
      const user = await userForSignIn(db, emailLower);
      const context: AuditContext = { ...audit, actorId: user?.id ?? null, actorLabel: user ? `user:${user.id}` : 'anonymous' };
      const address = addressKey(audit.ip);

      // The address first: a slowed address does not get its password checked, and nothing counts against the account.
      const retryAfterSeconds = await addressSlowed(address, at);
      if (retryAfterSeconds !== null) {
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { reason: 'address-slowed' } });
        return { ok: false, code: 'slowed', retryAfterSeconds };
      }

      const lockedByAccount = user?.locked_until && user.locked_until > at;
      const lockedByAttempts = !user && (await recentFailures(emailLower, at)) >= LOCKOUT_FAILURES;
      if (lockedByAccount || lockedByAttempts) {
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { reason: 'locked' } });
        return { ok: false, code: 'locked' };
      }

      // Always verify a hash, so an unknown address takes as long to refuse as a wrong password.
      const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
      const succeeded = Boolean(user && user.active && passwordOk);

      if (!succeeded || !user) {
        await insertSignInAttempt(db, { email_lower: emailLower, user_id: user?.id ?? null, succeeded: false, at, address_key: address });
        const reason = !user ? 'unknown-user' : !user.active ? 'deactivated' : 'wrong-password';
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { reason } });
        return { ok: false, code: (await noteFailure(db, context, emailLower, user?.id ?? null, at)) ? 'locked' : 'invalid' };
      }

      const loaded = (await loadUser(db, user.id))!;
      const factor = await secondFactorConfirmedAt(db, user.id);
      const pending: PendingStep | null = factor?.confirmed_at ? 'second-factor' : options.requireSecondFactor ? 'enrolment' : null;
      if (pending) {
        // The password alone is not a sign-in: no success is recorded, so wrong codes keep counting toward the lockout.
        const sessionToken = await createSession(db, now(), user.id, { pending });
        await recordAudit(db, context, { action: 'sign-in.password-accepted', entityType: 'user', entityId: user.id, details: { next: pending } });
        return { ok: true, user: loaded, sessionToken, pending };
      }
      await insertSignInAttempt(db, { email_lower: emailLower, user_id: user.id, succeeded: true, at, address_key: address });
      const sessionToken = await createSession(db, now(), user.id);
      await unlockUser(db, user.id);
      await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user.id, outcome: 'success' });
      return { ok: true, user: loaded, sessionToken, pending: null };
    },

    /**
     * Sign-in through the council's identity provider (docs/decisions/0021-single-sign-on.md): the same address
     * limits, lockout, session creation and audit as a password. The identity is found by the subject already linked,
     * or (with `match: 'email'`) by the provider's verified e-mail, which then links the subject. Harbour's own second
     * factor is asked for unless the provider asserted multi-factor authentication.
     */
    async signInWithProvider(identity: ProviderIdentity, match: 'email' | 'subject', audit: Omit<AuditContext, 'actorId' | 'actorLabel'>): Promise<ProviderSignInResult> {
      const at = now();
      const address = addressKey(audit.ip);
      let user = await userByProviderSubject(db, identity.issuer, identity.subject);
      let linking = false;
      let refusal: string | null = null;
      if (!user && match === 'email' && identity.email && identity.emailVerified) {
        const byEmail = await userByEmailForProvider(db, identity.email.trim().toLowerCase());
        // Already linked to another identity: the e-mail alone must not move the sign-in to whoever now holds it.
        if (byEmail?.oidc_subject) refusal = 'subject-mismatch';
        else if (byEmail) {
          user = byEmail;
          linking = true;
        }
      }
      if (!user && !refusal) refusal = identity.email && !identity.emailVerified && match === 'email' ? 'email-not-verified' : 'unknown-user';
      if (user && !user.active) refusal = 'deactivated';
      const context: AuditContext = { ...audit, actorId: user?.id ?? null, actorLabel: user ? `user:${user.id}` : 'anonymous' };
      const base = { method: 'oidc' };

      const retryAfterSeconds = await addressSlowed(address, at);
      if (retryAfterSeconds !== null) {
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { ...base, reason: 'address-slowed' } });
        return { ok: false, code: 'slowed', retryAfterSeconds };
      }
      if (user && user.locked_until && user.locked_until > at) {
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user.id, outcome: 'denied', details: { ...base, reason: 'locked' } });
        return { ok: false, code: 'locked' };
      }
      // The attempt is counted by the account's e-mail when there is one, or else the subject's hash: never the claim's e-mail of a stranger.
      const attemptKey = user ? user.email.toLowerCase() : `oidc:${sha256(`${identity.issuer} ${identity.subject}`)}`;
      if (refusal || !user) {
        await insertSignInAttempt(db, { email_lower: attemptKey, user_id: user?.id ?? null, succeeded: false, at, address_key: address });
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { ...base, reason: refusal ?? 'unknown-user' } });
        return { ok: false, code: 'unknown' };
      }
      const found = user;
      const factor = await secondFactorConfirmedAt(db, found.id);
      const pending: PendingStep | null = identity.mfa ? null : factor?.confirmed_at ? 'second-factor' : options.requireSecondFactor ? 'enrolment' : null;
      const sessionToken = await db.transaction().execute(async (trx) => {
        if (linking) {
          if (await linkProvider(trx, found.id, identity.issuer, identity.subject)) {
            await recordAudit(trx, context, { action: 'account.provider-linked', entityType: 'user', entityId: found.id, details: { ...base, issuer: identity.issuer } });
          } else {
            // Another sign-in linked the account between the read and this write: only the identity it linked may go on.
            const linked = await providerIdentityOf(trx, found.id);
            if (linked.oidc_issuer !== identity.issuer || linked.oidc_subject !== identity.subject) return null;
          }
        }
        if (pending) {
          // As with a password: the provider alone is not a sign-in here, so no success is recorded until the code.
          const token = await createSession(trx, now(), found.id, { pending });
          await recordAudit(trx, context, { action: 'sign-in.provider-accepted', entityType: 'user', entityId: found.id, details: { ...base, next: pending } });
          return token;
        }
        await insertSignInAttempt(trx, { email_lower: attemptKey, user_id: found.id, succeeded: true, at, address_key: address });
        await unlockUser(trx, found.id);
        const token = await createSession(trx, now(), found.id, { providerMfa: identity.mfa });
        await recordAudit(trx, context, { action: 'sign-in', entityType: 'user', entityId: found.id, outcome: 'success', details: { ...base, providerMfa: identity.mfa } });
        return token;
      });
      if (sessionToken === null) {
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: found.id, outcome: 'denied', details: { ...base, reason: 'subject-mismatch' } });
        return { ok: false, code: 'unknown' };
      }
      return { ok: true, user: (await loadUser(db, found.id))!, sessionToken, pending };
    },

    /**
     * The second factor is done: the pending session is replaced by a new one with a new id (so a token seen before
     * this point is worth nothing), the success is recorded (which ends the run of failures the lockout counts) and
     * the sign-in is audited. Answers the new session's token.
     */
    async completeSignIn(pendingToken: string, userId: string, method: SecondFactorMethod, audit: AuditContext, flash?: Record<string, unknown>): Promise<string> {
      const at = now();
      return db.transaction().execute(async (trx) => {
        await deleteSession(trx, sha256(pendingToken));
        const user = await emailLowerOf(trx, userId);
        await insertSignInAttempt(trx, { email_lower: user.email_lower, user_id: userId, succeeded: true, at });
        await unlockUser(trx, userId);
        const token = await createSession(trx, now(), userId, { flash });
        await recordAudit(trx, audit, { action: 'sign-in', entityType: 'user', entityId: userId, outcome: 'success', details: { secondFactor: method } });
        return token;
      });
    },

    /** Whether the account is locked now: a pending session cannot go on trying codes once it is. */
    async isLocked(userId: string): Promise<boolean> {
      const row = await lockedUntil(db, userId);
      return Boolean(row?.locked_until && row.locked_until > now());
    },

    /**
     * A wrong or replayed code at sign-in counts toward the same lockout as a wrong password. When it locks the
     * account, the person's pending sessions end too. Answers whether the account is now locked.
     */
    async recordSecondFactorFailure(userId: string, audit: AuditContext): Promise<boolean> {
      const at = now();
      const user = await emailLowerOf(db, userId);
      await insertSignInAttempt(db, { email_lower: user.email_lower, user_id: userId, succeeded: false, at });
      const locked = await noteFailure(db, audit, user.email_lower, userId, at);
      if (locked) await deletePendingSessions(db, userId);
      return locked;
    },
  };
}
