// View models for the plan pages: plain values for the GOV.UK macros, shaped outside the templates.
import { CARE_MEASURES, DISRUPTION_MEASURES } from '../../domain/plans/plans.ts';
import { REVIEW_STATUSES, REVIEW_STATUS_LABELS, measureLabel } from '../../domain/plans/plan-types.ts';
import type { PlanContent, PlanTypeOption } from '../../domain/plans/plan-types.ts';
import { POC_ROWS } from './schemas.ts';

export const SHARING_LABELS = { network: 'Case network', agency: 'Own agency only' } as const;

const list = (value: unknown): string[] => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

export function categoryHint(type: PlanTypeOption): string {
  const parts = [type.source];
  if (type.categories) parts.push(`for category ${type.categories.join(' or ')}`);
  if (type.lookedAfterOnly) parts.push('for a looked-after child');
  return parts.join('; ');
}

/** The form's values from a stored version (for a new version) or from the submitted body (after an error). */
export function formInput(content: PlanContent): Record<string, unknown> {
  const input: Record<string, unknown> = {
    measures: content.measures,
    careMeasures: content.careMeasures,
    principalOfficerAgreement: content.principalOfficerAgreement ?? '',
    secretaryOfStateApproval: content.secretaryOfStateApproval ?? '',
  };
  for (const [id, value] of Object.entries(content.sections)) input[`section-${id}`] = value;
  content.personsOfConcern.forEach((p, i) => {
    input[`poc-${i}-name`] = p.name;
    input[`poc-${i}-details`] = p.details;
  });
  return input;
}

export function planForm(type: PlanTypeOption, input: Record<string, unknown>, lookedAfter: boolean) {
  const chosenMeasures = list(input.measures);
  const chosenCare = list(input.careMeasures);
  return {
    sections: type.sections.map((s) => ({ id: `section-${s.id}`, label: s.required ? s.label : `${s.label} (optional)`, value: input[`section-${s.id}`] ?? '' })),
    disruption: type.kind === 'disruption-plan',
    measures: DISRUPTION_MEASURES.map((m) => ({ value: m.id, text: m.label, checked: chosenMeasures.includes(m.id) })),
    persons: Array.from({ length: POC_ROWS }, (_, i) => ({ i, name: input[`poc-${i}-name`] ?? '', details: input[`poc-${i}-details`] ?? '' })),
    lookedAfter,
    careMeasures: CARE_MEASURES.map((m) => ({ value: m.id, text: m.label, checked: chosenCare.includes(m.id) })),
  };
}

/** A stored version as summary-list rows, in the type's section order, then anything the type no longer has. */
export function contentRows(type: PlanTypeOption, content: PlanContent) {
  const ids = [...type.sections.map((s) => s.id), ...Object.keys(content.sections).filter((id) => !type.sections.some((s) => s.id === id))];
  return ids.map((id) => ({ key: { text: type.sections.find((s) => s.id === id)?.label ?? id }, value: { text: content.sections[id] || 'Not recorded', classes: 'harbour-preserve' } }));
}

export function contentExtras(content: PlanContent) {
  return {
    measures: content.measures.map(measureLabel),
    persons: content.personsOfConcern.filter((p) => p.name || p.details),
    careMeasures: content.careMeasures.map(measureLabel),
    principalOfficerAgreement: content.principalOfficerAgreement,
    secretaryOfStateApproval: content.secretaryOfStateApproval,
    changeNote: content.changeNote,
  };
}

export function reviewItems(actions: readonly { id: string }[], input: Record<string, unknown>) {
  return actions.map((a, i) => ({
    ...a,
    i,
    statuses: REVIEW_STATUSES.map((s) => ({ value: s, text: REVIEW_STATUS_LABELS[s], checked: input[`progress-${i}-status`] === s })),
    note: input[`progress-${i}-note`] ?? '',
  }));
}

export function personOptions(people: readonly { user_id: string; display_name: string; agency_name: string }[], selected: unknown) {
  return [{ value: '', text: 'Choose a person' }, ...people.map((p) => ({ value: p.user_id, text: `${p.display_name} (${p.agency_name})`, selected: selected === p.user_id }))];
}

/** zod paths to the field ids of the page (sections-health → section-health, personsOfConcern-0-name → poc-0-name). */
export function pageFieldErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const id = key
      .replace(/^sections-/, 'section-')
      .replace(/^personsOfConcern-/, 'poc-')
      .replace(/^items-(\d+)-/, 'progress-$1-')
      .replace(/^(measures|careMeasures)-\d+$/, '$1')
      .replace(/^actionIds-\d+$/, 'form');
    out[id] ??= message;
  }
  return out;
}
