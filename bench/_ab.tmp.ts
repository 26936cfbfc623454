// TEMPORARY dev helper (to be deleted): A/B of two versions of the matching query on a kept database.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import * as A from '../src/features/matching/child-matching.ts';
import * as B from '../src/features/matching/_variant.tmp.ts';
import { generateChildren, loadChildren } from './generate-children.ts';
import { probes } from './matching-probes.ts';
const name = 'harbour_matching_dev';
if (process.argv[2] === 'load') {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect(); await admin.query(`drop database if exists ${name} with (force)`); await admin.query(`create database ${name}`); await admin.end();
  const h = openPostgres(`postgres://postgres@127.0.0.1:5432/${name}`, 1);
  await migrateToLatest(h.db); await loadChildren(h.db, generateChildren(100000)); await sql`vacuum analyze`.execute(h.db); await h.close();
  process.exit(0);
}
const h = openPostgres(`postgres://postgres@127.0.0.1:5432/${name}`, 1);
const list = probes(generateChildren(100000), 500);
const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(h.db)).rows[0]!.pid;
const cpu = () => { const o = process.cpuUsage(); return (o.user + o.system) / 1000 + Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6; };
const run = async (f: typeof A.findPossibleMatches) => { const t = performance.now(); const c = cpu(); const per: number[] = []; for (const p of list) { const c0 = cpu(); await f(h.db, p.criteria); per.push(cpu() - c0); } per.sort((a, b) => a - b); return { wall: performance.now() - t, cpu: cpu() - c, p95: per[Math.ceil(per.length * 0.95) - 1]! }; };
for (const p of list.slice(0, 20)) { await A.findPossibleMatches(h.db, p.criteria); await B.findPossibleMatches(h.db, p.criteria); }
for (let i = 0; i < 3; i++) {
  const a = await run(A.findPossibleMatches); const b = await run(B.findPossibleMatches);
  console.log(`A cpu ${a.cpu.toFixed(0)} (p95 ${a.p95.toFixed(1)}) wall ${a.wall.toFixed(0)} | B cpu ${b.cpu.toFixed(0)} (p95 ${b.p95.toFixed(1)}) wall ${b.wall.toFixed(0)}`);
}
await h.close();
