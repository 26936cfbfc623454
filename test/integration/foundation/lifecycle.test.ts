// Harbour as a person runs it: the CLI on an embedded database in a data directory.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browserish } from '../../support/http-client.ts';

const CLI = join(import.meta.dirname, '..', '..', '..', 'src', 'cli.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'harbour-lifecycle-'));
const baseEnv = { ...process.env, HARBOUR_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'development', DATABASE_URL: '', LOG_LEVEL: 'warn' };

type Started = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

function startCli(env: NodeJS.ProcessEnv = baseEnv): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start timed out: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (match && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

describe('running Harbour from the command line on the embedded database', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, prints the URL and demo sign-ins, refuses a second process, stops cleanly on SIGTERM and keeps every record', async () => {
    const first = await startCli();
    assert.match(first.output(), /Demo sign-ins/);
    assert.match(first.output(), /coordinator@harbour\.example/);

    const client = new Browserish(first.url);
    await client.signIn('coordinator@harbour.example');
    const created = await client.submit('/account', '/account/api-tokens', { name: 'kept across restarts' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(created.text)![1]!;

    const second = spawnSync(process.execPath, [CLI, 'start'], { env: baseEnv, encoding: 'utf8', timeout: 60_000 });
    assert.equal(second.status, 1);
    assert.match(second.stderr, /already using the data directory/);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /Harbour stopped/);

    const again = await startCli();
    try {
      const me = await fetch(`${again.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200, 'the token created before the restart still works');
      const users = await new Browserish(again.url).signIn('coordinator@harbour.example');
      assert.equal(users.status, 303);
    } finally {
      again.child.kill('SIGINT');
      assert.equal(await again.exited, 0);
    }

    const verify = spawnSync(process.execPath, [CLI, 'audit-verify'], { env: baseEnv, encoding: 'utf8', timeout: 60_000 });
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /Audit trail intact: \d+ events checked/);
  });

  it('refuses the embedded database in production unless acknowledged', () => {
    const refused = spawnSync(process.execPath, [CLI, 'start'], {
      env: { ...baseEnv, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /NODE_ENV=production needs DATABASE_URL/);
  });

  it('refuses to start in production without SESSION_SECRET', () => {
    const refused = spawnSync(process.execPath, [CLI, 'start'], { env: { ...baseEnv, NODE_ENV: 'production', DATABASE_URL: 'postgres://127.0.0.1:1/none' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /SESSION_SECRET must be set/);
  });
});
