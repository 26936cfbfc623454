// TEMPORARY dev helper (to be deleted).
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import { findPossibleMatches } from '../src/features/matching/child-matching.ts';
import { generateChildren } from './generate-children.ts';
import { probes } from './matching-probes.ts';
const h = openPostgres(`postgres://postgres@127.0.0.1:5432/harbour_matching_dev`, 4);
const data = generateChildren(100000);
const byId = new Map(data.children.map((c) => [c.id, c]));
const kind = process.argv[2] ?? 'misspelt full name';
let shown = 0;
for (const p of probes(data, 500)) {
  if (p.kind !== kind || !p.target) continue;
  const m = await findPossibleMatches(h.db, p.criteria);
  const rank = m.findIndex((x) => x.childId === p.target);
  if (rank !== 0 && shown++ < 25) {
    const t = byId.get(p.target)!;
    const s = await sql<any>`select similarity(lower(${t.givenName + ' ' + (t.familyName ?? '')}), lower(${[p.criteria.givenName, p.criteria.familyName].filter(Boolean).join(' ')})) as s`.execute(h.db);
    console.log(rank, JSON.stringify({ ...p.criteria, now: undefined }), '→ target', t.givenName, t.familyName, t.knownAs, t.dateOfBirth, 'sim', s.rows[0].s.toFixed(2), '| first:', m[0] ? `${m[0].givenName} ${m[0].familyName} ${m[0].score} ${m[0].reasons.join(',')}` : '-', '| target score', m[rank]?.score);
  }
}
await h.close();
