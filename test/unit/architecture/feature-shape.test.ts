// Issue 17: every feature has the same shape (docs/architecture.md, "The shape of a feature"), read from the files
// themselves: its SQL only in queries.ts (or a part of it, queries-<part>.ts), its router only in routes.ts (or a page
// of it, routes-<page>.ts, which routes.ts composes), and only the file names the shape allows.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';

const FEATURES = resolve(import.meta.dirname, '..', '..', '..', 'src', 'features');
const features = readdirSync(FEATURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const tsFiles = (feature: string) => readdirSync(join(FEATURES, feature)).filter((name) => name.endsWith('.ts')).sort();
const source = (feature: string, file: string) => readFileSync(join(FEATURES, feature, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** Kysely's builders and its sql tag: what a query is written with. */
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(<[^>]*>)?`/;
/** The names the shape allows (docs/architecture.md): the six, a use case split out of a service, and the few that only some features need. */
const ALLOWED = /^(routes|service|queries|schemas|paths|presenters|pdf|csv|worker)\.ts$|^(service|queries|routes)-[a-z0-9-]+\.ts$/;
const isQueries = (file: string) => /^queries(-[a-z0-9-]+)?\.ts$/.test(file);
const isRoutes = (file: string) => /^routes(-[a-z0-9-]+)?\.ts$/.test(file);

describe('the shape of a feature (issue 17)', () => {
  test('SQL is written only in a feature’s queries.ts (or queries-<part>.ts)', () => {
    const outside = features.flatMap((f) => tsFiles(f).filter((file) => !isQueries(file) && SQL.test(source(f, file))).map((file) => `src/features/${f}/${file}`));
    assert.deepEqual(outside, []);
  });

  test('a feature’s router is in routes.ts (or a page of it, routes-<page>.ts)', () => {
    const routers = features.flatMap((f) => tsFiles(f).filter((file) => !isRoutes(file) && /\bexport function \w*[Rr]outes?\b|\brouter\(\)|\bRouter\(\)/.test(source(f, file))).map((file) => `src/features/${f}/${file}`));
    assert.deepEqual(routers, []);
  });

  test('every file of a feature has one of the shape’s names', () => {
    const misnamed = features.flatMap((f) => tsFiles(f).filter((file) => !ALLOWED.test(file)).map((file) => `src/features/${f}/${file}`));
    assert.deepEqual(misnamed, []);
  });

  test('the check sees SQL where it is written', () => {
    assert.ok(SQL.test("db.selectFrom('cases')"));
    assert.ok(SQL.test('sql<number>`select 1`'));
    assert.ok(!SQL.test('queries.casesOf(db, id)'));
  });
});
