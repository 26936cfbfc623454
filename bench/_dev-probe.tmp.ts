// TEMPORARY dev helper (to be deleted).
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import { candidateQuery, findPossibleMatches, withSearchSettings } from '../src/features/matching/child-matching.ts';
import { generateChildren } from './generate-children.ts';
import { probes } from './matching-probes.ts';
const h = openPostgres(`postgres://postgres@127.0.0.1:5432/harbour_matching_dev`, 4);
const data = generateChildren(100000);
const list = probes(data, 500);
const times: { ms: number; kind: string; c: unknown }[] = [];
for (const p of list.slice(0, 20)) await findPossibleMatches(h.db, p.criteria);
for (const p of list) { const t = performance.now(); await findPossibleMatches(h.db, p.criteria); times.push({ ms: performance.now() - t, kind: p.kind, c: p.criteria }); }
const sorted = [...times].sort((a, b) => a.ms - b.ms);
const q = (p: number) => sorted[Math.ceil(p / 100 * sorted.length) - 1]!.ms.toFixed(1);
console.log('p50', q(50), 'p95', q(95), 'p99', q(99));
for (const t of sorted.slice(-12)) console.log(t.ms.toFixed(1), t.kind, JSON.stringify(t.c));
if (process.argv[2]) {
  const c = JSON.parse(process.argv[2]); c.now = new Date(c.now ?? '2026-03-01T12:00:00Z');
  const r = await withSearchSettings(h.db, (trx) => sql<any>`explain (analyze, costs off) ${candidateQuery(c)!}`.execute(trx));
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
}
await h.close();
const kinds = new Map<string, number[]>();
for (const t of times) kinds.set(t.kind, [...(kinds.get(t.kind) ?? []), t.ms]);
for (const [k, v] of kinds) { v.sort((a, b) => a - b); console.log(k.padEnd(34), v.length, v[Math.floor(v.length / 2)]!.toFixed(1), v[Math.ceil(v.length * 0.95) - 1]!.toFixed(1)); }
