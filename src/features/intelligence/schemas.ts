// The forms of the intelligence register. Shapes only (lengths, real dates, one of the lists); what contradicts
// what (merge guards) and what matches what are the domain's (src/domain/intelligence).
import { z } from 'zod';
import { blankToUndefined, asArray } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { DESCRIPTION_FIELDS, DISRUPTION_KINDS, ENTITY_KINDS, JUSTICE_OUTCOMES, PLACE_KINDS } from '../../domain/intelligence/index.ts';
import { OBSERVATION_SOURCES } from '../../domain/risk/suggest.ts';
import { sharingFields } from '../chronology/schemas.ts';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const optionalDate = (label: string) => z.preprocess(blankToUndefined, isoDateSchema(label).optional());

const description = Object.fromEntries(DESCRIPTION_FIELDS.map((f) => [f, optionalText(500)])) as Record<(typeof DESCRIPTION_FIELDS)[number], ReturnType<typeof optionalText>>;

export const entitySchema = z
  .object({
    kind: z.enum(ENTITY_KINDS, { message: 'Choose what you are recording' }),
    name: optionalText(200),
    aliases: optionalText(500),
    approximateAge: z.preprocess(blankToUndefined, z.coerce.number({ message: 'Approximate age must be a number, like 27' }).int('Approximate age must be a whole number').min(10, 'Approximate age must be 10 or more').max(100, 'Approximate age must be 100 or less').optional()),
    dateOfBirth: optionalDate('Date of birth'),
    sex: z.preprocess(blankToUndefined, z.enum(['female', 'male', 'not-known'], { message: 'Choose the sex from the list' }).optional()),
    ...description,
    associates: optionalText(1000),
    make: optionalText(100),
    model: optionalText(100),
    colour: optionalText(100),
    registration: optionalText(20),
    address: optionalText(500),
    description: optionalText(1000),
    placeKind: z.preprocess(blankToUndefined, z.enum(PLACE_KINDS, { message: 'Choose the kind of place' }).optional()),
    childHasKeys: z.preprocess(blankToUndefined, z.literal('yes').optional()),
    number: optionalText(40),
    handle: optionalText(100),
    platform: optionalText(100),
    confirmed: z.preprocess(blankToUndefined, z.literal('yes').optional()),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'person' && !v.name) need('name', 'Enter a name or nickname');
    if (v.kind === 'vehicle' && !v.registration && !v.model && !v.make && !v.colour) need('registration', 'Enter a number plate (or part of one), or the make, model or colour');
    if (v.kind === 'place' && !v.address && !v.description) need('address', 'Enter the address or describe the place');
    if (v.kind === 'phone' && !v.number && !v.handle) need('number', 'Enter a phone number or an online handle');
    if (v.kind === 'phone' && v.number && v.number.replace(/\D/g, '').length < 4) need('number', 'Enter at least 4 digits of the number');
  });
export type EntityInput = z.infer<typeof entitySchema>;

const linkFields = {
  nature: z.string({ message: 'Enter how they are linked' }).trim().min(1, 'Enter how they are linked, for example ‘boyfriend’ or ‘seen collecting’').max(200, 'Must be 200 characters or fewer'),
  firstKnown: optionalDate('First known'),
  lastKnown: z.preprocess(blankToUndefined, isoDateSchema('Last known').optional()),
  source: optionalText(200),
  howKnown: z.enum(OBSERVATION_SOURCES as unknown as readonly ['seen', 'told-by-child', 'reliable-source', 'third-hand'], { message: 'Choose how it is known' }),
};

export const caseLinkSchema = z.object({ entityId: z.uuid({ message: 'Choose a record from the register' }), ...linkFields, ...sharingFields });
export type CaseLinkInput = z.infer<typeof caseLinkSchema>;

/** A link from a missing episode: who the child was with, or where they were found. */
export const episodeLinkSchema = caseLinkSchema.extend({ role: z.enum(['with', 'found-at'], { message: 'Choose whether they were with the child or where the child was found' }) });

export const entityLinkSchema = z.object({ otherEntityId: z.uuid({ message: 'Choose a record from the register' }), ...linkFields, sharingLevel: z.enum(['network', 'agency'], { message: 'Choose who can see this link' }) });
export type EntityLinkInput = z.infer<typeof entityLinkSchema>;

export const mergeSchema = z.object({
  duplicateId: z.uuid({ message: 'Enter the reference of the duplicate entry' }),
  reason: z.string({ message: 'Enter why these are the same' }).trim().min(1, 'Enter why these are the same').max(1000, 'Must be 1,000 characters or fewer'),
});
export const undoSchema = z.object({ mergeId: z.uuid({ message: 'Choose the merge to undo' }) });
export const dismissSchema = z.object({ reason: z.string({ message: 'Enter why the alert is dismissed' }).trim().min(1, 'Enter why the alert is dismissed').max(1000, 'Must be 1,000 characters or fewer') });
export const searchSchema = z.object({ q: optionalText(200) });
export { asArray };
export const disruptionSchema = z.object({
  disruption: z.enum(DISRUPTION_KINDS, { message: 'Choose the disruption action' }),
  takenOn: z.string({ message: 'Enter the date it was taken' }).trim().min(1, 'Enter the date it was taken').pipe(isoDateSchema('Date taken')),
  disruptionNotes: optionalText(1000),
});
export type DisruptionInput = z.infer<typeof disruptionSchema>;

/** A charge, conviction or acquittal recorded against a person of concern. */
export const justiceOutcomeSchema = z.object({
  outcome: z.enum(JUSTICE_OUTCOMES, { message: 'Choose the outcome' }),
  decidedOn: z.string({ message: 'Enter the date of the outcome' }).trim().min(1, 'Enter the date of the outcome').pipe(isoDateSchema('Date of the outcome')),
  outcomeNotes: optionalText(1000),
});
export type JusticeOutcomeInput = z.infer<typeof justiceOutcomeSchema>;

/** Mentioning a register entry in a case note or an observation. */
export const mentionSchema = z.object({ entityId: z.uuid({ message: 'Choose an entry from the register' }) });
