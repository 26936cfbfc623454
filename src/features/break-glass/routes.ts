// Break-glass after the fact (issue 16): the use's page with its reason and the review form, the reviewer's queue,
// and the case's access record.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError } from '../../platform/web/errors.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { auditListedCases } from '../cases/service-listed-cases.ts';
import { BREAK_GLASS_REVIEW_WORKING_DAYS } from '../../domain/access/break-glass-review.ts';
import { caseAuditAccessRecord } from '../case-audits/service.ts';
import { breakGlassPaths } from './paths.ts';

export const reviewSchema = z.object({
  version: z.coerce.number().int(),
  justified: z.enum(['yes', 'no'], { message: 'Choose whether the use was justified' }),
  note: z.string().trim().min(1, 'Enter a note on your review').max(2000, 'Note must be 2000 characters or fewer'),
});

export function breakGlassRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const breakGlass = services.breakGlass;

  const renderUse = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown> } = {}) => {
    const use = await breakGlass.openForReview(req.user!, String(req.params.grantId), auditContext(req));
    res.render('break-glass/views/use.njk', { use, workingDays: BREAK_GLASS_REVIEW_WORKING_DAYS, input: extra.input ?? {}, ...validationLocals(extra.errors ?? {}), done: req.query.done === 'reviewed' });
  };

  r.get('/break-glass/reviews', { access: 'signed-in', audit: { none: 'a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const uses = await breakGlass.queue(req.user!);
    await auditListedCases(services.db, auditContext(req), 'break-glass-reviews', uses.map((u) => u.case_id));
    res.render('break-glass/views/reviews.njk', { uses, workingDays: BREAK_GLASS_REVIEW_WORKING_DAYS });
  });

  r.get('/break-glass/:grantId', { access: 'signed-in', audit: 'break-glass.viewed' }, (req, res) => renderUse(req, res));

  r.post(
    '/break-glass/:grantId/review',
    { access: 'signed-in', audit: ['break-glass.reviewed', 'break-glass.viewed'], schema: reviewSchema, invalid: (req, res, errors, input) => renderUse(req, res, { errors, input }) },
    async (req, res, data) => {
      try {
        await breakGlass.review(req.user!, String(req.params.grantId), { version: data.version, justified: data.justified === 'yes', note: data.note }, auditContext(req));
      } catch (error) {
        if (error instanceof HttpError && error.status === 409) {
          res.status(409);
          // The reviewer's own answer is kept and shown beside the review already recorded (issue 16, concurrent edits).
          return renderUse(req, res, { errors: { justified: error.detail ?? error.message }, input: { justified: data.justified, note: data.note } });
        }
        throw error;
      }
      res.redirect(303, breakGlassPaths.reviewed(String(req.params.grantId)));
    },
  );

  r.get('/cases/:caseId/access', { access: 'signed-in', audit: 'case.access-record' }, async (req, res) => {
    const page = await openCasePage(services, req, 'access', 'access-record');
    res.render('break-glass/views/access-record.njk', { ...caseLocals(page), uses: await breakGlass.accessRecord(page.kase.id), auditGrants: await caseAuditAccessRecord(services.db, page.kase.id, page.now) });
  });

  return router;
}
