// bedford-luton 2.8, 12.4: a referral is made "as soon as a problem, suspicion or concern becomes apparent, and
// certainly within 24 hours". The clock starts at the moment the referrer says the concern became apparent and
// stops when the referral reaches children's social care.

export type ReferralClockChange = 'start' | 'move' | 'keep' | 'none';

/**
 * What a draft or a submission does to the referral clock: start it at the moment given, move a running one to a
 * corrected moment, keep it as it is, or nothing (no moment given and none running). A moment removed later
 * leaves a running clock alone: an unknown moment never stops a statutory clock.
 */
export function referralClockChange(input: { apparentAt: Date | null; runningSince: Date | null }): ReferralClockChange {
  if (!input.apparentAt) return input.runningSince ? 'keep' : 'none';
  if (!input.runningSince) return 'start';
  return input.runningSince.getTime() === input.apparentAt.getTime() ? 'keep' : 'move';
}

/** A moment in the future cannot be when a concern became apparent. */
export function apparentAtRefusal(apparentAt: Date | null, now: Date): string | null {
  return apparentAt && apparentAt.getTime() > now.getTime() ? 'The date the concern became apparent must be today or in the past' : null;
}
