// Typed URL builders for a case's Risk page and its forms (identifiers only: nothing personal in a URL).
export const riskPaths = {
  section: (caseId: string) => `/cases/${caseId}/risk`,
  referralDecision: (caseId: string, referralId: string) => `/cases/${caseId}/risk/referrals/${referralId}/decision`,
  newObservation: (caseId: string) => `/cases/${caseId}/risk/observations/new`,
  observations: (caseId: string) => `/cases/${caseId}/risk/observations`,
  newReferral: (caseId: string) => `/cases/${caseId}/risk/referral/new`,
  referral: (caseId: string) => `/cases/${caseId}/risk/referral`,
  category: (caseId: string) => `/cases/${caseId}/risk/category`,
  nrm: (caseId: string) => `/cases/${caseId}/risk/nrm`,
  links: (caseId: string) => `/cases/${caseId}/risk/links`,
  coordinator: () => '/risk/coordinator',
};
