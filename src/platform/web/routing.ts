// Every route declares its permission and its audit event (route-audit.ts checks the event was written); a
// parameter that names a record must be an id (record-ids.ts), or the answer is "not found"; a POST
// route also declares the schema of its body, or Harbour refuses to start. Validation failures re-render the page with the GOV.UK error summary and the input kept.
import type { NextFunction, Request, Response, Router } from 'express';
import type { z } from 'zod';
import { can } from '../../domain/access/access.ts';
import type { Permission } from '../../domain/access/access.ts';
import { forbidden } from './errors.ts';
import { errorSummary, zodFieldErrors } from './forms.ts';
import type { FieldErrors } from './forms.ts';
import { checkAuditDeclaration, runAudited } from './route-audit.ts';
import { requireRecordIds } from './record-ids.ts';
import type { AuditFor } from './route-audit.ts';

export type Access = Permission | 'public';

/** How the sign-in page is told why a session ended: idle for too long, or signed in for the longest allowed. */
export const SIGNED_OUT_REASONS = { idle: 'idle', absolute: 'expired' } as const;

export function requireAccess(access: Access) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (access === 'public') return next();
    if (!req.user) {
      if (req.path.startsWith('/api/')) return next(Object.assign(new Error('Sign-in required'), { status: 401 }));
      // The session may have just ended: the sign-in page says why only if the redirect carries it.
      const why = SIGNED_OUT_REASONS[res.locals.signedOutReason as keyof typeof SIGNED_OUT_REASONS] ?? null;
      return res.redirect(303, `/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}${why ? `&reason=${why}` : ''}`);
    }
    if (!can(req.user, access)) return next(forbidden(`This page needs one of the roles for “${access}”.`));
    next();
  };
}

type GetHandler = (req: Request, res: Response) => unknown;
type PostHandler<T> = (req: Request, res: Response, data: T) => unknown;
export type InvalidHandler = (req: Request, res: Response, errors: FieldErrors, input: Record<string, unknown>) => unknown;

/**
 * Every POST route's body schema, by `POST /path`: the property-based fuzzing of issue 16 (test/integration/security,
 * bench/fuzz.bench.ts) reads the field names and choices from here, so a new form is fuzzed with its own fields.
 */
export const BODY_SCHEMAS = new Map<string, z.ZodType>();

export function routes(router: Router) {
  return {
    get<P extends string>(path: P, spec: { access: Access; audit: AuditFor<P> }, handler: GetHandler) {
      const key = `GET ${path}`;
      if (!spec?.access) throw new Error(`${key} declares no access rule`);
      checkAuditDeclaration(key, path, spec.audit);
      router.get(path, requireAccess(spec.access), requireRecordIds(path), async (req, res) => {
        await runAudited(key, spec.audit, req, res, () => handler(req, res));
      });
    },
    post<P extends string, S extends z.ZodType>(
      path: P,
      spec: { access: Access; audit: AuditFor<P>; schema: S; invalid: InvalidHandler },
      handler: PostHandler<z.infer<S>>,
    ) {
      const key = `POST ${path}`;
      if (!spec?.access) throw new Error(`${key} declares no access rule`);
      if (!spec.schema) throw new Error(`${key} declares no body schema`);
      checkAuditDeclaration(key, path, spec.audit);
      BODY_SCHEMAS.set(`POST ${path}`, spec.schema);
      router.post(path, requireAccess(spec.access), requireRecordIds(path), async (req, res) => {
        const input = (req.body ?? {}) as Record<string, unknown>;
        const parsed = spec.schema.safeParse(input);
        if (!parsed.success) {
          // A body refused by its schema changed nothing and owes no audit row: the form comes back with the input.
          res.status(400);
          await spec.invalid(req, res, zodFieldErrors(parsed.error), input);
          return;
        }
        await runAudited(key, spec.audit, req, res, () => handler(req, res, parsed.data));
      });
    },
  };
}

/** Locals every form page needs after a failed submission. */
export function validationLocals(errors: FieldErrors) {
  return { errors, errorList: errorSummary(errors) };
}
