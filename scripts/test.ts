// `npm test`: the lint and the typecheck, then every unit, integration and browser test in one node:test run.
// With TEST_DATABASE_URL set, the integration and browser tests use that PostgreSQL server instead of PGlite.
import { spawnSync } from 'node:child_process';

const node = process.execPath;
const run = (label: string, command: string, args: string[]) => {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
  process.stdout.write(`== ${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return result.status ?? 1;
};

const only = process.argv.slice(2);
const suites = only.length ? only : ['unit', 'integration', 'browser'];

// The lint reads TypeScript through Node's own type stripping (eslint.config.js), which still warns that it is experimental.
let status = run('lint (ESLint, no warnings allowed)', node, ['--disable-warning=ExperimentalWarning', 'node_modules/eslint/bin/eslint.js', '--max-warnings', '0', 'src', 'test', 'bench', 'scripts', 'eslint.config.js']);
if (status === 0) status = run('typecheck (tsc --noEmit, strict)', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
if (status === 0) {
  status = run(`tests: ${suites.join(', ')} on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, node, [
    '--test',
    '--test-concurrency=2',
    '--test-timeout=180000',
    ...suites.map((suite) => `test/${suite}/**/*.test.ts`),
  ]);
}
process.exit(status);
