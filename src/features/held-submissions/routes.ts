// The page that gives back what someone typed before their session timed out: where it was going, every value in
// full (to read, or to copy), a button that sends it to the form's own route with a fresh CSRF token, and a way to
// discard it. Only its owner sees it; every view is audited.
import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { routes } from '../../platform/web/routing.ts';
import { notFound } from '../../platform/web/errors.ts';
import { decideCaseAccess } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/access/access.ts';
import { destinationLabel, destinationOf, fieldLabel, isShownField } from '../../domain/accounts/held-submissions.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { recordAudit } from '../audit/service.ts';
import { takeFlash } from '../../platform/web/flash.ts';
import { accessFacts, findCaseHeader } from '../case-access/service.ts';
import { heldSubmissionPaths } from './paths.ts';

export function heldSubmissionRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db, heldSubmissions } = services;

  /** The case's reference, only if the person may still open the case; and its child, for the audit row. */
  async function caseOf(actor: Actor, path: string): Promise<{ reference: string | null; childId: string | null }> {
    const { caseId } = destinationOf(path);
    const kase = caseId ? await findCaseHeader(db, caseId) : null;
    if (!kase) return { reference: null, childId: null };
    const decision = decideCaseAccess(actor, await accessFacts(db, actor, kase, services.now()));
    return { reference: decision.allowed ? kase.reference : null, childId: kase.childId };
  }

  r.get('/held-submissions/:heldId', { access: 'signed-in', audit: { none: 'a form kept at a time-out: audited (submission.viewed) when it belongs to a case' } }, async (req, res) => {
    const user = req.user!;
    const held = await heldSubmissions.find(user.id, String(req.params.heldId));
    if (!held) throw notFound('Page');
    if (held.usedAt) return res.render('held-submissions/views/used.njk');
    const kase = await caseOf(user, held.path);
    await heldSubmissions.recordViewed(held, kase.childId, auditContext(req));
    const entries = Object.entries(held.fields);
    res.render('held-submissions/views/held.njk', {
      held,
      destination: destinationLabel(held.path, kase.reference),
      shown: entries
        .filter(([name]) => isShownField(name))
        .map(([name, value]) => ({ label: fieldLabel(name), values: (Array.isArray(value) ? value : [value]).filter((v) => v !== '') })),
      hidden: entries.flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v }))),
      flash: await takeFlash(db, req),
    });
  });

  r.post('/held-submissions/:heldId/discard', { access: 'signed-in', audit: 'submission.discarded', schema: z.object({}), invalid: (req, res) => res.redirect(303, heldSubmissionPaths.held(String(req.params.heldId))) }, async (req, res) => {
    const user = req.user!;
    if (!(await heldSubmissions.discard(user.id, String(req.params.heldId), auditContext(req)))) {
      if (await heldSubmissions.find(user.id, String(req.params.heldId))) {
        // Kept but not discarded (being sent at this moment): the attempt is audited as failed, and the form shown again.
        await recordAudit(services.db, auditContext(req), { action: 'submission.discarded', entityType: 'held-submission', entityId: String(req.params.heldId), outcome: 'failure' });
        return res.redirect(303, heldSubmissionPaths.held(String(req.params.heldId)));
      }
      throw notFound('Page');
    }
    // Another kept form, if there is one, before the work list.
    res.redirect(303, await heldSubmissions.landing(user.id, '/'));
  });

  return router;
}
