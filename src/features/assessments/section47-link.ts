// What the Section 47 outcome page (src/features/meetings) shows of the enquiry that leads into it: the latest
// authorised core assessment / Section 47 enquiry of the case, with its recommendation when the reader may see it.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { visibleTo } from '../cases/visible-to.ts';

export async function latestCoreAssessment(db: Kysely<Database>, actor: Actor, caseId: string) {
  const row = await db
    .selectFrom('assessments as a')
    .leftJoin('users as authoriser', 'authoriser.id', 'a.authorised_by')
    .select(['a.id', 'a.status', 'a.started_at', 'a.authorised_at', 'authoriser.display_name as authorised_by_name'])
    .where('a.case_id', '=', caseId)
    .where('a.kind', '=', 'core')
    .orderBy('a.started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const recommendation = await db
    .selectFrom('assessment_sections as s')
    .select('s.body')
    .where('s.assessment_id', '=', row.id)
    .where('s.section_id', '=', 'recommendation')
    .where(visibleTo(actor, 's', 'author_id', 'assessment-section'))
    .executeTakeFirst();
  return { ...row, recommendation: recommendation?.body ?? null };
}
