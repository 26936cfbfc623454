// All of the SQL of assessments. Every function takes the database or the transaction first.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  AssessmentHistoryTable,
  AssessmentRelatedChildrenTable,
  AssessmentSectionsTable,
  AssessmentSectionVersionsTable,
  AssessmentsTable,
  ChronologyEntriesTable,
  Database,
} from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { visibleTo } from '../cases/queries-visibility.ts';

// The workflow.

/** The case's assessment, locked for a change. */
export const lockAssessment = (trx: Kysely<Database>, caseId: string, id: string) => trx.selectFrom('assessments').selectAll().where('id', '=', id).where('case_id', '=', caseId).forUpdate().executeTakeFirst();

export const userDisplayName = (trx: Kysely<Database>, userId: string) => trx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();

export const insertChronologyEntry = (trx: Kysely<Database>, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).execute();

export const insertHistory = (trx: Kysely<Database>, values: Insertable<AssessmentHistoryTable>) => trx.insertInto('assessment_history').values(values).execute();

/** Every section of the assessment, whoever may see it. */
export const sectionsOf = (trx: Kysely<Database>, assessmentId: string) => trx.selectFrom('assessment_sections').selectAll().where('assessment_id', '=', assessmentId).execute();

export const insertSectionVersions = (trx: Kysely<Database>, values: readonly Insertable<AssessmentSectionVersionsTable>[]) => trx.insertInto('assessment_section_versions').values(values).execute();

/** An assessment of the case that a new one continues from. */
export const assessmentToContinue = (trx: Kysely<Database>, caseId: string, id: string) => trx.selectFrom('assessments').select(['id', 'referral_id']).where('id', '=', id).where('case_id', '=', caseId).executeTakeFirst();

/** The latest referral of the case the front door decided needs an initial assessment. */
export const initialAssessmentReferral = (trx: Kysely<Database>, caseId: string) =>
  trx
    .selectFrom('contacts')
    .innerJoin('contact_decisions', 'contact_decisions.contact_id', 'contacts.id')
    .select('contacts.id')
    .where('contacts.case_id', '=', caseId)
    .where('contact_decisions.decision', '=', 'initial-assessment')
    .orderBy('contact_decisions.decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();

export const insertAssessment = (trx: Kysely<Database>, values: Insertable<AssessmentsTable>) => trx.insertInto('assessments').values(values).returning(['id', 'case_id', 'child_id', 'referral_id']).executeTakeFirstOrThrow();

export const insertSections = (trx: Kysely<Database>, values: readonly Insertable<AssessmentSectionsTable>[]) => trx.insertInto('assessment_sections').values(values).execute();

/** The sections of the assessment this actor may see. */
export const visibleSectionIds = (trx: Kysely<Database>, actor: Actor, assessmentId: string) =>
  trx.selectFrom('assessment_sections as s').select('s.section_id').where('s.assessment_id', '=', assessmentId).where(visibleTo(actor, 's', 'author_id', 'assessment-section')).execute();

export const updateSection = (trx: Kysely<Database>, assessmentId: string, sectionId: string, values: Updateable<AssessmentSectionsTable>) =>
  trx.updateTable('assessment_sections').set(values).where('assessment_id', '=', assessmentId).where('section_id', '=', sectionId).execute();

/** Changes the assessment only if it is still at the version it was read at. */
export const updateAssessment = (trx: Kysely<Database>, assessment: { id: string; version: number }, values: Updateable<AssessmentsTable>) =>
  trx.updateTable('assessments').set(values).where('id', '=', assessment.id).where('version', '=', assessment.version).execute();

// Reads.

const withNames = (db: Kysely<Database>) =>
  db
    .selectFrom('assessments as a')
    .innerJoin('users as starter', 'starter.id', 'a.started_by')
    .leftJoin('users as submitter', 'submitter.id', 'a.submitted_by')
    .leftJoin('users as authoriser', 'authoriser.id', 'a.authorised_by')
    .leftJoin('users as returner', 'returner.id', 'a.returned_by')
    .selectAll('a')
    .select(['starter.display_name as started_by_name', 'submitter.display_name as submitted_by_name', 'authoriser.display_name as authorised_by_name', 'returner.display_name as returned_by_name']);

/** The case's assessments with who worked on them, newest first. */
export const caseAssessments = (db: Kysely<Database>, caseId: string) => withNames(db).where('a.case_id', '=', caseId).orderBy('a.started_at', 'desc').orderBy('a.id', 'desc').execute();

/** One assessment of the case with who worked on it. */
export const caseAssessment = (db: Kysely<Database>, caseId: string, id: string) => withNames(db).where('a.id', '=', id).where('a.case_id', '=', caseId).executeTakeFirst();

/** The sections of the assessment this actor may see, with who last changed each. */
export const visibleSections = (db: Kysely<Database>, actor: Actor, assessmentId: string) =>
  db
    .selectFrom('assessment_sections as s')
    .leftJoin('users as updater', 'updater.id', 's.updated_by')
    .selectAll('s')
    .select('updater.display_name as updated_by_name')
    .where('s.assessment_id', '=', assessmentId)
    .where(visibleTo(actor, 's', 'author_id', 'assessment-section'))
    .execute();

/** How many sections of the assessment this actor may not see. */
export const hiddenSectionCount = (db: Kysely<Database>, actor: Actor, assessmentId: string) =>
  db
    .selectFrom('assessment_sections as s')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.assessment_id', '=', assessmentId)
    .where((eb) => eb.not(visibleTo(actor, 's', 'author_id', 'assessment-section')))
    .executeTakeFirstOrThrow();

/** The assessment's history, newest first, with who did each step. */
export const assessmentHistory = (db: Kysely<Database>, assessmentId: string) =>
  db.selectFrom('assessment_history as h').innerJoin('users', 'users.id', 'h.actor_id').select(['h.version', 'h.event', 'h.at', 'h.reason', 'users.display_name as actor_name']).where('h.assessment_id', '=', assessmentId).orderBy('h.at', 'desc').orderBy('h.version', 'desc').execute();

/** The other children the assessment found, in the order recorded, with the referral each became. */
export const relatedChildren = (db: Kysely<Database>, assessmentId: string) =>
  db
    .selectFrom('assessment_related_children as r')
    .innerJoin('users', 'users.id', 'r.recorded_by')
    .leftJoin('contacts', 'contacts.id', 'r.contact_id')
    .selectAll('r')
    .select(['users.display_name as recorded_by_name', 'contacts.reference as contact_reference'])
    .where('r.assessment_id', '=', assessmentId)
    .orderBy('r.recorded_at')
    .execute();

/** The referrals the case's assessments answer. */
export const assessedReferrals = (db: Kysely<Database>, caseId: string) => db.selectFrom('assessments').select('referral_id').where('case_id', '=', caseId).where('referral_id', 'is not', null).execute();

/** The clocks of the case and of these referrals, oldest first. */
export const clocksOf = (db: Kysely<Database>, caseId: string, referralIds: readonly string[]) =>
  db
    .selectFrom('clocks')
    .selectAll()
    .where((eb) => eb.or([eb('case_id', '=', caseId), ...(referralIds.length ? [eb('referral_id', 'in', referralIds)] : [])]))
    .orderBy('started_at')
    .execute();

/** The latest core assessment / Section 47 enquiry continued from this assessment. */
export const coreContinuedFrom = (db: Kysely<Database>, assessmentId: string) =>
  db.selectFrom('assessments').select(['id', 'status']).where('from_assessment_id', '=', assessmentId).where('kind', '=', 'core').orderBy('started_at', 'desc').executeTakeFirst();

// Related children.

/** The case's assessment a related child is added to. */
export const assessmentForRelatedChild = (db: Kysely<Database>, caseId: string, id: string) => db.selectFrom('assessments').select(['id', 'status', 'kind', 'child_id']).where('id', '=', id).where('case_id', '=', caseId).executeTakeFirst();

/** The related child already recorded for this referral (a retry of the same form). */
export const relatedChildOfContact = (trx: Kysely<Database>, contactId: string) => trx.selectFrom('assessment_related_children').select('id').where('contact_id', '=', contactId).executeTakeFirst();

export const insertRelatedChild = (trx: Kysely<Database>, values: Insertable<AssessmentRelatedChildrenTable>) => trx.insertInto('assessment_related_children').values(values).returning('id').executeTakeFirstOrThrow();

// The Section 47 outcome page's link to the enquiry.

/** The case's latest core assessment / Section 47 enquiry, with who authorised it. */
export const latestCore = (db: Kysely<Database>, caseId: string) =>
  db
    .selectFrom('assessments as a')
    .leftJoin('users as authoriser', 'authoriser.id', 'a.authorised_by')
    .select(['a.id', 'a.status', 'a.started_at', 'a.authorised_at', 'authoriser.display_name as authorised_by_name'])
    .where('a.case_id', '=', caseId)
    .where('a.kind', '=', 'core')
    .orderBy('a.started_at', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The assessment's recommendation, if this actor may see it. */
export const visibleRecommendation = (db: Kysely<Database>, actor: Actor, assessmentId: string) =>
  db
    .selectFrom('assessment_sections as s')
    .select('s.body')
    .where('s.assessment_id', '=', assessmentId)
    .where('s.section_id', '=', 'recommendation')
    .where(visibleTo(actor, 's', 'author_id', 'assessment-section'))
    .executeTakeFirst();
