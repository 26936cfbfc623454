// Multi-agency case audits for the board (staffordshire 55-56: "case auditing" as part of the review of trends and
// outcomes; PROCEDURES.md step 11). Pure rules: drawing a reproducible random sample, when an auditor's access to a
// sampled case is in force, the findings template, and how findings figures are suppressed for display.
import { createHash } from 'node:crypto';

/** The criteria a sample is drawn by; every one is optional except the sample size. */
export type SampleCriteria = {
  localAuthorityId: string | null;
  /** The case was open at some time in this period (both ISO dates, inclusive). */
  openFrom: string | null;
  openTo: string | null;
  /** Current risk category: 1, 2, 3, or 'none' for cases with no category decided. */
  category: '1' | '2' | '3' | 'none' | null;
  /** An agency with someone in the case's professional network (now or before). */
  agencyId: string | null;
  sampleSize: number;
};

export const MAX_SAMPLE_SIZE = 50;

/**
 * The rank of a case in a draw: SHA-256 of the seed and the case id. Sorting by it is a random permutation that
 * depends only on the seed and the set of eligible cases, not on the order the database returned them in, so the
 * same seed and the same eligible cases always give the same sample.
 */
function rank(seed: string, caseId: string): string {
  return createHash('sha256').update(seed).update('\n').update(caseId).digest('hex');
}

/** Draws `size` of `eligible` (all of them when there are fewer), in draw order. */
export function drawSample(eligible: readonly string[], seed: string, size: number): string[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('A sample has at least one case');
  if (seed.length < 16) throw new RangeError('A seed has at least 16 characters');
  const distinct = [...new Set(eligible)];
  return distinct
    .map((id) => ({ id, key: rank(seed, id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, size)
    .map((r) => r.id);
}

/** A fingerprint of the eligible set, stored with the draw so a re-draw can prove it started from the same cases. */
export function eligibleDigest(eligible: readonly string[]): string {
  return createHash('sha256').update([...new Set(eligible)].sort().join('\n')).digest('hex');
}

/** Whether the period criteria make sense; returns the field and message of the first problem. */
export function checkCriteria(c: SampleCriteria): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (c.openFrom && c.openTo && c.openFrom > c.openTo) problems.push({ field: 'openTo', message: 'The end of the period must be the same as or after its start' });
  if (!Number.isInteger(c.sampleSize) || c.sampleSize < 1 || c.sampleSize > MAX_SAMPLE_SIZE) problems.push({ field: 'sampleSize', message: `Enter a sample size from 1 to ${MAX_SAMPLE_SIZE}` });
  return problems;
}

/** The longest an audit may give access for, from the day it is drawn. */
export const MAX_AUDIT_DAYS = 92;

export type AuditGrantDates = { startsAt: Date; endsAt: Date; closedAt: Date | null };

/**
 * An auditor's read access to a sampled case is in force from the draw until the end of the audit's end date,
 * or until the audit is closed if that is sooner. Decided at read time from these dates, so nothing has to run to
 * end it. (case-access.ts asks the same in SQL.)
 */
export function auditAccessActiveAt(grant: AuditGrantDates, at: Date): boolean {
  if (at < grant.startsAt) return false;
  if (at >= grant.endsAt) return false;
  if (grant.closedAt !== null && at >= grant.closedAt) return false;
  return true;
}

export type AuditStatus = 'open' | 'ended' | 'closed';
export function auditStatusAt(grant: AuditGrantDates, at: Date): AuditStatus {
  if (grant.closedAt !== null && at >= grant.closedAt) return 'closed';
  if (at >= grant.endsAt) return 'ended';
  return 'open';
}
export const AUDIT_STATUS_LABELS: Record<AuditStatus, string> = { open: 'Open', ended: 'Ended (end date passed)', closed: 'Closed' };

/** The short template every auditor records against, per sampled case. */
export const THEMES = ['timeliness', 'assessment', 'voice', 'multi-agency'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  timeliness: 'Timeliness',
  assessment: 'Quality of assessment',
  voice: 'Voice of the child',
  'multi-agency': 'Multi-agency working',
};
export const GRADES = ['good', 'requires-improvement', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = { good: 'Good', 'requires-improvement': 'Requires improvement', inadequate: 'Inadequate' };

// Small counts of findings are suppressed by the board's suppression (src/domain/board/suppression.ts).
