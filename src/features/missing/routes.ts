// Missing episodes: the case's episodes (newest first, "Missing now" at the top, how often in the last 12 months),
// reporting the child missing, recording the return and the return interview.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { londonDateOf, toLondon } from '../../domain/clock/index.ts';
import { MISSING_FROM, MISSING_FROM_LABELS, MISSING_FROM_SHORT, absenceLength, episodesInLast12Months } from '../../domain/missing/index.ts';
import type { MissingFrom } from '../../domain/missing/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { StaleEpisode, createMissingService } from './service.ts';
import type { EpisodeRow } from './service.ts';
import { missingPaths } from './paths.ts';
import { episodeIntelligencePath } from '../intelligence/paths.ts';
import type { MissingNotice } from './paths.ts';
import { caseLocals, sharingOptions } from '../case-access/presenters.ts';
import { mayRecordOnCase } from '../case-access/service.ts';
import { currentNetwork } from '../cases/queries.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { interviewSchema, leavingSchema, reportSchema, returnSchema } from './schemas.ts';

const NOTICES: Record<MissingNotice, string> = {
  reported: 'The child was reported missing and it was added to the chronology.',
  returned: 'The return was recorded and added to the chronology.',
  leaving: 'The leaving details were corrected and the chronology brought up to date.',
  interview: 'The return interview was recorded and added to the chronology.',
};

/** 'HH:MM' on London's clock, as the time fields take it. */
const londonTime = (at: Date) => {
  const t = toLondon(at);
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
};

export function episodeView(e: EpisodeRow, now: Date) {
  const from = e.from_where as MissingFrom;
  return {
    ...e,
    open: e.returned_at === null,
    fromLabel: MISSING_FROM_LABELS[from] ?? e.from_where,
    fromShort: MISSING_FROM_SHORT[from] ?? e.from_where,
    absence: e.returned_at ? absenceLength(e.left_at, e.returned_at) : `${absenceLength(e.left_at, now)} so far`,
    sharingLabel: SHARING_LEVEL_LABELS[e.sharing_level as SharingLevel],
    interviewed: e.return_interview_at !== null,
    paths: {
      return: missingPaths.return(e.case_id, e.id),
      leaving: missingPaths.leaving(e.case_id, e.id),
      interview: missingPaths.interview(e.case_id, e.id),
      intelligence: episodeIntelligencePath(e.case_id, e.id),
    },
  };
}

export function missingRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const missing = createMissingService({ db: services.db, now: services.now });

  r.get('/cases/:caseId/missing', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await openCasePage(services, req, 'missing');
    const episodes = (await missing.list(req.user!, page.kase.id)).map((e) => episodeView(e, page.now));
    res.render('missing/views/episodes.njk', {
      ...caseLocals(page),
      canWrite: mayRecordOnCase(page.decision.basis),
      paths: { report: missingPaths.report(page.kase.id) },
      episodes,
      openEpisode: episodes.find((e) => e.open) ?? null,
      lastYear: episodesInLast12Months(episodes.map((e) => e.left_at), page.now),
      notice: NOTICES[String(req.query.done) as MissingNotice] ?? null,
    });
  });

  // ---- Reporting the child missing ---------------------------------------------------------------------------
  const renderReport = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}) => {
    const page = await openCasePage(services, req, 'missing');
    if (!mayRecordOnCase(page.decision.basis)) throw forbidden('Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record missing episodes.');
    const network = await currentNetwork(services.db, page.kase.id);
    res.render('missing/views/report.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      paths: { report: missingPaths.report(page.kase.id), list: missingPaths.list(page.kase.id) },
      input: { leftDate: londonDateOf(page.now), ...input },
      places: MISSING_FROM.map((value) => ({ value, text: MISSING_FROM_LABELS[value], checked: input.fromWhere === value })),
      sharing: sharingOptions(network, input, req.user!.id),
    });
  };

  r.get('/cases/:caseId/missing/new', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderReport(req, res, {}));

  r.post('/cases/:caseId/missing/new', { access: 'signed-in', audit: ['missing.reported', 'case.read'], schema: reportSchema, invalid: (req, res, errors, input) => renderReport(req, res, input, errors) }, async (req, res, data) => {
    try {
      await missing.report(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, missingPaths.done(String(req.params.caseId), 'reported'));
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(400);
      await renderReport(req, res, req.body, refusalErrors(error));
    }
  });

  // ---- The return and the return interview -------------------------------------------------------------------
  type FormState = { input?: Record<string, unknown>; errors?: FieldErrors; stale?: boolean };

  /** Loads the episode as it is now; on a stale save the person's answers stay and the form takes the new version. */
  const renderEpisodeForm = async (req: Request, res: Response, form: 'return' | 'interview' | 'leaving', state: FormState = {}) => {
    const page = await openCasePage(services, req, 'missing');
    if (!mayRecordOnCase(page.decision.basis)) throw forbidden('Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record missing episodes.');
    const episode = episodeView(await missing.episode(req.user!, page.kase.id, String(req.params.episodeId)), page.now);
    const recorded: Record<string, unknown> =
      form === 'leaving'
        ? { leftDate: londonDateOf(episode.left_at), leftTime: londonTime(episode.left_at), fromWhere: episode.from_where, appearanceOnLeaving: episode.appearance_on_leaving, whoWith: episode.who_with }
        : form === 'return'
        ? episode.returned_at
          ? { returnedDate: londonDateOf(episode.returned_at), returnedTime: londonTime(episode.returned_at), appearanceOnReturn: episode.appearance_on_return }
          : { returnedDate: londonDateOf(page.now) }
        : episode.return_interview_at
          ? {
              interviewDate: londonDateOf(episode.return_interview_at), interviewTime: londonTime(episode.return_interview_at), heldBy: episode.return_interview_by,
              independent: episode.return_interview_independent ? 'yes' : 'no', summary: episode.return_interview_summary,
            }
          : { interviewDate: londonDateOf(page.now) };
    // A stale save takes the latest version, so saving again is a deliberate replacement of what is shown.
    const input: Record<string, unknown> = { ...(state.input ?? recorded), version: state.stale || !state.input?.version ? episode.version : state.input.version };
    res.render(`missing/views/${form}.njk`, {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      episode,
      paths: { list: missingPaths.list(page.kase.id) },
      input,
      stale: state.stale === true,
      places: MISSING_FROM.map((value) => ({ value, text: MISSING_FROM_LABELS[value], checked: input.fromWhere === value })),
      independentItems: [
        { value: 'yes', text: 'Yes', checked: input.independent === 'yes' },
        { value: 'no', text: 'No', checked: input.independent === 'no' },
      ],
    });
  };

  /** A save of the return or the interview: done, refused (the error summary) or stale (the latest shown, answers kept). */
  const save = async (req: Request, res: Response, form: 'return' | 'interview' | 'leaving', write: () => Promise<unknown>, staleField: string) => {
    try {
      await write();
      res.redirect(303, missingPaths.done(String(req.params.caseId), form === 'return' ? 'returned' : form === 'leaving' ? 'leaving' : 'interview', String(req.params.episodeId)));
    } catch (error) {
      if (error instanceof RecordRefused) {
        res.status(400);
        return renderEpisodeForm(req, res, form, { input: req.body, errors: refusalErrors(error) });
      }
      if (error instanceof StaleEpisode) {
        res.status(409);
        return renderEpisodeForm(req, res, form, { input: req.body, errors: { [staleField]: error.detail ?? error.message }, stale: true });
      }
      throw error;
    }
  };

  r.get('/cases/:caseId/missing/:episodeId/return', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderEpisodeForm(req, res, 'return'));
  r.post(
    '/cases/:caseId/missing/:episodeId/return',
    { access: 'signed-in', audit: ['missing.returned', 'case.read', 'missing.return-changed'], schema: returnSchema, invalid: (req, res, errors, input) => renderEpisodeForm(req, res, 'return', { input, errors }) },
    (req, res, data) => save(req, res, 'return', () => missing.recordReturn(req.user!, String(req.params.caseId), String(req.params.episodeId), data, auditContext(req)), 'returnedDate'),
  );

  r.get('/cases/:caseId/missing/:episodeId/leaving', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderEpisodeForm(req, res, 'leaving'));
  r.post(
    '/cases/:caseId/missing/:episodeId/leaving',
    { access: 'signed-in', audit: ['case.read', 'missing.leaving-changed'], schema: leavingSchema, invalid: (req, res, errors, input) => renderEpisodeForm(req, res, 'leaving', { input, errors }) },
    (req, res, data) => save(req, res, 'leaving', () => missing.correctLeaving(req.user!, String(req.params.caseId), String(req.params.episodeId), data, auditContext(req)), 'leftDate'),
  );

  r.get('/cases/:caseId/missing/:episodeId/interview', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderEpisodeForm(req, res, 'interview'));
  r.post(
    '/cases/:caseId/missing/:episodeId/interview',
    { access: 'signed-in', audit: ['case.read', 'missing.return-interview'], schema: interviewSchema, invalid: (req, res, errors, input) => renderEpisodeForm(req, res, 'interview', { input, errors }) },
    (req, res, data) => save(req, res, 'interview', () => missing.recordInterview(req.user!, String(req.params.caseId), String(req.params.episodeId), data, auditContext(req)), 'interviewDate'),
  );

  return router;
}
