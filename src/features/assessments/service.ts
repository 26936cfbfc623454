// Assessments (issue 11; PROCEDURES.md step 5): the initial assessment and the core assessment / Section 47 enquiry.
// Each use case is one transaction with its audit row, its chronology entry and its clock events: starting a core
// assessment starts its clock (staffordshire 31), a manager's authorisation completes either kind and stops the clock
// it answers (staffordshire 25, 31; camden Part 3 §2), and continuing risk of significant harm found during an initial
// assessment starts the strategy meeting's clock (staffordshire 29). A draft keeps exactly what was typed; every save
// names the version it was made from and keeps a version of every section; each section is shared at its own level.
//
// The one entry point the routes import, composed of the workflow (service-workflow.ts, which sends the clock
// events), the related children (service-related-children.ts) and the reads (service-reads.ts).
import type { Actor } from '../../domain/access/access.ts';
import { isAssessmentManager } from '../../domain/assessments/index.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { createAssessmentReads } from './service-reads.ts';
import { createRelatedChildren } from './service-related-children.ts';
import { createAssessmentWorkflow } from './service-workflow.ts';
import type { AssessmentDeps } from './service-workflow.ts';

export { CLOCK_EVENTS_SENT, IncompleteSubmission, StaleAssessment, WRITE_REFUSAL } from './service-workflow.ts';
export type { AssessmentDeps } from './service-workflow.ts';

export function createAssessmentService(deps: AssessmentDeps) {
  return {
    isManager: (actor: Actor, kase: CaseHeader) => isAssessmentManager(actor, kase),
    ...createAssessmentWorkflow(deps),
    ...createRelatedChildren(deps),
    ...createAssessmentReads(deps),
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
export type AssessmentRow = Awaited<ReturnType<AssessmentService['list']>>[number];
