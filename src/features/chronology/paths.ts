// Typed URL builders for a case's chronology (identifiers and filter values only: nothing personal in a URL).
type Query = Record<string, string>;

const withQuery = (path: string, query: Query = {}) => (Object.keys(query).length ? `${path}?${new URLSearchParams(query)}` : path);
const list = (caseId: string) => `/cases/${caseId}/chronology`;

export const chronologyPaths = {
  /** The chronology, filtered (and paged) when a query is given. */
  list: (caseId: string, query?: Query) => withQuery(list(caseId), query),
  added: (caseId: string) => `${list(caseId)}?added=1`,
  newEvent: (caseId: string) => `${list(caseId)}/new`,
  /** The printable view, with the list's filters already encoded (`kind=…&agency=…`) when there are any. */
  print: (caseId: string, filterQuery?: string) => `${list(caseId)}/print${filterQuery ? `?${filterQuery}` : ''}`,
  export: (caseId: string) => `${list(caseId)}/export`,
};
