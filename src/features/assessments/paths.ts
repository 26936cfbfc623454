// Typed URL builders for a case's assessments (identifiers only: nothing personal in a URL).
export const assessmentPaths = {
  list: (caseId: string) => `/cases/${caseId}/assessments`,
  start: (caseId: string) => `/cases/${caseId}/assessments/new`,
  assessment: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}`,
  edit: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/edit`,
  print: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/print`,
  pdf: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/print.pdf`,
};
