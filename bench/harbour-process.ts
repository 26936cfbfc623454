// Harbour in its own process for the benchmarks, as an operator starts it (`node src/cli.ts start`), and its stop.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts Harbour with these settings; a data directory is made (and removed at stop) unless one is given. */
export async function startHarbour(extraEnv: Record<string, string>): Promise<{ url: string; child: ChildProcess; dataDir: string | null }> {
  const dataDir = extraEnv.HARBOUR_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'harbour-bench-'));
  const child = spawn(process.execPath, [join(ROOT, 'src', 'cli.ts'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', HARBOUR_DEMO_DATA: 'false', NODE_ENV: 'test', HARBOUR_DATA_DIR: dataDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Harbour did not start: ${seen}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`Harbour exited with ${code}: ${seen}`)));
  });
  return { url, child, dataDir: extraEnv.HARBOUR_DATA_DIR ? null : dataDir };
}

export async function stopHarbour(h: { child: ChildProcess; dataDir: string | null }) {
  await new Promise<void>((resolve) => {
    if (h.child.exitCode !== null) return resolve();
    h.child.once('exit', () => resolve());
    h.child.kill('SIGTERM');
  });
  if (h.dataDir) rmSync(h.dataDir, { recursive: true, force: true });
}

