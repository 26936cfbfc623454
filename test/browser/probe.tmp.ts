import { startTestHarbour } from '../support/harness.ts';
import { launchBrowser, newPage, visit, checkAccessibility } from './support/browser.ts';
const harbour = await startTestHarbour();
const browser = await launchBrowser();
for (const js of [true, false]) {
  const page = await newPage(browser, { javaScriptEnabled: js });
  let t = performance.now();
  await page.goto(harbour.url + '/sign-in');
  console.log(js, 'goto', (performance.now() - t).toFixed(0)); t = performance.now();
  await checkAccessibility(page).catch(() => {});
  console.log(js, 'axe', (performance.now() - t).toFixed(0)); t = performance.now();
  await page.getByLabel('E-mail address').fill('x');
  console.log(js, 'fill', (performance.now() - t).toFixed(0)); t = performance.now();
  await page.context().close();
}
await browser.close(); await harbour.stop();
