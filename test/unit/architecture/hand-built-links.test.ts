// Issue 17: every link comes from a feature's paths.ts. A view builds its links with the `urls` global
// (`urls.plans.plan(kase.id, plan.id)`, handed to the templates by src/composition.ts), and routes and services call
// the builders, so a link cannot drift from its route. These checks read the sources, so a hand-built link fails the
// build rather than a page at run time, and a view naming a builder that does not exist fails here too.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { PATHS } from '../../../src/composition.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

function filesEndingWith(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesEndingWith(path, ending);
    return entry.name.endsWith(ending) ? [path] : [];
  });
}

const name = (path: string) => relative(ROOT, path).split(sep).join('/');

// In a view: a quoted address with a value put into it ("/cases/{{ kase.id }}/plans"), or a quoted address joined to
// a value ("/cases/" + kase.id, kase.id + "/plans", '/intelligence/' ~ id).
const VIEW_HAND_BUILT = [/["']\/[a-z][^"'\s]*?\{[{%]/, /["']\/[a-z][^"'\s]*["']\s*[+~]/, /[+~]\s*\\?["']\/[a-z]/];
// In TypeScript: a template literal that is an address with a value put into it (`/cases/${id}`), or a quoted
// address joined to a value. An Express route pattern (`/cases/:caseId/…/${kind}`) is a registration, not a link.
const TS_HAND_BUILT = [/`\/[a-z][^`]*?\$\{/g, /["']\/[a-z][^"'\s]*["']\s*\+/g];
const ROUTE_PATTERN = /\/:[A-Za-z]/;

export function handBuiltInView(line: string): boolean {
  return VIEW_HAND_BUILT.some((pattern) => pattern.test(line));
}

export function handBuiltInTypeScript(line: string): boolean {
  return TS_HAND_BUILT.some((pattern) => [...line.matchAll(pattern)].some(([match]) => !ROUTE_PATTERN.test(literalAt(line, line.indexOf(match)))));
}

/** The whole template literal starting at `start`, `${…}` included, so a route pattern's `:caseId` after a value is seen. */
function literalAt(line: string, start: number): string {
  const quote = line[start]!;
  if (quote !== '`') return line.slice(start);
  let depth = 0;
  for (let at = start + 1; at < line.length; at += 1) {
    if (line.startsWith('${', at)) depth += 1;
    else if (line[at] === '}' && depth > 0) depth -= 1;
    else if (line[at] === '`' && depth === 0) return line.slice(start, at + 1);
  }
  return line.slice(start);
}

function offending(files: string[], handBuilt: (line: string) => boolean): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) => (handBuilt(line) ? [`${name(file)}:${index + 1}: ${line.trim().slice(0, 160)}`] : [])),
  );
}

// The platform knows no feature, so it cannot call their builders: the one address it builds is its own redirect to
// the sign-in page, carrying the page asked for.
const OWN_ADDRESSES: Record<string, RegExp> = { 'src/platform/web/routing.ts': /`\/sign-in\?returnTo=/ };

const views = filesEndingWith(SRC, '.njk');
// paths.ts (and second-factor-paths.ts) hold the builders; a comment quoting an address is not a link.
const typescript = filesEndingWith(SRC, '.ts').filter((file) => !file.endsWith(`${sep}paths.ts`) && !file.endsWith('-paths.ts'));
const withoutComment = (line: string) => (/^\s*(\/\/|\*|\/\*)/.test(line) ? '' : line);

describe('links come from the features’ paths.ts, never hand-built', () => {
  test('the sources are read (a search that found nothing would pass everything)', () => {
    assert.ok(views.length > 100, `only ${views.length} views found under src/`);
    assert.ok(typescript.length > 200, `only ${typescript.length} modules found under src/`);
  });

  test('no view builds a link by hand: it calls a builder of the `urls` global', () => {
    const found = offending(views, handBuiltInView);
    assert.deepEqual(found, [], `${found.length} hand-built links in views (use urls.<feature>.<builder>(…)):\n  ${found.join('\n  ')}`);
  });

  test('no module outside paths.ts builds an address by hand', () => {
    const found = offending(typescript, (line) => handBuiltInTypeScript(withoutComment(line))).filter((hit) => {
      const own = OWN_ADDRESSES[hit.slice(0, hit.indexOf(':'))];
      return !own?.test(hit);
    });
    assert.deepEqual(found, [], `${found.length} hand-built addresses outside paths.ts (add a builder to the feature’s paths.ts):\n  ${found.join('\n  ')}`);
  });

  test('every builder a view calls exists', () => {
    const builders = PATHS as unknown as Record<string, Record<string, unknown>>;
    const missing = views.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\burls\.([A-Za-z]+)\.([A-Za-z0-9]+)/g)]
        .filter(([, feature, builder]) => typeof builders[feature!]?.[builder!] !== 'function')
        .map(([call]) => `${name(file)}: ${call}`),
    );
    assert.deepEqual(missing, []);
  });

  test('no view model or template names its own `urls`, which would hide the global in that page and its layout', () => {
    const found = [
      ...offending(typescript.filter((file) => name(file) !== 'src/platform/web/app.ts'), (line) => /\burls\s*:/.test(withoutComment(line))),
      ...offending(views, (line) => /\{%-?\s*(set|for|macro)\b[^%]*\burls\b/.test(line)),
    ];
    assert.deepEqual(found, []);
  });
});

describe('the hand-built link finder', () => {
  test('finds a value put into an address, or joined to one, in a view', () => {
    for (const line of [
      '<a href="/cases/{{ kase.id }}/plans">',
      '<form action="/intelligence/{{ entity.id }}/merge">',
      '{{ govukButton({ href: "/cases/" + kase.id + "/close" }) }}',
      `{{ govukWarningText({ html: '<a href="/intelligence/' + id + '">' }) }}`,
      'html: "<a href=\\"/cases/" + kase.id + "\\">"',
      '{% set href = kase.id + "/plans" %}',
      "{% set href = '/board/' ~ figure %}",
      '<a href="/work/{% if team %}team{% endif %}">',
    ]) assert.ok(handBuiltInView(line), line);
  });

  test('passes a builder, a fixed address and a query on a builder in a view', () => {
    for (const line of [
      '<a href="{{ urls.plans.plan(kase.id, plan.id) }}">',
      '<a href="/work/team">',
      '{{ govukButton({ href: urls.caseLifecycle.close(kase.id) }) }}',
      `<a href="{{ linkBase + '?' + 'entityId=' + m.id }}">`,
      '<link href="/assets/govuk/govuk-frontend.min.css" rel="stylesheet">',
    ]) assert.ok(!handBuiltInView(line), line);
  });

  test('finds an address built by hand in TypeScript, and passes a route pattern and a builder', () => {
    assert.ok(handBuiltInTypeScript('res.redirect(303, `/cases/${kase.id}`);'));
    assert.ok(handBuiltInTypeScript("const link = '/intelligence/' + id;"));
    assert.ok(handBuiltInTypeScript('link: `/break-glass/${grantId}`,'));
    assert.ok(!handBuiltInTypeScript('`/cases/:caseId/transfer/:transferId/${kind}`,'));
    assert.ok(!handBuiltInTypeScript('r.post(`/cases/:caseId/network/${role}-professional`, { access: "signed-in" });'));
    assert.ok(!handBuiltInTypeScript('res.redirect(303, `${riskPaths.section(caseId)}?recorded=1`);'));
    assert.ok(!handBuiltInTypeScript("res.redirect(303, '/');"));
  });
});
