// Risk use cases: observations from every agency, sharing decisions, the National Referral Mechanism
// consideration, CSE referrals, the coordinator's category decisions and links between children. Each use case is
// one transaction that writes its audit rows, chronology entries, clocks, actions and notifications together.
//
// The one entry point the routes import. Every change goes through the case's write gate inside its own transaction
// (riskWrite in service-categories.ts, which also sends the clock events); splitting the observations back out of
// that module is left for later.
import type { Services } from '../../services.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { createCategoryDecisions } from './service-categories.ts';

export type { FieldRefusal } from './refusals.ts';
export { RiskRefused, StaleCase } from './refusals.ts';
export { childAgeBand, cseLeadLabel, cseMeetingLabel } from './service-categories.ts';

export function createRiskService(services: Services) {
  return {
    ...createCategoryDecisions(services),
    sharingLabel: (level: SharingLevel) => SHARING_LEVEL_LABELS[level],
  };
}

export type RiskService = ReturnType<typeof createRiskService>;
