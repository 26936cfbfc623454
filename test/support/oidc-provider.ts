// A real OpenID provider (oidc-provider) for tests, on 127.0.0.1 at a free port, with a client for Harbour and a
// few accounts. Its interaction is a minimal one of our own: it signs in whichever account (with whichever amr/acr)
// the test names next, login and consent at once, with no page of its own.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { TestHarbour } from './harness.ts';

export const SOCIAL_WORKER = 'social.worker@harbour.example';
export const MANAGER = 'manager@harbour.example';
export const ACCOUNTS: Record<string, { email: string; email_verified: boolean }> = {
  'sub-social-worker': { email: SOCIAL_WORKER, email_verified: true },
  'sub-manager': { email: MANAGER, email_verified: true },
  'sub-stranger': { email: 'stranger@council.example', email_verified: true },
  'sub-unverified': { email: 'police@harbour.example', email_verified: false },
  'sub-coordinator': { email: 'coordinator@harbour.example', email_verified: true },
  'sub-admin': { email: 'admin@harbour.example', email_verified: true },
};

export type Login = { accountId: string; amr?: string[]; acr?: string };

export async function startProvider() {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state = { next: null as Login | null };
  return {
    issuer,
    state,
    /** The client is registered once Harbour's address (and so its redirect URI) is known. */
    configure(redirectUris: string[]) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: 'harbour', client_secret: 'harbour-test-client-secret', redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
        async findAccount(_ctx, sub) {
          const account = ACCOUNTS[sub];
          if (!account) return undefined;
          return { accountId: sub, claims: async () => ({ sub, ...account }) };
        },
        claims: { acr: null, amr: null, sid: null, auth_time: null, iss: null, openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'] },
        acrValues: ['urn:test:loa:low', 'urn:test:loa:high'],
        features: { devInteractions: { enabled: false } },
        pkce: { required: () => true },
        cookies: { keys: ['oidc-test-cookie-key-one-two-three'] },
      });
      handler = async (req, res) => {
        if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
        // Login and consent at once, for the account the test chose.
        const login = state.next;
        if (!login) return void res.writeHead(500).end('no login chosen');
        const details = await provider.interactionDetails(req, res);
        const grant = new provider.Grant({ accountId: login.accountId, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: login.accountId, ...(login.amr ? { amr: login.amr } : {}), ...(login.acr ? { acr: login.acr } : {}) }, consent: { grantId } }, { mergeWithLastSubmission: false });
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


/** Settings for a Harbour at `provider`; its redirect URI is set once it listens (see oidcRedirectReady). */
export const oidcEnv = (issuer: string) => ({
  HARBOUR_OIDC_ISSUER: issuer,
  HARBOUR_OIDC_CLIENT_ID: 'harbour',
  HARBOUR_OIDC_CLIENT_SECRET: 'harbour-test-client-secret',
  // Harbour's port is known only once it listens: the real address is put in by oidcRedirectReady, before any sign-in.
  HARBOUR_OIDC_REDIRECT_URI: 'http://127.0.0.1:1/sign-in/oidc/callback',
  HARBOUR_OIDC_PROVIDER_NAME: 'Test Council',
  HARBOUR_OIDC_MFA_ACR: 'urn:test:loa:high',
});

/** Points each Harbour's redirect URI at its real address and registers them all with the provider. */
export function oidcRedirectReady(provider: Awaited<ReturnType<typeof startProvider>>, harbours: TestHarbour[]) {
  for (const h of harbours) h.services.config.oidc!.redirectUri = `${h.url}/sign-in/oidc/callback`;
  provider.configure(harbours.map((h) => h.services.config.oidc!.redirectUri));
}
