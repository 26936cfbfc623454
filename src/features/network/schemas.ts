import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { RELATIONSHIPS } from '../../platform/database/migrations/0008-case-records.ts';

export { RELATIONSHIPS };
export type Relationship = (typeof RELATIONSHIPS)[number];

export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  parent: 'Parent',
  'parental-responsibility': 'Person with parental responsibility',
  sibling: 'Sibling',
  'household-member': 'Other member of the household',
  peer: 'Peer or friend',
  other: 'Other',
};

export const addMemberSchema = z.object({
  userId: z.uuid({ message: 'Choose the person to add' }),
  roleInCase: z.string({ message: 'Enter their role in this case' }).trim().min(1, 'Enter their role in this case, for example ‘School nurse’').max(200, 'Role must be 200 characters or fewer'),
});

export const nominateSchema = z.object({
  userId: z.uuid({ message: 'Choose a member of the network' }),
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
});

export const emptySchema = z.object({}).loose();

export const relatedPersonSchema = z.object({
  relationship: z.enum(RELATIONSHIPS, { message: 'Choose how they are related to the child' }),
  name: z.string({ message: 'Enter their name' }).trim().min(1, 'Enter their name, or how they are known').max(200, 'Name must be 200 characters or fewer'),
  dateOfBirth: z.preprocess(blankToUndefined, isoDateSchema('Date of birth').optional()),
  hasParentalResponsibility: z.enum(['yes', 'no'], { message: 'Say whether they have parental responsibility for the child' }).transform((v) => v === 'yes'),
  notes: z.preprocess(blankToUndefined, z.string().trim().max(2000, 'Notes must be 2,000 characters or fewer').optional()),
});
