import type { PendingStep, SignedInUser } from '../features/accounts/service.ts';

declare global {
  namespace Express {
    interface Request {
      id: string;
      user?: SignedInUser;
      sessionToken?: string;
      csrfToken?: string;
      authenticatedBy?: 'session' | 'api-token';
      /** Set with a bearer token: what the token was made for (issue 16). */
      apiToken?: import('../domain/accounts/api-token-scope.ts').TokenScope;
      /** Password checked, one step to go: set only for a pending session, which never sets `user`. */
      pendingSignIn?: { user: SignedInUser; step: PendingStep };
    }
  }
}

export {};
