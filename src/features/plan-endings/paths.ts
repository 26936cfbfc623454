// Typed URL builders for ending a plan. Called with ':caseId' and ':planId' they give the route's Express pattern.
import { plansPaths } from '../plans/paths.ts';

export const planEndingsPaths = {
  end: (caseId: string, planId: string) => `${plansPaths.plan(caseId, planId)}/end`,
  /** The plan's page after it ended, saying so. */
  ended: (caseId: string, planId: string) => `${plansPaths.plan(caseId, planId)}?done=ended`,
};
