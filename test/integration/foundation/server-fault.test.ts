// Issue 2 §7: a server fault answers with a 500 page that gives a reference number and no stack trace, and the
// API with a problem; nothing personal or internal reaches the response.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';

describe(`server faults (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let client: Browserish;
  let token = '';
  before(async () => {
    harbour = await startTestHarbour();
    client = new Browserish(harbour.url);
    await client.signIn('social.worker@harbour.example');
    const page = await client.submit('/account', '/account/api-tokens', { name: 'fault test' });
    token = /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    // The database goes away under a running Harbour.
    await harbour.db.destroy();
  });
  after(async () => {
    await harbour?.stop().catch(() => {});
  });

  it('answers a page with the 500 page: a reference to quote, no stack trace', async () => {
    const res = await client.get('/');
    assert.equal(res.status, 500);
    assert.match(res.text, /Sorry, there is a problem with Harbour/);
    assert.match(res.text, /data-qa="error-reference">[0-9A-F]{8}</);
    assert.doesNotMatch(res.text, /at [\w.]+ \(|node_modules|\.ts:\d+/);
  });

  it('answers the API with a problem that carries the reference, and /health with 503', async () => {
    const res = await fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 500);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const body = (await res.json()) as { detail: string };
    assert.match(body.detail, /Quote reference [0-9A-F]{8}/);
    assert.doesNotMatch(JSON.stringify(body), /node_modules|\.ts:\d+/);
    const health = await fetch(`${harbour.url}/health`);
    assert.equal(health.status, 503);
  });
});
