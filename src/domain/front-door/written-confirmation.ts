// The written referral that follows a spoken one (camden Part 3 §2: an urgent telephone referral is confirmed in
// writing on the CAF within 48 hours; bedford-luton 12.4: a referral by telephone, in person, by letter or by fax is
// followed up with the Multi-Agency Referral Form). Refusals are values with stable codes and plain messages.

export const WRITTEN_FORMS = ['caf', 'multi-agency-referral-form', 'letter', 'other'] as const;
export type WrittenForm = (typeof WRITTEN_FORMS)[number];

export const WRITTEN_FORM_LABELS: Record<WrittenForm, string> = {
  caf: 'Common Assessment Framework (CAF)',
  'multi-agency-referral-form': 'Multi-Agency Referral Form',
  letter: 'A letter',
  other: 'Another written form (say which in the note)',
};

/** The form each procedure names for the written referral, where it names one. */
export const PROCEDURE_FORM: Readonly<Record<string, { form: WrittenForm; source: string }>> = {
  camden: { form: 'caf', source: 'camden Part 3 §2' },
  'bedford-luton': { form: 'multi-agency-referral-form', source: 'bedford-luton 12.4' },
};

export type ContactFacts = { kind: string; channel: string | null; receivedAt: Date | null; confirmedAt: Date | null };

/** A referral not made on a written or online form is followed up in writing (bedford-luton 12.4; camden Part 3 §2). */
export function mayBeConfirmedInWriting(contact: Pick<ContactFacts, 'kind' | 'channel'>): boolean {
  return contact.kind === 'referral' && contact.channel !== null && contact.channel !== 'online';
}

/** Spoken referrals wait for their written confirmation: the queue shows them as awaiting it until it arrives. */
export function awaitsWrittenConfirmation(contact: Pick<ContactFacts, 'kind' | 'channel' | 'confirmedAt'>): boolean {
  return contact.kind === 'referral' && (contact.channel === 'phone' || contact.channel === 'in-person') && contact.confirmedAt === null;
}

export type WrittenConfirmationInput = { contact: ContactFacts; arrivedAt: Date; form: WrittenForm; note?: string | undefined; now: Date };
export type Refusal = { field: string; code: string; message: string };

/** A few minutes' grace for a clock that runs a little ahead of the person typing "now". */
const FUTURE_GRACE_MS = 5 * 60_000;

export function checkWrittenConfirmation(input: WrittenConfirmationInput): Refusal[] {
  const { contact } = input;
  if (!mayBeConfirmedInWriting(contact)) {
    return [{ field: 'arrivedDate', code: 'not-needed', message: 'Only a referral made by telephone, in person, by letter or by fax is followed up in writing' }];
  }
  if (contact.confirmedAt) return [{ field: 'arrivedDate', code: 'already-confirmed', message: 'The written referral has already been recorded' }];
  const refusals: Refusal[] = [];
  if (input.arrivedAt.getTime() > input.now.getTime() + FUTURE_GRACE_MS) {
    refusals.push({ field: 'arrivedDate', code: 'future', message: 'The date the written referral arrived must be today or in the past' });
  } else if (contact.receivedAt && input.arrivedAt.getTime() < contact.receivedAt.getTime() - FUTURE_GRACE_MS) {
    refusals.push({ field: 'arrivedDate', code: 'before-referral', message: 'The written referral must arrive after the referral it confirms was received' });
  }
  if (input.form === 'other' && !input.note?.trim()) {
    refusals.push({ field: 'note', code: 'form-unnamed', message: 'Say in the note which written form arrived' });
  }
  return refusals;
}
