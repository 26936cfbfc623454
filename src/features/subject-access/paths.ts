// Typed URL builders for subject access requests.
export const sarPaths = {
  list: () => '/subject-access',
  create: () => '/subject-access',
  request: (id: string) => `/subject-access/${id}`,
  item: (id: string, itemId: string) => `/subject-access/${id}/items/${itemId}`,
  release: (id: string) => `/subject-access/${id}/release`,
  pdf: (id: string) => `/subject-access/${id}/record.pdf`,
  json: (id: string) => `/subject-access/${id}/record.json`,
};
