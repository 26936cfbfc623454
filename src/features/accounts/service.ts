// Sign-in, database-backed sessions, lockout and personal API tokens. A password that is right but not enough (the
// person has a second factor, or must set one up) gives a pending session: one that can take that step and sign out,
// nothing else, for 5 minutes (docs/decisions/0009-totp-second-factor.md). Each use case lives in its own
// service-<use-case>.ts; all SQL is in queries.ts.
import type { Db } from '../../platform/database/connection.ts';
import { loadUser } from './service-common.ts';
import type { AccountOptions } from './service-common.ts';
import { apiTokenUseCases } from './service-api-tokens.ts';
import { sessionUseCases } from './service-sessions.ts';
import { signInUseCases } from './service-sign-in.ts';

export {
  ABSOLUTE_SESSION_HOURS,
  ADDRESS_FAILURES,
  ADDRESS_WINDOW_MINUTES,
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_MAX_CASES,
  API_TOKEN_MAX_DAYS,
  API_TOKEN_SCOPES,
  LOCKOUT_FAILURES,
  LOCKOUT_MINUTES,
  LOCKOUT_WINDOW_MINUTES,
  OVERALL_FAILURES,
  PENDING_SIGN_IN_MINUTES,
  SURGE_ADDRESS_FAILURES,
} from './service-common.ts';
export type {
  ApiTokenAuthentication,
  ApiTokenScope,
  EndedSession,
  PendingStep,
  ProviderIdentity,
  ProviderSignInResult,
  SecondFactorMethod,
  SessionLookup,
  SignInResult,
  SignedInUser,
} from './service-common.ts';

export function createAccountService(db: Db, options: AccountOptions) {
  const context = { db, options, now: options.now ?? (() => new Date()) };
  return {
    loadUser: (userId: string) => loadUser(db, userId),
    ...signInUseCases(context),
    ...sessionUseCases(context),
    ...apiTokenUseCases(context),
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
