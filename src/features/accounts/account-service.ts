// Sign-in, database-backed sessions, lockout and personal API tokens.
import { createHash, randomBytes } from 'node:crypto';
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
export const ABSOLUTE_SESSION_HOURS = 12;

export type SignedInUser = Actor & {
  email: string;
  displayName: string;
  agencyName: string;
  teamName: string | null;
};

export type SignInResult =
  | { ok: true; user: SignedInUser; sessionToken: string }
  | { ok: false; code: 'invalid' | 'locked' };

export type SessionLookup =
  | { state: 'active'; user: SignedInUser; csrfSecret: string; idHash: string }
  | { state: 'idle-expired' }
  | { state: 'none' };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

export function createAccountService(db: Db, options: { idleTimeoutMinutes: number; now?: () => Date }) {
  const now = options.now ?? (() => new Date());

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

  async function createSession(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const at = now();
    await db
      .insertInto('sessions')
      .values({
        id_hash: sha256(token),
        user_id: userId,
        csrf_secret: randomBytes(24).toString('base64url'),
        created_at: at,
        last_seen_at: at,
        expires_at: new Date(at.getTime() + ABSOLUTE_SESSION_HOURS * 3_600_000),
      })
      .execute();
    return token;
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

      const lockedByAccount = user?.locked_until && user.locked_until > at;
      const lockedByAttempts = !user && (await recentFailures(emailLower, at)) >= LOCKOUT_FAILURES;
      if (lockedByAccount || lockedByAttempts) {
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { reason: 'locked' } });
        return { ok: false, code: 'locked' };
      }

      // Always verify a hash, so an unknown address takes as long to refuse as a wrong password.
      const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
      const succeeded = Boolean(user && user.active && passwordOk);
      await db.insertInto('sign_in_attempts').values({ email_lower: emailLower, user_id: user?.id ?? null, succeeded, at }).execute();

      if (!succeeded || !user) {
        const reason = !user ? 'unknown-user' : !user.active ? 'deactivated' : 'wrong-password';
        await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { reason } });
        if ((await recentFailures(emailLower, at)) >= LOCKOUT_FAILURES) {
          if (user) {
            await db.updateTable('users').set({ locked_until: new Date(at.getTime() + LOCKOUT_MINUTES * 60_000) }).where('id', '=', user.id).execute();
          }
          await recordAudit(db, context, { action: 'account.locked', entityType: 'user', entityId: user?.id ?? null, outcome: 'success', details: { minutes: LOCKOUT_MINUTES } });
          return { ok: false, code: 'locked' };
        }
        return { ok: false, code: 'invalid' };
      }

      const sessionToken = await createSession(user.id);
      await db.updateTable('users').set({ locked_until: null }).where('id', '=', user.id).execute();
      await recordAudit(db, context, { action: 'sign-in', entityType: 'user', entityId: user.id, outcome: 'success' });
      const loaded = await loadUser(user.id);
      return { ok: true, user: loaded!, sessionToken };
    },

    async lookupSession(token: string | null): Promise<SessionLookup> {
      if (!token) return { state: 'none' };
      const idHash = sha256(token);
      const session = await userQuery()
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .select(['sessions.csrf_secret', 'sessions.last_seen_at', 'sessions.expires_at'])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!session) return { state: 'none' };
      const at = now();
      const idleLimit = minutesAgo(at, options.idleTimeoutMinutes);
      if (session.last_seen_at < idleLimit || session.expires_at < at) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return { state: 'idle-expired' };
      }
      const user = toSignedInUser(session);
      if (!user.active) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return { state: 'none' };
      }
      // Touch at most once a minute: every page view need not be a write.
      if (at.getTime() - session.last_seen_at.getTime() > 60_000) {
        await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
      }
      return { state: 'active', user, csrfSecret: session.csrf_secret, idHash };
    },

    async signOut(token: string | null, audit: AuditContext): Promise<void> {
      if (!token) return;
      const deleted = await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).returning('user_id').executeTakeFirst();
      if (deleted) await recordAudit(db, audit, { action: 'sign-out', entityType: 'user', entityId: deleted.user_id });
    },

    async changePassword(userId: string, current: string, next: string, audit: AuditContext) {
      const user = await db.selectFrom('users').select(['password_hash', 'email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, current))) {
        return { ok: false as const, field: 'currentPassword', message: 'Your current password is incorrect' };
      }
      const refusal = checkPassword(next, { email: user.email, displayName: user.display_name });
      if (refusal) return { ok: false as const, field: 'newPassword', message: refusal.message };
      const passwordHash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
        await recordAudit(trx, audit, { action: 'password.changed', entityType: 'user', entityId: userId });
      });
      return { ok: true as const };
    },

    async listApiTokens(userId: string) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** The token is returned once; only its hash is kept. */
    async createApiToken(userId: string, name: string, audit: AuditContext): Promise<{ id: string; token: string }> {
      const secret = randomBytes(32).toString('base64url');
      const prefix = secret.slice(0, 6);
      const token = `hbr_${secret}`;
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_tokens')
          .values({ user_id: userId, name, prefix, token_hash: sha256(token) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, audit, { action: 'api-token.created', entityType: 'api-token', entityId: row.id });
        return { id: row.id, token };
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

    async authenticateApiToken(token: string): Promise<SignedInUser | null> {
      if (!token.startsWith('hbr_')) return null;
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'last_used_at'])
        .where('token_hash', '=', sha256(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      const user = await loadUser(row.user_id);
      if (!user || !user.active) return null;
      const at = now();
      if (!row.last_used_at || at.getTime() - row.last_used_at.getTime() > 60_000) {
        await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
      }
      return user;
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
