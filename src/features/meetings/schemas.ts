// One zod schema per meeting form. Repeating rows (information shared, disagreements) arrive as flat fields named
// `information-0-item` and are grouped here, so error ids match the field ids on the page.
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { SHARING_LEVELS } from '../../domain/access/access.ts';
import { POLICE_CHECK_SUBJECTS } from '../../domain/meetings/rules.ts';
import { NOT_SUBSTANTIATED_FOLLOW_UPS } from '../../domain/meetings/section47.ts';

export const MAX_TEXT = 10_000;
export const INFORMATION_ROWS = 5;
export const DISAGREEMENT_ROWS = 3;
export const EXTERNAL_ROWS = 3;
export const EXTRA_USER_ROWS = 2;

const text = (label: string, max = MAX_TEXT) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const requiredText = (message: string, max = MAX_TEXT) =>
  z.string({ message }).trim().min(1, message).max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalUuid = (message: string) => z.preprocess(blankToUndefined, z.uuid(message).optional());
const checkbox = z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()).default(false);
const yesNo = (message: string) => z.enum(['yes', 'no'], { message }).transform((v) => v === 'yes');
const time = (label: string) => z.string({ message: `Enter the ${label}` }).trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a real time in 24-hour format, like 14:30`);
const version = z.coerce.number().int();

/** Collects `prefix-N-field` fields into an array of N rows (keeping N, so error ids stay on their row). */
export function rows(body: Record<string, unknown>, prefix: string, count: number, fields: readonly string[]) {
  return Array.from({ length: count }, (_, i) => Object.fromEntries(fields.map((f) => [f, body[`${prefix}-${i}-${f}`]])));
}

export const conveneSchema = z.preprocess(
  (raw) => {
    const body = (raw ?? {}) as Record<string, unknown>;
    return {
      ...body,
      invitees: asArray(body.invitees),
      external: rows(body, 'external', EXTERNAL_ROWS, ['name', 'role']),
      extra: rows(body, 'extra', EXTRA_USER_ROWS, ['user']),
    };
  },
  z.object({
    meetingType: z.string({ message: 'Choose the type of meeting' }).min(1, 'Choose the type of meeting').max(100),
    date: z.string({ message: 'Enter the meeting date' }).trim().min(1, 'Enter the meeting date').pipe(isoDateSchema('Meeting date')),
    time: time('meeting time'),
    venue: requiredText('Enter where the meeting will be held', 300),
    chairId: z.uuid('Choose who will chair the meeting'),
    lateReason: text('Reason', 2000),
    invitees: z.array(z.uuid('Choose invitees from the list')).max(100),
    extra: z.array(z.object({ user: optionalUuid('Choose a person from the list') })),
    external: z.array(z.object({ name: text('Name', 200), role: z.preprocess(blankToUndefined, z.string().max(100).optional()) })),
    linkedCases: text('Case references', 500),
  }),
);

export const policeChecksSchema = z.object({
  version,
  subjects: z.preprocess(asArray, z.array(z.enum(POLICE_CHECK_SUBJECTS, { message: 'Choose who the checks are on' })).min(1, 'Choose who the police checks were requested on')),
  notes: text('Notes', 2000),
});

export const attendanceSchema = z.object({
  version,
  considered: z.preprocess(asArray, z.array(z.string().max(100)).max(50)),
  childAttends: yesNo('Say whether the child will attend'),
  parentsAttend: yesNo('Say whether the parents or carers will attend'),
  reasons: text('Reasons'),
  safetyConfirmed: checkbox,
  whoWillInform: text('Who will tell them', 2000),
});

export const ATTENDANCE_VALUES = ['attended', 'apologies', 'absent'] as const;

export const recordSchema = z.preprocess(
  (raw) => {
    const body = (raw ?? {}) as Record<string, unknown>;
    const attendance: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) if (key.startsWith('attendance-')) attendance[key.slice('attendance-'.length)] = value;
    return {
      ...body,
      attendance,
      purposes: asArray(body.purposes),
      outcomes: asArray(body.outcomes),
      information: rows(body, 'information', INFORMATION_ROWS, ['item', 'level', 'person']),
      disagreements: rows(body, 'disagreements', DISAGREEMENT_ROWS, ['text', 'escalated', 'escalatedTo']),
    };
  },
  z.object({
    version,
    heldDate: z.string({ message: 'Enter the date the meeting was held' }).trim().min(1, 'Enter the date the meeting was held').pipe(isoDateSchema('Date held')),
    heldTime: time('time the meeting started'),
    lateReason: text('Reason', 2000),
    attendance: z.record(z.string(), z.enum(ATTENDANCE_VALUES, { message: 'Say whether each person attended, sent apologies or did not attend' })),
    purposes: z.array(z.string().max(100)).max(50),
    outcomes: z.array(z.string().max(100)).max(50),
    decisionsSummary: text('What the meeting decided'),
    information: z.array(z.object({ item: text('Information'), level: z.preprocess((v) => blankToUndefined(v) ?? 'network', z.enum(SHARING_LEVELS, { message: 'Choose who may see it' })), person: optionalUuid('Choose the person it is shared with') })),
    disagreements: z.array(z.object({ text: text('Disagreement', 2000), escalated: checkbox, escalatedTo: text('Escalated to', 300) })),
    parentsTold: yesNo('Say whether the parents will be told of the concerns'),
    parentsToldWhat: text('What they will be told', 2000),
    parentsToldBy: text('Who will tell them', 300),
    parentsExceptionReason: text('Reason', 2000),
    keyProfessionalId: optionalUuid('Choose the key professional from the list'),
    reviewDate: z.preprocess(blankToUndefined, isoDateSchema('Review date').optional()),
    cjProposed: checkbox,
    cjDiversionFailed: checkbox,
    cjAgeAndVulnerability: text('Age and vulnerability', 2000),
    cjGenuinelyVoluntary: checkbox,
    cjChildUnderstands: checkbox,
  }),
);

export const actionSchema = z.object({
  what: text('What is to be done', 2000),
  ownerUserId: optionalUuid('Choose a person from the list'),
  ownerAgencyId: optionalUuid('Choose an agency from the list'),
  dueDate: z.preprocess(blankToUndefined, isoDateSchema('Due date').optional()),
  desiredOutcome: text('Desired outcome', 2000),
  caseId: optionalUuid('Choose the child the action is for'),
});

export const completeActionSchema = z.object({
  version,
  evidence: z.string({ message: 'Describe the evidence that the action is done' }).trim().min(10, 'Describe the evidence that the action is done, in at least 10 characters').max(MAX_TEXT),
});

export const shareMinutesSchema = z.object({ version });

// The reasons are checked by the lifecycle (src/domain/meetings/lifecycle.ts), so that every refusal it gives, with its
// code, reaches the page at once; the schema only shapes the input.
export const rescheduleSchema = z.object({
  version,
  date: z.string({ message: 'Enter the new date' }).trim().min(1, 'Enter the new date').pipe(isoDateSchema('New date')),
  time: time('start time'),
  venue: requiredText('Enter where the meeting will be held', 300),
  reason: text('Reason', 2000),
  lateReason: text('Reason', 2000),
});

export const cancelSchema = z.object({
  version,
  reasonCode: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  reason: text('Reason', 2000),
});

export const section47Schema = z.object({
  outcome: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  hasProtectionPlan: z.enum(['yes', 'no'], { message: 'Say whether the child already has a child protection plan' }),
  followUp: z.preprocess(blankToUndefined, z.enum(NOT_SUBSTANTIATED_FOLLOW_UPS, { message: 'Choose a follow-up from the list' }).optional()),
  reasons: text('Reasons'),
  dueDate: z.preprocess(blankToUndefined, isoDateSchema('Due date').optional()),
});
