// The board's view model (issue 14), shared by the page and both exports so that they show the same numbers with the
// same suppression. Pure: the snapshot, who is looking and the names in; rows of text out.
import { FIGURES, FIGURE_SECTIONS, PENDING_SECTIONS, TIMELINESS_DEFINITION } from '../../domain/board/figures.ts';
import type { FigureDefinition } from '../../domain/board/figures.ts';
import { shownText, suppressGrid, suppressLinkedSeries, suppressSeries, suppressSharedTotal, suppressStatistic, unsuppressed } from '../../domain/board/suppression.ts';
import type { ShownCount, SuppressedSeries } from '../../domain/board/suppression.ts';
import { TAKEN_UNIT_LABELS } from '../../domain/board/timeliness.ts';
import { trendChart } from '../../domain/board/trend-chart.ts';
import type { TrendChart } from '../../domain/board/trend-chart.ts';
import type { BoardFilters, ChosenPeriod, Snapshot, ViewerMode } from './service.ts';
import type { BoardScope } from './queries.ts';
import { clockCasesPath, figureCasesPath } from './paths.ts';

export type Cell = { text: string; value: number | null; suppressed: boolean; href: string | null };
export type FigureView = { id: string; title: string; definition: string; coverage: string; rows: { label: string; cell: Cell }[]; total: Cell | null; agencyNote: string | null };
export type TimelinessRowView = { label: string; unit: string; started: Cell; met: Cell; missed: Cell; running: Cell; median: string; p90: string };
export type TimelinessProfileView = { profileId: string; profileName: string; rows: TimelinessRowView[]; totals: { started: Cell; met: Cell; missed: Cell; running: Cell } };
export type TrendView = { id: string; title: string; definition: string; coverage: string; chart: TrendChart; rows: { quarter: string; cell: Cell }[] };
export type SectionView = { id: string; title: string; source: string; pending: string | null; figures: FigureView[]; note: string | null };

export type BoardNames = { authorities: { id: string; name: string; profile_id: string }[]; agencies: { id: string; name: string }[]; profileName: (id: string) => string };

export type BoardView = {
  sections: SectionView[];
  timeliness: { definition: string; coverage: string; profiles: TimelinessProfileView[] };
  trends: TrendView[];
  suppressed: boolean;
};

const cellFrom = (shown: ShownCount, href: string | null): Cell => ({
  text: shownText(shown),
  value: shown.kind === 'count' ? shown.value : null,
  suppressed: shown.kind !== 'count',
  href: shown.kind === 'count' && shown.value > 0 ? href : null,
});

function orderedRows(f: FigureDefinition, counts: readonly { bucket: string; count: number }[]): { label: string; count: number }[] {
  const byBucket = new Map(counts.map((c) => [c.bucket, c.count]));
  const listed = (f.rows ?? []).map((label) => ({ label, count: byBucket.get(label) ?? 0 }));
  const others = counts.filter((c) => !(f.rows ?? []).includes(c.bucket)).map((c) => ({ label: c.bucket, count: c.count })).sort((a, b) => a.label.localeCompare(b.label));
  return [...listed, ...others];
}

export function coverageText(basis: 'period' | 'now', period: ChosenPeriod, scope: BoardScope, names: BoardNames, agencyApplies = true): string {
  const when = basis === 'now' ? 'As things stand today (the period does not apply)' : period.label;
  const authority = scope.localAuthorityId ? (names.authorities.find((a) => a.id === scope.localAuthorityId)?.name ?? scope.localAuthorityId) : 'all local authorities';
  const profile = scope.profileId ? `, ${names.profileName(scope.profileId)} procedure` : '';
  const agency = scope.agencyId && agencyApplies ? `; ${names.agencies.find((a) => a.id === scope.agencyId)?.name ?? 'one agency'}` : '';
  return `${when}; ${authority}${profile}${agency}.`;
}

/** The periods whose totals a reader can see, as runs of the eight quarters (see periodOptions). */
const PUBLISHED_RUNS = [[4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7]];

export function presentBoard(input: { snap: Snapshot; mode: ViewerMode; period: ChosenPeriod; scope: BoardScope; filters: BoardFilters; names: BoardNames }): BoardView {
  const { snap, mode, period, scope, filters, names } = input;
  const suppress = mode === 'suppressed';
  const link = (href: string) => (suppress ? null : href);

  // Trends first: a quarter withheld in a trend keeps its period total withheld in the figure too.
  const linked = new Map<string, { cells: ShownCount[]; periodTotals: ShownCount[] }>();
  for (const f of FIGURES.filter((x) => x.trend)) {
    const series = snap.trends[f.id] ?? snap.quarters.map(() => 0);
    linked.set(f.id, suppress ? suppressLinkedSeries(series, PUBLISHED_RUNS) : { cells: series.map(unsuppressed), periodTotals: PUBLISHED_RUNS.map((r) => unsuppressed(r.reduce((a, i) => a + series[i]!, 0))) });
  }
  const totalWithheld = (f: FigureDefinition): boolean => {
    const l = linked.get(f.id);
    if (!l || f.basis !== 'period') return false;
    const runIndex = PUBLISHED_RUNS.findIndex((r) => r.length === period.quarterIndexes.length && r.every((q, i) => q === period.quarterIndexes[i]));
    const shown = runIndex >= 0 ? l.periodTotals[runIndex]! : period.quarterIndexes.length === 1 ? l.cells[period.quarterIndexes[0]!]! : null;
    return shown !== null && shown.kind !== 'count';
  };

  // Figures that share one total (the case audit themes) are suppressed together: see suppressSharedTotal.
  const shared = new Map<string, SuppressedSeries>();
  if (suppress) {
    for (const group of [...new Set(FIGURES.map((f) => f.sharedTotal).filter((g) => g !== undefined))]) {
      const members = FIGURES.filter((f) => f.sharedTotal === group);
      const labels = [...new Set(members.flatMap((f) => orderedRows(f, snap.figures[f.id] ?? []).map((r) => r.label)))];
      const counts = members.map((f) => {
        const byLabel = new Map(orderedRows(f, snap.figures[f.id] ?? []).map((r) => [r.label, r.count]));
        return labels.map((l) => byLabel.get(l) ?? 0);
      });
      const sums = counts.map((c) => c.reduce((a, b) => a + b, 0));
      if (sums.some((x) => x !== sums[0])) {
        // Not one total after all (records changed between counts): withhold every total, each on its own.
        members.forEach((f, i) => shared.set(f.id, suppressSeries(counts[i]!, { withTotal: true, totalWithheld: true })));
      } else {
        const s = suppressSharedTotal(counts);
        members.forEach((f, i) => shared.set(f.id, s.rows[i]!));
      }
      members.forEach((f) => {
        const own = orderedRows(f, snap.figures[f.id] ?? []).map((r) => r.label);
        const s = shared.get(f.id)!;
        shared.set(f.id, { cells: own.map((l) => s.cells[labels.indexOf(l)]!), total: s.total });
      });
    }
  }

  const figureView = (f: FigureDefinition): FigureView => {
    const rows = orderedRows(f, snap.figures[f.id] ?? []);
    const counts = rows.map((r) => r.count);
    const series = shared.get(f.id) ?? (suppress ? suppressSeries(counts, { withTotal: f.withTotal, totalWithheld: totalWithheld(f) }) : { cells: counts.map(unsuppressed), total: f.withTotal ? unsuppressed(counts.reduce((a, b) => a + b, 0)) : null });
    // Consultations are mostly of no case, and an audit finding's case is the audit's to list: no list of cases.
    const caseLinked = !['disruptions', 'persons-disrupted', 'children-per-person', 'justice-outcomes', 'persons-convicted'].includes(f.id) && f.section !== 'consultations' && f.section !== 'audits' && f.id !== 'anonymous-consultations';
    return {
      id: f.id,
      title: f.title,
      definition: f.definition,
      coverage: coverageText(f.basis, period, scope, names, f.agency !== null),
      rows: rows.map((r, i) => ({ label: r.label, cell: cellFrom(series.cells[i]!, caseLinked ? link(figureCasesPath(filters, f.id, r.label)) : null) })),
      total: series.total ? cellFrom(series.total, null) : null,
      agencyNote: scope.agencyId ? (f.agency ? `Agency means ${f.agency}.` : 'The agency filter does not apply to this figure.') : null,
    };
  };

  const sections: SectionView[] = FIGURE_SECTIONS.filter((s) => s.id !== 'timeliness' && s.id !== 'trends').map((s) => ({
    id: s.id,
    title: s.title,
    source: s.source,
    pending: PENDING_SECTIONS[s.id] ?? null,
    figures: FIGURES.filter((f) => f.section === s.id).map(figureView),
    note: null,
  }));

  // Timeliness: one table per profile, rows by clock kind; met, missed and running add up to the clocks started.
  const profiles: TimelinessProfileView[] = [];
  for (const profileId of [...new Set(snap.timeliness.map((t) => t.profileId))]) {
    const lines = snap.timeliness.filter((t) => t.profileId === profileId);
    const grid = lines.map((l) => [l.met, l.missed, l.running]);
    const g = suppress ? suppressGrid(grid) : {
      cells: grid.map((r) => r.map(unsuppressed)),
      rowTotals: grid.map((r) => unsuppressed(r[0]! + r[1]! + r[2]!)),
      columnTotals: [0, 1, 2].map((c) => unsuppressed(grid.reduce((a, r) => a + r[c]!, 0))),
      grandTotal: unsuppressed(grid.reduce((a, r) => a + r[0]! + r[1]! + r[2]!, 0)),
    };
    const stat = (value: number | null, basedOn: number) => {
      const s = suppress ? suppressStatistic(value, basedOn) : { kind: 'value' as const, value };
      return s.kind === 'primary' ? 'fewer than 5 stopped' : s.value === null ? 'none stopped' : String(s.value);
    };
    profiles.push({
      profileId,
      profileName: names.profileName(profileId),
      rows: lines.map((l, i) => ({
        label: l.label,
        unit: TAKEN_UNIT_LABELS[l.unit],
        started: cellFrom(g.rowTotals[i]!, null),
        met: cellFrom(g.cells[i]![0]!, link(clockCasesPath(filters, profileId, l.ruleId, 'met'))),
        missed: cellFrom(g.cells[i]![1]!, link(clockCasesPath(filters, profileId, l.ruleId, 'missed'))),
        running: cellFrom(g.cells[i]![2]!, link(clockCasesPath(filters, profileId, l.ruleId, 'running'))),
        median: stat(l.median, l.measured),
        p90: stat(l.p90, l.measured),
      })),
      totals: { started: cellFrom(g.grandTotal, null), met: cellFrom(g.columnTotals[0]!, null), missed: cellFrom(g.columnTotals[1]!, null), running: cellFrom(g.columnTotals[2]!, null) },
    });
  }

  const trends: TrendView[] = FIGURES.filter((f) => f.trend).map((f) => {
    const cells = linked.get(f.id)!.cells;
    const points = snap.quarters.map((label, i) => ({ label, shown: cells[i]! }));
    return {
      id: f.id,
      title: f.title,
      definition: f.definition.replace(' in the period', ' in each quarter'),
      coverage: `${snap.quarters[0]} to ${snap.quarters[snap.quarters.length - 1]} (so far); ${coverageText('period', period, scope, names, f.agency !== null).split('; ').slice(1).join('; ')}`,
      chart: trendChart(f.title, points),
      rows: points.map((p) => ({ quarter: p.label, cell: cellFrom(p.shown, null) })),
    };
  });

  return { sections, timeliness: { definition: TIMELINESS_DEFINITION, coverage: coverageText('period', period, scope, names), profiles }, trends, suppressed: suppress };
}

/** Every figure as flat rows, for the CSV and the workbook: the same text the page shows. */
export function exportRows(view: BoardView): { section: string; figure: string; row: string; value: string; covers: string; definition: string }[] {
  const out: { section: string; figure: string; row: string; value: string; covers: string; definition: string }[] = [];
  for (const s of view.sections) {
    for (const f of s.figures) {
      for (const r of f.rows) out.push({ section: s.title, figure: f.title, row: r.label, value: r.cell.text, covers: f.coverage, definition: f.definition });
      if (f.total) out.push({ section: s.title, figure: f.title, row: 'Total', value: f.total.text, covers: f.coverage, definition: f.definition });
    }
  }
  for (const p of view.timeliness.profiles) {
    for (const r of p.rows) {
      const figure = `${r.label} (${p.profileName})`;
      for (const [row, value] of [['Started', r.started.text], ['Met', r.met.text], ['Missed', r.missed.text], ['Running', r.running.text], [`Median time taken (${r.unit})`, r.median], [`90th percentile time taken (${r.unit})`, r.p90]] as const) {
        out.push({ section: 'Timeliness', figure, row, value, covers: view.timeliness.coverage, definition: view.timeliness.definition });
      }
    }
  }
  for (const t of view.trends) for (const r of t.rows) out.push({ section: 'Trends over two years', figure: t.title, row: r.quarter, value: r.cell.text, covers: t.coverage, definition: t.definition });
  return out;
}
