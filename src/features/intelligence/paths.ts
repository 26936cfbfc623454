// Where the intelligence pages live, in one place for routes, views and redirects.
export const INTELLIGENCE = '/intelligence';
export const entityPath = (id: string) => `${INTELLIGENCE}/${id}`;
export const newEntityPath = (kind?: string, caseId?: string) => `${INTELLIGENCE}/new${kind || caseId ? '?' : ''}${[kind ? `kind=${kind}` : '', caseId ? `caseId=${caseId}` : ''].filter(Boolean).join('&')}`;
export const alertsPath = `${INTELLIGENCE}/alerts`;
export const alertPath = (id: string) => `${alertsPath}/${id}`;
export const caseIntelligencePath = (caseId: string) => `/cases/${caseId}/intelligence`;
export const caseLinkPath = (caseId: string, entityId?: string) => `${caseIntelligencePath(caseId)}/link${entityId ? `?entityId=${entityId}` : ''}`;
