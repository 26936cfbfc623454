// `npm run bench`: runs every bench/*.bench.ts in turn, each in its own Node process, and fails if any fails.
// `npm run bench -- matching` runs only the benchmarks whose file name contains "matching".
// Each benchmark reads its own settings from the environment (for example BENCH_DATABASE_URL).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benchmarks = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

if (benchmarks.length === 0) {
  console.error(`No benchmarks${filters.length ? ` matching ${filters.join(', ')}` : ''} in ${here}`);
  process.exit(1);
}

const outcomes: { name: string; ok: boolean; seconds: number }[] = [];
for (const name of benchmarks) {
  process.stdout.write(`\n== ${name}\n`);
  const started = Date.now();
  // --expose-gc: a benchmark may collect garbage before it starts timing.
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, name)], { stdio: 'inherit', env: process.env });
  outcomes.push({ name, ok: result.status === 0, seconds: (Date.now() - started) / 1000 });
}

process.stdout.write('\n== benchmarks\n');
for (const o of outcomes) process.stdout.write(`${o.ok ? 'passed' : 'FAILED'}  ${o.name} (${o.seconds.toFixed(1)} s)\n`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
