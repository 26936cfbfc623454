// Typed URL builders for a case's overview, its break-glass form and the search for a child (identifiers only).
export const casePaths = {
  case: (caseId: string) => `/cases/${caseId}`,
  /** The overview scrolled to one of its parts (#clocks). */
  caseAt: (caseId: string, anchor: string) => `/cases/${caseId}#${anchor}`,
  /** The overview saying the case has just been transferred to the viewer's area. */
  transferred: (caseId: string) => `/cases/${caseId}?transferred=1`,
  /** A section of the case pages by its path below the case ('' for the overview, '/chronology' …). */
  section: (caseId: string, sectionPath: string) => `/cases/${caseId}${sectionPath}`,
  breakGlass: (caseId: string) => `/cases/${caseId}/break-glass`,
  search: () => '/children/search',
};
