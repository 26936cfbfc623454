// The board's pages (issue 14; PROCEDURES.md step 11; staffordshire 55-56; camden Part 4 §2): the dashboard with its
// filters, the exports (CSV and an XLSX workbook, each with a reason, audited), and for a coordinator or team
// manager the list of cases behind a figure. Everything needs 'statistics:view'.
import { Router } from 'express';
import type { Request, Response } from 'express';
import ExcelJS from 'exceljs';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import { zodFieldErrors } from '../../platform/web/forms.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { toCsv } from '../chronology/csv.ts';
import { FIGURE_SECTIONS, figureById } from '../../domain/board/figures.ts';
import { boardServiceFor } from './service.ts';
import type { BoardFilters } from './service.ts';
import { exportRows, presentBoard } from './presenters.ts';
import type { BoardNames } from './presenters.ts';
import { casesSchema, exportSchema, filterSchema } from './schemas.ts';
import { BOARD, boardExportPath, boardPath, filterQuery } from './paths.ts';

const PERMISSION = 'statistics:view' as const;

function filtersFrom(data: { period?: string; localAuthority?: string; agency?: string; profile?: string }): BoardFilters {
  return { period: data.period ?? 'last-4', localAuthorityId: data.localAuthority ?? null, agencyId: data.agency ?? null, profileId: data.profile ?? null };
}

export function boardRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const board = boardServiceFor(services);
  const profileName = (id: string) => {
    try {
      return services.profiles.byId(id).board;
    } catch {
      return id;
    }
  };

  const filterItems = (mode: string, filters: BoardFilters, names: Omit<BoardNames, 'profileName'>, own: string | null) => ({
    periodItems: board.periodOptions().map((p) => ({ value: p.id, text: p.label, selected: p.id === filters.period })),
    authorityItems: mode === 'area'
      ? names.authorities.filter((a) => a.id === own).map((a) => ({ value: a.id, text: a.name, selected: true }))
      : [{ value: '', text: 'All local authorities' }, ...names.authorities.map((a) => ({ value: a.id, text: a.name, selected: a.id === filters.localAuthorityId }))],
    agencyItems: [{ value: '', text: 'All agencies' }, ...names.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === filters.agencyId }))],
    profileItems: [{ value: '', text: 'All procedures' }, ...[...new Set(names.authorities.map((a) => a.profile_id))].sort().map((p) => ({ value: p, text: profileName(p), selected: p === filters.profileId }))],
  });

  const render = async (req: Request, res: Response, filters: BoardFilters, errors: FieldErrors = {}, exportInput: Record<string, unknown> = {}) => {
    const d = await board.dashboard(req.user!, filters, auditContext(req));
    const names = { authorities: d.authorities, agencies: d.agencies, profileName };
    const view = presentBoard({ snap: d.snap, mode: d.mode, period: d.period, scope: d.scope, filters: { ...filters, period: d.period.id }, names });
    res.status(Object.keys(errors).length ? 400 : 200).render('board/views/dashboard.njk', {
      ...validationLocals(errors),
      view,
      mode: d.mode,
      period: d.period,
      computedAt: new Date(d.snap.computedAt),
      ageMinutes: d.ageMinutes,
      filters: { ...filters, period: d.period.id },
      query: filterQuery({ ...filters, period: d.period.id }),
      exportInput,
      sectionsList: FIGURE_SECTIONS,
      ...filterItems(d.mode, filters, names, req.user!.localAuthorityId),
    });
  };

  r.get(BOARD, { access: PERMISSION, audit: 'board.viewed' }, async (req, res) => {
    const parsed = filterSchema.safeParse(req.query);
    if (!parsed.success) return render(req, res, filtersFrom({}), zodFieldErrors(parsed.error));
    await render(req, res, filtersFrom(parsed.data));
  });

  r.post(
    boardExportPath,
    {
      access: PERMISSION, audit: 'board.exported',
      schema: exportSchema,
      invalid: (req, res, errors, input) => {
        const f = filterSchema.safeParse(input);
        return render(req, res, filtersFrom(f.success ? f.data : {}), errors, input);
      },
    },
    async (req, res, data) => {
      const filters = filtersFrom(data);
      const d = await board.forExport(req.user!, filters, data.format, data.reason, auditContext(req));
      const view = presentBoard({ snap: d.snap, mode: d.mode, period: d.period, scope: d.scope, filters: { ...filters, period: d.period.id }, names: { authorities: d.authorities, agencies: d.agencies, profileName } });
      const rows = exportRows(view);
      const stamp = new Date(d.snap.computedAt).toISOString().slice(0, 10);
      const header = ['Section', 'Figure', 'Row', 'Value', 'Covers', 'How it is counted'];
      const asOf = `Counted from the records at ${new Date(d.snap.computedAt).toISOString()}${view.suppressed ? '; counts from 1 to 4 are shown as “fewer than 5” and some others withheld so that they cannot be worked out' : ''}.`;
      res.setHeader('Cache-Control', 'no-store');
      if (data.format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="board-figures-${stamp}.csv"`);
        res.send(toCsv(header, [...rows.map((x) => [x.section, x.figure, x.row, x.value, x.covers, x.definition]), ['Note', '', '', '', '', asOf]]));
        return;
      }
      const workbook = new ExcelJS.Workbook();
      workbook.creator = 'Harbour';
      workbook.created = new Date(d.snap.computedAt);
      for (const section of [...new Set(rows.map((x) => x.section))]) {
        const sheet = workbook.addWorksheet(section.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
        sheet.columns = header.map((h, i) => ({ header: h, key: String(i), width: [22, 40, 40, 14, 50, 80][i] }));
        // Values go in as text: the same words the page shows, so a suppressed cell is never a number in disguise.
        for (const x of rows.filter((y) => y.section === section)) sheet.addRow([x.section, x.figure, x.row, x.value, x.covers, x.definition]);
        sheet.getRow(1).font = { bold: true };
      }
      workbook.addWorksheet('Notes').addRow([asOf]);
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="board-figures-${stamp}.xlsx"`);
      res.send(Buffer.from(await workbook.xlsx.writeBuffer()));
    },
  );

  r.get(`${BOARD}/cases`, { access: PERMISSION, audit: ['board.viewed', 'board.cases-listed'] }, async (req, res) => {
    const parsed = casesSchema.safeParse(req.query);
    const data = parsed.success ? parsed.data : null;
    const target: { figure: string; row: string } | { profileId: string; ruleId: string; outcome: 'met' | 'missed' | 'running' } | null = data?.figure && data.row !== undefined
      ? { figure: data.figure, row: data.row }
      : data?.clockProfile && data.rule && data.outcome ? { profileId: data.clockProfile, ruleId: data.rule, outcome: data.outcome } : null;
    if (!data || !target) return render(req, res, filtersFrom({}), parsed.success ? { figure: 'Choose a figure from the dashboard' } : zodFieldErrors(parsed.error));
    const filters = filtersFrom({ ...data, profile: 'figure' in target ? data.profile : undefined });
    const list = await board.casesBehind(req.user!, filters, target, auditContext(req));
    res.render('board/views/cases.njk', {
      cases: list.cases,
      what: 'figure' in target
        ? { figure: figureById(target.figure)?.title ?? target.figure, row: target.row }
        : { figure: services.profiles.all().find((p) => p.id === target.profileId)?.timescales.find((t) => t.id === target.ruleId)?.label ?? target.ruleId, row: `${target.outcome}, ${profileName(target.profileId)}` },
      backHref: boardPath({ ...filters, period: list.period.id }),
      period: list.period,
    });
  });

  return router;
}
