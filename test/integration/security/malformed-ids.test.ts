// Issue 16, bad input in the address (malformed-ids.ts): no route answers a parameter that is not an id with a 5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseLabel } from '../../support/harness.ts';
import { buildWorld } from './world.ts';
import type { World } from './world.ts';
import { NOT_IDS, runMalformedIds } from './malformed-ids.ts';

describe(`every route's parameters given values that are not ids (${databaseLabel})`, () => {
  let world: World;
  before(async () => {
    world = await buildWorld();
  });
  after(async () => {
    await world?.stop();
  });

  it('answers none of them with a 5xx', async () => {
    const figures = await runMalformedIds(world);
    process.stdout.write(`# malformed ids: ${JSON.stringify({ ...figures, serverErrors: figures.serverErrors.length })}\n`);
    assert.ok(figures.routes > 100, `${figures.routes} routes with parameters`);
    assert.equal(figures.asked, figures.parameters * NOT_IDS.length);
    assert.deepEqual(figures.serverErrors, []);
  });
});
