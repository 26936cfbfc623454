// Real Chromium for Harbour's browser tests, with a guard on every page: each page a test visits is checked with
// axe-core against WCAG 2.0, 2.1 and 2.2 A and AA, and any JavaScript error, CSP violation or failed asset fails it.
//
// The binary is /usr/bin/chromium when that exists (Debian's package), else the one the @sparticuz/chromium npm
// package ships. Nothing is downloaded.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { DEMO_PASSWORD } from '../../../src/features/demo/service.ts';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** How the last launchBrowser() found and started Chromium, for the test report. */
export const launchInfo = { source: '', executablePath: '', version: '', extractMs: 0, launchMs: 0 };

/**
 * The @sparticuz/chromium binary, inflated once per package version into a directory of its own under the temporary
 * directory. executablePath() inflates into os.tmpdir() and reuses whatever /tmp/chromium it finds there, even a
 * half-written one or another version's, so it runs in a child process whose TMPDIR is a fresh staging directory,
 * which is then renamed into place: the versioned directory exists only once it is complete.
 */
async function sparticuzChromium(): Promise<{ executablePath: string; env: Record<string, string>; label: string }> {
  const entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const home = join(tmpdir(), `harbour-chromium-${version}`);
  const executablePath = join(home, 'chromium');
  if (!existsSync(executablePath)) {
    const started = performance.now();
    const staging = mkdtempSync(join(tmpdir(), `harbour-chromium-${version}-staging-`));
    try {
      const script = "import chromium from '@sparticuz/chromium'; process.stdout.write(await chromium.executablePath());";
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], {
        cwd: REPO_ROOT,
        env: { ...process.env, TMPDIR: staging },
      });
      assert.equal(stdout, join(staging, 'chromium'), '@sparticuz/chromium inflated Chromium into its staging directory');
      // The package's fonts.conf names /tmp/fonts; this one names the fonts beside this binary (used only when the
      // machine has no fontconfig set-up of its own).
      writeFileSync(join(staging, 'fonts.conf'), `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${join(home, 'fonts')}</dir><cachedir>${join(home, 'fonts-cache')}</cachedir></fontconfig>\n`);
      try {
        renameSync(staging, home);
      } catch (error) {
        // Another test process finished first: use its copy.
        if (!existsSync(executablePath)) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    launchInfo.extractMs = Math.round(performance.now() - started);
  }
  const env: Record<string, string> = {};
  if (!existsSync('/etc/fonts/fonts.conf') && !process.env.FONTCONFIG_PATH) env.FONTCONFIG_PATH = home;
  return { executablePath, env, label: `@sparticuz/chromium ${version}` };
}

/** One headless Chromium; share it across a test file and give each test its own context with newPage(). */
export async function launchBrowser(): Promise<Browser> {
  launchInfo.extractMs = 0;
  const found = existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, env: {}, label: SYSTEM_CHROMIUM } : await sparticuzChromium();
  const started = performance.now();
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, ...found.env } as Record<string, string>,
    timeout: 30_000,
  });
  Object.assign(launchInfo, { source: found.label, executablePath: found.executablePath, version: browser.version(), launchMs: Math.round(performance.now() - started) });
  return browser;
}

type PageState = {
  javaScriptEnabled: boolean;
  /** JavaScript errors, CSP violations and failed requests, as they happened. */
  problems: string[];
  /** Every document the page has loaded, and whether it has been checked for accessibility. */
  documents: { url: string; checked: boolean }[];
  /** The status of the last main-frame document (after redirects). */
  status: number | null;
};

const states = new WeakMap<Page, PageState>();

function stateOf(page: Page): PageState {
  const state = states.get(page);
  if (!state) throw new Error('this page was not made by newPage(), so it is not being watched');
  return state;
}

/** A page in a context of its own (its own cookies), watched for JavaScript errors and CSP violations. */
export async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const javaScriptEnabled = options.javaScriptEnabled ?? true;
  const context = await browser.newContext({ javaScriptEnabled, locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const state: PageState = { javaScriptEnabled, problems: [], documents: [], status: null };
  states.set(page, state);

  page.on('pageerror', (error) => state.problems.push(`JavaScript error on ${page.url()}: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // A failed load is reported below with its URL and status; an error page's own status is checked by visit().
    if (message.type() === 'error' && text.startsWith('Failed to load resource')) return;
    // Errors GOV.UK Frontend catches are logged with console.log, so look at the text whatever the level.
    if (message.type() === 'error' || /Content Security Policy/i.test(text) || /^\w*Error\b/.test(text)) {
      state.problems.push(`console ${message.type()} on ${page.url()}: ${text}`);
    }
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      if (response.status() < 300 || response.status() >= 400) state.status = response.status();
    } else if (response.status() >= 400) {
      state.problems.push(`${request.method()} ${response.url()} answered ${response.status()} (on ${page.url()})`);
    }
  });
  page.on('requestfailed', (request) => {
    if (request.isNavigationRequest()) return;
    state.problems.push(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText} (on ${page.url()})`);
  });
  page.on('load', () => state.documents.push({ url: page.url(), checked: false }));
  page.on('crash', () => state.problems.push(`the page crashed on ${page.url()}`));
  return page;
}

function assertNoProblems(page: Page) {
  const { problems } = stateOf(page);
  if (problems.length) assert.fail(`The browser reported ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/**
 * AxeBuilder for the WCAG 2.0, 2.1 and 2.2 A and AA rules. Legacy mode runs axe.run() in the page instead of
 * runPartial() in each frame and finishRun() in an extra blank page: it halves the time per page, and what it gives up
 * (checking cross-origin frames) does not apply: Harbour has no frames, and its CSP allows none from elsewhere.
 */
function axe(page: Page) {
  // options() replaces what withTags() sets, so the tags go in here.
  return new AxeBuilder({ page }).setLegacyMode().options({ runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] });
}

function formatViolations(label: string, url: string, results: AxeResults): string {
  const lines = results.violations.flatMap((v) => [
    `  - ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`,
    ...v.nodes.map((n) => `      ${n.target.map(String).join(' >> ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n\s*/g, '; ')}` : ''}`),
    `      ${v.helpUrl}`,
  ]);
  return `${results.violations.length} accessibility violation(s) on ${label} (${url}):\n${lines.join('\n')}`;
}

/**
 * Axe needs JavaScript in the page, so a page loaded with JavaScript off is checked as a copy: its DOM as the browser
 * built it, served at the same address (so the same styles apply) to a page whose scripts are blocked by CSP, in a
 * context where axe itself can run. <noscript> content, which a browser shows only with JavaScript off, stays shown.
 * One such inspector page per browser, kept open (with its cached styles) for the next check.
 */
const inspectors = new WeakMap<Browser, Promise<{ page: Page; copies: Map<string, string> }>>();

function inspectorFor(browser: Browser) {
  let inspector = inspectors.get(browser);
  if (!inspector) {
    inspector = (async () => {
      const page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
      const copies = new Map<string, string>();
      await page.route(
        (u) => copies.has(u.href),
        (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "script-src 'none'" }, body: copies.get(route.request().url())! }),
      );
      return { page, copies };
    })();
    inspectors.set(browser, inspector);
  }
  return inspector;
}

async function analyzeWithoutJavaScript(page: Page): Promise<AxeResults> {
  const url = page.url().replace(/#.*$/, '');
  const html = (await page.content()).replace(/<(\/?)noscript\b/gi, '<$1div');
  const inspector = await inspectorFor(page.context().browser()!);
  inspector.copies.set(url, html);
  try {
    await inspector.page.goto(url);
    return await axe(inspector.page).analyze();
  } finally {
    inspector.copies.delete(url);
  }
}

/**
 * Documents axe has passed, by a hash of their DOM without the CSRF token: the same sign-in form or work list seen
 * again in a later test is the same page, so it is not analysed again (axe takes most of the suite's time).
 */
const passed = new Set<string>();

/** Runs axe on the page as it is now; fails with each violation's rule, impact and elements. */
/**
 * GOV.UK Frontend sets aria-expanded on radios and checkboxes that reveal a conditional question, on purpose
 * (alphagov/govuk-frontend#979: it is how screen readers learn that more content appeared). axe reports that
 * as aria-allowed-attr. Only that exact finding is set aside: any other problem on those inputs, and
 * aria-allowed-attr anywhere else, still fails the test.
 */
export function withoutKnownGovukIssues<T extends { violations: { id: string; nodes: { target: unknown; html: string; failureSummary?: string }[] }[] }>(results: T): T {
  const isGovukRevealInput = (node: { html: string; failureSummary?: string }) =>
    /class="govuk-(radios|checkboxes)__input"/.test(node.html) &&
    /aria-expanded/.test(node.html) &&
    (node.failureSummary ?? '').split('\n').filter((line) => /ARIA attribute/.test(line)).every((line) => /aria-expanded/.test(line));
  const violations = results.violations
    .map((v) => (v.id === 'aria-allowed-attr' ? { ...v, nodes: v.nodes.filter((n) => !isGovukRevealInput(n)) } : v))
    .filter((v) => v.nodes.length > 0);
  return { ...results, violations };
}

export async function checkAccessibility(page: Page, label: string = page.url()): Promise<void> {
  const state = stateOf(page);
  await page.waitForLoadState('load');
  const dom = (await page.content()).replace(/(name="_csrf" value=")[^"]*/g, '$1');
  const key = `${state.javaScriptEnabled ? 'script' : 'no script'}\n${createHash('sha256').update(dom).digest('base64')}`;
  if (!passed.has(key)) {
    const results = withoutKnownGovukIssues(state.javaScriptEnabled ? await axe(page).analyze() : await analyzeWithoutJavaScript(page));
    if (results.violations.length) assert.fail(formatViolations(label, page.url(), results));
    passed.add(key);
  }
  const current = state.documents.at(-1);
  if (current) current.checked = true;
}

async function checkPage(page: Page, expectedStatus: number, label?: string) {
  const { status } = stateOf(page);
  assert.equal(status, expectedStatus, `${page.url()} answered ${status}, expected ${expectedStatus}`);
  assertNoProblems(page);
  await checkAccessibility(page, label);
  assertNoProblems(page);
}

/** Goes to a URL (absolute, or relative to the current page) and checks the page it lands on. */
export async function visit(page: Page, url: string, options: { status?: number; label?: string } = {}): Promise<void> {
  await page.goto(new URL(url, page.url() === 'about:blank' ? undefined : page.url()).toString());
  await checkPage(page, options.status ?? 200, options.label);
}

/**
 * Does something that loads a new document (following a link, submitting a form), waits for it, and checks the
 * page it lands on, as visit() does. Works for a form that answers at the same address it was posted to.
 */
export async function navigate(page: Page, action: () => Promise<unknown>, options: { status?: number; label?: string } = {}): Promise<void> {
  const loaded = page.waitForEvent('load');
  try {
    await action();
  } catch (error) {
    loaded.catch(() => undefined);
    throw error;
  }
  await loaded;
  await checkPage(page, options.status ?? 200, options.label);
}

/** Signs in through the real form (so with its real CSRF token) and lands on the page it returns to. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await visit(page, `${baseUrl}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  assert.doesNotMatch(new URL(page.url()).pathname, /^\/sign-in/, `signing in as ${email} did not leave the sign-in page`);
}

/**
 * Ends a page: fails if the browser reported a problem, or if a page was loaded but never checked for accessibility;
 * closes the page's context either way.
 */
export async function closePage(page: Page): Promise<void> {
  try {
    const state = stateOf(page);
    assertNoProblems(page);
    const unchecked = state.documents.filter((d) => !d.checked).map((d) => d.url);
    assert.deepEqual(unchecked, [], 'every page loaded was checked for accessibility (use visit() or navigate())');
  } finally {
    await page.context().close();
  }
}

/** Runs a test body with a fresh watched page, and closes it (with closePage()'s checks) afterwards. */
export async function withPage(browser: Browser, body: (page: Page) => Promise<void>, options: { javaScriptEnabled?: boolean } = {}): Promise<void> {
  const page = await newPage(browser, options);
  let failed = true;
  try {
    await body(page);
    failed = false;
  } finally {
    if (failed) await page.context().close();
    else await closePage(page);
  }
}
