// Typed URL builders for the transfer pages.
export const paths = {
  section: (caseId: string) => `/cases/${caseId}/transfer`,
  package: (caseId: string, transferId: string) => `/cases/${caseId}/transfer/${transferId}`,
  answer: (caseId: string, transferId: string, kind: 'accept' | 'decline' | 'withdraw') => `/cases/${caseId}/transfer/${transferId}/${kind}`,
  incoming: () => '/transfers',
  transferredRecord: (caseId: string) => `/cases/${caseId}/transferred-record`,
};
