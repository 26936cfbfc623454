// The other children an assessment must consider (staffordshire 26: siblings, other children of the family or
// household, the peer group; ird: a person of concern's own children). Each gets a decision: assessed within this
// assessment, referred to the front door as a concern of their own, or no action, with the reason.
export const RELATIONSHIPS = ['sibling', 'household', 'peer', 'child-of-person-of-concern'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  sibling: 'Sibling',
  household: 'Another child in the household',
  peer: 'In the peer group',
  'child-of-person-of-concern': 'A child of a person of concern',
};

export const RELATED_DECISIONS = ['assessed-here', 'referred', 'no-action'] as const;
export type RelatedDecision = (typeof RELATED_DECISIONS)[number];

export const RELATED_DECISION_LABELS: Record<RelatedDecision, string> = {
  'assessed-here': 'Assessed within this assessment',
  referred: 'Referred to the front door',
  'no-action': 'No action',
};

export type RelatedChildInput = {
  name?: string | undefined;
  relationship?: string | undefined;
  personOfConcern?: string | undefined;
  decision?: string | undefined;
  reason?: string | undefined;
};

export type RelatedChildRefusal = { field: string; code: string; message: string; source?: string };

const text = (value: string | undefined) => (typeof value === 'string' ? value.trim() : '');

export function relatedChildRefusals(input: RelatedChildInput): RelatedChildRefusal[] {
  const refusals: RelatedChildRefusal[] = [];
  if (!text(input.name)) refusals.push({ field: 'name', code: 'name-missing', message: 'Enter the child’s name, or what they are known as' });
  if (!(RELATIONSHIPS as readonly string[]).includes(input.relationship ?? '')) {
    refusals.push({ field: 'relationship', code: 'relationship-missing', message: 'Choose how the child is related', source: 'staffordshire 26' });
  } else if (input.relationship === 'child-of-person-of-concern' && !text(input.personOfConcern)) {
    refusals.push({ field: 'personOfConcern', code: 'person-of-concern-missing', message: 'Enter the person of concern whose child this is', source: 'ird' });
  }
  if (!(RELATED_DECISIONS as readonly string[]).includes(input.decision ?? '')) {
    refusals.push({ field: 'decision', code: 'decision-missing', message: 'Choose what happens for this child' });
  } else if (input.decision !== 'assessed-here' && text(input.reason).length < 10) {
    refusals.push({
      field: 'reason',
      code: 'reason-missing',
      message: input.decision === 'referred' ? 'Describe the concern for the front door in at least 10 characters' : 'Explain in at least 10 characters why no action is needed',
    });
  }
  return refusals;
}
