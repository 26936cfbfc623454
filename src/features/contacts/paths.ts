// Typed URL builders for concerns, referrals and the front door (no personal data in any of them).
export type QueueFilter = { status: 'received' | 'decided'; team?: string | undefined };

export const contactsPaths = {
  newConcern: () => '/concerns/new',
  concerns: () => '/concerns',
  /** A concern or referral as its referrer sees it (the front door is sent on to its own page). */
  concern: (contactId: string) => `/concerns/${contactId}`,
  sent: (contactId: string) => `/concerns/${contactId}/sent`,
  newReferral: () => '/referrals/new',
  referrals: () => '/referrals',
  draft: (contactId: string) => `/referrals/drafts/${contactId}`,
  myReferrals: () => '/my-referrals',
  queue: () => '/front-door',
  queuePage: (filter: QueueFilter, page: number) => `/front-door?${new URLSearchParams({ status: filter.status, ...(filter.team ? { team: filter.team } : {}), page: String(page) })}`,
  /** A contact as the front door sees it, optionally at one of its forms (#decision, #handover, …). */
  contact: (contactId: string, anchor?: string) => `/front-door/contacts/${contactId}${anchor ? `#${anchor}` : ''}`,
  decided: (contactId: string) => `/front-door/contacts/${contactId}?decided=1`,
  identify: (contactId: string) => `/front-door/contacts/${contactId}/identify`,
  decision: (contactId: string) => `/front-door/contacts/${contactId}/decision`,
  writtenConfirmation: (contactId: string) => `/front-door/contacts/${contactId}/written-confirmation`,
  handover: (contactId: string) => `/front-door/contacts/${contactId}/handover`,
  publicForm: () => '/report-a-concern',
};
