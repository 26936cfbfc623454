// The two points where a kept form passes through the request pipeline (src/platform/web/app.ts): keeping a form that
// arrives from a session that has just timed out, and sending it again from the held page.
import type { NextFunction, Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { keptFields, mayHold } from '../../domain/accounts/held-submissions.ts';
import type { EndedSession } from '../accounts/service.ts';
import { safeEqual } from '../../platform/web/cookies.ts';
import { csrfTokenForSession } from '../../platform/web/security.ts';
import { logger } from '../../platform/logger.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { heldSubmissionPaths } from './paths.ts';
import { accountPaths } from '../accounts/paths.ts';

/** The sign-in page says why it is showing, and that what was typed is safe (src/features/accounts/routes.ts). */
export const HELD_REASONS = { idle: 'held', absolute: 'held-absolute' } as const;

/**
 * A form sent from a session that timed out a moment ago is kept for that person, and they are sent to sign in.
 * Its CSRF token must be the one that session issued: without that, anyone could plant a "kept form" for someone
 * to send under their own name after they sign in. Answers whether it kept the form (and so has answered).
 */
export async function holdAfterTimeOut(services: Services, req: Request, res: Response, reason: 'idle' | 'absolute', ended: EndedSession | null): Promise<boolean> {
  if (req.method !== 'POST' || !ended || !req.is('application/x-www-form-urlencoded')) return false;
  const fields = keptFields(req.body);
  if (!fields || !mayHold(req.path, fields)) return false;
  const submitted: unknown = req.body._csrf;
  if (typeof submitted !== 'string' || !safeEqual(submitted, csrfTokenForSession(services.config.sessionSecret, ended.csrfSecret))) return false;
  // The person is not signed in, but it is their session's form: the audit row is theirs.
  await services.heldSubmissions.hold(ended.userId, req.path, fields, { actorId: ended.userId, actorLabel: `user:${ended.userId}`, ip: req.ip ?? null, requestId: req.id ?? null });
  res.redirect(303, accountPaths.signIn(HELD_REASONS[reason]));
  return true;
}

const SENDING_FIELD = '_held';

/** Statuses at which the form's route refused without taking the text in: the kept copy stays, to send again. */
const refusedUnread = (status: number) => status === 403 || status === 404 || status >= 500;

/**
 * The held page's form posts to the form's own route with a `_held` field naming the kept form. It is claimed here
 * (once, whoever clicks twice) and the field taken out, so the route sees exactly the form that was first sent.
 */
export function sendingHeldSubmissions(services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id: unknown = req.body?.[SENDING_FIELD];
    if (req.method !== 'POST' || req.authenticatedBy !== 'session' || typeof id !== 'string') return next();
    delete req.body[SENDING_FIELD];
    const audit = auditContext(req);
    if (!(await services.heldSubmissions.claimForSending(req.user!.id, id, req.path, audit))) {
      // Sent already (a second click), discarded, or not theirs: the held page says which, or is a 404.
      return res.redirect(303, heldSubmissionPaths.held(encodeURIComponent(id)));
    }
    res.on('finish', () => {
      services.heldSubmissions
        .settleSending(id, !refusedUnread(res.statusCode), audit)
        .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'error', requestId: req.id }, 'settling a held submission failed'));
    });
    next();
  };
}
