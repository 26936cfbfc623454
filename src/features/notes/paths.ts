// Typed URL builders for a case's notes (no personal data in any of them).
export const notesPaths = {
  list: (caseId: string) => `/cases/${caseId}/notes`,
  /** The list filtered by type and paged, as the filter form and the page links ask for it. */
  listPage: (caseId: string, query: { type?: string | undefined; page: number }) => `/cases/${caseId}/notes?${new URLSearchParams({ ...(query.type ? { type: query.type } : {}), page: String(query.page) })}`,
  saved: (caseId: string) => `/cases/${caseId}/notes?saved=1`,
  new: (caseId: string) => `/cases/${caseId}/notes/new`,
  /** The note and every version of it; a POST here is the author's edit. */
  note: (caseId: string, noteId: string) => `/cases/${caseId}/notes/${noteId}`,
  edit: (caseId: string, noteId: string) => `/cases/${caseId}/notes/${noteId}/edit`,
};
