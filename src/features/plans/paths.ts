// Typed URL builders for the plan pages: every route, redirect, notification link and view-model link to them comes
// from here. Called with ':caseId' and ':planId' they give the routes' Express patterns.

/** The parts of the plan page a link or redirect may land on (the ids of its sections). */
export type PlanSection = 'actions' | 'reviews';

const list = (caseId: string) => `/cases/${caseId}/plans`;
const plan = (caseId: string, planId: string, section?: PlanSection) => `${list(caseId)}/${planId}${section ? `#${section}` : ''}`;

export const plansPaths = {
  list,
  /** The new-plan form for one type of plan (or, without a type, the choice of type). */
  newPlan: (caseId: string, planType?: string) => `${list(caseId)}/new${planType === undefined ? '' : `?type=${encodeURIComponent(planType)}`}`,
  plan,
  version: (caseId: string, planId: string, version: number | string) => `${plan(caseId, planId)}/versions/${version}`,
  edit: (caseId: string, planId: string) => `${plan(caseId, planId)}/edit`,
  actions: (caseId: string, planId: string) => `${plan(caseId, planId)}/actions`,
  completeAction: (caseId: string, planId: string, actionId: string) => `${plan(caseId, planId)}/actions/${actionId}/complete`,
  review: (caseId: string, planId: string) => `${plan(caseId, planId)}/review`,
  reviews: (caseId: string, planId: string) => `${plan(caseId, planId)}/reviews`,
};
