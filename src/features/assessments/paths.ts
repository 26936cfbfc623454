// Typed URL builders for a case's assessments (identifiers only: nothing personal in a URL).
export const assessmentPaths = {
  list: (caseId: string) => `/cases/${caseId}/assessments`,
  /** The start form, for one kind of assessment when `kind` is given. */
  start: (caseId: string, kind?: 'initial' | 'core') => `/cases/${caseId}/assessments/new${kind ? `?kind=${kind}` : ''}`,
  assessment: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}`,
  edit: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/edit`,
  print: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/print`,
  pdf: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/print.pdf`,
  authorise: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/authorise`,
  return: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/return`,
  significantHarm: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/significant-harm`,
  related: (caseId: string, assessmentId: string) => `/cases/${caseId}/assessments/${assessmentId}/related`,
};
