// Assessments under a case (issue 11): the list with the clock each answers, starting one, the draft (saved exactly as
// typed, version-checked), submission, a manager's authorisation or return, continuing risk of significant harm,
// related children, and the printable view and PDF. Every page opens the case through openCasePage (the audited
// access gate) and every opening of an assessment is audited too.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden } from '../../platform/web/errors.ts';
import {
  ASSESSMENT_KIND_LABELS, ASSESSMENT_KINDS, ASSESSMENT_SOURCES, RELATED_DECISIONS, RELATED_DECISION_LABELS, RELATIONSHIPS, RELATIONSHIP_LABELS, SECTIONS, SECTIONS_OF,
} from '../../domain/assessments/index.ts';
import type { AssessmentKind, SectionId } from '../../domain/assessments/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { IncompleteSubmission, StaleAssessment, createAssessmentService } from './service.ts';
import { assessmentPdf } from './pdf.ts';
import { caseLocals } from '../case-access/presenters.ts';
import { mayRecordOnCase } from '../case-access/service.ts';
import { currentNetwork } from '../cases/queries.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { assessmentSummary, clockFor, historyViews, relatedViews, sectionSharing, sectionViews } from './presenters.ts';
import { authoriseSchema, relatedChildSchema, returnSchema, saveSchema, sectionField, significantHarmSchema, startSchema } from './schemas.ts';
import { assessmentPaths } from './paths.ts';
import { coreContinuedFrom } from './queries.ts';

const NOTICES: Record<string, string> = {
  started: 'The assessment was started and added to the chronology.',
  saved: 'Your draft was saved.',
  submitted: 'The assessment was submitted for a manager’s authorisation and added to the chronology.',
  authorised: 'The assessment was authorised and added to the chronology. The statutory clock it answers has stopped.',
  returned: 'The assessment was returned to its author with what needs to change.',
  harm: 'Continuing risk of significant harm was recorded and added to the chronology. A strategy meeting is needed.',
  related: 'The child was added to the assessment.',
  referred: 'The child was added and referred to the front door as a new concern.',
};

type Page = Awaited<ReturnType<typeof openCasePage>>;

export function assessmentRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const assessments = createAssessmentService({ db: services.db, clocks: services.clocks, profiles: services.profiles, contacts: services.contacts, notifier: services.notifier, now: services.now });
  const gate = (req: Request) => openCasePage(services, req, 'assessments');
  const canWrite = (page: Page) => mayRecordOnCase(page.decision.basis);
  const writeGate = async (req: Request) => {
    const page = await gate(req);
    if (!canWrite(page)) throw forbidden('Only members of the professional network, and the area’s front door, CSE coordinator and team managers, work on assessments.');
    return page;
  };

  // ---- The case's assessments ----------------------------------------------------------------------------------
  r.get('/cases/:caseId/assessments', { access: 'signed-in', audit: 'case.read' }, async (req, res) => {
    const page = await gate(req);
    const [rows, answered] = await Promise.all([assessments.list(page.kase.id), assessments.clocksAnswered(page.kase)]);
    const list = rows.map((a) => ({ ...assessmentSummary(a), clock: clockFor(a, answered.rules, answered.clocks) }));
    const inProgress = (kind: AssessmentKind) => list.some((a) => a.kind === kind && a.status !== 'authorised');
    res.render('assessments/views/list.njk', {
      ...caseLocals(page),
      canWrite: canWrite(page),
      assessments: list,
      mayStartInitial: !inProgress('initial'),
      mayStartCore: !inProgress('core'),
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  });

  // ---- Starting one ----------------------------------------------------------------------------------------------
  const renderStart = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}) => {
    const page = await writeGate(req);
    const kind = (ASSESSMENT_KINDS as readonly string[]).includes(String(input.kind)) ? (input.kind as AssessmentKind) : null;
    res.render('assessments/views/start.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input,
      kind,
      kindLabel: kind ? ASSESSMENT_KIND_LABELS[kind] : null,
      source: kind ? ASSESSMENT_SOURCES[kind] : null,
      sections: kind ? SECTIONS_OF[kind].map((id) => SECTIONS[id].label) : [],
      kinds: ASSESSMENT_KINDS.map((k) => ({ value: k, text: ASSESSMENT_KIND_LABELS[k], hint: { text: ASSESSMENT_SOURCES[k] }, checked: input.kind === k })),
    });
  };

  r.get('/cases/:caseId/assessments/new', { access: 'signed-in', audit: 'case.read' }, (req, res) =>
    renderStart(req, res, { kind: typeof req.query.kind === 'string' ? req.query.kind : undefined, fromAssessmentId: typeof req.query.from === 'string' ? req.query.from : undefined }),
  );

  r.post('/cases/:caseId/assessments', { access: 'signed-in', audit: ['assessment.started', 'case.read'], schema: startSchema, invalid: (req, res, errors, input) => renderStart(req, res, input, errors) }, async (req, res, data) => {
    try {
      const id = await assessments.start(req.user!, String(req.params.caseId), data, auditContext(req));
      res.redirect(303, `${assessmentPaths.edit(String(req.params.caseId), id)}?done=started`);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      res.status(400);
      await renderStart(req, res, req.body, refusalErrors(error));
    }
  });

  // ---- One assessment --------------------------------------------------------------------------------------------
  const renderAssessment = async (req: Request, res: Response, errors: FieldErrors = {}, input: Record<string, unknown> = {}) => {
    const page = await gate(req);
    const view = await assessments.view(req.user!, page.kase, String(req.params.assessmentId));
    await assessments.opened(req.user!, page.kase, view.assessment.id, auditContext(req), 'page');
    const answered = await assessments.clocksAnswered(page.kase);
    const a = assessmentSummary(view.assessment);
    const core = await coreContinuedFrom(services.db, a.id);
    res.render('assessments/views/assessment.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      input,
      assessment: a,
      clock: clockFor(a, answered.rules, answered.clocks),
      sections: sectionViews(view),
      hiddenCount: view.hiddenCount,
      history: historyViews(view),
      related: relatedViews(view),
      canWrite: canWrite(page),
      isManager: assessments.isManager(req.user!, page.kase),
      isAuthor: a.started_by === req.user!.id || a.submitted_by === req.user!.id,
      coreFromThis: core ?? null,
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };

  r.get('/cases/:caseId/assessments/:assessmentId', { access: 'signed-in', audit: ['case.read', 'assessment.opened'] }, (req, res) => renderAssessment(req, res));

  // ---- The draft -------------------------------------------------------------------------------------------------
  type EditState = { input?: Record<string, unknown>; errors?: FieldErrors; stale?: boolean; saved?: boolean };

  const renderEdit = async (req: Request, res: Response, state: EditState = {}) => {
    const page = await writeGate(req);
    const view = await assessments.view(req.user!, page.kase, String(req.params.assessmentId));
    await assessments.opened(req.user!, page.kase, view.assessment.id, auditContext(req), 'page');
    const network = await currentNetwork(services.db, page.kase.id);
    const recorded: Record<string, unknown> = {};
    for (const s of view.sections) {
      const f = sectionField(s.section_id as SectionId);
      recorded[f.body] = s.body;
      recorded[f.sharing] = s.sharing_level;
      recorded[f.sharedWith] = s.shared_with;
    }
    const input = state.input ?? recorded;
    // A stale save takes the latest version, so saving again is a deliberate replacement of what is shown.
    const version = state.stale || state.saved || !state.input?.version ? view.assessment.version : state.input.version;
    const fields = view.sections.map((s) => {
      const id = s.section_id as SectionId;
      const f = sectionField(id);
      const chosen = ([] as string[]).concat((input[f.sharedWith] as string[] | string | undefined) ?? []);
      return { id, body: f.body, sharingName: f.sharing, sharedWith: f.sharedWith, label: SECTIONS[id].label, hint: SECTIONS[id].hint, value: input[f.body] ?? '', sharing: sectionSharing(String(input[f.sharing] ?? 'network'), chosen, network, req.user!.id) };
    });
    res.render('assessments/views/edit.njk', {
      ...caseLocals(page),
      ...validationLocals(state.errors ?? {}),
      assessment: assessmentSummary(view.assessment),
      version,
      fields,
      stale: state.stale === true,
      recorded: sectionViews(view),
      hiddenCount: view.hiddenCount,
      notice: NOTICES[String(req.query.done)] ?? null,
    });
  };

  r.get('/cases/:caseId/assessments/:assessmentId/edit', { access: 'signed-in', audit: ['case.read', 'assessment.opened'] }, (req, res) => renderEdit(req, res));

  r.post(
    '/cases/:caseId/assessments/:assessmentId/edit',
    { access: 'signed-in', audit: ['assessment.saved', 'assessment.submitted', 'case.read', 'assessment.opened'], schema: saveSchema, invalid: (req, res, errors, input) => renderEdit(req, res, { input, errors }) },
    async (req, res, data) => {
      const url = assessmentPaths.assessment(String(req.params.caseId), String(req.params.assessmentId));
      try {
        const { submitted } = await assessments.save(req.user!, String(req.params.caseId), String(req.params.assessmentId), data, auditContext(req));
        res.redirect(303, submitted ? `${url}?done=submitted` : `${url}/edit?done=saved`);
      } catch (error) {
        if (error instanceof RecordRefused) {
          res.status(400);
          return renderEdit(req, res, { input: req.body, errors: refusalErrors(error), saved: error instanceof IncompleteSubmission });
        }
        if (error instanceof StaleAssessment) {
          res.status(409);
          const first = SECTIONS_OF.initial[0]!;
          return renderEdit(req, res, { input: req.body, errors: { [first]: error.detail ?? error.message }, stale: true });
        }
        throw error;
      }
    },
  );

  // ---- A manager's authorisation or return -----------------------------------------------------------------------
  r.post(
    '/cases/:caseId/assessments/:assessmentId/authorise',
    { access: 'signed-in', audit: 'assessment.authorised', schema: authoriseSchema, invalid: (req, res, errors) => renderAssessment(req, res, { decision: Object.values(errors)[0] ?? 'This form has expired: reload the page' }) },
    async (req, res, data) => {
      try {
        await assessments.authorise(req.user!, String(req.params.caseId), String(req.params.assessmentId), data, auditContext(req));
        res.redirect(303, `${assessmentPaths.assessment(String(req.params.caseId), String(req.params.assessmentId))}?done=authorised`);
      } catch (error) {
        if (error instanceof RecordRefused) {
          res.status(400);
          return renderAssessment(req, res, refusalErrors(error));
        }
        if (error instanceof StaleAssessment) {
          res.status(409);
          return renderAssessment(req, res, { decision: error.detail ?? error.message });
        }
        throw error;
      }
    },
  );

  const renderSmallForm = async (req: Request, res: Response, template: 'return' | 'significant-harm', input: Record<string, unknown>, errors: FieldErrors = {}, stale = false) => {
    const page = await writeGate(req);
    const view = await assessments.view(req.user!, page.kase, String(req.params.assessmentId));
    const a = assessmentSummary(view.assessment);
    res.render(`assessments/views/${template}.njk`, {
      ...caseLocals(page),
      ...validationLocals(errors),
      assessment: a,
      input: { ...input, version: stale || !input.version ? a.version : input.version },
      stale,
      earlyItems: [
        { value: 'yes', text: 'Yes, at an early stage of the initial assessment', hint: { text: 'A strategy meeting must be convened within 2 working days where the procedure says so (staffordshire 29).' }, checked: input.early === 'yes' },
        { value: 'no', text: 'No, later in the assessment', checked: input.early === 'no' },
      ],
    });
  };

  const smallPost = (template: 'return' | 'significant-harm', write: (req: Request, data: never) => Promise<unknown>, done: string, staleField: string) =>
    async (req: Request, res: Response, data: unknown) => {
      try {
        await write(req, data as never);
        res.redirect(303, `${assessmentPaths.assessment(String(req.params.caseId), String(req.params.assessmentId))}?done=${done}`);
      } catch (error) {
        if (error instanceof RecordRefused) {
          res.status(400);
          return renderSmallForm(req, res, template, req.body, refusalErrors(error));
        }
        if (error instanceof StaleAssessment) {
          res.status(409);
          return renderSmallForm(req, res, template, req.body, { [staleField]: error.detail ?? error.message }, true);
        }
        throw error;
      }
    };

  r.get('/cases/:caseId/assessments/:assessmentId/return', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderSmallForm(req, res, 'return', {}));
  r.post(
    '/cases/:caseId/assessments/:assessmentId/return',
    { access: 'signed-in', audit: 'assessment.returned', schema: returnSchema, invalid: (req, res, errors, input) => renderSmallForm(req, res, 'return', input, errors) },
    smallPost('return', (req, data) => assessments.returnToAuthor(req.user!, String(req.params.caseId), String(req.params.assessmentId), data, auditContext(req)), 'returned', 'reason'),
  );

  r.get('/cases/:caseId/assessments/:assessmentId/significant-harm', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderSmallForm(req, res, 'significant-harm', {}));
  r.post(
    '/cases/:caseId/assessments/:assessmentId/significant-harm',
    { access: 'signed-in', audit: ['case.read', 'assessment.significant-harm-found'], schema: significantHarmSchema, invalid: (req, res, errors, input) => renderSmallForm(req, res, 'significant-harm', input, errors) },
    smallPost('significant-harm', (req, data) => assessments.recordSignificantHarm(req.user!, String(req.params.caseId), String(req.params.assessmentId), data, auditContext(req)), 'harm', 'early'),
  );

  // ---- Related children (staffordshire 26; ird) ------------------------------------------------------------------
  const renderRelated = async (req: Request, res: Response, input: Record<string, unknown>, errors: FieldErrors = {}) => {
    const page = await writeGate(req);
    const view = await assessments.view(req.user!, page.kase, String(req.params.assessmentId));
    res.render('assessments/views/related.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      assessment: assessmentSummary(view.assessment),
      input: { formKey: randomUUID(), ...input },
      relationships: RELATIONSHIPS.map((value) => ({ value, text: RELATIONSHIP_LABELS[value], checked: input.relationship === value })),
      decisions: RELATED_DECISIONS.map((value) => ({ value, text: RELATED_DECISION_LABELS[value], checked: input.decision === value })),
    });
  };

  r.get('/cases/:caseId/assessments/:assessmentId/related', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderRelated(req, res, {}));
  r.post(
    '/cases/:caseId/assessments/:assessmentId/related',
    { access: 'signed-in', audit: ['case.read', 'contact.received', 'assessment.related-child'], schema: relatedChildSchema, invalid: (req, res, errors, input) => renderRelated(req, res, input, errors) },
    async (req, res, data) => {
      try {
        const { contactId } = await assessments.addRelatedChild(req.user!, String(req.params.caseId), String(req.params.assessmentId), data, auditContext(req));
        res.redirect(303, `${assessmentPaths.assessment(String(req.params.caseId), String(req.params.assessmentId))}?done=${contactId ? 'referred' : 'related'}#related`);
      } catch (error) {
        if (!(error instanceof RecordRefused)) throw error;
        res.status(400);
        await renderRelated(req, res, req.body, refusalErrors(error));
      }
    },
  );

  // ---- Printable view and PDF: the same content and section filtering as the page, each opening audited ----------
  const printModel = async (req: Request, format: 'print' | 'pdf') => {
    const page = await gate(req);
    const view = await assessments.view(req.user!, page.kase, String(req.params.assessmentId));
    await assessments.opened(req.user!, page.kase, view.assessment.id, auditContext(req), format);
    return { page, assessment: assessmentSummary(view.assessment), sections: sectionViews(view), hiddenCount: view.hiddenCount, related: relatedViews(view), history: historyViews(view) };
  };

  r.get('/cases/:caseId/assessments/:assessmentId/print', { access: 'signed-in', audit: ['case.read', 'assessment.opened'] }, async (req, res) => {
    const m = await printModel(req, 'print');
    res.render('assessments/views/print.njk', { kase: m.page.overview, assessment: m.assessment, sections: m.sections, hiddenCount: m.hiddenCount, related: m.related, history: m.history });
  });

  r.get('/cases/:caseId/assessments/:assessmentId/print.pdf', { access: 'signed-in', audit: ['case.read', 'assessment.opened'] }, async (req, res) => {
    const m = await printModel(req, 'pdf');
    const pdf = await assessmentPdf({ childName: m.page.overview.childName, reference: m.page.overview.reference, assessment: m.assessment, sections: m.sections, hiddenCount: m.hiddenCount, related: m.related });
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="assessment-${m.page.overview.reference}.pdf"`, 'Cache-Control': 'no-store' });
    res.send(pdf);
  });

  return router;
}
