import type { SignedInUser } from '../features/accounts/account-service.ts';

declare global {
  namespace Express {
    interface Request {
      id: string;
      user?: SignedInUser;
      sessionToken?: string;
      csrfToken?: string;
      authenticatedBy?: 'session' | 'api-token';
    }
  }
}

export {};
