// What the Section 47 outcome page (src/features/meetings) shows of the enquiry that leads into it: the latest
// authorised core assessment / Section 47 enquiry of the case, with its recommendation when the reader may see it.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { latestCore, visibleRecommendation } from './queries.ts';

export async function latestCoreAssessment(db: Kysely<Database>, actor: Actor, caseId: string) {
  const row = await latestCore(db, caseId);
  if (!row) return null;
  const recommendation = await visibleRecommendation(db, actor, row.id);
  return { ...row, recommendation: recommendation?.body ?? null };
}
