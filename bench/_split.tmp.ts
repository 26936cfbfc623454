// TEMPORARY dev helper (to be deleted).
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import * as A from '../src/features/matching/child-matching.ts';
import { generateChildren } from './generate-children.ts';
import { probes } from './matching-probes.ts';
const h = openPostgres(`postgres://postgres@127.0.0.1:5432/harbour_matching_dev`, 1);
const list = probes(generateChildren(100000), 500);
const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(h.db)).rows[0]!.pid;
const node = () => { const o = process.cpuUsage(); return (o.user + o.system) / 1000; };
const back = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
for (const p of list.slice(0, 20)) await A.findPossibleMatches(h.db, p.criteria);
for (let i = 0; i < 2; i++) {
  let n0 = node(), b0 = back();
  for (const p of list) await A.findPossibleMatches(h.db, p.criteria);
  console.log('full: node', ((node() - n0) / 500).toFixed(2), 'backend', ((back() - b0) / 500).toFixed(2));
  n0 = node(); b0 = back();
  for (const p of list) await A.withSearchSettings(h.db, (trx) => A.candidateQuery(p.criteria)!.execute(trx));
  console.log('candidate query only (1 pass): node', ((node() - n0) / 500).toFixed(2), 'backend', ((back() - b0) / 500).toFixed(2));
  n0 = node(); b0 = back();
  for (const p of list) await h.db.transaction().execute(async (trx) => { await sql`select 1`.execute(trx); });
  console.log('empty transaction: node', ((node() - n0) / 500).toFixed(2), 'backend', ((back() - b0) / 500).toFixed(2));
  n0 = node(); b0 = back();
  for (const p of list) await A.withSearchSettings(h.db, (trx) => sql`explain ${A.candidateQuery(p.criteria)!}`.execute(trx));
  console.log('plan only: node', ((node() - n0) / 500).toFixed(2), 'backend', ((back() - b0) / 500).toFixed(2));
}
await h.close();
