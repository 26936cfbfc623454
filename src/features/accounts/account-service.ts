// Sign-in, database-backed sessions, lockout and personal API tokens. A password that is right but not enough (the
// person has a second factor, or must set one up) gives a pending session: one that can take that step and sign out,
// nothing else, for 5 minutes (docs/decisions/0009-totp-second-factor.md).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/database/connection.ts';
import type { Actor } from '../../domain/access/access.ts';
import { isRole } from '../../domain/access/roles.ts';
import type { Role } from '../../domain/access/roles.ts';
import { checkPassword } from '../../domain/accounts/password-policy.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hashing.ts';

export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;
/**
 * Per address (issue 16): failures from one address in the window before it is slowed (told to wait, the password
 * not even checked). Below LOCKOUT_FAILURES, so that one address cannot lock a named colleague out: it is slowed
 * first, and the slowing counts against the address, never the account.
 */
export const ADDRESS_FAILURES = 8;
export const ADDRESS_WINDOW_MINUTES = 15;
/** Overall: when this many sign-ins have failed across Harbour in the window, every address is held to fewer. */
export const OVERALL_FAILURES = 100;
export const SURGE_ADDRESS_FAILURES = 3;
export const ABSOLUTE_SESSION_HOURS = 12;
export const PENDING_SIGN_IN_MINUTES = 5;
/** Every API token expires (issue 16): 90 days unless its maker chooses otherwise, never more than a year. */
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
/** A case-limited token names at most this many cases. */
export const API_TOKEN_MAX_CASES = 50;

export type ApiTokenScope = 'read-only' | 'read-write';
export const API_TOKEN_SCOPES = ['read-only', 'read-write'] as const satisfies readonly ApiTokenScope[];

/** What a bearer token is: nothing, expired, or a person with the token's scope. */
export type ApiTokenAuthentication =
  | { state: 'none' }
  | { state: 'expired'; expiredAt: Date }
  | { state: 'ok'; user: SignedInUser; scope: ApiTokenScope; caseIds: string[] | null };

/** The one step a pending session may take. */
export type PendingStep = 'second-factor' | 'enrolment';

export type SignedInUser = Actor & {
  email: string;
  displayName: string;
  agencyName: string;
  teamName: string | null;
};

export type SignInResult =
  | { ok: true; user: SignedInUser; sessionToken: string; pending: PendingStep | null }
  | { ok: false; code: 'invalid' | 'locked' }
  /** Too many failures from this address (or, in a surge, any failure from it): wait, the account is untouched. */
  | { ok: false; code: 'slowed'; retryAfterSeconds: number };

export type SessionLookup =
  | { state: 'active'; user: SignedInUser; csrfSecret: string; idHash: string; idleEndsAt: Date }
  | { state: 'pending'; step: PendingStep; user: SignedInUser; csrfSecret: string; idHash: string }
  | { state: 'idle-expired'; reason: 'idle' | 'absolute'; ended: EndedSession | null }
  | { state: 'pending-expired' }
  | { state: 'none' };

/**
 * What is left of a signed-in session that timed out, for the one request that notices: whose it was and its CSRF
 * secret, so that a form sent from it can be kept for that person (docs/decisions/0010-nothing-lost-to-a-time-out.md).
 * The row itself is deleted as before.
 */
export type EndedSession = { userId: string; csrfSecret: string };

export type SecondFactorMethod = 'totp' | 'recovery-code' | 'enrolment';

/** Who the identity provider says signed in (from a checked ID token and, for the e-mail, the userinfo answer). */
export type ProviderIdentity = { issuer: string; subject: string; email: string | null; emailVerified: boolean; mfa: boolean };

export type ProviderSignInResult =
  | { ok: true; user: SignedInUser; sessionToken: string; pending: PendingStep | null }
  /** No active Harbour user is linked to, or has the verified e-mail of, this identity: there is no self-registration. */
  | { ok: false; code: 'unknown' | 'locked' }
  | { ok: false; code: 'slowed'; retryAfterSeconds: number };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

export function createAccountService(db: Db, options: { idleTimeoutMinutes: number; requireSecondFactor?: boolean; now?: () => Date; addressSecret?: string }) {
  const now = options.now ?? (() => new Date());
  const addressSecret = options.addressSecret ?? randomBytes(32).toString('hex');
  /** Attempts are counted by address through a keyed hash: the table never holds the address itself. */
  const addressKey = (ip: string | null): string | null => (ip ? createHmac('sha256', addressSecret).update(`sign-in-address:${ip}`).digest('hex') : null);

  /**
   * Whether this address must wait before trying again, and for how long: its failures in the window against the
   * per-address limit, which is lower while failures across Harbour surge (a spray from many addresses).
   */
  async function addressSlowed(key: string | null, at: Date): Promise<number | null> {
    if (!key) return null;
    const since = minutesAgo(at, ADDRESS_WINDOW_MINUTES);
    const row = await sql<{ mine: number; oldest: Date | null; overall: number }>`
      select
        (select count(*) from sign_in_attempts where address_key = ${key} and succeeded = false and at > ${since})::int as mine,
        (select min(at) from sign_in_attempts where address_key = ${key} and succeeded = false and at > ${since}) as oldest,
        (select count(*) from (select 1 from sign_in_attempts where succeeded = false and at > ${since} limit ${OVERALL_FAILURES}) as recent)::int as overall`.execute(db);
    const { mine, oldest, overall } = row.rows[0]!;
    const limit = Number(overall) >= OVERALL_FAILURES ? SURGE_ADDRESS_FAILURES : ADDRESS_FAILURES;
    if (Number(mine) < limit || !oldest) return null;
    const oldestAt = oldest instanceof Date ? oldest : new Date(oldest);
    return Math.max(1, Math.ceil((oldestAt.getTime() + ADDRESS_WINDOW_MINUTES * 60_000 - at.getTime()) / 1000));
  }

  /** The user, their agency, team and roles, optionally with a session: one query, because it runs on every request. */
  function userQuery() {
    return db
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .leftJoin('teams', 'teams.id', 'users.team_id')
      .select([
        'users.id',
        'users.email',
        'users.display_name',
        'users.agency_id',
        'users.local_authority_id',
        'users.active',
        'agencies.name as agency_name',
        'teams.name as team_name',
        sql<string[]>`coalesce((select array_agg(r.role order by r.role) from user_roles r where r.user_id = users.id), '{}')`.as('roles'),
      ]);
  }

  type UserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirst']>>>;
  const toSignedInUser = (row: UserRow): SignedInUser => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    teamName: row.team_name,
    localAuthorityId: row.local_authority_id,
    active: row.active,
    roles: row.roles.filter(isRole) as Role[],
  });

  async function loadUser(userId: string): Promise<SignedInUser | null> {
    const row = await userQuery().where('users.id', '=', userId).executeTakeFirst();
    return row ? toSignedInUser(row) : null;
  }

  async function recentFailures(emailLower: string, at: Date): Promise<number> {
    const lastSuccess = await db
      .selectFrom('sign_in_attempts')
      .select('at')
      .where('email_lower', '=', emailLower)
      .where('succeeded', '=', true)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const reset = await db.selectFrom('users').select('failures_reset_at').where(sql`lower(email)`, '=', emailLower).executeTakeFirst();
    const since = [lastSuccess?.at, reset?.failures_reset_at, minutesAgo(at, LOCKOUT_WINDOW_MINUTES)]
      .filter((d): d is Date => d instanceof Date)
      .reduce((latest, d) => (d > latest ? d : latest));
    const result = await db
      .selectFrom('sign_in_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email_lower', '=', emailLower)
      .where('succeeded', '=', false)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(result.n);
  }

  async function createSession(executor: Db, userId: string, options: { pending?: PendingStep; flash?: Record<string, unknown>; providerMfa?: boolean } = {}): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const at = now();
    const lifetimeMs = options.pending ? PENDING_SIGN_IN_MINUTES * 60_000 : ABSOLUTE_SESSION_HOURS * 3_600_000;
    await executor
      .insertInto('sessions')
      .values({
        id_hash: sha256(token),
        user_id: userId,
        csrf_secret: randomBytes(24).toString('base64url'),
        created_at: at,
        last_seen_at: at,
        expires_at: new Date(at.getTime() + lifetimeMs),
        pending: options.pending ?? null,
        flash: options.flash ? JSON.stringify(options.flash) : null,
        ...(options.providerMfa ? { provider_mfa: true } : {}),
      })
      .execute();
    return token;
  }

  /** Counts toward the lockout; locks the account (audited) when this failure is the tenth. Answers whether it is now locked. */
  async function noteFailure(executor: Db, context: AuditContext, emailLower: string, userId: string | null, at: Date): Promise<boolean> {
    if ((await recentFailures(emailLower, at)) < LOCKOUT_FAILURES) return false;
    if (userId) {
      await executor.updateTable('users').set({ locked_until: new Date(at.getTime() + LOCKOUT_MINUTES * 60_000) }).where('id', '=', userId).execute();
    }
    await recordAudit(executor, context, { action: 'account.locked', entityType: 'user', entityId: userId, outcome: 'success', details: { minutes: LOCKOUT_MINUTES } });
    return true;
  }

  return {
    loadUser,

    async signIn(emailInput: string, password: string, audit: Omit<AuditContext, 'actorId' | 'actorLabel'>): Promise<SignInResult> {
      const emailLower = emailInput.trim().toLowerCase();
      const at = now();
      const user = await db
        .selectFrom('users')
        .select(['id', 'password_hash', 'active', 'locked_until'])
        .where(sql`lower(email)`, '=', emailLower)
        .executeTakeFirst();
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
        await db.insertInto('sign_in_attempts').values({ email_lower: emailLower, user_id: user?.id ?? null, succeeded: false, at, address_key: address }).execute();
        const reason = !user ? 'unknown-user' : !user.active ? 'deactivated' : 'wrong-password';
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { reason } });
        return { ok: false, code: (await noteFailure(db, context, emailLower, user?.id ?? null, at)) ? 'locked' : 'invalid' };
      }

      const loaded = (await loadUser(user.id))!;
      const factor = await db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
      const pending: PendingStep | null = factor?.confirmed_at ? 'second-factor' : options.requireSecondFactor ? 'enrolment' : null;
      if (pending) {
        // The password alone is not a sign-in: no success is recorded, so wrong codes keep counting toward the lockout.
        const sessionToken = await createSession(db, user.id, { pending });
        await recordAudit(db, context, { action: 'sign-in.password-accepted', entityType: 'user', entityId: user.id, details: { next: pending } });
        return { ok: true, user: loaded, sessionToken, pending };
      }
      await db.insertInto('sign_in_attempts').values({ email_lower: emailLower, user_id: user.id, succeeded: true, at, address_key: address }).execute();
      const sessionToken = await createSession(db, user.id);
      await db.updateTable('users').set({ locked_until: null }).where('id', '=', user.id).execute();
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
      const columns = ['id', 'email', 'active', 'locked_until', 'oidc_issuer', 'oidc_subject'] as const;
      let user = await db.selectFrom('users').select(columns).where('oidc_issuer', '=', identity.issuer).where('oidc_subject', '=', identity.subject).executeTakeFirst();
      let linking = false;
      let refusal: string | null = null;
      if (!user && match === 'email' && identity.email && identity.emailVerified) {
        const byEmail = await db.selectFrom('users').select(columns).where(sql`lower(email)`, '=', identity.email.trim().toLowerCase()).executeTakeFirst();
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
        await db.insertInto('sign_in_attempts').values({ email_lower: attemptKey, user_id: user?.id ?? null, succeeded: false, at, address_key: address }).execute();
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { ...base, reason: refusal ?? 'unknown-user' } });
        return { ok: false, code: 'unknown' };
      }
      const found = user;
      const factor = await db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', found.id).executeTakeFirst();
      const pending: PendingStep | null = identity.mfa ? null : factor?.confirmed_at ? 'second-factor' : options.requireSecondFactor ? 'enrolment' : null;
      const sessionToken = await db.transaction().execute(async (trx) => {
        if (linking) {
          await trx.updateTable('users').set({ oidc_issuer: identity.issuer, oidc_subject: identity.subject }).where('id', '=', found.id).where('oidc_subject', 'is', null).execute();
          await recordAudit(trx, context, { action: 'account.provider-linked', entityType: 'user', entityId: found.id, details: { ...base, issuer: identity.issuer } });
        }
        if (pending) {
          // As with a password: the provider alone is not a sign-in here, so no success is recorded until the code.
          const token = await createSession(trx, found.id, { pending });
          await recordAudit(trx, context, { action: 'sign-in.provider-accepted', entityType: 'user', entityId: found.id, details: { ...base, next: pending } });
          return token;
        }
        await trx.insertInto('sign_in_attempts').values({ email_lower: attemptKey, user_id: found.id, succeeded: true, at, address_key: address }).execute();
        await trx.updateTable('users').set({ locked_until: null }).where('id', '=', found.id).execute();
        const token = await createSession(trx, found.id, { providerMfa: identity.mfa });
        await recordAudit(trx, context, { action: 'sign-in', entityType: 'user', entityId: found.id, outcome: 'success', details: { ...base, providerMfa: identity.mfa } });
        return token;
      });
      return { ok: true, user: (await loadUser(found.id))!, sessionToken, pending };
    },

    /**
     * The second factor is done: the pending session is replaced by a new one with a new id (so a token seen before
     * this point is worth nothing), the success is recorded (which ends the run of failures the lockout counts) and
     * the sign-in is audited. Answers the new session's token.
     */
    async completeSignIn(pendingToken: string, userId: string, method: SecondFactorMethod, audit: AuditContext, flash?: Record<string, unknown>): Promise<string> {
      const at = now();
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('id_hash', '=', sha256(pendingToken)).execute();
        const user = await trx.selectFrom('users').select(sql<string>`lower(email)`.as('email_lower')).where('id', '=', userId).executeTakeFirstOrThrow();
        await trx.insertInto('sign_in_attempts').values({ email_lower: user.email_lower, user_id: userId, succeeded: true, at }).execute();
        await trx.updateTable('users').set({ locked_until: null }).where('id', '=', userId).execute();
        const token = await createSession(trx, userId, { flash });
        await recordAudit(trx, audit, { action: 'sign-in', entityType: 'user', entityId: userId, outcome: 'success', details: { secondFactor: method } });
        return token;
      });
    },

    /** Whether the account is locked now: a pending session cannot go on trying codes once it is. */
    async isLocked(userId: string): Promise<boolean> {
      const row = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
      return Boolean(row?.locked_until && row.locked_until > now());
    },

    /**
     * A wrong or replayed code at sign-in counts toward the same lockout as a wrong password. When it locks the
     * account, the person's pending sessions end too. Answers whether the account is now locked.
     */
    async recordSecondFactorFailure(userId: string, audit: AuditContext): Promise<boolean> {
      const at = now();
      const user = await db.selectFrom('users').select(sql<string>`lower(email)`.as('email_lower')).where('id', '=', userId).executeTakeFirstOrThrow();
      await db.insertInto('sign_in_attempts').values({ email_lower: user.email_lower, user_id: userId, succeeded: false, at }).execute();
      const locked = await noteFailure(db, audit, user.email_lower, userId, at);
      if (locked) await db.deleteFrom('sessions').where('user_id', '=', userId).where('pending', 'is not', null).execute();
      return locked;
    },

    async lookupSession(token: string | null): Promise<SessionLookup> {
      if (!token) return { state: 'none' };
      const idHash = sha256(token);
      // Only asked when it matters: with the second factor optional, this stays a constant.
      const secondFactorOn = options.requireSecondFactor
        ? sql<boolean>`(sessions.provider_mfa or exists (select 1 from second_factors f where f.user_id = users.id and f.confirmed_at is not null))`
        : sql<boolean>`true`;
      const session = await userQuery()
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .select(['sessions.csrf_secret', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.pending', secondFactorOn.as('second_factor_on')])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!session) return { state: 'none' };
      const at = now();
      const idleLimit = minutesAgo(at, options.idleTimeoutMinutes);
      if (session.last_seen_at < idleLimit || session.expires_at < at) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        if (session.pending) return { state: 'pending-expired' };
        // Only a session that could do anything leaves something behind: a deactivated person's, or one that could
        // only set up a second factor, does not.
        const ended = session.active && session.second_factor_on ? { userId: session.id, csrfSecret: session.csrf_secret } : null;
        return { state: 'idle-expired', reason: session.expires_at < at ? 'absolute' : 'idle', ended };
      }
      const user = toSignedInUser(session);
      if (!user.active) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return { state: 'none' };
      }
      // Touch at most once a minute: every page view need not be a write.
      const touched = at.getTime() - session.last_seen_at.getTime() > 60_000;
      if (touched) {
        await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
      }
      const idleEndsAt = new Date((touched ? at : session.last_seen_at).getTime() + options.idleTimeoutMinutes * 60_000);
      // A session that began before the second factor was required, or whose factor has been turned off since,
      // may only set one up while it is required.
      const pending = session.pending ?? (session.second_factor_on ? null : 'enrolment');
      if (pending) return { state: 'pending', step: pending, user, csrfSecret: session.csrf_secret, idHash };
      return { state: 'active', user, csrfSecret: session.csrf_secret, idHash, idleEndsAt };
    },

    /** "Stay signed in": the idle time-out starts again from now. Only a signed-in session (not a pending one) is kept alive. */
    async keepAlive(token: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now() }).where('id_hash', '=', sha256(token)).where('pending', 'is', null).execute();
    },

    async signOut(token: string | null, audit: AuditContext): Promise<void> {
      if (!token) return;
      const deleted = await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).returning('user_id').executeTakeFirst();
      if (deleted) await recordAudit(db, audit, { action: 'sign-out', entityType: 'user', entityId: deleted.user_id });
    },

    /**
     * A new password ends every other way in that the old one opened: the person's other sessions (pending ones too)
     * end and their API tokens are revoked, in the transaction that changes it; the session that changed it stays.
     */
    async changePassword(userId: string, current: string, next: string, audit: AuditContext, currentSessionToken: string | null = null) {
      const user = await db.selectFrom('users').select(['password_hash', 'email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, current))) {
        return { ok: false as const, field: 'currentPassword', message: 'Your current password is incorrect' };
      }
      const refusal = checkPassword(next, { email: user.email, displayName: user.display_name });
      if (refusal) return { ok: false as const, field: 'newPassword', message: refusal.message };
      const passwordHash = await hashPassword(next);
      const ended = await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', userId);
        if (currentSessionToken) others = others.where('id_hash', '<>', sha256(currentSessionToken));
        const otherSessionsEnded = (await others.returning('id_hash').execute()).length;
        const revoked = await trx.updateTable('api_tokens').set({ revoked_at: now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
        await recordAudit(trx, audit, { action: 'password.changed', entityType: 'user', entityId: userId, details: { otherSessionsEnded, apiTokensRevoked: revoked.length } });
        for (const token of revoked) await recordAudit(trx, audit, { action: 'api-token.revoked', entityType: 'api-token', entityId: token.id, details: { reason: 'password-changed' } });
        return { otherSessionsEnded, apiTokensRevoked: revoked.length };
      });
      return { ok: true as const, ...ended };
    },

    async listApiTokens(userId: string) {
      return db
        .selectFrom('api_tokens')
        .select([
          'id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'expires_at', 'scope',
          sql<string[] | null>`(select array_agg(k.reference order by k.reference) from cases k where k.id = any(api_tokens.case_ids))`.as('case_references'),
        ])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    /**
     * The token is returned once; only its hash is kept. It expires after `expiresInDays` and carries its scope: the
     * caller has checked the person may open each of `caseIds` (null: every case they may open, as their access allows).
     */
    async createApiToken(
      userId: string,
      input: { name: string; expiresInDays: number; scope: ApiTokenScope; caseIds: string[] | null },
      audit: AuditContext,
    ): Promise<{ id: string; token: string; expiresAt: Date }> {
      if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > API_TOKEN_MAX_DAYS) throw new RangeError('expiry out of range');
      const secret = randomBytes(32).toString('base64url');
      const prefix = secret.slice(0, 6);
      const token = `hbr_${secret}`;
      const expiresAt = new Date(now().getTime() + input.expiresInDays * 86_400_000);
      const caseIds = input.caseIds && input.caseIds.length > 0 ? input.caseIds : null;
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_tokens')
          .values({ user_id: userId, name: input.name, prefix, token_hash: sha256(token), expires_at: expiresAt, scope: input.scope, case_ids: caseIds })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, audit, { action: 'api-token.created', entityType: 'api-token', entityId: row.id, details: { expiresAt: expiresAt.toISOString(), scope: input.scope, caseIds } });
        return { id: row.id, token, expiresAt };
      });
    },

    async revokeApiToken(userId: string, tokenId: string, audit: AuditContext): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: now() })
          .where('id', '=', tokenId)
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (row) await recordAudit(trx, audit, { action: 'api-token.revoked', entityType: 'api-token', entityId: tokenId });
        return Boolean(row);
      });
    },

    async authenticateApiToken(token: string): Promise<ApiTokenAuthentication> {
      if (!token.startsWith('hbr_')) return { state: 'none' };
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'last_used_at', 'expires_at', 'scope', 'case_ids'])
        .where('token_hash', '=', sha256(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return { state: 'none' };
      const at = now();
      if (row.expires_at <= at) return { state: 'expired', expiredAt: row.expires_at };
      const user = await loadUser(row.user_id);
      if (!user || !user.active) return { state: 'none' };
      if (!row.last_used_at || at.getTime() - row.last_used_at.getTime() > 60_000) {
        await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
      }
      return { state: 'ok', user, scope: row.scope, caseIds: row.case_ids };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
