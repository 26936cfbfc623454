import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/platform/config.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'harbour-config-'));

describe('configuration (issue 2 §1-2)', () => {
  it('has the documented defaults', () => {
    const dataDir = dir();
    const config = loadConfig({ HARBOUR_DATA_DIR: dataDir });
    assert.equal(config.port, 3000);
    assert.equal(config.profileId, 'camden');
    assert.equal(config.databaseUrl, null);
    assert.equal(config.dataDir, dataDir);
  });
  it('reads HARBOUR_TRUST_PROXY as a number of hops, true and false as 1 and 0, and refuses anything else (issue 16)', () => {
    const hops = (value?: string) => loadConfig({ HARBOUR_DATA_DIR: dir(), ...(value === undefined ? {} : { HARBOUR_TRUST_PROXY: value }) }).trustProxyHops;
    assert.equal(hops(), 0);
    assert.equal(hops('false'), 0);
    assert.equal(hops('true'), 1);
    assert.equal(hops('TRUE'), 1);
    assert.equal(hops('0'), 0);
    assert.equal(hops('1'), 1);
    assert.equal(hops('2'), 2);
    for (const bad of ['all', '-1', '11', '1.5', 'loopback', 'tru']) assert.throws(() => hops(bad), (e: unknown) => e instanceof ConfigError && /HARBOUR_TRUST_PROXY/.test(e.message), bad);
  });
  it('generates a session secret once and keeps it in the data directory outside production', () => {
    const dataDir = dir();
    const first = loadConfig({ HARBOUR_DATA_DIR: dataDir }).sessionSecret;
    const second = loadConfig({ HARBOUR_DATA_DIR: dataDir }).sessionSecret;
    assert.equal(first, second);
    assert.equal(readFileSync(join(dataDir, 'session-secret'), 'utf8'), first);
  });
  it('requires SESSION_SECRET in production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', HARBOUR_DATA_DIR: dir() }), (e: unknown) => e instanceof ConfigError && /SESSION_SECRET/.test(e.message));
  });
  it('refuses the embedded database in production unless acknowledged', () => {
    const secret = 's'.repeat(40);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, HARBOUR_DATA_DIR: dir() }), /DATABASE_URL/);
    const acknowledged = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, HARBOUR_DATA_DIR: dir(), HARBOUR_EMBEDDED_DB_NOT_FOR_PRODUCTION: 'true' });
    assert.equal(acknowledged.production, true);
  });
  it('requires a second factor by default in production only, and reads the switch strictly', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), DATABASE_URL: 'postgres://x/y' };
    assert.equal(loadConfig({ HARBOUR_DATA_DIR: dir() }).requireSecondFactor, false);
    assert.equal(loadConfig({ ...production, HARBOUR_DATA_DIR: dir() }).requireSecondFactor, true);
    assert.equal(loadConfig({ ...production, HARBOUR_DATA_DIR: dir(), HARBOUR_REQUIRE_SECOND_FACTOR: 'false' }).requireSecondFactor, false);
    assert.equal(loadConfig({ HARBOUR_DATA_DIR: dir(), HARBOUR_REQUIRE_SECOND_FACTOR: 'true' }).requireSecondFactor, true);
    assert.throws(() => loadConfig({ ...production, HARBOUR_DATA_DIR: dir(), HARBOUR_REQUIRE_SECOND_FACTOR: 'flase' }), (e: unknown) => e instanceof ConfigError && /HARBOUR_REQUIRE_SECOND_FACTOR/.test(e.message));
  });
  it('refuses a bad port', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', HARBOUR_DATA_DIR: dir() }), /PORT/);
  });
  it('reads the idle time-out as whole minutes, 30 by default, and refuses anything else', () => {
    assert.equal(loadConfig({ HARBOUR_DATA_DIR: dir() }).idleTimeoutMinutes, 30);
    assert.equal(loadConfig({ HARBOUR_DATA_DIR: dir(), HARBOUR_IDLE_TIMEOUT_MINUTES: '15' }).idleTimeoutMinutes, 15);
    for (const bad of ['thirty', '0', '2.5', '721']) {
      assert.throws(() => loadConfig({ HARBOUR_DATA_DIR: dir(), HARBOUR_IDLE_TIMEOUT_MINUTES: bad }), (e: unknown) => e instanceof ConfigError && /HARBOUR_IDLE_TIMEOUT_MINUTES/.test(e.message), bad);
    }
  });
});
