// Where the intelligence pages live, in one place for routes, views and redirects.
export const INTELLIGENCE = '/intelligence';
/** An entry as the API gives it. */
export const apiEntityPath = (id: string) => `/api/v1/intelligence/${id}`;
export const entityPath = (id: string) => `${INTELLIGENCE}/${id}`;
export const newEntityPath = (kind?: string, caseId?: string) => `${INTELLIGENCE}/new${kind || caseId ? '?' : ''}${[kind ? `kind=${kind}` : '', caseId ? `caseId=${caseId}` : ''].filter(Boolean).join('&')}`;
export const alertsPath = `${INTELLIGENCE}/alerts`;
export const alertPath = (id: string) => `${alertsPath}/${id}`;
export const dismissAlertPath = (id: string) => `${alertPath(id)}/dismiss`;
/** An entry's forms: its justice outcomes, disruptions, links to other entries, merging and undoing a merge. */
export const entityFormPath = (id: string, form: 'justice-outcomes' | 'disruptions' | 'links' | 'merge' | 'merge/undo') => `${entityPath(id)}/${form}`;
export const caseIntelligencePath = (caseId: string) => `/cases/${caseId}/intelligence`;
export const caseLinkPath = (caseId: string, entityId?: string) => `${caseIntelligencePath(caseId)}/link${entityId ? `?entityId=${entityId}` : ''}`;
/** A missing episode's links: who the child was with, where they were found. */
export const episodeIntelligencePath = (caseId: string, episodeId: string) => `/cases/${caseId}/missing/${episodeId}/intelligence`;
/** Linking an entry to the episode in one role (with the entry chosen when `entityId` is given). */
export const episodeLinkPath = (caseId: string, episodeId: string, role: string, entityId?: string) => `${episodeIntelligencePath(caseId, episodeId)}?role=${role}${entityId ? `&entityId=${entityId}` : ''}`;
/** A new entry recorded from a missing episode, to be linked to it in that role. */
export const newEpisodeEntityPath = (kind: string, caseId: string, episodeId: string, role: string) => `${INTELLIGENCE}/new?kind=${kind}&caseId=${caseId}&episodeId=${episodeId}&role=${role}`;
/** The register entries named as targets of a police disruption plan of the case (bedford-luton 11.9). */
export const planTargetsPath = (caseId: string, planId: string) => `/cases/${caseId}/plans/${planId}/targets`;
/** Entries mentioned in a case note or an observation. */
export const mentionsPath = (caseId: string, recordType: 'case-note' | 'observation', recordId: string) => `/cases/${caseId}/mentions/${recordType}/${recordId}`;

export const intelligencePaths = {
  register: () => INTELLIGENCE,
  entity: entityPath,
  entityForm: entityFormPath,
  newEntity: newEntityPath,
  newEpisodeEntity: newEpisodeEntityPath,
  alerts: () => alertsPath,
  alert: alertPath,
  dismissAlert: dismissAlertPath,
  case: caseIntelligencePath,
  caseLink: caseLinkPath,
  episode: episodeIntelligencePath,
  episodeLink: episodeLinkPath,
  planTargets: planTargetsPath,
  mentions: mentionsPath,
};
