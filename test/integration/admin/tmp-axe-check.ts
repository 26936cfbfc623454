import { it } from 'node:test';
import chromium from '@sparticuz/chromium';
import { chromium as pw } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestHarbour } from '../../support/harness.ts';
it('axe', { timeout: 300_000 }, async () => {
  const h = await startTestHarbour();
  const browser = await pw.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(h.url + '/sign-in');
    await page.fill('#email', 'admin@harbour.example');
    await page.fill('#password', 'harbour demo password');
    await page.click('button:has-text("Sign in")');
    const agency = await h.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow();
    const team = await h.db.selectFrom('teams').select('id').where('agency_id', '=', agency.id).executeTakeFirstOrThrow();
    const user = await h.db.selectFrom('users').select('id').where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
    const me = await h.db.selectFrom('users').select('id').where('email', '=', 'admin@harbour.example').executeTakeFirstOrThrow();
    await h.db.updateTable('users').set({ locked_until: new Date(Date.now() + 600000) }).where('id', '=', user.id).execute();
    const paths = ['/admin', '/admin/agencies', '/admin/agencies/new', `/admin/agencies/${agency.id}`, `/admin/agencies/${agency.id}/edit`, `/admin/agencies/${agency.id}/teams/new`, `/admin/agencies/${agency.id}/teams/${team.id}/edit`, '/admin/users', '/admin/users?role=wizard', '/admin/users/new', `/admin/users/${user.id}`, `/admin/users/${me.id}`, `/admin/users/${user.id}/edit`, `/admin/users/${user.id}/deactivate`, `/admin/users/${me.id}/deactivate`, `/admin/users/${user.id}/password`, '/admin/audit', '/admin/audit?from=2026-13-01&actor=x'];
    for (const p of paths) {
      await page.goto(h.url + p);
      const r = await new AxeBuilder({ page }).analyze();
      console.log(p, r.violations.length ? JSON.stringify(r.violations.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target).slice(0, 3)])) : 'ok');
    }
    // posted pages
    await page.goto(h.url + '/admin/users/new');
    await page.click('button:has-text("Add user")');
    console.log('invalid user form', JSON.stringify((await new AxeBuilder({ page }).analyze()).violations.map((v) => [v.id, v.nodes.map((n) => n.target)])));
    await page.goto(h.url + '/admin/audit');
    await page.click('button:has-text("Verify the chain")');
    console.log('verify', await page.title(), JSON.stringify((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)));
    await page.goto(h.url + '/admin/users');
    await page.fill('#q', 'a');
    await page.click('button:has-text("Search")');
    console.log('search', JSON.stringify((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)));
    await page.goto(h.url + `/admin/agencies/${agency.id}/edit`);
    await h.db.updateTable('agencies').set({ version: 5 }).where('id', '=', agency.id).execute();
    await page.click('button:has-text("Save changes")');
    console.log('conflict', await page.title(), JSON.stringify((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)));
  } finally { await browser.close(); await h.stop(); }
});
