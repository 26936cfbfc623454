// Typed URL builders for police protection on a case.
export const policeProtectionPaths = {
  section: (caseId: string) => `/cases/${caseId}/police-protection`,
  outcome: (caseId: string, protectionId: string) => `/cases/${caseId}/police-protection/${protectionId}/outcome`,
};
