// Typed URL builders for information sharing (no personal data in any of them).
export const sharingPaths = {
  section: (caseId: string) => `/cases/${caseId}/sharing`,
  record: (caseId: string) => `/cases/${caseId}/sharing/new`,
  decision: (caseId: string, decisionId: string) => `/cases/${caseId}/sharing/${decisionId}`,
  approval: (caseId: string, decisionId: string) => `/cases/${caseId}/sharing/${decisionId}/approval`,
  withdrawal: (caseId: string, decisionId: string) => `/cases/${caseId}/sharing/${decisionId}/withdrawal`,
  telling: (caseId: string, decisionId: string) => `/cases/${caseId}/sharing/${decisionId}/telling`,
  approvals: () => '/work/sharing',
  /** The case's decisions as the API gives them. */
  apiDecisions: (caseId: string) => `/api/v1/cases/${caseId}/sharing-decisions`,
  /** The whole case summary a decision in force shares with its recipients. */
  sharedSummary: (caseId: string) => `/cases/${caseId}/shared-summary`,
  /** The decision form with one record ("<type>:<uuid>") chosen, and the case network as recipient when `network` is set. */
  recordWith: (caseId: string, item: string, network = false) => `/cases/${caseId}/sharing/new?item=${item}${network ? '&network=yes' : ''}`,
};
