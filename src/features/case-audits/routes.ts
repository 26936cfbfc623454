// Board case audits (issue 14; staffordshire 55-56): the list, the draw form (criteria, auditors, end date; the
// analyst sees only counts), an audit's page, its closing, and an auditor's finding on one sampled case.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { refusalErrors } from '../../platform/web/refusals.ts';
import { addDays, londonDateOf } from '../../domain/clock/index.ts';
import { AUDIT_STATUS_LABELS, MAX_AUDIT_DAYS, MAX_SAMPLE_SIZE, THEME_LABELS } from '../../domain/case-audits/rules.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { auditListedCases } from '../cases/service-listed-cases.ts';
import { childName } from '../../platform/web/child-name.ts';
import { AuditRefused, FindingConflict, THEME_FIELDS, createCaseAuditService } from './service.ts';
import type { FindingRow } from './service.ts';
import { CATEGORY_LABELS, figuresTable, gradeItems } from './presenters.ts';
import { caseAuditPaths } from './paths.ts';
import { closeSchema, drawSchema, findingSchema } from './schemas.ts';

export function caseAuditRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const audits = createCaseAuditService({ db: services.db, now: services.now });

  const renderDraw = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown>; count?: number } = {}) => {
    const options = await audits.formOptions();
    const input = extra.input ?? {};
    const chosen = new Set(([] as string[]).concat((input.auditors as string[] | string | undefined) ?? []));
    const today = londonDateOf(services.now());
    res.render('case-audits/views/draw.njk', {
      input,
      count: extra.count,
      maxSampleSize: MAX_SAMPLE_SIZE,
      latestEnd: addDays(today, MAX_AUDIT_DAYS),
      maxDays: MAX_AUDIT_DAYS,
      authorities: [{ value: '', text: 'Any local authority' }, ...options.authorities.map((a) => ({ value: a.id, text: a.name, selected: input.localAuthorityId === a.id }))],
      agencies: [{ value: '', text: 'Any agency' }, ...options.agencies.map((a) => ({ value: a.id, text: a.name, selected: input.agencyId === a.id }))],
      categories: [{ value: '', text: 'Any category' }, ...Object.entries(CATEGORY_LABELS).map(([value, text]) => ({ value, text, selected: input.category === value }))],
      auditors: options.auditors.map((a) => ({ value: a.id, text: `${a.display_name} (${a.agency_name})`, hint: a.job_title ? { text: a.job_title } : undefined, checked: chosen.has(a.id) })),
      ...validationLocals(extra.errors ?? {}),
    });
  };

  r.get('/case-audits', { access: 'signed-in', audit: { none: 'a board case audit, a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, async (req, res) => {
    const list = await audits.list(req.user!);
    res.render('case-audits/views/list.njk', { audits: list.map((a) => ({ ...a, statusLabel: AUDIT_STATUS_LABELS[a.status] })), mayDraw: audits.mayManage(req.user!), drawn: req.query.done === 'closed' ? 'closed' : null });
  });

  r.get('/case-audits/new', { access: 'case-audits:manage', audit: { none: 'an empty form' } }, (req, res) => renderDraw(req, res));

  r.post('/case-audits', { access: 'case-audits:manage', audit: { none: 'drawing a case audit sample, audited as case-audit.drawn; a refusal re-shows the form' }, schema: drawSchema, invalid: (req, res, errors, input) => renderDraw(req, res, { errors, input }) }, async (req, res, data) => {
    try {
      if (data.intent === 'count') {
        const count = await audits.count(req.user!, data);
        return renderDraw(req, res, { input: req.body, count });
      }
      const { auditId } = await audits.draw(req.user!, data, auditContext(req));
      res.redirect(303, `${caseAuditPaths.audit(auditId)}?done=drawn`);
    } catch (error) {
      if (error instanceof AuditRefused) {
        res.status(error.status);
        return renderDraw(req, res, { errors: refusalErrors(error), input: req.body });
      }
      throw error;
    }
  });

  const renderAudit = async (req: Request, res: Response, errors: FieldErrors = {}) => {
    const view = await audits.view(req.user!, String(req.params.auditId));
    // The sampled cases an auditor is shown are reads of those children's records.
    await auditListedCases(services.db, auditContext(req), 'case-audit', view.cases.map((c) => c.id));
    res.render('case-audits/views/audit.njk', {
      ...view,
      statusLabel: AUDIT_STATUS_LABELS[view.audit.status],
      categoryLabel: view.criteria.category ? CATEGORY_LABELS[view.criteria.category] : null,
      cases: view.cases.map((c) => ({ ...c, childName: childName(c), href: caseAuditPaths.finding(view.audit.id, c.id) })),
      figures: figuresTable(view.figures),
      done: typeof req.query.done === 'string' ? req.query.done : null,
      ...validationLocals(errors),
    });
  };

  r.get('/case-audits/:auditId', { access: 'signed-in', audit: { none: 'a board case audit, a list: audits each case it shows (case.listed), so it writes nothing when it shows nothing' } }, (req, res) => renderAudit(req, res));

  r.post('/case-audits/:auditId/close', { access: 'case-audits:manage', audit: 'case-audit.closed', schema: closeSchema, invalid: (req, res) => renderAudit(req, res, { close: 'This form has expired: reload the page' }) }, async (req, res, data) => {
    try {
      await audits.close(req.user!, String(req.params.auditId), data.version, auditContext(req));
    } catch (error) {
      if (error instanceof AuditRefused) {
        res.status(error.status);
        return renderAudit(req, res, refusalErrors(error));
      }
      throw error;
    }
    res.redirect(303, `${caseAuditPaths.audit(String(req.params.auditId))}?done=closed`);
  });

  const findingInput = (finding: FindingRow | null): Record<string, unknown> =>
    finding ? Object.fromEntries(THEME_FIELDS.flatMap(({ theme, field }) => [[field, finding.grades[theme].grade], [`${field}Comment`, finding.grades[theme].comment]])) : {};

  const renderFinding = async (req: Request, res: Response, extra: { errors?: FieldErrors; input?: Record<string, unknown>; conflict?: { yours: Record<string, unknown> } } = {}) => {
    const opened = await audits.openFinding(req.user!, String(req.params.auditId), String(req.params.caseId), auditContext(req));
    const overview = await audits.caseOverview(opened.kase.id);
    const input = extra.input ?? findingInput(opened.finding);
    res.render('case-audits/views/finding.njk', {
      audit: opened.audit,
      kase: { id: opened.kase.id, reference: overview.reference, childName: childName(overview) },
      finding: opened.finding,
      version: opened.finding?.version ?? 0,
      themes: THEME_FIELDS.map(({ theme, field }) => ({
        field,
        label: THEME_LABELS[theme],
        items: gradeItems(input[field]),
        comment: input[`${field}Comment`],
        saved: extra.conflict && opened.finding ? opened.finding.grades[theme] : null,
        yours: extra.conflict ? { grade: extra.conflict.yours[field], comment: extra.conflict.yours[`${field}Comment`] } : null,
      })),
      conflict: Boolean(extra.conflict),
      saved: req.query.done === 'saved',
      ...validationLocals(extra.errors ?? {}),
    });
  };

  r.get('/case-audits/:auditId/cases/:caseId', { access: 'signed-in', audit: 'case.audit-finding' }, (req, res) => renderFinding(req, res));

  r.post('/case-audits/:auditId/cases/:caseId', { access: 'signed-in', audit: ['case.audit-finding', 'case-audit.finding-saved'], schema: findingSchema, invalid: (req, res, errors, input) => renderFinding(req, res, { errors, input }) }, async (req, res, data) => {
    try {
      await audits.saveFinding(req.user!, String(req.params.auditId), String(req.params.caseId), data, auditContext(req));
    } catch (error) {
      if (error instanceof FindingConflict) {
        // A stale save: show what was saved and what they typed; the form starts from the saved version.
        res.status(409);
        const saved = await audits.savedFinding(req.user!, String(req.params.auditId), String(req.params.caseId));
        return renderFinding(req, res, { errors: { timeliness: 'Someone saved this finding since you opened it: check the saved version below and save again' }, input: findingInput(saved), conflict: { yours: req.body } });
      }
      throw error;
    }
    res.redirect(303, `${caseAuditPaths.finding(String(req.params.auditId), String(req.params.caseId))}?done=saved`);
  });

  return router;
}
