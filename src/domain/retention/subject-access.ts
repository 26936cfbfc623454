// A subject access request for a child's record (issue 15; UK GDPR Art. 15, Data Protection Act 2018 Sch. 2 and 3):
// which items need the information governance officer's review before release, and when the release may go.
// Pure: no I/O.
import { addMonthsClamped } from '../clock/index.ts';

export const SAR_ITEM_KINDS = ['child-details', 'case', 'chronology-entry', 'case-note', 'related-person', 'intelligence-link'] as const;
export type SarItemKind = (typeof SAR_ITEM_KINDS)[number];

export const REVIEW_REASONS = ['third-party', 'police-only'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export const REVIEW_REASON_LABELS: Record<ReviewReason, string> = {
  'third-party': 'Names a third party',
  'police-only': 'Police-only entry',
};

export type SarItemFacts = {
  kind: SarItemKind;
  /** The agency kind of the item's author, when it has one. */
  authorAgencyKind: string | null;
  sharingLevel: 'network' | 'agency' | 'named' | null;
};

/**
 * Third parties (DPA 2018 Sch. 2 para 16): related people and persons of concern are named by the item itself.
 * Police-only (DPA 2018 Sch. 2 para 2, crime and taxation): an entry by the police not shared beyond the police,
 * and every intelligence link. Anything else is the child's own information and is released without review.
 */
export function reviewReasonsFor(item: SarItemFacts): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (item.kind === 'related-person' || item.kind === 'intelligence-link') reasons.push('third-party');
  if (item.kind === 'intelligence-link' || (item.authorAgencyKind === 'police' && item.sharingLevel !== null && item.sharingLevel !== 'network')) reasons.push('police-only');
  return reasons;
}

/** One calendar month from receipt (UK GDPR Art. 12(3)); extendable by two further months for a complex request. */
export function sarDueOn(receivedOn: string): string {
  return addMonthsClamped(receivedOn, 1);
}

export type SarDecision = { decision: 'release' | 'withhold'; reason: string };

export type ItemDecisionRefusal = { code: 'reason-required' | 'already-released'; message: string };

export function decideItem(released: boolean, decision: SarDecision): { ok: true; decision: SarDecision } | { ok: false; refusal: ItemDecisionRefusal } {
  if (released) return { ok: false, refusal: { code: 'already-released', message: 'This request has already been released.' } };
  const reason = decision.reason.trim();
  if (!reason) return { ok: false, refusal: { code: 'reason-required', message: decision.decision === 'withhold' ? 'Enter the reason for withholding this item (the exemption relied on)' : 'Enter the reason for releasing this item' } };
  return { ok: true, decision: { decision: decision.decision, reason } };
}

export type ReleaseRefusal = { code: 'already-released' | 'items-undecided'; message: string };

export function decideRelease(released: boolean, undecidedCount: number): { ok: true } | { ok: false; refusal: ReleaseRefusal } {
  if (released) return { ok: false, refusal: { code: 'already-released', message: 'This request has already been released.' } };
  if (undecidedCount > 0) return { ok: false, refusal: { code: 'items-undecided', message: `Decide every item listed for review before release (${undecidedCount} left)` } };
  return { ok: true };
}
