import type { PendingStep, SignedInUser } from '../features/accounts/account-service.ts';

declare global {
  namespace Express {
    interface Request {
      id: string;
      user?: SignedInUser;
      sessionToken?: string;
      csrfToken?: string;
      authenticatedBy?: 'session' | 'api-token';
      /** Password checked, one step to go: set only for a pending session, which never sets `user`. */
      pendingSignIn?: { user: SignedInUser; step: PendingStep };
    }
  }
}

export {};
