// Risk use cases: observations from every agency, sharing decisions, the National Referral Mechanism
// consideration, CSE referrals, the coordinator's category decisions and links between children. Each use case is
// one transaction that writes its audit rows, chronology entries, clocks, actions and notifications together.
//
// The one entry point the routes import, composed of what the use cases share (service-common.ts: the case's write
// gate inside each change's transaction, riskWrite), what the network records (service-observations.ts) and the
// CSE referrals and category decisions (service-categories.ts, which alone sends the clock events).
import type { Services } from '../../services.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { createCategoryDecisions } from './service-categories.ts';
import { createRiskCommon } from './service-common.ts';
import { createObservations } from './service-observations.ts';

export type { FieldRefusal } from './service-refusals.ts';
export { RiskRefused, StaleCase } from './service-refusals.ts';
export { childAgeBand, cseLeadLabel, cseMeetingLabel } from './service-common.ts';

export function createRiskService(services: Services) {
  const common = createRiskCommon(services);
  return {
    referralPermission: common.referralPermission,
    suggestionFor: common.suggestionFor,
    requireContributor: common.requireContributor,
    ...createObservations(services, common),
    ...createCategoryDecisions(services, common),
    sharingLabel: (level: SharingLevel) => SHARING_LEVEL_LABELS[level],
  };
}

export type RiskService = ReturnType<typeof createRiskService>;
