// Duplicate records (issue 15): the side-by-side comparison with the merge form, the merge's own page with the undo
// form, and the list of the authority's merges. The matching page (src/features/duplicates/routes.ts) leads here.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError } from '../../platform/web/errors.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';
import { mayMerge } from '../../domain/child-merge/merge-guards.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { createMergeService, MergeRefused } from './service.ts';
import { compareQuery, mergeSchema, undoSchema } from './schemas.ts';
import { paths } from './paths.ts';
import { openCasesOfChild } from './queries.ts';

export function childMergeRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const merges = createMergeService({ db: services.db, now: services.now });

  const renderCompare = async (req: Request, res: Response, ids: { keep: string; merge: string }, extra: { errors?: FieldErrors; input?: Record<string, unknown>; stale?: boolean } = {}) => {
    const comparison = await merges.compare(req.user!, ids.keep, ids.merge, auditContext(req));
    res.render('child-merge/views/compare.njk', {
      ...comparison,
      ...validationLocals(extra.errors ?? {}),
      input: extra.input ?? {},
      stale: extra.stale ?? false,
      swapHref: paths.compare(ids.merge, ids.keep),
    });
  };

  r.get('/children/merge', { access: 'signed-in', audit: 'child.merge-compared' }, async (req, res) => {
    // Refused before anything else: the page is the front door's and the CSE coordinator's (the authorisation matrix, issue 16).
    if (!mayMerge(req.user!)) throw forbidden('Only the front door or the CSE coordinator merges records.');
    const parsed = compareQuery.safeParse(req.query);
    if (!parsed.success) {
      // No pair named: say where pairs come from (there is no field here for an error summary to point at).
      res.status(400);
      return res.render('child-merge/views/choose.njk', {});
    }
    await renderCompare(req, res, parsed.data);
  });

  r.post(
    '/children/merge',
    {
      access: 'signed-in', audit: ['child.merge-compared', 'child.merged'],
      schema: mergeSchema,
      invalid: async (req, res, errors, input) => {
        if (!mayMerge(req.user!)) throw forbidden('Only the front door or the CSE coordinator merges records.');
        const ids = compareQuery.safeParse({ keep: input.keptId, merge: input.mergedId });
        if (!ids.success) return res.render('child-merge/views/choose.njk', {});
        return renderCompare(req, res, ids.data, { errors, input });
      },
    },
    async (req, res, data) => {
      let done;
      try {
        done = await merges.merge(req.user!, { keptId: data.keptId, mergedId: data.mergedId, keptVersion: data.keptVersion, mergedVersion: data.mergedVersion, reason: data.reason }, auditContext(req));
      } catch (error) {
        const input = req.body as Record<string, unknown>;
        if (error instanceof MergeRefused) {
          res.status(error.status);
          return renderCompare(req, res, { keep: data.keptId, merge: data.mergedId }, { errors: refusalErrors(error), input });
        }
        if (error instanceof HttpError && error.status === 409) {
          res.status(409);
          return renderCompare(req, res, { keep: data.keptId, merge: data.mergedId }, { errors: { confirm: error.detail ?? error.message }, input, stale: true });
        }
        throw error;
      }
      res.redirect(303, `${paths.mergeRecord(done.id)}?done=merged`);
    },
  );

  const renderMerge = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown> } = {}) => {
    const merge = await merges.openMerge(req.user!, String(req.params.mergeId), auditContext(req));
    // A merge can leave the kept child with two open cases (issue 15): listed, each with the way to close it as a duplicate.
    const openCases = merge.undone_at ? [] : await openCasesOfChild(services.db, merge.kept_child_id);
    res.render('child-merge/views/merge.njk', { merge, openCases: openCases.length > 1 ? openCases : [], ...validationLocals(extra.errors ?? {}), input: extra.input ?? {}, done: typeof req.query.done === 'string' ? req.query.done : null });
  };

  r.get('/children/merges', { access: 'signed-in', audit: { none: 'merges of child records: a list of merges by reference, or the empty comparison form' } }, async (req, res) => {
    if (!mayMerge(req.user!)) throw forbidden('Only the front door or the CSE coordinator merges records.');
    res.render('child-merge/views/merges.njk', { merges: await merges.recent(req.user!) });
  });

  r.get('/children/merges/:mergeId', { access: 'signed-in', audit: 'child.merge-viewed' }, (req, res) => renderMerge(req, res));

  r.post(
    '/children/merges/:mergeId/undo',
    { access: 'signed-in', audit: ['child.merge-undone', 'child.merge-viewed'], schema: undoSchema, invalid: (req, res, errors, input) => renderMerge(req, res, { errors, input }) },
    async (req, res, data) => {
      try {
        await merges.undo(req.user!, String(req.params.mergeId), data, auditContext(req));
      } catch (error) {
        const input = req.body as Record<string, unknown>;
        if (error instanceof MergeRefused) {
          res.status(error.status);
          return renderMerge(req, res, { errors: refusalErrors(error), input });
        }
        if (error instanceof HttpError && error.status === 409) {
          res.status(409);
          return renderMerge(req, res, { errors: { reason: error.detail ?? error.message }, input });
        }
        throw error;
      }
      res.redirect(303, `${paths.mergeRecord(String(req.params.mergeId))}?done=undone`);
    },
  );

  return router;
}
