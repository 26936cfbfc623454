import type { Router } from 'express';
import type { Services } from '../services.ts';
import { accountRoutes } from './accounts/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { apiRoutes } from './api/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { procedureRoutes } from './profiles/routes.ts';
import { bankHolidayRoutes } from './profiles/bank-holiday-routes.ts';
import { localAuthorityRoutes } from './profiles/local-authority-routes.ts';
import { contactRoutes } from './contacts/routes.ts';
import { riskRoutes } from './risk/routes.ts';
import { chronologyRoutes } from './chronology/routes.ts';
import { networkRoutes } from './network/routes.ts';
import { notesRoutes } from './notes/routes.ts';
import { missingRoutes } from './missing/routes.ts';
import { workRoutes } from './work/routes.ts';
import { meetingRoutes } from './meetings/routes.ts';
import { planRoutes } from './plans/routes.ts';
import { heldSubmissionRoutes } from './held-submissions/routes.ts';
import { breakGlassRoutes } from './break-glass/routes.ts';
import { assessmentRoutes } from './assessments/routes.ts';
import { policeProtectionRoutes } from './police-protection/routes.ts';
import { intelligenceRoutes } from './intelligence/routes.ts';
import { sharingRoutes } from './sharing/routes.ts';
import { caseAuditRoutes } from './case-audits/routes.ts';
import { lifecycleRoutes } from './case-lifecycle/routes.ts';
import { planEndingRoutes } from './plan-endings/routes.ts';
import { meetingCorrectionRoutes } from './meeting-corrections/routes.ts';
import { caseTransferRoutes } from './case-transfer/routes.ts';
import { childMergeRoutes } from './child-merge/routes.ts';
import { duplicateRoutes } from './matching/duplicates-routes.ts';
import { parentsRoutes } from './parents/routes.ts';
import { consultationRoutes } from './consultations/routes.ts';
import { disclosureSchemeRoutes } from './disclosure-scheme/routes.ts';
import { retentionRoutes } from './retention/routes.ts';
import { subjectAccessRoutes } from './subject-access/routes.ts';
import { boardRoutes } from './board/routes.ts';
import { childDetailsRoutes } from './child-details/routes.ts';
import type { ClockEventSenders } from '../domain/profiles/reachability.ts';
import { CLOCK_EVENTS_SENT as CONTACT_CLOCK_EVENTS } from './contacts/contact-service.ts';
import { CLOCK_EVENTS_SENT as RISK_CLOCK_EVENTS } from './risk/risk-service.ts';
import { CLOCK_EVENTS_SENT as MEETING_CLOCK_EVENTS } from './meetings/service-minutes.ts';
import { CLOCK_EVENTS_SENT as ASSESSMENT_CLOCK_EVENTS } from './assessments/assessment-service.ts';
import { CLOCK_EVENTS_SENT as POLICE_PROTECTION_CLOCK_EVENTS } from './police-protection/police-protection-service.ts';
import { CLOCK_EVENTS_SENT as LIFECYCLE_CLOCK_EVENTS } from './case-lifecycle/lifecycle-service.ts';

/** Every capability's router, in the order they are mounted. */
export function featureRouters(services: Services): Router[] {
  return [accountRoutes(services), homeRoutes(services), caseRoutes(services), procedureRoutes(services), bankHolidayRoutes(services), localAuthorityRoutes(services), contactRoutes(services, services.contacts), riskRoutes(services), chronologyRoutes(services), networkRoutes(services), notesRoutes(services), missingRoutes(services), workRoutes(services), meetingRoutes(services), planRoutes(services), assessmentRoutes(services), heldSubmissionRoutes(services), policeProtectionRoutes(services), breakGlassRoutes(services), intelligenceRoutes(services), sharingRoutes(services), caseAuditRoutes(services), lifecycleRoutes(services), planEndingRoutes(services), meetingCorrectionRoutes(services), caseTransferRoutes(services), childMergeRoutes(services), duplicateRoutes(services), parentsRoutes(services), consultationRoutes(services), disclosureSchemeRoutes(services), retentionRoutes(services), subjectAccessRoutes(services), boardRoutes(services), childDetailsRoutes(services), adminRoutes(services), apiRoutes(services)];
}

/**
 * Every capability that sends clock events, with what it sends. services.ts refuses to start when a profile names an
 * event that none of these sends; test/unit/clock/reachability.test.ts finds every module that declares
 * CLOCK_EVENTS_SENT and fails if one is missing here.
 */
export const CLOCK_EVENT_SENDERS: ClockEventSenders = {
  'front door (contacts)': CONTACT_CLOCK_EVENTS,
  'CSE referrals and risk categories (risk)': RISK_CLOCK_EVENTS,
  meetings: MEETING_CLOCK_EVENTS,
  'police protection': POLICE_PROTECTION_CLOCK_EVENTS,
  assessments: ASSESSMENT_CLOCK_EVENTS,
  'closing a case (case lifecycle)': LIFECYCLE_CLOCK_EVENTS,
};
