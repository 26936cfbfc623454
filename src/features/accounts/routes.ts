import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { SIGNED_OUT_REASONS, routes, validationLocals } from '../../platform/web/routing.ts';
import { clearSessionCookie, setSessionCookie } from '../../platform/web/session-cookie.ts';
import { notFound } from '../../platform/web/errors.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { takeFlash } from '../../platform/web/flash.ts';
import { registerSecondFactorRoutes, CODE_LOCKED } from '../second-factor/routes.ts';
import { secondFactorPaths, withReturnTo } from '../second-factor/paths.ts';
import { ABSOLUTE_SESSION_HOURS, API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_CASES, API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES, PENDING_SIGN_IN_MINUTES } from './service.ts';
import { accessFacts } from '../case-access/service.ts';
import { decideCaseAccess } from '../../domain/access/access.ts';
import { HELD_REASONS } from '../held-submissions/service-holding.ts';
import { registerSingleSignOnRoutes, singleSignOnPaths } from '../single-sign-on/routes.ts';

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your e-mail address').max(320, 'E-mail address must be 320 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(1024, 'Password must be 1024 characters or fewer'),
  returnTo: z.string().optional(),
});

const SIGN_IN_REFUSED = 'Enter a correct e-mail address and password';
const LOCKED = 'You entered an incorrect password too many times. Your account is locked for 15 minutes.';

/** The address is slowed, not the account: the person can sign in from elsewhere, or after the wait. */
function slowedMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many sign-in attempts have failed from your network. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again.`;
}

/** Only a local path: never redirect to another site after sign-in. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/';
}

const passwordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Confirm your new password'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' });

const tokenSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token').max(100, 'Token name must be 100 characters or fewer'),
  expiresInDays: z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? API_TOKEN_DEFAULT_DAYS : v),
    z.coerce
      .number({ message: `Enter the number of days the token lasts, from 1 to ${API_TOKEN_MAX_DAYS}` })
      .int(`Enter the number of days the token lasts, from 1 to ${API_TOKEN_MAX_DAYS}`)
      .min(1, `Enter the number of days the token lasts, from 1 to ${API_TOKEN_MAX_DAYS}`)
      .max(API_TOKEN_MAX_DAYS, `A token can last at most ${API_TOKEN_MAX_DAYS} days`),
  ),
  scope: z.preprocess((v) => (v === undefined || v === '' ? 'read-only' : v), z.enum(API_TOKEN_SCOPES, { message: 'Choose whether the token may only read, or read and write' })),
  caseReferences: z.string().max(2000, 'Case references must be 2000 characters or fewer').optional().default(''),
});

/** "cse-0001, CSE-0002" → ["CSE-0001", "CSE-0002"]: separated by commas, spaces or new lines, each once. */
export function caseReferencesIn(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((r) => r.trim().toUpperCase()).filter(Boolean))];
}

const revokeSchema = z.object({ tokenId: z.uuid('Choose a token to revoke') });

/** What changing one's password did: other sessions end, API tokens are revoked (issue 16). */
export function passwordChangedMessage(apiTokensRevoked: number): string {
  const tokens = apiTokensRevoked === 0 ? '' : ` Your ${apiTokensRevoked === 1 ? '1 API token has' : `${apiTokensRevoked} API tokens have`} been revoked: create a new one for anything that used ${apiTokensRevoked === 1 ? 'it' : 'them'}.`;
  return `Your password has been changed. You have been signed out everywhere else.${tokens}`;
}

export function accountRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { accounts, secondFactors, heldSubmissions, config, db } = services;

  r.get('/sign-in', { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' } }, (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('accounts/views/sign-in.njk', {
      returnTo: safeReturnPath(req.query.returnTo),
      signedOutForInactivity: res.locals.signedOutReason === 'idle' || req.query.reason === SIGNED_OUT_REASONS.idle,
      signedOutAfterHours: res.locals.signedOutReason === 'absolute' || req.query.reason === SIGNED_OUT_REASONS.absolute,
      signInTimedOut: res.locals.signInTimedOut || req.query.reason === 'timeout',
      pendingMinutes: PENDING_SIGN_IN_MINUTES,
      lockedMessage: req.query.reason === 'locked' ? CODE_LOCKED : null,
      heldAfter: req.query.reason === HELD_REASONS.idle ? 'idle' : req.query.reason === HELD_REASONS.absolute ? 'absolute' : null,
      absoluteHours: ABSOLUTE_SESSION_HOURS,
      singleSignOn: config.oidc ? { action: singleSignOnPaths.start, providerName: config.oidc.providerName } : null,
    });
  });

  r.post(
    '/sign-in',
    {
      access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' },
      schema: signInSchema,
      invalid: (req, res, errors, input) => res.render('accounts/views/sign-in.njk', { ...validationLocals(errors), email: input.email, returnTo: safeReturnPath(input.returnTo), singleSignOn: config.oidc ? { action: singleSignOnPaths.start, providerName: config.oidc.providerName } : null }),
    },
    async (req, res, data) => {
      const result = await accounts.signIn(data.email, data.password, { ip: req.ip ?? null, requestId: req.id });
      if (!result.ok) {
        const message = result.code === 'locked' ? LOCKED : result.code === 'slowed' ? slowedMessage(result.retryAfterSeconds) : SIGN_IN_REFUSED;
        if (result.code === 'slowed') res.setHeader('Retry-After', String(result.retryAfterSeconds));
        res.status(result.code === 'invalid' ? 401 : 429);
        return res.render('accounts/views/sign-in.njk', { ...validationLocals({ email: message }), email: data.email, returnTo: safeReturnPath(data.returnTo), singleSignOn: config.oidc ? { action: singleSignOnPaths.start, providerName: config.oidc.providerName } : null });
      }
      if (req.sessionToken) await accounts.signOut(req.sessionToken, auditContext(req));
      setSessionCookie(res, config.sessionSecret, result.sessionToken, config.production);
      const returnTo = safeReturnPath(data.returnTo);
      if (result.pending === 'second-factor') return res.redirect(303, withReturnTo(secondFactorPaths.code, returnTo));
      if (result.pending === 'enrolment') return res.redirect(303, withReturnTo(secondFactorPaths.signInSetUp, returnTo));
      // A form kept from a session that timed out comes first: it is what the person was in the middle of.
      res.redirect(303, await heldSubmissions.landing(result.user.id, returnTo));
    },
  );

  r.post('/sign-out', { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' }, schema: z.object({}).loose(), invalid: (_req, res) => res.redirect(303, '/sign-in') }, async (req, res) => {
    await accounts.signOut(req.sessionToken ?? null, auditContext(req));
    clearSessionCookie(res);
    res.redirect(303, '/signed-out');
  });

  r.get('/signed-out', { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' } }, (_req, res) => res.render('accounts/views/signed-out.njk'));

  // "Stay signed in" on the time-out warning (src/static/timeout-warning.js): the idle time-out starts again.
  r.post('/session/keep-alive', { access: 'signed-in', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' }, schema: z.object({}), invalid: (_req, res) => res.status(400).end() }, async (req, res) => {
    await accounts.keepAlive(req.sessionToken!);
    res.status(204).end();
  });

  async function renderAccount(req: import('express').Request, res: import('express').Response, extra: Record<string, unknown> = {}) {
    const [tokens, secondFactor, flash] = await Promise.all([accounts.listApiTokens(req.user!.id), secondFactors.status(req.user!.id), takeFlash(db, req)]);
    res.render('accounts/views/account.njk', {
      tokens,
      secondFactor,
      secondFactorPaths,
      requireSecondFactor: config.requireSecondFactor,
      tokenDefaults: { expiresInDays: API_TOKEN_DEFAULT_DAYS, maxDays: API_TOKEN_MAX_DAYS, maxCases: API_TOKEN_MAX_CASES },
      now: services.now(),
      ...(flash ? { success: flash.success } : {}),
      ...extra,
    });
  }

  registerSecondFactorRoutes(r, services, { safeReturnPath, renderAccount });
  registerSingleSignOnRoutes(r, services, { safeReturnPath });

  r.get('/account', { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' } }, (req, res) => renderAccount(req, res));

  r.post(
    '/account/password',
    { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' }, schema: passwordSchema, invalid: (req, res, errors) => renderAccount(req, res, validationLocals(errors)) },
    async (req, res, data) => {
      const result = await accounts.changePassword(req.user!.id, data.currentPassword, data.newPassword, auditContext(req), req.sessionToken ?? null);
      if (!result.ok) {
        res.status(400);
        return renderAccount(req, res, validationLocals({ [result.field]: result.message }));
      }
      renderAccount(req, res, { success: passwordChangedMessage(result.apiTokensRevoked) });
    },
  );

  r.post(
    '/account/api-tokens',
    { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' }, schema: tokenSchema, invalid: (req, res, errors, input) => renderAccount(req, res, { ...validationLocals(errors), tokenInput: input }) },
    async (req, res, data) => {
      const references = caseReferencesIn(data.caseReferences);
      const refuse = (message: string) => {
        res.status(400);
        return renderAccount(req, res, { ...validationLocals({ caseReferences: message }), tokenInput: req.body });
      };
      if (references.length > API_TOKEN_MAX_CASES) return refuse(`A token can be limited to at most ${API_TOKEN_MAX_CASES} cases`);
      // Each case must be one the person may open now: the same answer whether it does not exist or is not theirs.
      const found = references.length ? await accounts.casesByReference(references) : [];
      const now = services.now();
      const caseIds: string[] = [];
      for (const reference of references) {
        const kase = found.find((k) => k.reference.toUpperCase() === reference);
        const header = kase ? { id: kase.id, reference: kase.reference, childId: kase.child_id, localAuthorityId: kase.local_authority_id, leadProfessionalId: null, managerId: null, version: 0 } : null;
        if (!header || !decideCaseAccess(req.user!, await accessFacts(db, req.user!, header, now)).allowed) {
          return refuse(`${reference} is not a case you can open: enter the references of cases you work on, or leave this empty`);
        }
        caseIds.push(header.id);
      }
      const created = await accounts.createApiToken(req.user!.id, { name: data.name, expiresInDays: data.expiresInDays, scope: data.scope, caseIds: caseIds.length ? caseIds : null }, auditContext(req));
      res.status(201);
      await renderAccount(req, res, {
        createdToken: created.token,
        createdTokenName: data.name,
        createdTokenExpiresAt: created.expiresAt,
        createdTokenScope: data.scope,
        createdTokenCases: caseIds.length ? found.filter((k) => caseIds.includes(k.id)).map((k) => k.reference).sort() : null,
      });
    },
  );

  r.post(
    '/account/api-tokens/revoke',
    { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' }, schema: revokeSchema, invalid: (req, res, errors) => renderAccount(req, res, validationLocals(errors)) },
    async (req, res, data) => {
      const revoked = await accounts.revokeApiToken(req.user!.id, data.tokenId, auditContext(req));
      if (!revoked) throw notFound('API token');
      await renderAccount(req, res, { success: 'The token has been revoked. Anything using it can no longer reach Harbour.' });
    },
  );

  return router;
}
