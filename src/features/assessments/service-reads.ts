// Reading assessments: the case's list, one assessment with what this actor may see of it, the audit of an opening,
// and the statutory clocks the assessments answer.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { COMPLETED_EVENT, SECTIONS_OF } from '../../domain/assessments/index.ts';
import type { AssessmentKind, SectionId } from '../../domain/assessments/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { visibleTo } from '../cases/visible-to.ts';
import { withStatus } from '../clocks/service.ts';
import type { AssessmentDeps } from './service-workflow.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createAssessmentReads(deps: AssessmentDeps) {
  const { db, profiles, now } = deps;

  const withNames = (from: Kysely<Database> = db) =>
    from
      .selectFrom('assessments as a')
      .innerJoin('users as starter', 'starter.id', 'a.started_by')
      .leftJoin('users as submitter', 'submitter.id', 'a.submitted_by')
      .leftJoin('users as authoriser', 'authoriser.id', 'a.authorised_by')
      .leftJoin('users as returner', 'returner.id', 'a.returned_by')
      .selectAll('a')
      .select(['starter.display_name as started_by_name', 'submitter.display_name as submitted_by_name', 'authoriser.display_name as authorised_by_name', 'returner.display_name as returned_by_name']);

  return {
    /** The case's assessments, newest first (every reader of the case sees that they exist; sections are filtered). */
    async list(caseId: string) {
      return withNames().where('a.case_id', '=', caseId).orderBy('a.started_at', 'desc').orderBy('a.id', 'desc').execute();
    },

    /** One assessment with the sections, versions and related children this actor may see; 404 otherwise. */
    async view(actor: Actor, kase: CaseHeader, id: string) {
      if (!UUID.test(id)) throw notFound('Assessment');
      const assessment = await withNames().where('a.id', '=', id).where('a.case_id', '=', kase.id).executeTakeFirst();
      if (!assessment) throw notFound('Assessment');
      const [sections, hiddenCount, historyRows, related] = await Promise.all([
        db
          .selectFrom('assessment_sections as s')
          .leftJoin('users as updater', 'updater.id', 's.updated_by')
          .selectAll('s')
          .select('updater.display_name as updated_by_name')
          .where('s.assessment_id', '=', id)
          .where(visibleTo(actor, 's', 'author_id', 'assessment-section'))
          .execute(),
        db
          .selectFrom('assessment_sections as s')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('s.assessment_id', '=', id)
          .where((eb) => eb.not(visibleTo(actor, 's', 'author_id', 'assessment-section')))
          .executeTakeFirstOrThrow(),
        db.selectFrom('assessment_history as h').innerJoin('users', 'users.id', 'h.actor_id').select(['h.version', 'h.event', 'h.at', 'h.reason', 'users.display_name as actor_name']).where('h.assessment_id', '=', id).orderBy('h.at', 'desc').orderBy('h.version', 'desc').execute(),
        db
          .selectFrom('assessment_related_children as r')
          .innerJoin('users', 'users.id', 'r.recorded_by')
          .leftJoin('contacts', 'contacts.id', 'r.contact_id')
          .selectAll('r')
          .select(['users.display_name as recorded_by_name', 'contacts.reference as contact_reference'])
          .where('r.assessment_id', '=', id)
          .orderBy('r.recorded_at')
          .execute(),
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
      const referrals = (await db.selectFrom('assessments').select('referral_id').where('case_id', '=', kase.id).where('referral_id', 'is not', null).execute()).map((r) => r.referral_id!);
      const rows = await db
        .selectFrom('clocks')
        .selectAll()
        .where((eb) => eb.or([eb('case_id', '=', kase.id), ...(referrals.length ? [eb('referral_id', 'in', referrals)] : [])]))
        .orderBy('started_at')
        .execute();
      const at = now();
      return { rules, clocks: rows.map((row) => withStatus(row, at)) };
    },
  };
}
