// Issue 16, authorisation matrix: every route and method the web app and the API register (read from Express's
// router, so a new route cannot be missed), asked by each actor (no session, a referrer, a board analyst, someone
// outside the child's network, the network, an area role, break-glass, an administrator, an information governance officer), against route-table.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseLabel } from '../../support/harness.ts';
import { buildWorld } from './world.ts';
import type { World } from './world.ts';
import { matrixSummary, runCrossCase, runMatrix } from './matrix.ts';
import type { CrossCaseFigures, MatrixFigures } from './matrix.ts';

describe(`authorisation matrix (${databaseLabel})`, () => {
  let world: World;
  let figures: MatrixFigures;
  let cross: CrossCaseFigures;
  before(async () => {
    world = await buildWorld();
    // Before the matrix, whose last request signs everyone out.
    cross = await runCrossCase(world);
    figures = await runMatrix(world);
    process.stdout.write(`# matrix: ${JSON.stringify({ ...figures, differences: figures.differences.length, unresolvedParameters: world.unresolved })}\n`);
    process.stdout.write(`# matrix figures: ${matrixSummary(figures)}\n`);
  });
  after(async () => {
    await world?.stop();
  });

  it('reads at least the known routes from the router, including the API and the app’s own /health', () => {
    const keys = world.routes.map((r) => r.key);
    for (const key of ['GET /health', 'GET /cases/:caseId', 'POST /cases/:caseId/notes', 'GET /api/v1/cases/:caseId', 'POST /sign-in']) assert.ok(keys.includes(key), key);
    // Registered only when single sign-on is configured: the world configures it, so the matrix asks them too.
    for (const key of ['GET /sign-in/oidc', 'GET /sign-in/oidc/callback']) assert.ok(keys.includes(key), key);
    assert.ok(world.routes.length > 150, `${world.routes.length} routes`);
  });

  it('declares every registered route and method in route-table.ts', () => {
    assert.deepEqual(figures.undeclared, [], `routes missing from test/integration/security/route-table.ts (add a line for each):\n${figures.undeclared.map((k) => `  '${k}': ...,`).join('\n')}`);
    assert.deepEqual(figures.stale, [], `route-table.ts declares routes Harbour no longer registers:\n${figures.stale.join('\n')}`);
  });

  it('asks every route about real records: each route parameter names a record the world made', () => {
    assert.deepEqual(world.unresolved, [], `parameters with no record in the world (make one in test/integration/security/world.ts): ${world.unresolved.join(', ')}`);
    assert.deepEqual(figures.unresolvedRoutes, []);
    assert.equal(figures.resolvedRoutes, figures.parameterisedRoutes);
  });

  it('answers every route × actor as declared: no unexpected allow, no unexpected refusal, no 5xx', () => {
    assert.ok(figures.pairs >= world.routes.length * 8 - 8 * figures.undeclared.length, `${figures.pairs} pairs`);
    assert.equal(figures.differences.length, 0, `answers that differ from route-table.ts:\n${figures.differences.join('\n')}`);
    assert.equal(figures.unexpectedAllows, 0);
    assert.equal(figures.serverErrors, 0);
  });

  it('never reaches another case’s record through this case’s URL (the same person leads both)', () => {
    process.stdout.write(`# cross-case: ${JSON.stringify({ ...cross, reached: cross.reached.length })}\n`);
    assert.ok(cross.kinds.length >= 6, `records made on the other case: ${cross.kinds.join(', ')}`);
    assert.ok(cross.asked > 30, `${cross.asked} asked`);
    assert.deepEqual(cross.reached, []);
  });
});
