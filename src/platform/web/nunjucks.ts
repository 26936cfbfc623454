import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import type { Express } from 'express';

const require = createRequire(import.meta.url);
export const SRC_DIR = join(import.meta.dirname, '..', '..');
export const GOVUK_FRONTEND_DIR = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ_FRONTEND_DIR = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});
const londonDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** GOV.UK style: 4 June 2026 at 9:05am. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(londonDateTime.formatToParts(date).map((p) => [p.type, p.value]));
  const period = (parts.dayPeriod ?? '').toLowerCase().replace(/\s/g, '');
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${period}`;
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  // A bare 'YYYY-MM-DD' is a calendar date, not an instant: format it without any time-zone shift.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return londonDate.format(new Date(Date.UTC(y!, m! - 1, d!, 12)));
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : londonDate.format(date);
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
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('date', formatDate);
  env.addFilter('plural', (count: number, singular: string, plural?: string) => (count === 1 ? singular : (plural ?? `${singular}s`)));
  for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
  return env;
}
