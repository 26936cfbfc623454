// The duplicates page's SQL: the child whose record is compared with the others.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export function childById(db: Kysely<Database>, childId: string) {
  return db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirst();
}
