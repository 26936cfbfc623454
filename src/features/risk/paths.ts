// Typed URL builders for a case's Risk page and its forms (identifiers only: nothing personal in a URL).
export const riskPaths = {
  section: (caseId: string) => `/cases/${caseId}/risk`,
  referralDecision: (caseId: string, referralId: string) => `/cases/${caseId}/risk/referrals/${referralId}/decision`,
  coordinator: () => '/risk/coordinator',
};
