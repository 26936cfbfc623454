// The TOTP second factor (docs/decisions/0009-totp-second-factor.md): setting it up, codes and recovery codes at
// sign-in, new recovery codes, turning it off, and an administrator's reset for a lost phone. Every step is audited
// with codes and counts only: never the secret, a code or a recovery code.
import QRCode from 'qrcode';
import type { Db } from '../../platform/database/connection.ts';
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  recoveryCodeMatches,
  secretForTyping,
  totpAttemptsExhausted,
  verifyTotp,
} from '../../domain/accounts/totp.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { AccountService } from '../accounts/service.ts';
import { verifyPassword } from '../accounts/service-password-hashing.ts';
import {
  claimTotpStep,
  confirmSecondFactor,
  countCodeFailure,
  deleteRecoveryCodes,
  deleteSecondFactor,
  deleteSessionsOf,
  enrolledSecondFactor,
  insertRecoveryCodes,
  insertSecondFactorIfNone,
  insertSecondFactorReset,
  passwordHashOf,
  resetCodeFailures,
  secondFactorForCode,
  secondFactorSecret,
  secondFactorWithCodesLeft,
  unusedRecoveryCodes,
  useRecoveryCode,
} from '../accounts/queries.ts';

/** The name authenticator apps show beside the account. */
export const SECOND_FACTOR_ISSUER = 'Harbour';

/** Why an administrator reset someone's second factor; migration 0012 lists the same values. */
export const RESET_REASONS = {
  'lost-or-stolen': 'Their phone was lost or stolen',
  'new-phone': 'They have a new phone',
  'app-removed': 'Their authenticator app was removed or reset',
  'suspected-compromise': 'Someone else may have their codes or recovery codes',
  other: 'Another reason',
} as const;
export type ResetReason = keyof typeof RESET_REASONS;
export const RESET_REASON_CODES = Object.keys(RESET_REASONS) as [ResetReason, ...ResetReason[]];

export type SecondFactorStatus =
  | { state: 'off' }
  | { state: 'enrolling' }
  | { state: 'on'; confirmedAt: Date; recoveryCodesLeft: number };

export type Enrolment = { secretForTyping: string; qrCode: string; account: string };

/**
 * Why a code was not accepted. 'locked': too many failures, the sign-in is over. 'exhausted': so many wrong codes
 * since the last right one that codes are refused until a recovery code or an administrator's reset.
 */
export type CodeRefusal = 'wrong' | 'replayed' | 'locked' | 'not-set-up' | 'exhausted';

type Refused<Field extends string> = { ok: false; reason: CodeRefusal | 'wrong-password' | 'already-on'; field: Field };

export function createSecondFactorService(db: Db, deps: { accounts: AccountService; now: () => Date }) {
  const { accounts, now } = deps;

  const audited = (executor: Db, audit: AuditContext, userId: string, action: string, details: Record<string, unknown> = {}, outcome: 'success' | 'denied' = 'success') =>
    recordAudit(executor, audit, { action, entityType: 'user', entityId: userId, outcome, details });

  /**
   * Checks a code against the confirmed (or, when enrolling, the unconfirmed) secret and, if it is right, records its
   * step as used in the same statement that checks no later step was used first: two requests racing with the same
   * code cannot both pass.
   */
  async function consumeCode(userId: string, code: string, expect: 'confirmed' | 'unconfirmed'): Promise<{ ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' | 'not-set-up' | 'already-on' | 'exhausted' }> {
    const row = await secondFactorForCode(db, userId);
    if (!row) return { ok: false, reason: 'not-set-up' };
    if (expect === 'confirmed' && !row.confirmed_at) return { ok: false, reason: 'not-set-up' };
    if (expect === 'unconfirmed' && row.confirmed_at) return { ok: false, reason: 'already-on' };
    // Only guesses at a confirmed secret count; a person typing codes while setting up is not guessing.
    if (expect === 'confirmed' && totpAttemptsExhausted(row.failures_since_success)) return { ok: false, reason: 'exhausted' };
    const verdict = verifyTotp(row.secret, code, now(), row.last_used_step);
    if (!verdict.ok) {
      if (expect === 'confirmed') {
        await countCodeFailure(db, userId);
      }
      return { ok: false, reason: verdict.reason === 'replayed' ? 'replayed' : 'wrong' };
    }
    const claimed = await claimTotpStep(db, userId, verdict.step);
    return claimed ? { ok: true, step: verdict.step } : { ok: false, reason: 'replayed' };
  }

  async function replaceRecoveryCodes(trx: Db, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await deleteRecoveryCodes(trx, userId);
    await insertRecoveryCodes(trx, userId, codes.map((code) => hashRecoveryCode(code)));
    return codes;
  }

  /** A wrong code at sign-in is audited and counts toward the lockout, as a wrong password does. */
  async function signInFailure(userId: string, method: 'totp' | 'recovery-code', reason: string, audit: AuditContext): Promise<CodeRefusal> {
    await audited(db, audit, userId, 'second-factor.failed', { stage: 'sign-in', method, reason }, 'denied');
    // Refused whatever was typed: counting it toward the lockout would only lock out the person who owns the phone.
    if (reason === 'exhausted') return 'exhausted';
    return (await accounts.recordSecondFactorFailure(userId, audit)) ? 'locked' : reason === 'replayed' ? 'replayed' : 'wrong';
  }

  async function lockedOut(userId: string, method: 'totp' | 'recovery-code', audit: AuditContext): Promise<boolean> {
    if (!(await accounts.isLocked(userId))) return false;
    await audited(db, audit, userId, 'second-factor.failed', { stage: 'sign-in', method, reason: 'locked' }, 'denied');
    return true;
  }

  return {
    async status(userId: string): Promise<SecondFactorStatus> {
      const row = await secondFactorWithCodesLeft(db, userId);
      if (!row) return { state: 'off' };
      if (!row.confirmed_at) return { state: 'enrolling' };
      return { state: 'on', confirmedAt: row.confirmed_at, recoveryCodesLeft: Number(row.codes_left) };
    },

    /**
     * Issues a new secret, unless one is already waiting to be confirmed: then that one stays, so a QR code scanned
     * before a sign-in timed out still works after signing in again.
     */
    async beginEnrolment(userId: string, audit: AuditContext): Promise<'started' | 'already-on'> {
      return db.transaction().execute(async (trx) => {
        const inserted = await insertSecondFactorIfNone(trx, userId, newTotpSecret(), now());
        if (inserted) await audited(trx, audit, userId, 'second-factor.enrolled');
        const row = await enrolledSecondFactor(trx, userId);
        return row.confirmed_at ? 'already-on' : 'started';
      });
    },

    /** What the set-up page shows while an enrolment is waiting to be confirmed; null otherwise. */
    async enrolment(userId: string, account: string): Promise<Enrolment | null> {
      const row = await secondFactorSecret(db, userId);
      if (!row || row.confirmed_at) return null;
      const svg = await QRCode.toString(otpauthUri({ secret: row.secret, issuer: SECOND_FACTOR_ISSUER, account }), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      return { secretForTyping: secretForTyping(row.secret), qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, account };
    },

    /** The first right code confirms the set-up; the recovery codes are returned once, and only their hashes kept. */
    async confirmEnrolment(userId: string, code: string, audit: AuditContext): Promise<{ ok: true; recoveryCodes: string[] } | Refused<'code'>> {
      const checked = await consumeCode(userId, code, 'unconfirmed');
      if (!checked.ok) {
        await audited(db, audit, userId, 'second-factor.failed', { stage: 'enrolment', reason: checked.reason }, 'denied');
        return { ok: false, reason: checked.reason, field: 'code' };
      }
      return db.transaction().execute(async (trx) => {
        const confirmed = await confirmSecondFactor(trx, userId, now());
        if (!confirmed) return { ok: false as const, reason: 'already-on' as const, field: 'code' as const };
        const recoveryCodes = await replaceRecoveryCodes(trx, userId);
        await audited(trx, audit, userId, 'second-factor.confirmed', { recoveryCodes: recoveryCodes.length });
        return { ok: true as const, recoveryCodes };
      });
    },

    async signInWithCode(userId: string, code: string, audit: AuditContext): Promise<{ ok: true } | { ok: false; reason: CodeRefusal }> {
      if (await lockedOut(userId, 'totp', audit)) return { ok: false, reason: 'locked' };
      const checked = await consumeCode(userId, code, 'confirmed');
      if (!checked.ok) return { ok: false, reason: await signInFailure(userId, 'totp', checked.reason, audit) };
      await audited(db, audit, userId, 'second-factor.succeeded', { method: 'totp' });
      return { ok: true };
    },

    async signInWithRecoveryCode(userId: string, code: string, audit: AuditContext): Promise<{ ok: true; remaining: number } | { ok: false; reason: CodeRefusal }> {
      if (await lockedOut(userId, 'recovery-code', audit)) return { ok: false, reason: 'locked' };
      const unused = await unusedRecoveryCodes(db, userId);
      // Every stored hash is checked, so the time taken does not say which one matched.
      const match = unused.map((row) => (recoveryCodeMatches(code, row.code_hash) ? row : null)).find((row) => row !== null);
      const used = match
        ? await useRecoveryCode(db, match.id, now())
        : undefined;
      if (!used) return { ok: false, reason: await signInFailure(userId, 'recovery-code', 'wrong', audit) };
      // Holding a recovery code proves the person is who set the factor up: codes are accepted again.
      await resetCodeFailures(db, userId);
      const remaining = unused.length - 1;
      await audited(db, audit, userId, 'second-factor.recovery-code-used', { remaining });
      return { ok: true, remaining };
    },

    /** New recovery codes replace the old ones; asking needs a current code, so a stolen session alone cannot. */
    async regenerateRecoveryCodes(userId: string, code: string, audit: AuditContext): Promise<{ ok: true; recoveryCodes: string[] } | Refused<'code'>> {
      const checked = await consumeCode(userId, code, 'confirmed');
      if (!checked.ok) {
        await audited(db, audit, userId, 'second-factor.failed', { stage: 'recovery-codes', reason: checked.reason }, 'denied');
        return { ok: false, reason: checked.reason, field: 'code' };
      }
      return db.transaction().execute(async (trx) => {
        const recoveryCodes = await replaceRecoveryCodes(trx, userId);
        await audited(trx, audit, userId, 'second-factor.recovery-codes-replaced', { recoveryCodes: recoveryCodes.length });
        return { ok: true as const, recoveryCodes };
      });
    },

    /** Turning it off needs the password and a current code: neither a stolen session nor a stolen phone is enough. */
    async turnOff(userId: string, password: string, code: string, audit: AuditContext): Promise<{ ok: true } | Refused<'password' | 'code'>> {
      const user = await passwordHashOf(db, userId);
      if (!(await verifyPassword(user.password_hash, password))) {
        await audited(db, audit, userId, 'second-factor.failed', { stage: 'turn-off', reason: 'wrong-password' }, 'denied');
        return { ok: false, reason: 'wrong-password', field: 'password' };
      }
      const checked = await consumeCode(userId, code, 'confirmed');
      if (!checked.ok) {
        await audited(db, audit, userId, 'second-factor.failed', { stage: 'turn-off', reason: checked.reason }, 'denied');
        return { ok: false, reason: checked.reason, field: 'code' };
      }
      await db.transaction().execute(async (trx) => {
        await deleteRecoveryCodes(trx, userId);
        await deleteSecondFactor(trx, userId);
        await audited(trx, audit, userId, 'second-factor.disabled');
      });
      return { ok: true };
    },

    /**
     * For a lost phone: the secret and recovery codes go, and so do the person's sessions, so whoever has the phone
     * or a session is shut out. The free-text reason stays in second_factor_resets; the audit row carries its code.
     */
    async resetByAdministrator(
      userId: string,
      reason: { code: ResetReason; text: string | null },
      audit: AuditContext,
    ): Promise<{ ok: true; sessionsEnded: number } | { ok: false; reason: 'self' | 'none' }> {
      if (audit.actorId === userId) return { ok: false, reason: 'self' };
      return db.transaction().execute(async (trx) => {
        const factor = await deleteSecondFactor(trx, userId);
        if (!factor) return { ok: false as const, reason: 'none' as const };
        await deleteRecoveryCodes(trx, userId);
        const reset = await insertSecondFactorReset(trx, { user_id: userId, reset_by: audit.actorId, reason_code: reason.code, reason: reason.text, reset_at: now() });
        const sessions = await deleteSessionsOf(trx, userId);
        await audited(trx, audit, userId, 'second-factor.reset', {
          resetId: reset.id,
          reasonCode: reason.code,
          wasConfirmed: Boolean(factor.confirmed_at),
          sessionsEnded: sessions.length,
        });
        return { ok: true as const, sessionsEnded: sessions.length };
      });
    },
  };
}

export type SecondFactorService = ReturnType<typeof createSecondFactorService>;
