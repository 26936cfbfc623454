// One zod schema per plan form. Sections arrive as `section-<id>` fields and persons of concern as `poc-N-name`, and
// are grouped here so that error ids match the field ids on the page.
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { REVIEW_STATUSES } from '../../domain/plans/plan-types.ts';

export const MAX_SECTION = 10_000;
export const POC_ROWS = 3;
export const MAX_REVIEW_ITEMS = 200;

const text = (label: string, max = 2000) => z.preprocess(blankToUndefined, z.string().trim().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const optionalUuid = (message: string) => z.preprocess(blankToUndefined, z.uuid(message).optional());
const SECTION_ID = /^[a-z0-9-]{1,60}$/;

function grouped(raw: unknown) {
  const body = (raw ?? {}) as Record<string, unknown>;
  const sections: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (key.startsWith('section-')) sections[key.slice('section-'.length)] = value;
  return {
    ...body,
    sections,
    measures: asArray(body.measures),
    careMeasures: asArray(body.careMeasures),
    personsOfConcern: Array.from({ length: POC_ROWS }, (_, i) => ({ name: body[`poc-${i}-name`], details: body[`poc-${i}-details`] })),
  };
}

const contentFields = {
  sections: z.record(z.string().regex(SECTION_ID, 'Reload the page and try again'), z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(MAX_SECTION, `Each part of the plan must be ${MAX_SECTION.toLocaleString('en-GB')} characters or fewer`))),
  measures: z.array(z.string().max(60)).max(20),
  careMeasures: z.array(z.string().max(60)).max(10),
  personsOfConcern: z.array(z.object({ name: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(200, 'Name must be 200 characters or fewer')), details: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(2000, 'Details must be 2,000 characters or fewer')) })),
  principalOfficerAgreement: text('The Principal Officer’s agreement', 500),
  secretaryOfStateApproval: text('The Secretary of State’s approval', 500),
  changeNote: text('What changed', 1000),
};

export const newPlanSchema = z.preprocess(
  grouped,
  z.object({
    planType: z.string({ message: 'Choose the type of plan' }).trim().min(1, 'Choose the type of plan').max(100),
    sharingLevel: z.enum(['network', 'agency'], { message: 'Choose who can see this plan' }),
    ...contentFields,
  }),
);

export const planVersionSchema = z.preprocess(
  grouped,
  z.object({
    basedOn: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
    ...contentFields,
  }),
);

export const planActionSchema = z.object({
  what: text('What is to be done'),
  ownerUserId: optionalUuid('Choose a person from the list'),
  ownerAgencyId: optionalUuid('Choose an agency from the list'),
  dueDate: z.preprocess(blankToUndefined, isoDateSchema('Due date').optional()),
  desiredOutcome: text('Desired outcome'),
});

export const planReviewSchema = z.preprocess(
  (raw) => {
    const body = (raw ?? {}) as Record<string, unknown>;
    const ids = asArray(body.actionIds);
    return { ...body, actionIds: ids, items: ids.map((id, i) => ({ actionId: id, status: blankToUndefined(body[`progress-${i}-status`]), note: body[`progress-${i}-note`] })) };
  },
  z.object({
    planVersion: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
    overallNote: text('Overall progress', 5000),
    actionIds: z.array(z.uuid('Reload the page and try again')).max(MAX_REVIEW_ITEMS),
    items: z.array(
      z.object({
        actionId: z.uuid(),
        status: z.enum(REVIEW_STATUSES, { message: 'Choose a progress status from the list' }).optional(),
        note: text('Progress note', 2000),
      }),
    ),
  }),
);

/** Completing a plan's action with its evidence is the meetings feature's use case; its form is the same. */
export { completeActionSchema } from '../meetings/schemas.ts';
