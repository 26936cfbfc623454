// The child's chronology: every entry the viewer may see, filtered and paginated, a significant event added
// by hand, a printable view and a CSV export with a recorded reason.
import { join } from 'node:path';
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Services } from '../../services.ts';
import { routes, validationLocals } from '../../platform/web/routing.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { zodFieldErrors } from '../../platform/web/forms.ts';
import { formatDate } from '../../platform/web/nunjucks.ts';
import { addDays, startOfLondonDay } from '../../domain/clock/index.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { openCasePage } from '../cases/service-case-page.ts';
import { visibleChronology, visibleChronologyFacets } from '../cases/queries.ts';
import type { ChronologyFilter } from '../cases/queries.ts';
import { pagination } from '../../platform/web/pagination.ts';
import { caseLocals, sharingOptions } from '../case-access/presenters.ts';
import { writeCase } from '../case-access/service.ts';
import { currentNetwork } from '../cases/queries.ts';
import { RecordRefused, refusalErrors } from '../../platform/web/refusals.ts';
import { createChronologyService } from './service.ts';
import { toCsv } from './csv.ts';
import { CSV_HEADER, csvRow, entryViewModel, kindLabel } from './presenters.ts';
import { CHRONOLOGY_EXPORT_LIMIT, CHRONOLOGY_PAGE_SIZE, EXPORT_REASONS, chronologyFilterSchema, exportSchema, significantEventSchema } from './schemas.ts';
import type { ChronologyFilterInput } from './schemas.ts';
import { chronologyPaths } from './paths.ts';

type ParsedFilter = { input: ChronologyFilterInput; errors: FieldErrors; query: ChronologyFilter; params: Record<string, string> };

/** Filters arrive by GET; a bad one is reported in the error summary and the list shows unfiltered. */
export function parseChronologyFilter(raw: Record<string, unknown>): ParsedFilter {
  const parsed = chronologyFilterSchema.safeParse(raw);
  if (!parsed.success) return { input: {} as ChronologyFilterInput, errors: zodFieldErrors(parsed.error), query: {}, params: {} };
  const f = parsed.data;
  const params = Object.fromEntries(Object.entries({ kind: f.kind, agency: f.agency, from: f.from, to: f.to }).filter(([, v]) => v)) as Record<string, string>;
  return {
    input: f,
    errors: {},
    params,
    query: { kind: f.kind, agencyId: f.agency, from: f.from ? startOfLondonDay(f.from) : undefined, before: f.to ? startOfLondonDay(addDays(f.to, 1)) : undefined },
  };
}

export function chronologyRoutes(services: Services) {
  const router = Router();
  const r = routes(router);
  const { db } = services;
  const chronology = createChronologyService({ db, now: services.now });

  r.get('/chronology-assets/print.css', { access: 'public', audit: { none: 'a stylesheet' } }, (_req, res) => {
    res.type('text/css').sendFile(join(import.meta.dirname, 'print.css'));
  });

  const renderList = async (req: Request, res: Response, extra: { errors?: FieldErrors; exportInput?: Record<string, unknown> } = {}) => {
    const page = await openCasePage(services, req, 'chronology');
    const actor = req.user!;
    const filter = parseChronologyFilter(req.method === 'GET' ? (req.query as Record<string, unknown>) : pickFilter(req.body as Record<string, unknown>));
    const pageNumber = filter.input.page ?? 1;
    const [list, facets] = await Promise.all([
      visibleChronology(db, actor, page.kase.childId, { limit: CHRONOLOGY_PAGE_SIZE, offset: (pageNumber - 1) * CHRONOLOGY_PAGE_SIZE }, filter.query),
      visibleChronologyFacets(db, actor, page.kase.childId),
    ]);
    const links = await chronology.links(actor, page.kase.id, list.entries);
    const href = (p: number) => chronologyPaths.list(page.kase.id, { ...filter.params, page: String(p) });
    const errors = { ...filter.errors, ...extra.errors };
    if (Object.keys(errors).length) res.status(400);
    const exportInput = extra.exportInput ?? {};
    res.render('chronology/views/chronology.njk', {
      ...caseLocals(page),
      ...validationLocals(errors),
      entries: list.entries.map((e) => entryViewModel(e, links.get(e.id) ?? null)),
      total: list.total,
      pageNumber,
      pagination: pagination(href, pageNumber, list.total, CHRONOLOGY_PAGE_SIZE),
      filter: { ...filter.params },
      filtered: Object.keys(filter.params).length > 0,
      filterQuery: new URLSearchParams(filter.params).toString(),
      kindOptions: [{ value: '', text: 'All kinds' }, ...facets.kinds.map((k) => ({ value: k, text: kindLabel(k), selected: filter.params.kind === k }))],
      agencyOptions: [{ value: '', text: 'All agencies' }, ...facets.agencies.map((a) => ({ value: a.id, text: a.name, selected: filter.params.agency === a.id }))],
      exportReasons: Object.entries(EXPORT_REASONS).map(([value, text]) => ({ value, text, checked: exportInput.reasonCode === value })),
      exportInput,
    });
  };

  r.get('/cases/:caseId/chronology', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderList(req, res));

  // ---- A significant event, added by hand --------------------------------------------------------------------
  const renderNew = async (req: Request, res: Response, input: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const page = await openCasePage(services, req, 'chronology');
    const network = await currentNetwork(db, page.kase.id);
    res.render('chronology/views/new-event.njk', { ...caseLocals(page), ...validationLocals(errors), input, sharing: sharingOptions(network, input, req.user!.id) });
  };

  r.get('/cases/:caseId/chronology/new', { access: 'signed-in', audit: 'case.read' }, (req, res) => renderNew(req, res));

  r.post(
    '/cases/:caseId/chronology',
    { access: 'signed-in', audit: ['chronology.event-added', 'case.read'], schema: significantEventSchema, invalid: (req, res, errors, input) => renderNew(req, res, input, errors) },
    async (req, res, data) => {
      try {
        await chronology.addSignificantEvent(req.user!, String(req.params.caseId), data, auditContext(req));
        res.redirect(303, chronologyPaths.added(String(req.params.caseId)));
      } catch (error) {
        if (!(error instanceof RecordRefused)) throw error;
        res.status(400);
        await renderNew(req, res, req.body, refusalErrors(error));
      }
    },
  );

  // ---- Printable view ----------------------------------------------------------------------------------------
  r.get('/cases/:caseId/chronology/print', { access: 'signed-in', audit: 'case.chronology-print' }, async (req, res) => {
    const page = await openCasePage(services, req, 'chronology', 'chronology-print');
    const filter = parseChronologyFilter(req.query as Record<string, unknown>);
    const list = await visibleChronology(db, req.user!, page.kase.childId, { limit: CHRONOLOGY_EXPORT_LIMIT, offset: 0 }, filter.query);
    if (Object.keys(filter.errors).length) res.status(400);
    res.render('chronology/views/print.njk', {
      kase: page.overview,
      ...validationLocals(filter.errors),
      entries: list.entries.map((e) => entryViewModel(e, null)),
      total: list.total,
      truncated: list.total > list.entries.length,
      filter: filter.params,
      entriesSummary: `${filterSummary(filter.params, list.entries)} ${list.total} ${list.total === 1 ? 'entry' : 'entries'}${list.total > list.entries.length ? ` (the first ${list.entries.length} are shown: narrow the filters to print the rest)` : ''}.`,
      printedAt: services.now(),
      backHref: chronologyPaths.list(page.kase.id, filter.params),
    });
  });

  // ---- CSV export, with a reason ------------------------------------------------------------------------------
  r.post(
    '/cases/:caseId/chronology/export',
    { access: 'signed-in', audit: 'chronology.exported', schema: exportSchema, invalid: (req, res, errors, input) => renderList(req, res, { errors, exportInput: input }) },
    async (req, res, data) => {
      const actor = req.user!;
      const audit = auditContext(req);
      const { kase } = await writeCase(db, actor, String(req.params.caseId), audit, 'chronology.exported', services.now());
      const filter = parseChronologyFilter(pickFilter(data));
      if (Object.keys(filter.errors).length) return renderList(req, res, { errors: filter.errors, exportInput: req.body });
      const list = await visibleChronology(db, actor, kase.childId, { limit: CHRONOLOGY_EXPORT_LIMIT, offset: 0 }, filter.query);
      await chronology.recordExport(actor, kase, { reasonCode: data.reasonCode, reason: data.reason, filters: filter.params, count: list.entries.length }, audit);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="chronology-${kase.reference.replace(/[^A-Za-z0-9-]/g, '')}.csv"`);
      res.send(toCsv(CSV_HEADER, list.entries.map(csvRow)));
    },
  );

  return router;
}

function pickFilter(body: Record<string, unknown>): Record<string, unknown> {
  return { kind: body.kind, agency: body.agency, from: body.from, to: body.to };
}

function filterSummary(params: Record<string, string>, entries: readonly { kind: string; agency_id: string | null; agency_name: string | null }[]): string {
  const parts: string[] = [];
  if (params.kind) parts.push(`kind: ${kindLabel(params.kind)}`);
  if (params.agency) parts.push(`agency: ${entries.find((e) => e.agency_id === params.agency)?.agency_name ?? 'the chosen agency'}`);
  if (params.from) parts.push(`from ${formatDate(params.from)}`);
  if (params.to) parts.push(`to ${formatDate(params.to)}`);
  return parts.length ? `Filtered by ${parts.join(', ')}:` : 'All entries you can see:';
}
