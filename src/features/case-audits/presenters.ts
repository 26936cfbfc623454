// How an audit's figures and findings are shown: every count passes through suppressRow before it reaches a page.
import { GRADES, GRADE_LABELS, THEME_LABELS, suppressRow } from '../../domain/case-audits/rules.ts';
import type { Grade, Theme } from '../../domain/case-audits/rules.ts';

export function figuresTable(figures: { findings: number; themes: { theme: Theme; counts: Record<Grade, number> }[] }) {
  return {
    findings: suppressRow([figures.findings]).total,
    grades: GRADES.map((g) => GRADE_LABELS[g]),
    rows: figures.themes.map((t) => {
      const shown = suppressRow(GRADES.map((g) => t.counts[g]));
      return { label: THEME_LABELS[t.theme], cells: shown.cells, total: shown.total };
    }),
  };
}

export const gradeItems = (chosen: unknown) => GRADES.map((g) => ({ value: g, text: GRADE_LABELS[g], checked: chosen === g }));

export const CATEGORY_LABELS: Record<string, string> = { '1': 'Category 1', '2': 'Category 2', '3': 'Category 3', none: 'No category decided' };
