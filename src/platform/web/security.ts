import { randomBytes } from 'node:crypto';
import helmet from 'helmet';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hmac, parseCookies, safeEqual } from './cookies.ts';
import { HttpError } from './errors.ts';

export const ANONYMOUS_CSRF_COOKIE = 'harbour_csrf';

/**
 * `httpsPublicUrl`: Harbour's public address is https, so a browser only ever reaches it over TLS, whether Harbour
 * terminates it or a proxy does. HSTS is then sent on every answer, trust-proxy or not: over plain HTTP a browser
 * ignores it (RFC 6797 §8.1), so sending it there costs nothing, and it no longer depends on X-Forwarded-Proto.
 */
export function securityHeaders(options: { httpsPublicUrl?: boolean } = {}): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // HSTS only means something over TLS; it is added below when the request came over HTTPS or the public address is https.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    }),
    (req, res, next) => {
      if (req.secure || options.httpsPublicUrl) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      // Pages about children must not sit in shared caches or the browser's back-forward history on a shared PC.
      if (!req.path.startsWith('/assets') && !req.path.startsWith('/static')) res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
}

/**
 * CSRF: a signed double-submit token. Signed-in forms bind it to the session's secret; anonymous forms (sign-in,
 * the public concern form) to a random cookie. Any state-changing request without the right token is refused
 * with 403 before any handler runs. The JSON API is exempt: it authenticates with bearer tokens, never cookies.
 */
export function csrfProtection(secret: string, options: { secureCookies: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/')) return next();
    let token: string;
    // A session's own token, whether signed in or pending its second factor.
    if (req.sessionToken && req.csrfToken) {
      token = req.csrfToken;
    } else {
      let anonymous = parseCookies(req.headers.cookie)[ANONYMOUS_CSRF_COOKIE];
      if (!anonymous || !/^[A-Za-z0-9_-]{20,64}$/.test(anonymous)) {
        anonymous = randomBytes(24).toString('base64url');
        res.cookie(ANONYMOUS_CSRF_COOKIE, anonymous, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
      }
      token = hmac(secret, `anonymous-csrf:${anonymous}`);
    }
    res.locals.csrfToken = token;
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const submitted = typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token');
    if (typeof submitted !== 'string' || !safeEqual(submitted, token)) {
      return next(new HttpError(403, 'csrf', 'This form has expired', 'The form was not accepted because its security token was missing or out of date. Go back, reload the page and try again.'));
    }
    next();
  };
}

export function csrfTokenForSession(secret: string, csrfSecret: string): string {
  return hmac(secret, `session-csrf:${csrfSecret}`);
}

/**
 * PostgreSQL cannot store U+0000 in text: a body or query carrying one would fail in the database with a 500 (the
 * fuzzing of issue 16 found it on every form). No person types it, so such a request is refused, whole, before any
 * handler runs: a 400 page, or a problem under /api. Keys are checked as well as values, at any depth.
 */
export function refuseUnstorableText(req: Request, _res: Response, next: NextFunction) {
  if (holdsNul(req.body) || holdsNul(req.query)) {
    return next(new HttpError(400, 'unstorable-character', 'The form contains a character that cannot be kept', 'Something in what was sent contains a null character (U+0000), which Harbour cannot store. Remove it and try again.'));
  }
  next();
}

function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  for (const [key, inner] of Object.entries(value)) if (key.includes('\u0000') || holdsNul(inner, depth + 1)) return true;
  return false;
}
