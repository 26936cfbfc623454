// The authorisation matrix (issue 16): every registered route and method, asked by every actor, against the table.
import { ACTOR_NAMES } from './world.ts';
import type { Actor, World } from './world.ts';
import { ROUTE_TABLE } from './route-table.ts';
import { ask, classify } from './probe.ts';
import type { Answer } from './probe.ts';

export type MatrixFigures = {
  routes: number;
  actors: number;
  pairs: number;
  unexpectedAllows: number;
  unexpectedRefusals: number;
  otherDifferences: number;
  serverErrors: number;
  /** Routes Harbour registers that the table does not declare, as `METHOD /path`. */
  undeclared: string[];
  /** Table entries for routes Harbour no longer registers. */
  stale: string[];
  differences: string[];
};

/** Signing out ends the session the other requests use, so it is asked last. */
const LAST = new Set(['POST /sign-out']);

export async function runMatrix(world: World): Promise<MatrixFigures> {
  const registered = new Set(world.routes.map((r) => r.key));
  const undeclared = world.routes.filter((r) => !(r.key in ROUTE_TABLE)).map((r) => r.key);
  const stale = Object.keys(ROUTE_TABLE).filter((key) => !registered.has(key));
  const routes = world.routes.filter((r) => r.key in ROUTE_TABLE).sort((a, b) => Number(LAST.has(a.key)) - Number(LAST.has(b.key)));
  const figures: MatrixFigures = { routes: world.routes.length, actors: ACTOR_NAMES.length, pairs: 0, unexpectedAllows: 0, unexpectedRefusals: 0, otherDifferences: 0, serverErrors: 0, undeclared, stale, differences: [] };
  for (const route of routes) {
    const expected = ROUTE_TABLE[route.key]!;
    for (const actor of ACTOR_NAMES) {
      const res = await ask(world, route, actor);
      const got: Answer = classify(route, res);
      figures.pairs++;
      const want = expected[actor as Actor];
      if (got === want) continue;
      if (got === 'server-error') figures.serverErrors++;
      else if (got === 'allow') figures.unexpectedAllows++;
      else if (want === 'allow') figures.unexpectedRefusals++;
      else figures.otherDifferences++;
      figures.differences.push(`${route.key} as ${actor}: expected ${want}, got ${got} (${res.status}${res.location ? ` → ${res.location}` : ''})`);
    }
  }
  return figures;
}
