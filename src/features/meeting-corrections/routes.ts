// Correcting a recorded meeting, and deciding a cancelled meeting's open actions (issue 15). Every page opens the
// case through openCasePage (the audited access gate); a refusal is the error summary (400), a stale form 409 with
// the meeting as it is now.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { MeetingRefused, createMeetingService } from '../meetings/service.ts';
import { createMeetingCorrections, minutesOf } from './service.ts';
import { cancelledActionsSchema, correctMinutesSchema } from './schemas.ts';
import { meetingCorrectionsPaths } from './paths.ts';
import { meetingsPaths } from '../meetings/paths.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';

export function meetingCorrectionRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const meetings = createMeetingService(services);
  const corrections = createMeetingCorrections(services, meetings);
  const gate = (req: Request, purpose = 'read') => openCasePage(services, req, 'meetings', purpose);
  /** The pages' links come from the path builders, handed to the templates. */
  const pathLocals = { meetingsPaths, meetingCorrectionsPaths };

  const attempt = async (res: Response, fn: () => Promise<void>, rerender: (errors: FieldErrors, stale: boolean) => Promise<unknown>, staleField: string) => {
    try {
      await fn();
    } catch (error) {
      if (error instanceof MeetingRefused) {
        res.status(400);
        return rerender(refusalErrors(error), false);
      }
      if (error instanceof HttpError && error.status === 409) {
        res.status(409);
        return rerender({ [staleField]: error.detail ?? error.message }, true);
      }
      throw error;
    }
  };

  // ---- Correcting the minutes --------------------------------------------------------------------------------------
  const renderCorrect = async (req: Request, res: Response, input: Record<string, unknown> | null = null, errors: FieldErrors = {}, stale = false) => {
    const page = await gate(req);
    const meeting = await corrections.meeting(page.kase.id, String(req.params.meetingId));
    if (meeting.status !== 'held') throw notFound('Minutes');
    const current = minutesOf(meeting);
    const ukDate = (iso: string | null) => (iso ? `${Number(iso.slice(8, 10))}/${Number(iso.slice(5, 7))}/${iso.slice(0, 4)}` : null);
    const values = { decisionsSummary: current.decisionsSummary, reviewDate: ukDate(current.reviewDate), parentsToldWhat: current.parentsToldWhat, ...(input ?? {}), version: stale || !input?.version ? meeting.version : input.version };
    // A stale form keeps what was typed; the record as it is now is shown beside it (both versions).
    const saved = stale ? { decisionsSummary: current.decisionsSummary, reviewDate: ukDate(current.reviewDate), parentsToldWhat: current.parentsToldWhat } : null;
    res.render('meeting-corrections/views/correct.njk', { ...caseLocals(page), ...pathLocals, ...validationLocals(errors), stale, saved, meeting, input: values, versions: await corrections.versions(meeting.id) });
  };
  r.get(meetingCorrectionsPaths.correct(':caseId', ':meetingId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderCorrect(req, res));
  r.post(meetingCorrectionsPaths.correct(':caseId', ':meetingId'), { access: 'signed-in', audit: ['case.meeting-correct', 'case.read', 'meeting.corrected'], schema: correctMinutesSchema, invalid: (req, res, errors, input) => renderCorrect(req, res, input, errors) }, async (req, res, data) => {
    const page = await gate(req, 'meeting-correct');
    await attempt(
      res,
      async () => {
        await corrections.correct(req.user!, page.kase, String(req.params.meetingId), data, auditContext(req));
        res.redirect(303, meetingsPaths.meeting(page.kase.id, String(req.params.meetingId), 'minutes'));
      },
      (errors, stale) => renderCorrect(req, res, req.body, errors, stale),
      'reason',
    );
  });

  // ---- A cancelled meeting's open actions -----------------------------------------------------------------------
  const renderActions = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}, stale = false) => {
    const page = await gate(req);
    const meeting = await corrections.meeting(page.kase.id, String(req.params.meetingId));
    const actions = meeting.status === 'cancelled' ? await corrections.openActions(meeting.id) : [];
    if (!actions.length) return res.redirect(303, meetingsPaths.meeting(page.kase.id, meeting.id));
    const values: Record<string, unknown> = { ...input, version: stale || !input.version ? meeting.version : input.version };
    res.render('meeting-corrections/views/cancelled-actions.njk', {
      ...caseLocals(page), ...pathLocals, ...validationLocals(errors), stale, meeting, input: values,
      actions: actions.map((a) => ({ ...a, items: [{ value: 'carry-over', text: 'Carry it over: it stays open on the case', checked: values[`action-${a.id}`] === 'carry-over' }, { value: 'close', text: 'Close it: it is no longer needed', checked: values[`action-${a.id}`] === 'close' }] })),
    });
  };
  r.get(meetingCorrectionsPaths.cancelledActions(':caseId', ':meetingId'), { access: 'signed-in' , audit: 'case.read'}, (req, res) => renderActions(req, res));
  r.post(meetingCorrectionsPaths.cancelledActions(':caseId', ':meetingId'), { access: 'signed-in', audit: ['case.meeting-cancelled-actions', 'case.read', 'meeting.cancelled-actions-decided'], schema: cancelledActionsSchema, invalid: (req, res, errors, input) => renderActions(req, res, input, errors) }, async (req, res, data) => {
    const page = await gate(req, 'meeting-cancelled-actions');
    await attempt(
      res,
      async () => {
        await corrections.decideCancelledActions(req.user!, page.kase, page.decision.basis, String(req.params.meetingId), data, auditContext(req));
        res.redirect(303, meetingsPaths.meeting(page.kase.id, String(req.params.meetingId), 'actions'));
      },
      (errors, stale) => renderActions(req, res, req.body, errors, stale),
      'note',
    );
  });

  return router;
}
