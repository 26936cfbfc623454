// Where the intelligence pages live, in one place for routes, views and redirects.
export const INTELLIGENCE = '/intelligence';
export const entityPath = (id: string) => `${INTELLIGENCE}/${id}`;
export const newEntityPath = (kind?: string, caseId?: string) => `${INTELLIGENCE}/new${kind || caseId ? '?' : ''}${[kind ? `kind=${kind}` : '', caseId ? `caseId=${caseId}` : ''].filter(Boolean).join('&')}`;
export const alertsPath = `${INTELLIGENCE}/alerts`;
export const alertPath = (id: string) => `${alertsPath}/${id}`;
export const caseIntelligencePath = (caseId: string) => `/cases/${caseId}/intelligence`;
export const caseLinkPath = (caseId: string, entityId?: string) => `${caseIntelligencePath(caseId)}/link${entityId ? `?entityId=${entityId}` : ''}`;
/** A missing episode's links: who the child was with, where they were found. */
export const episodeIntelligencePath = (caseId: string, episodeId: string) => `/cases/${caseId}/missing/${episodeId}/intelligence`;
/** The register entries named as targets of a police disruption plan of the case (bedford-luton 11.9). */
export const planTargetsPath = (caseId: string, planId: string) => `/cases/${caseId}/plans/${planId}/targets`;
/** Entries mentioned in a case note or an observation. */
export const mentionsPath = (caseId: string, recordType: 'case-note' | 'observation', recordId: string) => `/cases/${caseId}/mentions/${recordType}/${recordId}`;
