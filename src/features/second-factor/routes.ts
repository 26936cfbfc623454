// The second factor's pages: the code (or a recovery code) after the password, setting it up (at sign-in when it
// is required, or from the account page), new recovery codes and turning it off. The sign-in steps are 'public'
// routes because a pending session has no signed-in user; each checks it is that session's step, and the
// session loader (src/platform/web/app.ts) keeps a pending session away from every other page.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { normaliseRecoveryCode, normaliseTotpCode } from '../../domain/accounts/totp.ts';
import { validationLocals } from '../../platform/web/routing.ts';
import type { routes } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { clearSessionCookie, setSessionCookie } from '../../platform/web/session-cookie.ts';
import { auditContext } from '../audit/service-request-context.ts';
import type { SignedInUser } from '../accounts/service.ts';
import { LOCKOUT_MINUTES, PENDING_SIGN_IN_MINUTES } from '../accounts/service.ts';
import type { CodeRefusal } from './service.ts';
import { secondFactorPaths as paths, withReturnTo } from './paths.ts';
import { accountPaths } from '../accounts/paths.ts';

const ENTER_CODE = 'Enter the code from your authenticator app';
const WRONG_CODE = 'The code is wrong or has already been used. Enter the latest code from your authenticator app';
const ENTER_RECOVERY_CODE = 'Enter a recovery code';
const WRONG_RECOVERY_CODE = 'The recovery code is wrong or has already been used. Check it and try again';
export const CODES_EXHAUSTED = 'Too many incorrect codes have been entered for your account since your last successful sign-in, so codes are not accepted. Use a recovery code, or ask your Harbour administrator to reset your second factor';
export const CODE_LOCKED = `You entered an incorrect code too many times. Your account is locked for ${LOCKOUT_MINUTES} minutes.`;

const codeField = z
  .string({ error: ENTER_CODE })
  .transform(normaliseTotpCode)
  .pipe(z.string().min(1, ENTER_CODE).regex(/^\d+$/, 'The code must only include numbers').length(6, 'The code must be 6 numbers'));

const returnTo = z.string().optional();

const codeSchema = z.object({ code: codeField, returnTo });
const recoveryCodeSchema = z.object({
  code: z
    .string({ error: ENTER_RECOVERY_CODE })
    .trim()
    .min(1, ENTER_RECOVERY_CODE)
    .max(100, 'A recovery code is 10 letters and numbers, like abcde-23456')
    .refine((value) => normaliseRecoveryCode(value) !== null, 'A recovery code is 10 letters and numbers, like abcde-23456'),
  returnTo,
});
const turnOffSchema = z.object({ password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1024, 'Password must be 1024 characters or fewer'), code: codeField });
const startSchema = z.object({ returnTo });

const refusalMessage = (reason: CodeRefusal | 'wrong-password' | 'already-on') =>
  ({
    wrong: WRONG_CODE,
    replayed: WRONG_CODE,
    locked: CODE_LOCKED,
    exhausted: CODES_EXHAUSTED,
    'not-set-up': 'Your second factor is not set up. Go back to your account page and set it up',
    'wrong-password': 'Your password is incorrect',
    'already-on': 'Your second factor is already set up',
  })[reason];

export function registerSecondFactorRoutes(r: ReturnType<typeof routes>, services: Services, deps: { safeReturnPath: (value: unknown) => string; renderAccount: (req: Request, res: Response, extra?: Record<string, unknown>) => Promise<void> }) {
  const { accounts, secondFactors, heldSubmissions, config } = services;
  const { safeReturnPath, renderAccount } = deps;

  /** Where to go once signed in: carried in the query string to a page, and in a hidden field from it. */
  const requestedPath = (req: Request) => safeReturnPath(req.method === 'GET' ? req.query.returnTo : req.body?.returnTo);

  /** The pending sign-in for this step, or a redirect: signed in already goes home; no session goes to sign in. */
  function pendingUser(req: Request, res: Response, step: 'second-factor' | 'enrolment'): SignedInUser | null {
    if (req.pendingSignIn?.step === step) return req.pendingSignIn.user;
    res.redirect(303, req.user ? '/' : res.locals.signInTimedOut ? '/sign-in?reason=timeout' : '/sign-in');
    return null;
  }

  async function finish(req: Request, res: Response, user: SignedInUser, method: 'totp' | 'recovery-code' | 'enrolment', flash?: Record<string, unknown>) {
    const token = await accounts.completeSignIn(req.sessionToken!, user.id, method, auditContext(req), flash);
    setSessionCookie(res, config.sessionSecret, token, config.production);
  }

  /** Ends this pending session and starts again at the sign-in page, which says why. */
  async function backToSignIn(req: Request, res: Response, reason?: 'locked') {
    await accounts.signOut(req.sessionToken ?? null, auditContext(req));
    clearSessionCookie(res);
    res.redirect(303, accountPaths.signIn(reason));
  }

  // ---- the code after the password

  const renderCode = (req: Request, res: Response, errors?: FieldErrors) =>
    res.render('second-factor/views/second-factor-code.njk', {
      ...(errors ? validationLocals(errors) : {}),
      returnTo: requestedPath(req),
      recoveryHref: withReturnTo(paths.recoveryCode, requestedPath(req)),
    });

  r.get(paths.code, { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' } }, (req, res) => {
    if (pendingUser(req, res, 'second-factor')) renderCode(req, res);
  });

  r.post(
    paths.code,
    { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' }, schema: codeSchema, invalid: (req, res, errors) => pendingUser(req, res, 'second-factor') && renderCode(req, res, errors) },
    async (req, res, data) => {
      const user = pendingUser(req, res, 'second-factor');
      if (!user) return;
      const result = await secondFactors.signInWithCode(user.id, data.code, auditContext(req));
      if (!result.ok) {
        if (result.reason === 'locked') return backToSignIn(req, res, 'locked');
        res.status(401);
        return renderCode(req, res, { code: refusalMessage(result.reason) });
      }
      await finish(req, res, user, 'totp');
      res.redirect(303, await heldSubmissions.landing(user.id, safeReturnPath(data.returnTo)));
    },
  );

  const renderRecovery = (req: Request, res: Response, errors?: FieldErrors) =>
    res.render('second-factor/views/second-factor-recovery.njk', {
      ...(errors ? validationLocals(errors) : {}),
      returnTo: requestedPath(req),
      codeHref: withReturnTo(paths.code, requestedPath(req)),
    });

  r.get(paths.recoveryCode, { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' } }, (req, res) => {
    if (pendingUser(req, res, 'second-factor')) renderRecovery(req, res);
  });

  r.post(
    paths.recoveryCode,
    { access: 'public', audit: { none: 'signing in and out, no child (audited as sign-in, sign-out, second-factor.*)' }, schema: recoveryCodeSchema, invalid: (req, res, errors) => pendingUser(req, res, 'second-factor') && renderRecovery(req, res, errors) },
    async (req, res, data) => {
      const user = pendingUser(req, res, 'second-factor');
      if (!user) return;
      const result = await secondFactors.signInWithRecoveryCode(user.id, data.code, auditContext(req));
      if (!result.ok) {
        if (result.reason === 'locked') return backToSignIn(req, res, 'locked');
        res.status(401);
        return renderRecovery(req, res, { code: WRONG_RECOVERY_CODE });
      }
      // Someone using a recovery code has probably lost their phone: the account page says what is left and what to do.
      await finish(req, res, user, 'recovery-code', {
        success: `You signed in with a recovery code, which cannot be used again. You have ${result.remaining} recovery ${result.remaining === 1 ? 'code' : 'codes'} left. If you have lost your phone, ask your Harbour administrator to reset your second factor.`,
      });
      // The held page shows this message too, so a form kept from a timed-out session still comes first.
      res.redirect(303, await heldSubmissions.landing(user.id, '/account'));
    },
  );

  // ---- setting it up: at sign-in (when required) and from the account page, with the same pages

  type SetUpVariant = { mode: 'sign-in' | 'account'; page: string; start: string };
  const SIGN_IN: SetUpVariant = { mode: 'sign-in', page: paths.signInSetUp, start: paths.signInSetUpStart };
  const ACCOUNT: SetUpVariant = { mode: 'account', page: paths.accountSetUp, start: paths.accountSetUpStart };

  async function renderSetUp(req: Request, res: Response, variant: SetUpVariant, user: SignedInUser, errors?: FieldErrors) {
    res.render('second-factor/views/second-factor-set-up.njk', {
      ...(errors ? validationLocals(errors) : {}),
      mode: variant.mode,
      action: variant.page,
      startAction: variant.start,
      required: config.requireSecondFactor,
      pendingMinutes: PENDING_SIGN_IN_MINUTES,
      returnTo: requestedPath(req),
      enrolment: await secondFactors.enrolment(user.id, user.email),
    });
  }

  const renderRecoveryCodes = (res: Response, recoveryCodes: string[], continueHref: string, intro: string) =>
    res.render('second-factor/views/second-factor-recovery-codes.njk', { recoveryCodes, continueHref, intro });

  /** Set up meanwhile (in another tab): a pending session signs in again, with its code this time. */
  async function alreadyOn(req: Request, res: Response, variant: SetUpVariant) {
    if (variant.mode === 'sign-in') return backToSignIn(req, res);
    res.redirect(303, '/account');
  }

  function registerSetUp(variant: SetUpVariant, userOf: (req: Request, res: Response) => SignedInUser | null) {
    const access = variant.mode === 'sign-in' ? 'public' : 'signed-in';
    r.get(variant.page, { access, audit: { none: 'setting up the person’s own second factor, no child (audited as second-factor.*)' } }, async (req, res) => {
      const user = userOf(req, res);
      if (!user) return;
      if ((await secondFactors.status(user.id)).state === 'on') return alreadyOn(req, res, variant);
      await renderSetUp(req, res, variant, user);
    });

    r.post(variant.start, { access, audit: { none: 'setting up the person’s own second factor, no child (audited as second-factor.*)' }, schema: startSchema, invalid: (_req, res) => res.redirect(303, variant.page) }, async (req, res, data) => {
      const user = userOf(req, res);
      if (!user) return;
      await secondFactors.beginEnrolment(user.id, auditContext(req));
      res.redirect(303, withReturnTo(variant.page, safeReturnPath(data.returnTo)));
    });

    r.post(
      variant.page,
      {
        access, audit: { none: 'setting up the person’s own second factor, no child (audited as second-factor.*)' },
        schema: codeSchema,
        invalid: async (req, res, errors) => {
          const user = userOf(req, res);
          if (user) await renderSetUp(req, res, variant, user, errors);
        },
      },
      async (req, res, data) => {
        const user = userOf(req, res);
        if (!user) return;
        const result = await secondFactors.confirmEnrolment(user.id, data.code, auditContext(req));
        if (!result.ok) {
          if (result.reason === 'already-on') return alreadyOn(req, res, variant);
          res.status(400);
          return renderSetUp(req, res, variant, user, { code: result.reason === 'not-set-up' ? 'Start setting up your second factor again' : WRONG_CODE });
        }
        if (variant.mode === 'sign-in') await finish(req, res, user, 'enrolment');
        const continueHref = variant.mode === 'sign-in' ? await heldSubmissions.landing(user.id, safeReturnPath(data.returnTo)) : '/account';
        renderRecoveryCodes(res, result.recoveryCodes, continueHref, 'Your second factor is set up.');
      },
    );
  }

  registerSetUp(SIGN_IN, (req, res) => pendingUser(req, res, 'enrolment'));
  registerSetUp(ACCOUNT, (req) => req.user!);

  // ---- new recovery codes

  const renderNewCodes = (res: Response, errors?: FieldErrors) => res.render('second-factor/views/second-factor-new-codes.njk', errors ? validationLocals(errors) : {});

  async function onlyIfOn(req: Request, res: Response): Promise<boolean> {
    if ((await secondFactors.status(req.user!.id)).state === 'on') return true;
    res.redirect(303, '/account');
    return false;
  }

  r.get(paths.recoveryCodes, { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' } }, async (req, res) => {
    if (await onlyIfOn(req, res)) renderNewCodes(res);
  });

  r.post(paths.recoveryCodes, { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' }, schema: z.object({ code: codeField }), invalid: (_req, res, errors) => renderNewCodes(res, errors) }, async (req, res, data) => {
    const result = await secondFactors.regenerateRecoveryCodes(req.user!.id, data.code, auditContext(req));
    if (!result.ok) {
      res.status(400);
      return renderNewCodes(res, { code: refusalMessage(result.reason) });
    }
    renderRecoveryCodes(res, result.recoveryCodes, '/account', 'Your old recovery codes no longer work.');
  });

  // ---- turning it off

  const renderTurnOff = (res: Response, errors?: FieldErrors) =>
    res.render('second-factor/views/second-factor-turn-off.njk', { ...(errors ? validationLocals(errors) : {}), required: config.requireSecondFactor });

  r.get(paths.turnOff, { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' } }, async (req, res) => {
    if (await onlyIfOn(req, res)) renderTurnOff(res);
  });

  r.post(paths.turnOff, { access: 'signed-in', audit: { none: 'the signed-in person’s own account, no child (audited as password.*, api-token.*, second-factor.*)' }, schema: turnOffSchema, invalid: (_req, res, errors) => renderTurnOff(res, errors) }, async (req, res, data) => {
    const result = await secondFactors.turnOff(req.user!.id, data.password, data.code, auditContext(req));
    if (!result.ok) {
      res.status(400);
      return renderTurnOff(res, { [result.field]: refusalMessage(result.reason) });
    }
    // With the second factor required, the next page this session opens is setting up a new one.
    await renderAccount(req, res, {
      success: config.requireSecondFactor
        ? 'Your second factor is turned off. Harbour requires one: set up a new one to go on using Harbour.'
        : 'Your second factor is turned off. You now sign in with your password only.',
    });
  });
}
