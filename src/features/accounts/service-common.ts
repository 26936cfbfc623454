// What every account use case shares (service-*.ts, composed by account-service.ts): the limits, the types the rest
// of Harbour sees, the person as a signed-in user, and a new session. Nothing here opens a transaction.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/database/connection.ts';
import type { Actor } from '../../domain/access/access.ts';
import { isRole } from '../../domain/access/roles.ts';
import type { Role } from '../../domain/access/roles.ts';
import { insertSession, userById } from './queries.ts';
import type { UserRow } from './queries.ts';

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

export type AccountOptions = { idleTimeoutMinutes: number; requireSecondFactor?: boolean; now?: () => Date; addressSecret?: string };

/** What each use case is built from. */
export type AccountContext = { db: Db; options: AccountOptions; now: () => Date };

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

export const toSignedInUser = (row: UserRow): SignedInUser => ({
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

export async function loadUser(db: Db, userId: string): Promise<SignedInUser | null> {
  const row = await userById(db, userId);
  return row ? toSignedInUser(row) : null;
}

/** A new session from `at`, answering its token: only its hash is kept. */
export async function createSession(executor: Db, at: Date, userId: string, options: { pending?: PendingStep; flash?: Record<string, unknown>; providerMfa?: boolean } = {}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const lifetimeMs = options.pending ? PENDING_SIGN_IN_MINUTES * 60_000 : ABSOLUTE_SESSION_HOURS * 3_600_000;
  await insertSession(executor, {
    id_hash: sha256(token),
    user_id: userId,
    csrf_secret: randomBytes(24).toString('base64url'),
    created_at: at,
    last_seen_at: at,
    expires_at: new Date(at.getTime() + lifetimeMs),
    pending: options.pending ?? null,
    flash: options.flash ? JSON.stringify(options.flash) : null,
    ...(options.providerMfa ? { provider_mfa: true } : {}),
  });
  return token;
}
