// The browser tests' guard catches what it is there to catch: each page here breaks one rule, served by a tiny server
// with Harbour's CSP, and visit() or closePage() must fail on it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { closePage, launchBrowser, newPage, visit, withPage } from './support/browser.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

const page = (body: string, head = '') =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Guard check</title>${head}</head><body><main><h1>Guard check</h1>${body}</main></body></html>`;

const PAGES: Record<string, string> = {
  '/fine': page('<p>Nothing wrong here.</p>'),
  '/inline-script': page('<p>An inline script.</p><script>document.title = "changed";</script>'),
  '/inline-style': page('<p style="color: red">An inline style.</p>'),
  '/script-error': page('<p>A script that throws.</p><script src="/throws.js"></script>'),
  '/missing-asset': page('<p>A stylesheet that is not there.</p>', '<link rel="stylesheet" href="/missing.css">'),
  '/unlabelled-field': page('<form><input type="text" name="name"><button>Go</button></form>'),
};

describe('the browser-test guard', () => {
  let server: Server;
  let base: string;
  let browser: Browser;

  before(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-security-policy', CSP);
      if (req.url === '/throws.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end('throw new Error("deliberate failure");');
      const html = PAGES[req.url ?? ''];
      if (!html) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('passes a page with nothing wrong, with and without JavaScript', async () => {
    await withPage(browser, (p) => visit(p, `${base}/fine`));
    await withPage(browser, (p) => visit(p, `${base}/fine`), { javaScriptEnabled: false });
  });

  for (const [path, expected] of [
    ['/inline-script', /Content Security Policy/],
    ['/inline-style', /Content Security Policy/],
    ['/script-error', /JavaScript error .*deliberate failure/],
    ['/missing-asset', /missing\.css answered 404/],
    ['/unlabelled-field', /accessibility violation[\s\S]*label \(critical\)[\s\S]*input/],
  ] as const) {
    it(`fails ${path}`, async () => {
      const p = await newPage(browser);
      try {
        await assert.rejects(visit(p, `${base}${path}`), expected);
      } finally {
        await p.context().close();
      }
    });
  }

  it('checks a page loaded with JavaScript off for accessibility too', async () => {
    const p = await newPage(browser, { javaScriptEnabled: false });
    try {
      await assert.rejects(visit(p, `${base}/unlabelled-field`), /label \(critical\)/);
    } finally {
      await p.context().close();
    }
  });

  it('fails a test that loaded a page without checking it', async () => {
    const p = await newPage(browser);
    await p.goto(`${base}/fine`);
    await assert.rejects(closePage(p), /every page loaded was checked for accessibility/);
  });

  it('fails on an unexpected status', async () => {
    const p = await newPage(browser);
    try {
      await assert.rejects(visit(p, `${base}/nowhere`), /answered 404, expected 200/);
    } finally {
      await p.context().close();
    }
  });
});
