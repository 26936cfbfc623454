// Issue 16, bad input in the address: every route's parameters, one at a time, given values that are not record ids
// (the right length but no uuid, NUL, over-long, markup, a case reference where an id belongs), each asked as an actor
// the route lets in, so that the value reaches the handler. None may answer 5xx: an id that names nothing is "not
// found" (or a refusal), never a database error. The route list comes from the router, as for the matrix.
import { ask } from './probe.ts';
import { allowedActor } from './csrf-and-headers.ts';
import type { World } from './world.ts';

/** Values a parameter may be sent that are not ids: each has made some route answer 500. */
export const NOT_IDS = [
  '-'.repeat(36),
  'a'.repeat(36),
  'g0000000-0000-4000-8000-000000000000',
  'not-an-id',
  'x'.repeat(5_000),
  'a\u0000b',
  '\u{1F4A5}\u200D\u202E',
  "' or '1'='1",
  '<script>alert(1)</script>',
  'CSE-0001',
];

export type MalformedIdFigures = { routes: number; parameters: number; asked: number; serverErrors: string[] };

export async function runMalformedIds(world: World): Promise<MalformedIdFigures> {
  const withParams = world.routes.filter((r) => /:[A-Za-z]+/.test(r.path));
  const figures: MalformedIdFigures = { routes: withParams.length, parameters: 0, asked: 0, serverErrors: [] };
  for (const route of withParams) {
    const actor = allowedActor(route);
    for (const [, name] of route.path.matchAll(/:([A-Za-z]+)/g)) {
      figures.parameters++;
      for (const value of NOT_IDS) {
        const res = await ask(world, route, actor, { params: { [name!]: value } });
        figures.asked++;
        if (res.status >= 500) figures.serverErrors.push(`${route.key} :${name}=${JSON.stringify(value.slice(0, 40))} as ${actor}: ${res.status}`);
      }
    }
  }
  return figures;
}
