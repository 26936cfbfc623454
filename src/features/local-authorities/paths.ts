// Typed URL builders for the local authorities page.
export const localAuthoritiesPaths = {
  list: () => '/admin/local-authorities',
  profile: (authorityId: string) => `/admin/local-authorities/${authorityId}/profile`,
};

/** Route patterns matching the builders above (Express syntax). */
export const localAuthoritiesRoutePatterns = {
  profile: '/admin/local-authorities/:authorityId/profile',
};
