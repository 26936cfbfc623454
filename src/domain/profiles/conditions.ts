// Whether a timescale rule's condition holds for a case or referral at the moment its start event happens.
import type { TimescaleCondition } from './enums.ts';

export type ConditionFacts = {
  /** The child's CSE risk category, when decided. */
  category?: 1 | 2 | 3 | null;
  /** Whether the child is already known to (allocated in) children's social care; undefined when not yet checked. */
  childKnownToSocialCare?: boolean;
  /** Outcome ids of the meeting that started the clock. */
  meetingOutcomes?: readonly string[];
  /** Whether the finding came early in the initial assessment; undefined when not recorded. */
  earlyInInitialAssessment?: boolean;
};

/** Outcome ids that end the review cycle (no further action; child protection procedures invoked). */
export const REVIEW_ENDING_OUTCOMES = ['no-further-action', 'nfa', 'child-protection-procedures', 'child-protection', 'cp'] as const;

/**
 * Unknown facts count in favour of starting the clock: an unneeded clock can be stopped by a person, a missed
 * statutory deadline cannot be undone. The exception is the category, which must be known to be 2 or 3.
 */
export function conditionHolds(condition: TimescaleCondition | undefined, facts: ConditionFacts): boolean {
  switch (condition) {
    case undefined:
      return true;
    case 'category-2-or-3':
      return facts.category === 2 || facts.category === 3;
    case 'unless-nfa-or-cp':
      return !(facts.meetingOutcomes ?? []).some((o) => (REVIEW_ENDING_OUTCOMES as readonly string[]).includes(o));
    case 'child-not-known-to-social-care':
      return facts.childKnownToSocialCare !== true;
    case 'early-in-initial-assessment':
      return facts.earlyInInitialAssessment !== false;
  }
}

/**
 * The conditions that a set of facts settles. A fact learnt after a clock started (the child turns out to be known to
 * social care once the front door links the contact to them) can show that the clock's condition no longer holds;
 * only the conditions the facts speak to are reconsidered, so an unknown category never withdraws a clock.
 */
export function conditionsSettledBy(facts: ConditionFacts): TimescaleCondition[] {
  const settled: TimescaleCondition[] = [];
  if (facts.category !== undefined) settled.push('category-2-or-3');
  if (facts.meetingOutcomes !== undefined) settled.push('unless-nfa-or-cp');
  if (facts.childKnownToSocialCare !== undefined) settled.push('child-not-known-to-social-care');
  if (facts.earlyInInitialAssessment !== undefined) settled.push('early-in-initial-assessment');
  return settled;
}

/** The rules whose condition these facts settle against them: their running clocks are no longer required. */
export function rulesNoLongerRequired<R extends { id: string; condition?: TimescaleCondition | undefined }>(rules: readonly R[], facts: ConditionFacts): R[] {
  const settled = conditionsSettledBy(facts);
  return rules.filter((rule) => rule.condition !== undefined && settled.includes(rule.condition) && !conditionHolds(rule.condition, facts));
}
