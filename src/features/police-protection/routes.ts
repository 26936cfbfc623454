// Police protection on a case (bedford-luton 11.4; Children Act 1989 s46): the case's protections, newest first,
// the open one with the moment its 72 hours run out, recording one from the case, and recording its outcome.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { londonDateOf, toLondon } from '../../domain/clock/index.ts';
import { POLICE_PROTECTION_OUTCOMES, POLICE_PROTECTION_OUTCOME_LABELS, endedPastLimit, policeProtectionEndsBy } from '../../domain/front-door/police-protection.ts';
import type { PoliceProtectionOutcome } from '../../domain/front-door/police-protection.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { StaleProtection, createPoliceProtectionService } from './service.ts';
import type { ProtectionRow } from './service.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { mayRecordOnCase } from '../case-access/service.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { outcomeSchema, startSchema } from './schemas.ts';
import { policeProtectionPaths } from './paths.ts';

const NOTICES: Record<string, string> = {
  started: 'Police protection was recorded and added to the chronology.',
  ended: 'The outcome of police protection was recorded and added to the chronology.',
};
const WRITE_REFUSAL = 'Only members of the professional network, and the area’s front door, CSE coordinator and team managers, record police protection.';

const londonTime = (at: Date) => {
  const t = toLondon(at);
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
};

export function protectionView(p: ProtectionRow, now: Date) {
  const endsBy = policeProtectionEndsBy(p.started_at);
  return {
    ...p,
    open: p.ended_at === null,
    endsBy,
    pastLimit: p.ended_at ? endedPastLimit(p.started_at, p.ended_at) : now.getTime() > endsBy.getTime(),
    outcomeLabel: p.outcome ? POLICE_PROTECTION_OUTCOME_LABELS[p.outcome as PoliceProtectionOutcome].replace(' (describe it)', '') : null,
  };
}

export function policeProtectionRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const protections = createPoliceProtectionService({ db: services.db, clocks: services.clocks, now: services.now });

  type FormState = { input?: Record<string, unknown>; errors?: FieldErrors; stale?: boolean };

  const renderList = async (req: Request, res: Response, state: FormState = {}) => {
    const page = await openCasePage(services, req, 'police-protection');
    const list = (await protections.list(page.kase.id)).map((p) => protectionView(p, page.now));
    const canWrite = mayRecordOnCase(page.decision.basis);
    res.render('police-protection/views/protections.njk', {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      canWrite,
      protections: list,
      open: list.find((p) => p.open) ?? null,
      input: state.input ?? { startedDate: londonDateOf(page.now) },
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };

  r.get('/cases/:caseId/police-protection', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderList(req, res));

  r.post('/cases/:caseId/police-protection', { access: 'signed-in', audit: ['police-protection.started', 'case.read'], schema: startSchema, invalid: (req, res, errors, input) => renderList(req, res, { input, errors }) }, async (req, res, data) => {
    try {
      await protections.start(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, `${policeProtectionPaths.section(String(req.params.caseId))}?done=started`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(400);
      await renderList(req, res, { input: req.body, errors: refusalErrors(error) });
    }
  });

  const renderOutcome = async (req: Request, res: Response, state: FormState = {}) => {
    const page = await openCasePage(services, req, 'police-protection');
    if (!mayRecordOnCase(page.decision.basis)) throw forbidden(WRITE_REFUSAL);
    const protection = protectionView(await protections.one(page.kase.id, String(req.params.protectionId)), page.now);
    const recorded: Record<string, unknown> = protection.ended_at
      ? { endedDate: londonDateOf(protection.ended_at), endedTime: londonTime(protection.ended_at), outcome: protection.outcome, outcomeDetail: protection.outcome_detail }
      : { endedDate: londonDateOf(page.now) };
    const input: Record<string, unknown> = { ...(state.input ?? recorded), version: state.stale || !state.input?.version ? protection.version : state.input.version };
    res.render('police-protection/views/outcome.njk', {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      protection,
      input,
      stale: state.stale === true,
      outcomes: POLICE_PROTECTION_OUTCOMES.map((value) => ({ value, text: POLICE_PROTECTION_OUTCOME_LABELS[value], checked: input.outcome === value })),
    });
  };

  r.get('/cases/:caseId/police-protection/:protectionId/outcome', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderOutcome(req, res));
  r.post(
    '/cases/:caseId/police-protection/:protectionId/outcome',
    { access: 'signed-in', audit: ['police-protection.ended', 'case.read'], schema: outcomeSchema, invalid: (req, res, errors, input) => renderOutcome(req, res, { input, errors }) },
    async (req, res, data) => {
      try {
        await protections.recordOutcome(req.user!, String(req.params.caseId), String(req.params.protectionId), data, auditContext(req));
        res.redirect(303, `${policeProtectionPaths.section(String(req.params.caseId))}?done=ended#protection-${String(req.params.protectionId)}`);
      } catch (error) {
        if (error instanceof RecordRefused) {
          res.status(400);
          return renderOutcome(req, res, { input: req.body, errors: refusalErrors(error) });
        }
        if (error instanceof StaleProtection) {
          res.status(409);
          return renderOutcome(req, res, { input: req.body, errors: { outcome: error.detail ?? error.message }, stale: true });
        }
        throw error;
      }
    },
  );

  return router;
}
