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
const c = { givenName: 'Olivia', familyName: 'Smiht', now };
for (let i = 0; i < 3; i++) {
  let t = performance.now(); await findPossibleMatches(h.db, c); console.log('findPossibleMatches', (performance.now() - t).toFixed(1));
  t = performance.now(); await withSearchSettings(h.db, (trx) => candidateQuery(c)!.execute(trx)); console.log('candidate query in trx', (performance.now() - t).toFixed(1));
  t = performance.now(); await candidateQuery(c)!.execute(h.db); console.log('candidate query alone', (performance.now() - t).toFixed(1));
  t = performance.now(); await h.db.transaction().execute(async (trx) => { await sql`select 1`.execute(trx); }); console.log('empty trx', (performance.now() - t).toFixed(1));
}
await h.close();
