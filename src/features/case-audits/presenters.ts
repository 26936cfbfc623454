// How an audit's figures and findings are shown: every count passes through the board's suppression
// (src/domain/board/suppression.ts, primary and secondary) before it reaches a page, as on the board's dashboard.
import { GRADES, GRADE_LABELS, THEME_LABELS } from '../../domain/case-audits/rules.ts';
import type { Grade, Theme } from '../../domain/case-audits/rules.ts';
import { shownText, suppressSharedTotal } from '../../domain/board/suppression.ts';
import type { ShownCount } from '../../domain/board/suppression.ts';

const shown = (s: ShownCount) => ({ value: s.kind === 'count' ? s.value : null, text: shownText(s) });

export function figuresTable(figures: { findings: number; themes: { theme: Theme; counts: Record<Grade, number> }[] }) {
  // Every finding grades every theme, so each theme's row adds up to the number of findings: one shared total.
  const s = suppressSharedTotal(figures.themes.map((t) => GRADES.map((g) => t.counts[g])));
  return {
    findings: shown(s.total),
    grades: GRADES.map((g) => GRADE_LABELS[g]),
    rows: figures.themes.map((t, i) => ({ label: THEME_LABELS[t.theme], cells: s.rows[i]!.cells.map(shown), total: shown(s.rows[i]!.total!) })),
  };
}

export const gradeItems = (chosen: unknown) => GRADES.map((g) => ({ value: g, text: GRADE_LABELS[g], checked: chosen === g }));

export const CATEGORY_LABELS: Record<string, string> = { '1': 'Category 1', '2': 'Category 2', '3': 'Category 3', none: 'No category decided' };
