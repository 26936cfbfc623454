// Typed URL builders for a break-glass use and its review.
export const breakGlassPaths = {
  use: (grantId: string) => `/break-glass/${grantId}`,
  reviewed: (grantId: string) => `/break-glass/${grantId}?done=reviewed`,
  review: (grantId: string) => `/break-glass/${grantId}/review`,
  reviews: () => '/break-glass/reviews',
  /** Who has opened the case, and how. */
  access: (caseId: string) => `/cases/${caseId}/access`,
};
