/** The procedure profiles Harbour ships, one per local procedure document (see PROCEDURES.md). */
export const PROFILE_IDS = ['staffordshire', 'bedford-luton', 'ird', 'cambridgeshire', 'camden'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export function isProfileId(value: unknown): value is ProfileId {
  return typeof value === 'string' && (PROFILE_IDS as readonly string[]).includes(value);
}
