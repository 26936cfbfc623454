import { startTestHarbour } from '../support/harness.ts';
import { launchBrowser, newPage, checkAccessibility } from './support/browser.ts';
const harbour = await startTestHarbour();
for (let i = 0; i < 3; i++) { const t = performance.now(); await (await fetch(harbour.url + '/sign-in')).text(); console.log('fetch sign-in', (performance.now() - t).toFixed(0)); }
for (let i = 0; i < 2; i++) { const t = performance.now(); await (await fetch(harbour.url + '/assets/govuk/govuk-frontend.min.css')).text(); console.log('fetch css', (performance.now() - t).toFixed(0)); }
const browser = await launchBrowser();
const page = await newPage(browser);
page.on('requestfinished', (r) => { const t = r.timing(); console.log('  ', r.url().slice(22), Math.round(t.responseEnd)); });
for (let i = 0; i < 3; i++) { const t = performance.now(); await page.goto(harbour.url + '/sign-in'); console.log('goto', (performance.now() - t).toFixed(0)); }
for (let i = 0; i < 3; i++) { const t = performance.now(); await checkAccessibility(page); console.log('axe', (performance.now() - t).toFixed(0)); }
await browser.close(); await harbour.stop();
