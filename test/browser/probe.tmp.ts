import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createServer } from 'node:http';
import { startTestHarbour } from '../support/harness.ts';
const harbour = await startTestHarbour();
const browser = await chromium.launch({ executablePath: '/tmp/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'] });
for (const js of [true, false]) {
  const ctx = await browser.newContext({ javaScriptEnabled: js });
  const page = await ctx.newPage();
  page.on('console', (m) => console.log(js, 'console', m.type(), m.text(), m.location().url));
  page.on('pageerror', (e) => console.log(js, 'pageerror', e.message));
  page.on('load', () => console.log(js, 'load', page.url()));
  page.on('response', (r) => console.log(js, 'response', r.status(), r.url(), r.request().isNavigationRequest()));
  const t = performance.now();
  await page.goto(harbour.url + '/no-such');
  const res = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']).analyze();
  console.log(js, 'axe', (performance.now()-t).toFixed(0), res.violations.map(v => [v.id, v.impact, v.nodes.map(n=>n.target)]) , res.passes.length);
  console.log(js, await page.evaluate(() => document.documentElement.className));
  await ctx.close();
}
const srv = createServer((_q, r) => { r.setHeader('content-security-policy', "script-src 'self'"); r.end('<!doctype html><html lang=en><title>x</title><h1>x</h1><script>console.log(1)</script><div style="color:red">s</div>'); });
await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
const p = await browser.newPage();
p.on('console', (m) => console.log('csp console', m.type(), m.text()));
await p.goto(`http://127.0.0.1:${(srv.address() as {port:number}).port}/`);
srv.close();
await browser.close();
await harbour.stop();
