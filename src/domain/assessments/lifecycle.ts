// An assessment's life as a state machine (STYLE.md habit 5): a draft is saved any number of times, submitted for a
// manager's authorisation, then either returned to the author with a reason (a draft again) or authorised, which is
// final. `decide` is pure: callers pass the assessment's state, the command and `now`, and apply the events it
// returns, or show its refusals.
//
// The procedures have the initial assessment "completed" within 7 days and the duty manager deciding what follows
// (staffordshire 25; camden Part 3 §2): completion is the manager's authorisation, which answers the clock. Someone
// cannot authorise an assessment they wrote or submitted: authorisation is a second person's check.
import type { Role } from '../access/roles.ts';
import { SECTIONS, SECTIONS_OF, SECTION_MAX_LENGTH } from './kinds.ts';
import type { AssessmentKind, SectionId } from './kinds.ts';

export type AssessmentStatus = 'draft' | 'submitted' | 'authorised';

export const ASSESSMENT_STATUS_LABELS: Record<AssessmentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted for authorisation',
  authorised: 'Authorised',
};

export const MIN_RETURN_REASON_LENGTH = 10;

export type AssessmentRefusal = { field: string; code: string; message: string; source?: string };

export type AssessmentState = {
  status: AssessmentStatus;
  kind: AssessmentKind;
  /** Who started (wrote) the assessment. */
  authorId: string;
  /** Who submitted it, while it is submitted. */
  submittedBy: string | null;
  /** Continuing risk of significant harm was recorded during this (initial) assessment. */
  significantHarmFound: boolean;
};

export type AssessmentActor = { id: string; isManager: boolean };

export type AssessmentCommand =
  | { type: 'save'; actor: AssessmentActor; sections: Partial<Record<SectionId, string>> }
  | { type: 'submit'; actor: AssessmentActor; sections: Partial<Record<SectionId, string>> }
  | { type: 'authorise'; actor: AssessmentActor }
  | { type: 'return'; actor: AssessmentActor; reason: string | undefined }
  | { type: 'record-significant-harm'; actor: AssessmentActor; early: boolean | undefined; details: string | undefined };

export type AssessmentEvent =
  | { type: 'draft-saved'; at: Date }
  | { type: 'submitted'; at: Date; by: string }
  | { type: 'authorised'; at: Date; by: string }
  | { type: 'returned'; at: Date; by: string; reason: string }
  | { type: 'significant-harm-found'; at: Date; by: string; early: boolean; details: string };

export type AssessmentDecision = { ok: true; events: AssessmentEvent[] } | { ok: false; refusals: AssessmentRefusal[] };

/** Refusal codes about the assessment's state or the person, not the input: nothing typed can fix them. */
export const STATE_REFUSALS: readonly string[] = ['authorised', 'not-submitted', 'submitted', 'not-a-manager', 'own-assessment', 'significant-harm-recorded', 'not-initial'];

/**
 * A manager for an assessment: a team manager of the case's local authority, or the case's named manager
 * (issue 11). Pure, so that the page and the service ask the same question.
 */
export function isAssessmentManager(actor: { id: string; roles: readonly Role[]; localAuthorityId: string | null }, kase: { localAuthorityId: string; managerId: string | null }): boolean {
  if (kase.managerId !== null && kase.managerId === actor.id) return true;
  return actor.roles.includes('team-manager') && actor.localAuthorityId === kase.localAuthorityId;
}

/** Only the size is checked on a draft: whatever was typed is kept, blank or not. */
export function draftRefusals(sections: Partial<Record<SectionId, string>>): AssessmentRefusal[] {
  const refusals: AssessmentRefusal[] = [];
  for (const [id, text] of Object.entries(sections) as [SectionId, string | undefined][]) {
    if (text !== undefined && text.length > SECTION_MAX_LENGTH) {
      refusals.push({ field: id, code: 'section-too-long', message: `${SECTIONS[id].label} must be ${SECTION_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` });
    }
  }
  return refusals;
}

/** Every section of the kind must have text before it goes to a manager. */
export function submissionRefusals(kind: AssessmentKind, sections: Partial<Record<SectionId, string>>): AssessmentRefusal[] {
  const refusals = draftRefusals(sections);
  for (const id of SECTIONS_OF[kind]) {
    if (!(sections[id] ?? '').trim()) refusals.push({ field: id, code: 'section-missing', message: SECTIONS[id].missing, source: SECTIONS[id].source });
  }
  return refusals;
}

const refuse = (refusals: AssessmentRefusal[]): AssessmentDecision => ({ ok: false, refusals });
const text = (value: string | undefined) => (typeof value === 'string' ? value.trim() : '');

/** The field each command's refusals about the whole assessment are shown against. */
const FIRST_FIELD: Record<AssessmentCommand['type'], string> = { save: 'developmentalNeeds', submit: 'developmentalNeeds', authorise: 'decision', return: 'reason', 'record-significant-harm': 'early' };

export function decide(state: AssessmentState, command: AssessmentCommand, now: Date): AssessmentDecision {
  const field = FIRST_FIELD[command.type];
  if (state.status === 'authorised') {
    return refuse([{ field, code: 'authorised', message: 'This assessment has been authorised: it cannot be changed. Start a new assessment if the child’s circumstances have changed' }]);
  }
  switch (command.type) {
    case 'save': {
      if (state.status === 'submitted') return refuse([{ field, code: 'submitted', message: 'This assessment has been submitted for authorisation: it can be changed only if a manager returns it' }]);
      const refusals = draftRefusals(command.sections);
      return refusals.length ? refuse(refusals) : { ok: true, events: [{ type: 'draft-saved', at: now }] };
    }
    case 'submit': {
      if (state.status === 'submitted') return refuse([{ field, code: 'submitted', message: 'This assessment has already been submitted for authorisation' }]);
      const refusals = submissionRefusals(state.kind, command.sections);
      return refusals.length ? refuse(refusals) : { ok: true, events: [{ type: 'draft-saved', at: now }, { type: 'submitted', at: now, by: command.actor.id }] };
    }
    case 'authorise':
    case 'return': {
      if (state.status !== 'submitted') return refuse([{ field, code: 'not-submitted', message: `This assessment has not been submitted for authorisation: it cannot be ${command.type === 'authorise' ? 'authorised' : 'returned'} yet` }]);
      if (!command.actor.isManager) return refuse([{ field, code: 'not-a-manager', message: 'Only a team manager, or the case’s manager, can authorise or return an assessment' }]);
      if (command.type === 'authorise' && (command.actor.id === state.authorId || command.actor.id === state.submittedBy)) {
        return refuse([{ field, code: 'own-assessment', message: 'You cannot authorise an assessment you wrote or submitted: another manager must authorise it' }]);
      }
      if (command.type === 'authorise') return { ok: true, events: [{ type: 'authorised', at: now, by: command.actor.id }] };
      const reason = text(command.reason);
      if (reason.length < MIN_RETURN_REASON_LENGTH) return refuse([{ field: 'reason', code: 'reason-missing', message: `Explain in at least ${MIN_RETURN_REASON_LENGTH} characters what needs to change` }]);
      return { ok: true, events: [{ type: 'returned', at: now, by: command.actor.id, reason }] };
    }
    case 'record-significant-harm': {
      if (state.kind !== 'initial') return refuse([{ field, code: 'not-initial', message: 'Continuing risk of significant harm is recorded during an initial assessment' }]);
      if (state.significantHarmFound) return refuse([{ field, code: 'significant-harm-recorded', message: 'Continuing risk of significant harm has already been recorded for this assessment' }]);
      const refusals: AssessmentRefusal[] = [];
      if (command.early === undefined) refusals.push({ field: 'early', code: 'early-missing', message: 'Say whether this was found at an early stage of the initial assessment', source: 'staffordshire 29' });
      if (text(command.details).length < MIN_RETURN_REASON_LENGTH) refusals.push({ field: 'details', code: 'details-missing', message: `Describe the risk of significant harm in at least ${MIN_RETURN_REASON_LENGTH} characters` });
      if (refusals.length || command.early === undefined) return refuse(refusals);
      return { ok: true, events: [{ type: 'significant-harm-found', at: now, by: command.actor.id, early: command.early, details: text(command.details) }] };
    }
  }
}
