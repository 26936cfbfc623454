// TEMPORARY dev helper (to be deleted).
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import * as A from '../src/features/matching/child-matching.ts';
const h = openPostgres(`postgres://postgres@127.0.0.1:5432/harbour_matching_dev`, 1);
const c = JSON.parse(process.argv[2]!); c.now = new Date('2026-03-01T12:00:00Z');
for (let i = 0; i < 3; i++) await A.findPossibleMatches(h.db, c);
const r = await A.withSearchSettings(h.db, (trx) => sql<any>`explain (analyze) ${A.candidateQuery(c)!}`.execute(trx));
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
await h.close();
