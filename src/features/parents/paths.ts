// Typed URL builders for the parent-notification decisions of a case.
export const parentsPaths = {
  section: (caseId: string) => `/cases/${caseId}/parents`,
  /** The section scrolled to one decision. */
  decision: (caseId: string, notificationId: string) => `/cases/${caseId}/parents#decision-${notificationId}`,
  agreement: (caseId: string, notificationId: string) => `/cases/${caseId}/parents/${notificationId}/agreement`,
};
