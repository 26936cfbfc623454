// Typed URL builders for the parent-notification decisions of a case.
export const parentsPaths = {
  section: (caseId: string) => `/cases/${caseId}/parents`,
};
