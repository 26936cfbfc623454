// Reading assessments: the case's list, one assessment with what this actor may see of it, the audit of an opening,
// and the statutory clocks the assessments answer.
import type { Actor } from '../../domain/access/access.ts';
import { COMPLETED_EVENT, SECTIONS_OF } from '../../domain/assessments/index.ts';
import type { AssessmentKind, SectionId } from '../../domain/assessments/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { withStatus } from '../clocks/service.ts';
import type { AssessmentDeps } from './service-workflow.ts';
import { assessedReferrals, assessmentHistory, caseAssessment, caseAssessments, clocksOf, hiddenSectionCount, relatedChildren, visibleSections } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


export function createAssessmentReads(deps: AssessmentDeps) {
  const { db, profiles, now } = deps;

  return {
    /** The case's assessments, newest first (every reader of the case sees that they exist; sections are filtered). */
    async list(caseId: string) {
      return caseAssessments(db, caseId);
    },

    /** One assessment with the sections, versions and related children this actor may see; 404 otherwise. */
    async view(actor: Actor, kase: CaseHeader, id: string) {
      if (!isRecordId(id)) throw notFound('Assessment');
      const assessment = await caseAssessment(db, kase.id, id);
      if (!assessment) throw notFound('Assessment');
      const [sections, hiddenCount, historyRows, related] = await Promise.all([
        visibleSections(db, actor, id),
        hiddenSectionCount(db, actor, id),
        assessmentHistory(db, id),
        relatedChildren(db, id),
      ]);
      const order = SECTIONS_OF[assessment.kind];
      sections.sort((a, b) => order.indexOf(a.section_id as SectionId) - order.indexOf(b.section_id as SectionId));
      return { assessment, sections, hiddenCount: Number(hiddenCount.n), history: historyRows, related };
    },

    /** Audits an opening of one assessment (the page, the printable view or the PDF). */
    async opened(actor: Actor, kase: CaseHeader, assessmentId: string, audit: AuditContext, format: 'page' | 'print' | 'pdf') {
      await recordAudit(db, audit, { action: 'assessment.opened', entityType: 'assessment', entityId: assessmentId, childId: kase.childId, details: { caseId: kase.id, format } });
    },

    /** The statutory clocks the case's assessments answer, by the profile's rules that each kind's completion stops. */
    async clocksAnswered(kase: CaseHeader) {
      const profile = await profiles.forAuthority(db, kase.localAuthorityId);
      const rules: Record<AssessmentKind, string[]> = {
        initial: profile.timescales.filter((t) => t.stopsOn === COMPLETED_EVENT.initial && t.duration).map((t) => t.id),
        core: profile.timescales.filter((t) => t.stopsOn === COMPLETED_EVENT.core && t.duration).map((t) => t.id),
      };
      // A referral about a child whose case was already open keeps its clock on the referral alone.
      const referrals = (await assessedReferrals(db, kase.id)).map((r) => r.referral_id!);
      const rows = await clocksOf(db, kase.id, referrals);
      const at = now();
      return { rules, clocks: rows.map((row) => withStatus(row, at)) };
    },
  };
}
