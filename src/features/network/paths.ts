// Typed URL builders for a case's professional network and the people in the child's life.
import type { Nomination } from './service.ts';

export type NetworkNotice = 'member-added' | 'member-removed' | 'nominated' | 'related';

export const networkPaths = {
  page: (caseId: string) => `/cases/${caseId}/network`,
  done: (caseId: string, notice: NetworkNotice) => `/cases/${caseId}/network?done=${notice}`,
  members: (caseId: string) => `/cases/${caseId}/network/members`,
  removeMember: (caseId: string, memberId: string) => `/cases/${caseId}/network/members/${memberId}/remove`,
  nominate: (caseId: string, role: Nomination) => `/cases/${caseId}/network/${role}-professional`,
  relatedPeople: (caseId: string) => `/cases/${caseId}/network/related-people`,
  removeRelatedPerson: (caseId: string, personId: string) => `/cases/${caseId}/network/related-people/${personId}/remove`,
};
