// Small-number suppression for the board's statistics (issue 14; staffordshire 55-56 and camden Part 4 §2 ask for
// central figures, never a recognisable child). Pure: a table of counts in, what may be shown out.
//
// Primary: a count from 1 to 4 is shown as "fewer than 5". Zero is shown: it identifies nobody.
// Secondary: in any line of the table (a row, a column, or a one-dimensional breakdown) that has a total, if only one
// cell of the line (total included) is hidden, the hidden count could be worked out by subtraction; so the smallest
// other non-zero count of that line is hidden too, and this repeats until no line has exactly one hidden cell.
// Nor may the hidden cells of a line pin a small count down between them: a reader knows that a "fewer than 5" is
// 1 to 4 and a "withheld" is 0 or 5 or more, so 1 and 5 hidden beside a total of 6 give the 1 away (1 + 5 is the only
// way to make 6), as do two "fewer than 5" adding up to 2. While some small count of a line can only be one number,
// another count of that line is withheld (the total last but one, a zero last).

export const SMALL_COUNT_THRESHOLD = 5;

export type ShownCount =
  | { kind: 'count'; value: number }
  | { kind: 'primary' }
  | { kind: 'secondary' };

export const PRIMARY_TEXT = 'fewer than 5';
export const SECONDARY_TEXT = 'withheld';

export function isPrimarySuppressed(count: number): boolean {
  return count > 0 && count < SMALL_COUNT_THRESHOLD;
}

export function shownText(shown: ShownCount): string {
  switch (shown.kind) {
    case 'count':
      return String(shown.value);
    case 'primary':
      return PRIMARY_TEXT;
    case 'secondary':
      return SECONDARY_TEXT;
  }
}

/** Cells are addressed by index into a flat list; a line is a list of cell indexes whose values add up. */
export type SuppressionProblem = {
  values: readonly number[];
  lines: readonly (readonly number[])[];
  /** Cells already withheld because another published table withholds the same number. */
  forced?: readonly number[];
};

/** The general algorithm: returns, for each cell, what may be shown. */
export function suppressCells(problem: SuppressionProblem): ShownCount[] {
  const { values, lines } = problem;
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be whole and not negative, got ${v}`);
  const hidden: ('primary' | 'secondary' | null)[] = values.map((v) => (isPrimarySuppressed(v) ? 'primary' : null));
  for (const i of problem.forced ?? []) if (hidden[i] === null) hidden[i] = 'secondary';
  for (let guard = 0; guard <= values.length; guard += 1) {
    let changed = false;
    for (const line of lines) {
      const hiddenInLine = line.filter((i) => hidden[i] !== null);
      if (hiddenInLine.length === 0 || (hiddenInLine.length > 1 && !pinsASmallCount(line, values, hidden))) continue;
      // Hide the smallest other non-zero count of the line (a total is normally the largest, so it goes last); a
      // zero only when nothing else is left.
      const candidates = line.filter((i) => hidden[i] === null).sort((a, b) => rank(values[a]!) - rank(values[b]!) || a - b);
      const pick = candidates[0];
      if (pick === undefined) continue;
      hidden[pick] = 'secondary';
      changed = true;
    }
    if (!changed) break;
  }
  return values.map((value, i) => (hidden[i] === null ? { kind: 'count', value } : { kind: hidden[i]! }));
}

/**
 * Whether a reader could work out a "fewer than 5" of this line exactly. The line's last cell is its total (see the
 * callers); with the total hidden this line alone tells nothing. Otherwise the hidden cells add up to what the total
 * leaves over; each other "fewer than 5" is 1 to 4 and each "withheld" 0 or 5 or more, so the others together make
 * any sum from p to 4p (p of them "fewer than 5"), and with a "withheld" among them also anything from p + 5 up.
 */
function pinsASmallCount(line: readonly number[], values: readonly number[], hidden: readonly ('primary' | 'secondary' | null)[]): boolean {
  const total = line[line.length - 1]!;
  if (hidden[total] !== null) return false;
  const cells = line.slice(0, -1);
  const left = values[total]! - cells.filter((i) => hidden[i] === null).reduce((a, i) => a + values[i]!, 0);
  const hiddenCells = cells.filter((i) => hidden[i] !== null);
  for (const i of hiddenCells) {
    if (hidden[i] !== 'primary') continue;
    const others = hiddenCells.filter((j) => j !== i);
    const p = others.filter((j) => hidden[j] === 'primary').length;
    const withheld = others.length > p;
    let possible = 0;
    for (let v = 1; v < SMALL_COUNT_THRESHOLD; v += 1) {
      const rest = left - v;
      if ((rest >= p && rest <= 4 * p) || (withheld && rest >= p + SMALL_COUNT_THRESHOLD)) possible += 1;
    }
    if (possible <= 1) return true;
  }
  return false;
}

const rank = (v: number) => (v === 0 ? Number.MAX_SAFE_INTEGER : v);

export type SuppressedSeries = { cells: ShownCount[]; total: ShownCount | null };

/** A one-dimensional breakdown, with or without its total shown. */
export function suppressSeries(counts: readonly number[], options: { withTotal: boolean; totalWithheld?: boolean }): SuppressedSeries {
  if (!options.withTotal) {
    return { cells: counts.map((value) => (isPrimarySuppressed(value) ? { kind: 'primary' } : { kind: 'count', value })), total: null };
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const values = [...counts, total];
  const shown = suppressCells({ values, lines: [values.map((_, i) => i)], forced: options.totalWithheld ? [counts.length] : [] });
  return { cells: shown.slice(0, counts.length), total: shown[counts.length]! };
}

/**
 * A series by quarter together with the totals of the periods a reader can choose (each a run of those quarters): a
 * quarter withheld here stays withheld wherever its number appears, and no period total gives one away.
 * `periods` lists, for each published period total, the quarter indexes it adds up.
 */
export function suppressLinkedSeries(counts: readonly number[], periods: readonly (readonly number[])[]): { cells: ShownCount[]; periodTotals: ShownCount[] } {
  const values = [...counts, ...periods.map((p) => p.reduce((a, i) => a + counts[i]!, 0))];
  const lines = periods.map((p, k) => [...p, counts.length + k]);
  const shown = suppressCells({ values, lines });
  return { cells: shown.slice(0, counts.length), periodTotals: shown.slice(counts.length) };
}

export type SuppressedGrid = { cells: ShownCount[][]; rowTotals: ShownCount[]; columnTotals: ShownCount[]; grandTotal: ShownCount };

/** A two-dimensional table with row totals, column totals and the grand total all shown. */
export function suppressGrid(grid: readonly (readonly number[])[]): SuppressedGrid {
  const rows = grid.length;
  const cols = rows === 0 ? 0 : grid[0]!.length;
  for (const row of grid) if (row.length !== cols) throw new RangeError('every row needs the same number of columns');
  // Layout: cell (r, c) at r * (cols + 1) + c; row total at r * (cols + 1) + cols; column totals after the rows; the
  // grand total last.
  const idx = (r: number, c: number) => r * (cols + 1) + c;
  const values: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    values.push(...grid[r]!);
    values.push(grid[r]!.reduce((a, b) => a + b, 0));
  }
  for (let c = 0; c <= cols; c += 1) values.push(c < cols ? grid.reduce((a, row) => a + row[c]!, 0) : grid.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0));
  const colTotalIdx = (c: number) => rows * (cols + 1) + c;
  const lines: number[][] = [];
  for (let r = 0; r < rows; r += 1) lines.push([...Array.from({ length: cols + 1 }, (_, c) => idx(r, c))]);
  for (let c = 0; c <= cols; c += 1) lines.push([...Array.from({ length: rows }, (_, r) => idx(r, c)), colTotalIdx(c)]);
  const shown = suppressCells({ values, lines });
  return {
    cells: grid.map((row, r) => row.map((_, c) => shown[idx(r, c)]!)),
    rowTotals: grid.map((_, r) => shown[idx(r, cols)]!),
    columnTotals: Array.from({ length: cols }, (_, c) => shown[colTotalIdx(c)]!),
    grandTotal: shown[colTotalIdx(cols)]!,
  };
}

/** A statistic that is not a count (a median, a percentile) is withheld when fewer than 5 records lie behind it. */
export function suppressStatistic(value: number | null, basedOn: number): { kind: 'value'; value: number | null } | { kind: 'primary' } {
  return isPrimarySuppressed(basedOn) ? { kind: 'primary' } : { kind: 'value', value };
}

/** Leaves every count as it is: for someone who may see the cases behind the figures. */
export function unsuppressed(value: number): ShownCount {
  return { kind: 'count', value };
}

/**
 * Several breakdowns of the same things, so with the same total (each case audit finding grades every theme): the
 * total is shown only if every breakdown can show it; withheld in one, it is withheld in all, since any one would
 * give it away.
 */
export function suppressSharedTotal(rows: readonly (readonly number[])[]): { rows: SuppressedSeries[]; total: ShownCount } {
  const total = rows.length ? rows[0]!.reduce((a, b) => a + b, 0) : 0;
  for (const r of rows) if (r.reduce((a, b) => a + b, 0) !== total) throw new RangeError('every breakdown needs the same total');
  let out = rows.map((r) => suppressSeries(r, { withTotal: true }));
  if (out.some((s) => s.total!.kind !== 'count')) {
    out = rows.map((r) => suppressSeries(r, { withTotal: true, totalWithheld: true }));
    const primary = out.find((s) => s.total!.kind === 'primary');
    return { rows: out, total: primary ? primary.total! : { kind: 'secondary' } };
  }
  return { rows: out, total: out[0]?.total ?? { kind: 'count', value: 0 } };
}
