// View models for the meeting pages: plain values for the GOV.UK macros, shaped outside the templates.
import type { MeetingType } from '../../domain/profiles/index.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { POLICE_CHECK_SUBJECTS, POLICE_CHECK_SUBJECT_LABELS } from '../../domain/meetings/rules.ts';
import { UNLISTED_INVITEE, inviteeRoleLabel } from '../../domain/meetings/invitees.ts';
import { CANCEL_REASONS } from '../../domain/meetings/lifecycle.ts';
import type { CancelReason } from '../../domain/meetings/lifecycle.ts';

export const STATUS_LABELS = { convened: 'Convened', held: 'Held', cancelled: 'Cancelled' } as const;
export const STATUS_TAGS = { convened: 'govuk-tag--blue', held: 'govuk-tag--green', cancelled: 'govuk-tag--grey' } as const;

const asList = (value: unknown): string[] => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

export function checkboxItems(items: readonly { id: string; label: string }[], selected: unknown) {
  const chosen = asList(selected);
  return items.map((i) => ({ value: i.id, text: i.label, checked: chosen.includes(i.id) }));
}

export function radioYesNo(value: unknown, yes = 'Yes', no = 'No') {
  return [
    { value: 'yes', text: yes, checked: value === 'yes' || value === true },
    { value: 'no', text: no, checked: value === 'no' || value === false },
  ];
}

export function policeCheckItems(selected: unknown) {
  return checkboxItems(POLICE_CHECK_SUBJECTS.map((s) => ({ id: s, label: POLICE_CHECK_SUBJECT_LABELS[s] })), selected);
}

export function sharingLevelOptions(selected: unknown) {
  return (Object.keys(SHARING_LEVEL_LABELS) as SharingLevel[]).map((level) => ({ value: level, text: SHARING_LEVEL_LABELS[level], selected: (selected ?? 'network') === level }));
}

export function inviteeRoleOptions(type: MeetingType, selected: unknown) {
  const roles = type.invitees.length ? type.invitees.map((i) => ({ role: i.role, label: i.label })) : [{ role: UNLISTED_INVITEE.role, label: UNLISTED_INVITEE.label }];
  return [{ value: '', text: 'Choose a role' }, ...roles.map((r) => ({ value: r.role, text: r.label, selected: selected === r.role }))];
}

export function inviteeRows(type: MeetingType | undefined, invitees: readonly { id: string; user_id: string | null; name: string | null; invited_role: string; attended: boolean | null; apologies: boolean; display_name: string | null; agency_name: string | null }[]) {
  return invitees.map((i) => ({
    ...i,
    who: i.display_name ?? i.name ?? 'Not named',
    roleLabel: i.invited_role === 'chair' ? 'Chair' : type ? inviteeRoleLabel(type, i.invited_role) : i.invited_role,
    attendanceLabel: i.attended === null ? 'Invited' : i.attended ? 'Attended' : i.apologies ? 'Apologies' : 'Did not attend',
  }));
}

export function sharingLabel(level: string): string {
  return SHARING_LEVEL_LABELS[level as SharingLevel] ?? level;
}

export function personOptions(people: readonly { id: string; display_name: string; agency_name?: string | null }[], selected: unknown, blank = 'Choose a person') {
  return [{ value: '', text: blank }, ...people.map((p) => ({ value: p.id, text: p.agency_name ? `${p.display_name} (${p.agency_name})` : p.display_name, selected: selected === p.id }))];
}

export function cancelReasonItems(selected: unknown) {
  return (Object.keys(CANCEL_REASONS) as CancelReason[]).map((code) => ({ value: code, text: CANCEL_REASONS[code], checked: selected === code }));
}

export function cancelReasonLabel(code: string): string {
  return CANCEL_REASONS[code as CancelReason] ?? code;
}

/** The history of a meeting's moves, for the meeting page: what changed, why, who and when. */
export function changeRows(changes: readonly { id: string; previous_at: Date; new_at: Date; previous_venue: string; new_venue: string; reason: string; late_reason: string | null; changed_at: Date; changed_by_name: string }[]) {
  return changes.map((c) => ({
    id: c.id,
    previousAt: c.previous_at,
    newAt: c.new_at,
    previousVenue: c.previous_venue,
    newVenue: c.new_venue,
    venueChanged: c.previous_venue !== c.new_venue,
    reason: c.reason,
    lateReason: c.late_reason,
    changedAt: c.changed_at,
    changedBy: c.changed_by_name,
  }));
}
