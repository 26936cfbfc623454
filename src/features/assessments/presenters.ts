// View models for the assessment pages: plain values and labels, shaped here rather than in the templates.
import { SHARING_LEVEL_LABELS, SHARING_LEVELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import {
  ASSESSMENT_KIND_LABELS, ASSESSMENT_SOURCES, ASSESSMENT_STATUS_LABELS, RELATED_DECISION_LABELS, RELATIONSHIP_LABELS, SECTIONS,
} from '../../domain/assessments/index.ts';
import type { AssessmentKind, AssessmentStatus, RelatedDecision, Relationship, SectionId } from '../../domain/assessments/index.ts';
import type { AssessmentRow, AssessmentService } from './service.ts';

export const STATUS_TAGS: Record<AssessmentStatus, string> = { draft: 'govuk-tag--grey', submitted: 'govuk-tag--blue', authorised: 'govuk-tag--green' };

export const HISTORY_LABELS: Record<string, string> = {
  started: 'Started',
  'draft-saved': 'Draft saved',
  submitted: 'Submitted for authorisation',
  returned: 'Returned to the author',
  authorised: 'Authorised',
  'significant-harm-found': 'Continuing risk of significant harm recorded',
};

type Clock = { rule_id: string; label: string; due_at: Date; started_at: Date; stopped_at: Date | null; referral_id: string | null; case_id: string | null; statusLabel: string; statusTag: string };

/**
 * The clock an assessment answers: for an initial assessment, the clock of the referral it came from (or the case's
 * latest one started before it); for a core assessment, the one its own start began.
 */
export function clockFor<C extends Clock>(a: { kind: AssessmentKind; referral_id: string | null; started_at: Date }, rules: Record<AssessmentKind, string[]>, clocks: readonly C[]): C | null {
  const candidates = clocks.filter((c) => rules[a.kind].includes(c.rule_id));
  if (a.kind === 'initial') {
    return candidates.find((c) => a.referral_id !== null && c.referral_id === a.referral_id)
      ?? candidates.filter((c) => c.started_at.getTime() <= a.started_at.getTime()).sort((x, y) => y.started_at.getTime() - x.started_at.getTime())[0]
      ?? null;
  }
  return candidates.filter((c) => c.started_at.getTime() >= a.started_at.getTime()).sort((x, y) => x.started_at.getTime() - y.started_at.getTime())[0] ?? null;
}

export function assessmentSummary(a: AssessmentRow) {
  return {
    ...a,
    kindLabel: ASSESSMENT_KIND_LABELS[a.kind],
    source: ASSESSMENT_SOURCES[a.kind],
    statusLabel: ASSESSMENT_STATUS_LABELS[a.status],
    statusTag: STATUS_TAGS[a.status],
  };
}

export type AssessmentView = Awaited<ReturnType<AssessmentService['view']>>;

export function sectionViews(view: AssessmentView) {
  return view.sections.map((s) => ({
    ...s,
    label: SECTIONS[s.section_id as SectionId]?.label ?? s.section_id,
    sharingLabel: SHARING_LEVEL_LABELS[s.sharing_level as SharingLevel],
  }));
}

export function relatedViews(view: AssessmentView) {
  return view.related.map((r) => ({
    ...r,
    relationshipLabel: RELATIONSHIP_LABELS[r.relationship as Relationship] ?? r.relationship,
    decisionLabel: RELATED_DECISION_LABELS[r.decision as RelatedDecision] ?? r.decision,
  }));
}

export function historyViews(view: AssessmentView) {
  return view.history.map((h) => ({ ...h, label: HISTORY_LABELS[h.event] ?? h.event }));
}

/** Radios for one section's sharing level, with the named people's checkboxes, the input kept. */
export function sectionSharing(level: string, chosen: readonly string[], network: readonly { user_id: string; display_name: string; agency_name: string }[], actorId: string) {
  const picked = new Set(chosen);
  return {
    levels: SHARING_LEVELS.map((value) => ({ value, text: SHARING_LEVEL_LABELS[value], checked: level === value })),
    people: network.filter((m) => m.user_id !== actorId).map((m) => ({ value: m.user_id, text: `${m.display_name} (${m.agency_name})`, checked: picked.has(m.user_id) })),
  };
}
