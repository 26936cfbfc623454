// Assembles the web application: one middleware per concern, in a readable order.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../database/connection.ts';
import { logger } from '../logger.ts';
import { HttpError, errorReference, problem } from './errors.ts';
import { GOVUK_FRONTEND_DIR, MOJ_FRONTEND_DIR, SRC_DIR, setUpNunjucks } from './nunjucks.ts';
import { csrfProtection, csrfTokenForSession, refuseUnstorableText, securityHeaders } from './security.ts';
import { clearSessionCookie, sessionTokenOf } from './session-cookie.ts';
import { navigationFor } from './navigation.ts';
import { ROUTE_AUDIT_MODE } from './route-audit.ts';
import { ROLE_LABELS } from '../../domain/access/roles.ts';
import { tokenRefusal } from '../../domain/accounts/api-token-scope.ts';
import type { TokenScope } from '../../domain/accounts/api-token-scope.ts';
import type { Role } from '../../domain/access/roles.ts';

type SignedInUser = NonNullable<Request['user']>;
type PendingStep = NonNullable<Request['pendingSignIn']>['step'];

/** What is left of a session that has just timed out, for the one request that notices: whose it was, its CSRF secret. */
export type EndedSession = { userId: string; csrfSecret: string };

/**
 * What the web platform asks of the services: the configuration, the database (for /health), the clock, and who a
 * request is (a bearer token under /api, the session cookie elsewhere). The accounts feature answers the last.
 */
export type PlatformServices = {
  config: Config;
  db: DatabaseHandle['db'];
  dbKind: DatabaseHandle['kind'];
  now: () => Date;
  accounts: {
    authenticateApiToken(token: string): Promise<{ state: 'none' } | { state: 'expired'; expiredAt: Date } | { state: 'ok'; user: SignedInUser; scope: TokenScope['scope']; caseIds: string[] | null }>;
    lookupSession(token: string | null): Promise<
      | { state: 'active'; user: SignedInUser; csrfSecret: string; idleEndsAt: Date }
      | { state: 'pending'; step: PendingStep; user: SignedInUser; csrfSecret: string }
      | { state: 'idle-expired'; reason: 'idle' | 'absolute'; ended: EndedSession | null }
      | { state: 'pending-expired' }
      | { state: 'none' }
    >;
  };
};

/** What the features give the web platform, declared at the composition root (src/composition.ts). */
export type WebFeatures = {
  /** Every capability's router, in the order they are mounted. */
  routers: Router[];
  /** A pending session (password checked, one step to go) opens only its step's pages and signing out. */
  pendingSignIn: { allows(step: PendingStep, path: string): boolean; pathOf(step: PendingStep): string };
  /** A request from a session that has just timed out: answers true when it has answered it (a form kept, say). */
  afterTimeOut(req: Request, res: Response, reason: 'idle' | 'absolute', ended: EndedSession | null): Promise<boolean>;
  /** Run once the request's sender and CSRF token are checked, before any feature's router. */
  beforeRoutes: RequestHandler[];
  /** Every feature's URL builders, which the templates reach as the global `urls` (`urls.meetings.meeting(kase.id, m.id)`). */
  paths: Readonly<Record<string, unknown>>;
  /** Where a refused reader may open a case by break-glass, linked from the 403 page. */
  breakGlassPath(caseId: string): string;
};

export const FORM_BODY_LIMIT = '200kb';
export const JSON_BODY_LIMIT = '200kb';

export function createApp(services: PlatformServices, features: WebFeatures) {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  // Templates are compiled once and kept, in every environment (nunjucks caches them; express caches the lookup).
  app.enable('view cache');
  // A number of hops, never `true`: with `true` Express takes the first X-Forwarded-For entry, which the client writes.
  app.set('trust proxy', config.trustProxyHops);
  app.set('query parser', 'simple');
  // A route that answers without its declared audit row fails in development and tests, and is logged in production.
  app.locals[ROUTE_AUDIT_MODE] = config.production ? 'log' : 'fail';
  setUpNunjucks(app, {
    serviceName: 'Harbour',
    roleLabels: (roles: Role[]) => roles.map((role) => ROLE_LABELS[role] ?? role).join(', '),
    // Not `paths`: several view models carry their own `paths`, which would hide the global in those pages and their layouts.
    urls: features.paths,
  });

  // Request id: ties a 500 page's reference to the log line, and audit rows to the request.
  app.use((req, res, next) => {
    req.id = randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  });

  // Before every answer, /health's too (the route-wide header test of issue 16 found it without them).
  app.use(securityHeaders({ httpsPublicUrl: config.publicUrl.startsWith('https://') }));

  app.get('/health', async (_req, res) => {
    try {
      const started = performance.now();
      await services.db.selectFrom('local_authorities').select('id').limit(1).execute();
      res.json({ status: 'ok', database: { status: 'ok', kind: services.dbKind, latencyMs: Math.round((performance.now() - started) * 10) / 10 } });
    } catch {
      res.status(503).json({ status: 'error', database: { status: 'unavailable', kind: services.dbKind } });
    }
  });

  const staticOptions = { maxAge: config.production ? '7d' : 0, index: false, fallthrough: true } as const;
  app.use('/assets', express.static(join(GOVUK_FRONTEND_DIR, 'govuk', 'assets'), staticOptions));
  app.use('/assets/govuk', express.static(join(GOVUK_FRONTEND_DIR, 'govuk'), staticOptions));
  app.use('/assets/moj', express.static(join(MOJ_FRONTEND_DIR, 'moj'), staticOptions));
  app.use('/static', express.static(join(SRC_DIR, 'static'), staticOptions));

  app.use(express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT, parameterLimit: 500 }));
  app.use(express.json({ limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(refuseUnstorableText);

  // Who is asking: a bearer token under /api, the session cookie everywhere else.
  app.use(async (req, res, next) => {
    if (req.path.startsWith('/api/')) {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match) {
        const found = await services.accounts.authenticateApiToken(match[1]!);
        if (found.state === 'expired') {
          return next(new HttpError(401, 'token-expired', 'API token expired', `This token expired at ${found.expiredAt.toISOString()}. Create a new one on your account page.`));
        }
        if (found.state === 'ok') {
          req.user = found.user;
          req.authenticatedBy = 'api-token';
          req.apiToken = { scope: found.scope, caseIds: found.caseIds };
          // What the token was made for, on top of the person's own access (issue 16).
          const refusal = tokenRefusal(req.apiToken, req.method, req.path);
          if (refusal) return next(new HttpError(403, refusal.code, refusal.title, refusal.detail));
        }
      }
      return next();
    }
    const token = sessionTokenOf(req, config.sessionSecret);
    const session = await services.accounts.lookupSession(token);
    if (session.state === 'active') {
      req.user = session.user;
      req.sessionToken = token!;
      req.csrfToken = csrfTokenForSession(config.sessionSecret, session.csrfSecret);
      req.authenticatedBy = 'session';
      // For the time-out warning (src/static/timeout-warning.js): counted by the browser from when the page arrives.
      res.locals.sessionSecondsLeft = Math.max(0, Math.floor((session.idleEndsAt.getTime() - services.now().getTime()) / 1000));
    } else if (session.state === 'pending') {
      // Password checked, second factor not yet: never req.user, and no page but its own step and signing out.
      req.pendingSignIn = { user: session.user, step: session.step };
      req.sessionToken = token!;
      req.csrfToken = csrfTokenForSession(config.sessionSecret, session.csrfSecret);
      if (!features.pendingSignIn.allows(session.step, req.path)) return res.redirect(303, features.pendingSignIn.pathOf(session.step));
    } else if (token) {
      clearSessionCookie(res);
      // A form sent from the session that has just timed out is kept, not lost (docs/decisions/0010-nothing-lost-to-a-time-out.md).
      if (session.state === 'idle-expired' && (await features.afterTimeOut(req, res, session.reason, session.ended))) return;
      // Why the session ended, for the sign-in page: this request may be redirected there (routing.ts requireAccess).
      if (session.state === 'idle-expired') res.locals.signedOutReason = session.reason;
      if (session.state === 'pending-expired') res.locals.signInTimedOut = true;
    }
    next();
  });

  app.use(csrfProtection(config.sessionSecret, { secureCookies: config.production }));
  for (const handler of features.beforeRoutes) app.use(handler);

  app.use((req, res, next) => {
    res.locals.user = req.user;
    res.locals.currentPath = req.path;
    res.locals.navigation = req.user ? navigationFor(req.user, req.path) : [];
    res.locals.idleTimeoutMinutes = config.idleTimeoutMinutes;
    next();
  });

  for (const router of features.routers) app.use(router);

  app.use((req, _res, next) => next(new HttpError(404, 'not-found', 'Page not found')));

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = statusOf(error);
    const isApi = req.path.startsWith('/api/');
    const reference = errorReference();
    if (status >= 500) {
      logger.error({ reference, requestId: req.id, method: req.method, route: req.route?.path, err: safeError(error) }, 'request failed');
    }
    if (res.headersSent) return;
    if (isApi) {
      const httpError = error instanceof HttpError ? error : null;
      const title = status === 401 ? (httpError?.message ?? 'Sign-in required') : status === 413 ? 'Request body too large' : status >= 500 ? 'Something went wrong' : (httpError?.message ?? 'Bad request');
      const detail = status >= 500 ? `Quote reference ${reference} to the service desk.` : (httpError?.detail ?? (status === 400 ? 'The request body is not valid JSON.' : undefined));
      res.status(status).type('application/problem+json').send(JSON.stringify(problem(status, httpError?.code ?? codeFor(status), title, detail)));
      return;
    }
    res.status(status);
    const breakGlass = error instanceof HttpError && 'caseId' in error && (error as { decision?: { canBreakGlass?: boolean } }).decision?.canBreakGlass;
    const locals = {
      reference,
      error: error instanceof HttpError ? { message: error.message, detail: error.detail } : null,
      breakGlassHref: breakGlass ? features.breakGlassPath((error as unknown as { caseId: string }).caseId) : null,
      // A refusal may name the way on (a closed case links to reopening it).
      link: error instanceof HttpError && 'link' in error ? (error as { link: { href: string; text: string } }).link : null,
    };
    if (status === 404) return res.render('errors/404.njk', locals);
    if (status === 403) return res.render('errors/403.njk', locals);
    if (status === 413) return res.render('errors/413.njk', locals);
    if (status < 500) return res.render('errors/400.njk', locals);
    return res.render('errors/500.njk', locals);
  });

  return app;
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const candidate = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : 500;
}

function codeFor(status: number): string {
  return ({ 400: 'bad-request', 401: 'unauthorised', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'payload-too-large' } as Record<number, string>)[status] ?? 'server-error';
}

/** Logs carry the error's kind and stack, never its message text, which may quote personal data. */
function safeError(error: unknown) {
  if (error instanceof Error) return { type: error.name, code: (error as { code?: unknown }).code, stack: error.stack?.split('\n').slice(1, 8).join('\n') };
  return { type: typeof error };
}

