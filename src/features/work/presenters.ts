// Work-list rows as the pages show them, and links that keep the other lists' paging and filters.
import { z } from 'zod';
import { hasRole } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/access/access.ts';
import { withStatus } from '../clocks/service.ts';
import { childName } from '../../platform/web/child-name.ts';

export const WORK_PAGE_SIZE = 25;
export const NOTIFICATIONS_PAGE_SIZE = 10;

/** A page number from the query string; anything else is page 1. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);
export const flagParam = z.enum(['1']).optional().catch(undefined);

/** A link to `path` with the current list parameters and one of them changed (or removed when null). */
export function linkWith(path: string, current: Record<string, string | number | undefined>, change: Record<string, string | number | null>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function actionRow<T extends { due_date: string; given_name: string | null; family_name: string | null; known_as: string | null }>(row: T, today: string) {
  return { ...row, childName: childName(row), overdue: row.due_date < today };
}

export function clockRow<T extends { due_at: Date; stopped_at: Date | null; warning_hours: number; given_name: string | null; family_name: string | null; known_as: string | null; reference: string | null }>(row: T, now: Date) {
  return { ...withStatus(row, now), childName: row.reference ? childName(row) : null };
}

/** My work's sub-navigation: the person's own list, then the lists their roles give them. */
export function workNavigation(actor: Actor, current: 'mine' | 'team' | 'cse' | 'transfers' | 'sharing') {
  return [
    { text: 'My work', href: '/', active: current === 'mine' },
    ...(hasRole(actor, 'team-manager') && actor.localAuthorityId ? [{ text: 'My team', href: '/work/team', active: current === 'team' }] : []),
    ...(hasRole(actor, 'cse-coordinator') && actor.localAuthorityId ? [{ text: 'CSE cases', href: '/work/cse', active: current === 'cse' }] : []),
    // Issue 15: transfers from other authorities waiting for this coordinator's answer (src/features/case-transfer).
    ...(hasRole(actor, 'cse-coordinator') && actor.localAuthorityId ? [{ text: 'Transfer requests', href: '/transfers', active: current === 'transfers' }] : []),
    ...(hasRole(actor, 'team-manager', 'designated-safeguarding-lead') ? [{ text: 'Sharing to approve', href: '/work/sharing', active: current === 'sharing' }] : []),
  ];
}

type CategoryCounts = { category: 1 | 2 | 3; open: number; withOverdue: number };

/**
 * How many cases the coordinator's filtered list holds, from the headline counts (which may be up to 30 s old),
 * corrected by the page just read: a short page gives the exact total, and a full page proves at least that many.
 */
export function cseListTotal(summary: CategoryCounts[], filter: { category?: 1 | 2 | 3 | undefined; overdueOnly: boolean }, page: number, pageSize: number, rowsOnPage: number): number {
  const counted = summary.filter((s) => !filter.category || s.category === filter.category).reduce((sum, s) => sum + (filter.overdueOnly ? s.withOverdue : s.open), 0);
  const before = (page - 1) * pageSize;
  if (rowsOnPage > 0 && rowsOnPage < pageSize) return before + rowsOnPage;
  if (rowsOnPage === pageSize) return Math.max(counted, before + rowsOnPage);
  return counted; // an empty page: beyond the end, or no case at all
}
