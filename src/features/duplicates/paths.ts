// Typed URL builders for the likely duplicates of a child's record.
export const duplicatesPaths = {
  duplicates: (childId: string) => `/children/${childId}/duplicates`,
};

/** Route patterns matching the builders above (Express syntax). */
export const duplicatesRoutePatterns = {
  duplicates: '/children/:childId/duplicates',
};
