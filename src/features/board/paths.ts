// Where the board's pages live, in one place for routes, views and redirects.
import type { BoardFilters } from './service.ts';

export const BOARD = '/board';
export const boardExportPath = `${BOARD}/export`;
export const boardCasesPath = `${BOARD}/cases`;

export function filterQuery(filters: BoardFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('period', filters.period);
  if (filters.localAuthorityId) params.set('localAuthority', filters.localAuthorityId);
  if (filters.agencyId) params.set('agency', filters.agencyId);
  if (filters.profileId) params.set('profile', filters.profileId);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export const boardPath = (filters: BoardFilters) => `${BOARD}?${filterQuery(filters)}`;
export const figureCasesPath = (filters: BoardFilters, figure: string, row: string) => `${boardCasesPath}?${filterQuery(filters, { figure, row })}`;
export const clockCasesPath = (filters: BoardFilters, profileId: string, ruleId: string, outcome: string) => `${boardCasesPath}?${filterQuery(filters, { clockProfile: profileId, rule: ruleId, outcome })}`;

export const boardPaths = { board: boardPath, cases: () => boardCasesPath, figureCases: figureCasesPath, clockCases: clockCasesPath, export: () => boardExportPath };
