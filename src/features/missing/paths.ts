// Typed URL builders for a case's missing episodes (no personal data in any of them).
export type MissingNotice = 'reported' | 'returned' | 'leaving' | 'interview';

export const missingPaths = {
  list: (caseId: string) => `/cases/${caseId}/missing`,
  /** The list with what was just done said above it, scrolled to the episode when there is one. */
  done: (caseId: string, notice: MissingNotice, episodeId?: string) => `/cases/${caseId}/missing?done=${notice}${episodeId ? `#episode-${episodeId}` : ''}`,
  /** The list scrolled to one episode. */
  episode: (caseId: string, episodeId: string) => `/cases/${caseId}/missing#episode-${episodeId}`,
  report: (caseId: string) => `/cases/${caseId}/missing/new`,
  return: (caseId: string, episodeId: string) => `/cases/${caseId}/missing/${episodeId}/return`,
  leaving: (caseId: string, episodeId: string) => `/cases/${caseId}/missing/${episodeId}/leaving`,
  interview: (caseId: string, episodeId: string) => `/cases/${caseId}/missing/${episodeId}/interview`,
};
