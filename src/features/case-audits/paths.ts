// Typed URL builders of the board case audits (identifiers only: nothing personal in a URL).
export const caseAuditPaths = {
  list: () => '/case-audits',
  draw: () => '/case-audits/new',
  create: () => '/case-audits',
  audit: (auditId: string) => `/case-audits/${auditId}`,
  close: (auditId: string) => `/case-audits/${auditId}/close`,
  finding: (auditId: string, caseId: string) => `/case-audits/${auditId}/cases/${caseId}`,
};
