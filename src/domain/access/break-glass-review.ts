// Reviewing a break-glass use (issue 16): who reviews it, and when an unreviewed use is overdue. The case's manager
// reviews; a case with no manager is reviewed by a CSE coordinator of its local authority. Nobody reviews their own use.
import { addWorkingDays, londonDateOf } from '../clock/index.ts';
import type { Calendar } from '../clock/index.ts';
import { hasRole } from './access.ts';
import type { Actor } from './access.ts';

/** An unreviewed use shows on the reviewer's work list once this many working days have passed since it. */
export const BREAK_GLASS_REVIEW_WORKING_DAYS = 5;

/** The London date by which the use should have been reviewed: the 5th working day after the day it was used. */
export function breakGlassReviewDue(grantedAt: Date, calendar: Calendar): string {
  return addWorkingDays(londonDateOf(grantedAt), BREAK_GLASS_REVIEW_WORKING_DAYS, calendar);
}

export function isBreakGlassReviewOverdue(grantedAt: Date, now: Date, calendar: Calendar): boolean {
  return londonDateOf(now) > breakGlassReviewDue(grantedAt, calendar);
}

export type BreakGlassUse = { managerId: string | null; localAuthorityId: string; usedBy: string };

export function mayReviewBreakGlass(actor: Actor, use: BreakGlassUse): boolean {
  if (!actor.active || actor.id === use.usedBy) return false;
  if (use.managerId) return actor.id === use.managerId;
  return actor.localAuthorityId === use.localAuthorityId && hasRole(actor, 'cse-coordinator');
}
