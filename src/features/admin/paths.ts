// Typed URL builders for the administration pages: every link and redirect in this folder comes from here.

export const adminPaths = {
  home: '/admin',
  agencies: '/admin/agencies',
  newAgency: '/admin/agencies/new',
  agency: (agencyId: string) => `/admin/agencies/${agencyId}`,
  editAgency: (agencyId: string) => `/admin/agencies/${agencyId}/edit`,
  newTeam: (agencyId: string) => `/admin/agencies/${agencyId}/teams/new`,
  teams: (agencyId: string) => `/admin/agencies/${agencyId}/teams`,
  editTeam: (agencyId: string, teamId: string) => `/admin/agencies/${agencyId}/teams/${teamId}/edit`,
  deactivateTeam: (agencyId: string, teamId: string) => `/admin/agencies/${agencyId}/teams/${teamId}/deactivate`,
  reactivateTeam: (agencyId: string, teamId: string) => `/admin/agencies/${agencyId}/teams/${teamId}/reactivate`,
  users: '/admin/users',
  userSearch: '/admin/users/search',
  newUser: '/admin/users/new',
  user: (userId: string) => `/admin/users/${userId}`,
  editUser: (userId: string) => `/admin/users/${userId}/edit`,
  deactivateUser: (userId: string) => `/admin/users/${userId}/deactivate`,
  reactivateUser: (userId: string) => `/admin/users/${userId}/reactivate`,
  resetPassword: (userId: string) => `/admin/users/${userId}/password`,
  unlockUser: (userId: string) => `/admin/users/${userId}/unlock`,
  resetSecondFactor: (userId: string) => `/admin/users/${userId}/second-factor/reset`,
  audit: '/admin/audit',
  auditVerify: '/admin/audit/verify',
} as const;

/** Route patterns matching the builders above (Express syntax). */
export const adminRoutePatterns = {
  agency: '/admin/agencies/:agencyId',
  editAgency: '/admin/agencies/:agencyId/edit',
  newTeam: '/admin/agencies/:agencyId/teams/new',
  teams: '/admin/agencies/:agencyId/teams',
  editTeam: '/admin/agencies/:agencyId/teams/:teamId/edit',
  deactivateTeam: '/admin/agencies/:agencyId/teams/:teamId/deactivate',
  reactivateTeam: '/admin/agencies/:agencyId/teams/:teamId/reactivate',
  user: '/admin/users/:userId',
  editUser: '/admin/users/:userId/edit',
  deactivateUser: '/admin/users/:userId/deactivate',
  reactivateUser: '/admin/users/:userId/reactivate',
  resetPassword: '/admin/users/:userId/password',
  unlockUser: '/admin/users/:userId/unlock',
  resetSecondFactor: '/admin/users/:userId/second-factor/reset',
} as const;

/** Adds a query string built from the non-empty values, so filters survive links and pagination. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
