// The intelligence register (issue 12): entities (persons of concern, vehicles, places, phones), links from a
// child's case or another entity to them, merges that can be undone, "who else is linked?", and the
// pattern-of-targeting alerts. Each write is one transaction with its audit row (and, for a link to a case, its
// chronology entry); each read is audited. A link is shared as a case entry is (visibleTo); another child's
// identity is shown only to someone the access model lets open that child's case.
//
// The one entry point the routes import, composed of one module per use case: the register and likely matches
// (service-register.ts), links (service-links.ts), who else is linked and the network picture (service-network.ts),
// merges (service-merges.ts), alerts (service-alerts.ts) and disruption (service-disruption.ts).
import { createRegister } from './service-register.ts';
import type { IntelligenceDeps } from './service-register.ts';
import { createNetwork } from './service-network.ts';
import { createAlerts } from './service-alerts.ts';
import { createLinks } from './service-links.ts';
import { createMerges } from './service-merges.ts';
import { createDisruption } from './service-disruption.ts';

export { factsOf, inputFacts } from './service-register.ts';
export type { IntelligenceDeps } from './service-register.ts';
export { LINK_REFUSAL, MISSING_ROLES, MISSING_ROLE_TITLES } from './service-links.ts';
export type { MissingRole } from './service-links.ts';
export type { LinkedChild } from './service-network.ts';

export type EntityRow = Awaited<ReturnType<ReturnType<typeof createIntelligenceService>['entity']>>;

export function createIntelligenceService(deps: IntelligenceDeps) {
  const register = createRegister(deps);
  const network = createNetwork(deps, register);
  const alerts = createAlerts(deps, network);
  const links = createLinks(deps, register, alerts);
  const merges = createMerges(deps, register);
  const disruption = createDisruption(deps, register);
  return {
    entity: register.entity,
    likelyMatches: register.likelyMatches,
    list: register.list,
    create: register.create,
    entityPage: network.entityPage,
    linkCase: links.linkCase,
    defaultSharingFor: links.defaultSharingFor,
    linkEntities: links.linkEntities,
    removeLink: links.removeLink,
    caseLinks: links.caseLinks,
    mention: links.mention,
    mentionsOf: links.mentionsOf,
    mentionRecord: links.mentionRecord,
    namePlanTarget: links.namePlanTarget,
    episodeLinks: links.episodeLinks,
    whoElse: network.whoElse,
    merge: merges.merge,
    undoMerge: merges.undoMerge,
    recordDisruption: disruption.recordDisruption,
    recordJusticeOutcome: disruption.recordJusticeOutcome,
    alerts: alerts.alerts,
    alert: alerts.alert,
    dismissAlert: alerts.dismissAlert,
  };
}

// What other features use: disruption actions counted per perpetrator (the board) and the entries a case note or
// observation mentions (their pages).
export { disruptionCountsByPerson } from './service-disruption-counts.ts';
export type { DisruptionCount, DisruptionCountOptions } from './service-disruption-counts.ts';
export { entityMentions, MENTION_RECORD_TYPES } from './service-mentions.ts';
export type { MentionRecordType } from './service-mentions.ts';
