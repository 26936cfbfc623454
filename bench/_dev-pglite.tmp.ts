// TEMPORARY dev helper (to be deleted).
import { sql } from 'kysely';
import { openPglite } from '../src/platform/database/connection.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { candidateQuery, findPossibleMatches, withSearchSettings } from '../src/features/matching/child-matching.ts';
import { generateChildren, loadChildren } from './generate-children.ts';
const h = await openPglite(null);
await migrateToLatest(h.db);
await loadChildren(h.db, generateChildren(20000));
await sql`vacuum analyze`.execute(h.db);
const now = new Date('2026-03-01T12:00:00Z');
for (const c of [{ givenName: 'Zebedee', familyName: 'Quartermaine' }, { givenName: 'Olivia', familyName: 'Smiht' }]) {
  const r = await withSearchSettings(h.db, (trx) => sql<any>`explain analyze ${candidateQuery({ ...c, now })!}`.execute(trx));
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
  let t = performance.now(); await findPossibleMatches(h.db, { ...c, now }); console.log('total', performance.now() - t);
  t = performance.now(); await findPossibleMatches(h.db, { ...c, now }); console.log('total', performance.now() - t);
  t = performance.now(); await sql`select 1`.execute(h.db); console.log('select 1', performance.now() - t);
}
await h.close();
