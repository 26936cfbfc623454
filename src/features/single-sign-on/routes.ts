// Sign-in through the council's OpenID Connect provider (issue 16; docs/decisions/0021-single-sign-on.md): the
// authorisation code flow with PKCE, state and nonce, through openid-client. The three secrets of one attempt travel
// in a short-lived cookie signed with the session secret and are cleared at the callback, so an answer is used once
// and only by the browser that asked. The provider's claims are mapped to a Harbour user by the account service.
import type { Request, Response } from 'express';
import { z } from 'zod';
import * as client from 'openid-client';
import type { Services } from '../../services.ts';
import type { OidcConfig } from '../../platform/config.ts';
import type { routes } from '../../platform/web/routing.ts';
import { setSessionCookie } from '../../platform/web/session-cookie.ts';
import { parseCookies, sign, unsign } from '../../platform/web/cookies.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { recordAudit } from '../audit/service.ts';
import { secondFactorPaths, withReturnTo } from '../second-factor/paths.ts';
import { providerAssertsMfa } from '../../domain/accounts/provider-mfa.ts';

export const OIDC_COOKIE = 'harbour_oidc';
export const OIDC_ATTEMPT_MINUTES = 10;
export const singleSignOnPaths = { start: '/sign-in/oidc', callback: '/sign-in/oidc/callback' } as const;

type Attempt = { state: string; nonce: string; verifier: string; returnTo: string; startedAt: number };

const attemptSchema = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), returnTo: z.string(), startedAt: z.number() });

/** Plain http is allowed only for a provider on this machine, outside production: the tests' provider. */
function localHttp(issuer: string, production: boolean): boolean {
  const url = new URL(issuer);
  return !production && url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export function createOidcClient(oidc: OidcConfig, production: boolean) {
  let discovered: Promise<client.Configuration> | null = null;
  return {
    /** Discovered once, then kept; a failure is forgotten so the next sign-in tries again. */
    configuration(): Promise<client.Configuration> {
      discovered ??= client
        .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret ?? undefined, oidc.clientSecret ? undefined : client.None(), {
          execute: localHttp(oidc.issuer, production) ? [client.allowInsecureRequests] : [],
          timeout: 10,
        })
        .catch((error: unknown) => {
          discovered = null;
          throw error;
        });
      return discovered;
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;

export function registerSingleSignOnRoutes(r: ReturnType<typeof routes>, services: Services, helpers: { safeReturnPath: (value: unknown) => string }) {
  const { config, accounts, heldSubmissions } = services;
  const oidc = config.oidc;
  if (!oidc) return;
  const oidcClient = createOidcClient(oidc, config.production);
  const secret = config.sessionSecret;

  function refuse(req: Request, res: Response, status: number, kind: 'unknown' | 'failed' | 'expired' | 'unavailable' | 'locked' | 'slowed', retryAfterSeconds?: number) {
    res.status(status);
    res.render('single-sign-on/views/single-sign-on-refused.njk', { kind, providerName: oidc!.providerName, minutes: retryAfterSeconds ? Math.max(1, Math.ceil(retryAfterSeconds / 60)) : null });
  }

  async function auditFailure(req: Request, reason: string) {
    await recordAudit(services.db, auditContext(req), { action: 'sign-in', entityType: 'user', entityId: null, outcome: 'denied', details: { method: 'oidc', reason } });
  }

  // A link, not a form: a form's redirect to the provider would be blocked by the page's CSP form-action 'self'.
  // Starting needs no CSRF token: it only sets this browser's attempt cookie, and the state in it is what stops a
  // forged callback (login CSRF).
  r.get(singleSignOnPaths.start, { access: 'public', audit: { none: 'signing in through the organisation’s provider, no child (audited as sign-in)' } }, async (req, res) => {
    let configuration: client.Configuration;
    try {
      configuration = await oidcClient.configuration();
    } catch {
      return refuse(req, res, 503, 'unavailable');
    }
    const attempt: Attempt = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo: helpers.safeReturnPath(req.query.returnTo),
      startedAt: services.now().getTime(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: oidc.redirectUri,
      scope: oidc.scopes,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(attempt.verifier),
      code_challenge_method: 'S256',
    });
    // SameSite=Lax: the provider sends the browser back with a top-level GET, which carries it.
    res.cookie(OIDC_COOKIE, sign(secret, Buffer.from(JSON.stringify(attempt)).toString('base64url')), {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.production,
      path: singleSignOnPaths.callback,
      maxAge: OIDC_ATTEMPT_MINUTES * 60_000,
    });
    res.redirect(303, url.href);
  });

  r.get(singleSignOnPaths.callback, { access: 'public', audit: { none: 'signing in through the organisation’s provider, no child (audited as sign-in)' } }, async (req, res) => {
    const raw = unsign(secret, parseCookies(req.headers.cookie)[OIDC_COOKIE]);
    // Used once: whatever happens next, this attempt's secrets are gone from the browser.
    res.clearCookie(OIDC_COOKIE, { path: singleSignOnPaths.callback });
    let attempt: Attempt | null;
    try {
      attempt = raw ? attemptSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))) : null;
    } catch {
      attempt = null;
    }
    if (!attempt || services.now().getTime() - attempt.startedAt > OIDC_ATTEMPT_MINUTES * 60_000) {
      await auditFailure(req, 'no-attempt');
      return refuse(req, res, 400, 'expired');
    }
    let configuration: client.Configuration;
    try {
      configuration = await oidcClient.configuration();
    } catch {
      return refuse(req, res, 503, 'unavailable');
    }
    // The address the provider answered to, as configured: never built from the request's Host header.
    const currentUrl = new URL(oidc.redirectUri);
    currentUrl.search = new URL(req.originalUrl, 'http://harbour.invalid').search;
    let claims: client.IDToken;
    let email: string | null;
    let emailVerified: boolean;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      let profile: Record<string, unknown> = claims;
      if (typeof claims.email !== 'string' && oidc.match === 'email') profile = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      email = typeof profile.email === 'string' ? profile.email : null;
      emailVerified = profile.email_verified === true;
    } catch (error) {
      await auditFailure(req, failureReason(error));
      return refuse(req, res, 401, 'failed');
    }
    const result = await accounts.signInWithProvider(
      { issuer: configuration.serverMetadata().issuer, subject: claims.sub, email, emailVerified, mfa: providerAssertsMfa(claims as { amr?: unknown; acr?: unknown }, oidc) },
      oidc.match,
      { ip: req.ip ?? null, requestId: req.id },
    );
    if (!result.ok) {
      if (result.code === 'slowed') {
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        return refuse(req, res, 429, 'slowed', result.retryAfterSeconds);
      }
      return refuse(req, res, result.code === 'locked' ? 429 : 403, result.code);
    }
    if (req.sessionToken) await accounts.signOut(req.sessionToken, auditContext(req));
    setSessionCookie(res, secret, result.sessionToken, config.production);
    if (result.pending === 'second-factor') return res.redirect(303, withReturnTo(secondFactorPaths.code, attempt.returnTo));
    if (result.pending === 'enrolment') return res.redirect(303, withReturnTo(secondFactorPaths.signInSetUp, attempt.returnTo));
    res.redirect(303, await heldSubmissions.landing(result.user.id, attempt.returnTo));
  });
}

/** A short, fixed reason for the audit row: never the provider's own text, which could carry anything. */
function failureReason(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError) return `provider-refused:${/^[a-z_]{1,40}$/.test(error.error) ? error.error : 'other'}`;
  if (error instanceof client.ResponseBodyError) return `token-refused:${/^[a-z_]{1,40}$/.test(error.error) ? error.error : 'other'}`;
  const code = (error as { code?: unknown })?.code;
  // openid-client wraps the check that failed: its own message is general, the cause's says which.
  const message = error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ''}` : '';
  if (/"state"/.test(message)) return 'state-mismatch';
  if (/"nonce"/.test(message)) return 'nonce-mismatch';
  return typeof code === 'string' && /^[A-Z_]{1,60}$/.test(code) ? code.toLowerCase() : 'failed';
}

