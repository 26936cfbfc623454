// Issue 16: HSTS reaches the browser behind a TLS-terminating proxy even when HARBOUR_TRUST_PROXY is not set, because
// Harbour sends it whenever its public address is https (a browser ignores it on a plain-HTTP answer: RFC 6797 §8.1).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';

describe(`HSTS behind a TLS-terminating proxy (${databaseLabel})`, () => {
  let behindProxy: TestHarbour;
  let plain: TestHarbour;
  before(async () => {
    behindProxy = await startTestHarbour({ env: { HARBOUR_PUBLIC_URL: 'https://harbour.example.org' }, demoData: false });
    plain = await startTestHarbour({ demoData: false });
  });
  after(async () => {
    await behindProxy?.stop();
    await plain?.stop();
  });

  it('sends Strict-Transport-Security on every page when the public address is https, trust-proxy or not', async () => {
    for (const path of ['/sign-in', '/no-such-page', '/static/does-not-exist.css']) {
      const res = await fetch(`${behindProxy.url}${path}`);
      assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains', path);
    }
  });

  it('sends none when Harbour is served over plain HTTP and no proxy is trusted', async () => {
    const res = await fetch(`${plain.url}/sign-in`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(res.headers.get('strict-transport-security'), null);
  });
});
