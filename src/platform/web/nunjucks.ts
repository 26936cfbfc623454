import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import type { Express } from 'express';
import { toLondon } from '../../domain/clock/london-time.ts';

const require = createRequire(import.meta.url);
export const SRC_DIR = join(import.meta.dirname, '..', '..');
export const GOVUK_FRONTEND_DIR = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ_FRONTEND_DIR = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** GOV.UK style: 4 June 2026 at 9:05am (London time). Built from toLondon's fields: Intl's formatToParts cost a tenth of a page's CPU. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const t = toLondon(date);
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year} at ${hour12}:${String(t.minute).padStart(2, '0')}${t.hour < 12 ? 'am' : 'pm'}`;
}

/** GOV.UK style: 4 June 2026. A bare 'YYYY-MM-DD' is a calendar date, not an instant: no time-zone shift. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  const calendar = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (calendar) return `${Number(calendar[3])} ${MONTHS[Number(calendar[2]) - 1]} ${Number(calendar[1])}`;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const t = toLondon(date);
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year}`;
}

export function setUpNunjucks(app: Express, globals: Record<string, unknown>): nunjucks.Environment {
  const env = nunjucks.configure(
    [join(SRC_DIR, 'views'), join(SRC_DIR, 'features'), GOVUK_FRONTEND_DIR, MOJ_FRONTEND_DIR],
    { autoescape: true, express: app, noCache: process.env.NODE_ENV === 'development' },
  );
  app.set('view engine', 'njk');
  // MOJ's timeline and other macros rely on its filters.
  const mojFilters = require('@ministryofjustice/frontend/moj/filters/all')() as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, filter] of Object.entries(mojFilters)) env.addFilter(name, filter);
  // The same result as nunjucks' own trim, which uses /^\s*|\s*$/g: that pattern retries at every position of
  // a component's whole output, and GOV.UK's macros trim most of what they render.
  env.addFilter('trim', (str: unknown) => {
    const trimmed = String.prototype.trim.call(str);
    return str instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
  });
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('date', formatDate);
  env.addFilter('plural', (count: number, singular: string, plural?: string) => (count === 1 ? singular : (plural ?? `${singular}s`)));
  for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
  return env;
}
