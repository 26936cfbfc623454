// Issue 16, bad input: property-based fuzzing (fast-check) of every form and API body, on a small sample per route
// here (bench/fuzz.bench.ts sends 10,000 per route). No input may answer 5xx; a refused one may write nothing,
// checked by every table's row count before and after each refused request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseLabel } from '../../support/harness.ts';
import { buildWorld } from './world.ts';
import type { World } from './world.ts';
import { fieldsOf, runFuzz } from './fuzz.ts';
import type { FuzzFigures } from './fuzz.ts';
import { BODY_SCHEMAS } from '../../../src/platform/web/routing.ts';
import { isStateChanging } from './route-list.ts';

const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 10);

describe(`fuzzing every form and API body (${databaseLabel})`, () => {
  let world: World;
  let figures: FuzzFigures;
  before(async () => {
    world = await buildWorld();
    figures = await runFuzz(world, { perRoute: PER_ROUTE, seed: Number(process.env.FUZZ_SEED ?? 16), checkEvery: 1 });
    process.stdout.write(`# fuzz: ${JSON.stringify({ ...figures, serverErrors: figures.serverErrors.length, partialWrites: figures.partialWrites.length })}\n`);
  });
  after(async () => {
    await world?.stop();
  });

  it('knows the fields of every state-changing route’s body schema', () => {
    const posts = world.routes.filter((r) => isStateChanging(r.method));
    const withoutSchema = posts.filter((r) => !BODY_SCHEMAS.has(r.key)).map((r) => r.key);
    assert.deepEqual(withoutSchema, []);
    assert.ok(fieldsOf(BODY_SCHEMAS.get('POST /cases/:caseId/notes')).some((f) => f.name === 'sharingLevel' && f.choices.includes('network')));
    assert.equal(figures.routes, posts.length);
    assert.equal(figures.inputs, posts.length * PER_ROUTE);
  });

  it('answers no generated input with a 5xx', () => {
    assert.deepEqual(figures.serverErrors, []);
  });

  it('writes nothing for a refused input', () => {
    assert.deepEqual(figures.partialWrites, []);
  });

  it('both refused and accepted some, so the inputs reach the handlers', () => {
    assert.ok(figures.refused > figures.inputs / 2, `${figures.refused} refused`);
    assert.ok(figures.accepted > 0, `${figures.accepted} accepted`);
  });
});
