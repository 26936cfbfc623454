// Property-based fuzzing of every form and API body (issue 16), with fast-check. Each state-changing route of the
// router's list is sent generated bodies built from its own schema's fields (BODY_SCHEMAS in routing.ts) mixed with
// over-long strings, wrong types, control characters, Unicode edge cases, duplicated fields, unknown fields and
// missing or wrong CSRF tokens. Nothing may answer 5xx, and a refused request may write nothing: every table's row
// count is compared before and after refused requests (audit rows and sign-in attempts excepted, which record the
// refusal itself).
import fc from 'fast-check';
import type { z } from 'zod';
import { BODY_SCHEMAS } from '../../../src/platform/web/routing.ts';
import { countDifferences, rowCounts } from './world.ts';
import type { Actor, World } from './world.ts';
import { ask, csrfFor } from './probe.ts';
import { isApi, isStateChanging } from './route-list.ts';
import type { RegisteredRoute } from './route-list.ts';
import { allowedActor } from './csrf-and-headers.ts';

/**
 * Tables a refused request legitimately adds to: the audit of the refusal, the sign-in limits' own counting, and the
 * board's cache of aggregate counts (no record of anyone: a refused export re-renders the dashboard, which counts).
 */
export const REFUSAL_RECORDS = ['audit_events', 'sign_in_attempts', 'board_snapshots'] as const;

/** Routes fuzzed from their own throwaway session, because a valid request ends or changes the session itself. */
const OWN_SESSION = new Set(['POST /sign-out', 'POST /account/password', 'POST /account/second-factor/turn-off']);

type Field = { name: string; choices: string[] };

/** The fields of a body schema (objects, unions of objects, pipes, refinements), each with its choices if an enum. */
export function fieldsOf(schema: z.ZodType | undefined): Field[] {
  const fields = new Map<string, Set<string>>();
  const choicesOf = (s: unknown): string[] => {
    const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (def.type === 'enum') return Object.values(def.entries as Record<string, string>).map(String);
    if (def.type === 'literal') return (def.values as unknown[]).map(String);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') return choicesOf(def.innerType);
    if (def.type === 'pipe') return [...choicesOf(def.in), ...choicesOf(def.out)];
    if (def.type === 'array') return choicesOf(def.element);
    if (def.type === 'union') return (def.options as unknown[]).flatMap(choicesOf);
    return [];
  };
  const walk = (s: unknown, depth = 0) => {
    const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def || depth > 6) return;
    if (def.type === 'object') {
      for (const [name, field] of Object.entries(def.shape as Record<string, unknown>)) {
        const set = fields.get(name) ?? new Set<string>();
        for (const c of choicesOf(field)) set.add(c);
        fields.set(name, set);
      }
    } else if (def.type === 'union' || def.type === 'intersection') {
      for (const option of (def.options as unknown[] | undefined) ?? [def.left, def.right]) walk(option, depth + 1);
    } else if (def.type === 'pipe') {
      walk(def.in, depth + 1);
      walk(def.out, depth + 1);
    } else if (def.innerType) walk(def.innerType, depth + 1);
  };
  walk(schema);
  return [...fields].map(([name, choices]) => ({ name, choices: [...choices] }));
}

const EDGE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\uFEFF', '\u202Eevil', '\u200B', '\u2028', '\r\n', '\t', 'e\u0301', '\uD800', '\uDFFF', 'x\uD83D', '𝕳𝖆𝖗𝖇𝖔𝖚𝖗', '👩‍👩‍👧‍👦', 'İı', 'ß', 'ﷺ', '\u0085',
  '%00', '%', '../../etc/passwd', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' or 1=1 --", '${7*7}', '{{7*7}}', '{% raw %}',
  '__proto__', 'constructor', 'toString', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '99999999999999999999', '-0', '1.5',
  '31/02/2026', '00/00/0000', '29/02/2025', '01/01/1800', '01/01/9999', '2026-13-45', '25:61', '12:00', 'today',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid', 'CSE-0001',
];

const controlText = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), maxLength: 20 });
const overLong = fc.tuple(fc.constantFrom('a', 'é', '𝕳', '\u0000', ' ', '<', 'x\u0301'), fc.constantFrom(201, 1_001, 2_001, 10_001, 50_001, 120_000)).map(([s, n]) => s.repeat(n));

/** A string field's value: of every kind above, the field's own choices, and ids the seeded world really holds. */
function textValue(field: Field, world: World) {
  const known = Object.values(world.params);
  return fc.oneof(
    { weight: 3, arbitrary: field.choices.length ? fc.constantFrom(...field.choices) : fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: controlText },
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    { weight: 1, arbitrary: overLong },
    { weight: 1, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.uuid().map(String) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
}

/** A JSON value of the wrong type as often as the right one. */
function jsonValue(field: Field, world: World): fc.Arbitrary<unknown> {
  const text = textValue(field, world);
  return fc.oneof(
    { weight: 4, arbitrary: text },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constant({ __proto__: { admin: true } }) },
  );
}

export type FuzzInput = { actor: Actor; csrf: 'valid' | 'missing' | 'wrong' | 'duplicated'; body: Record<string, string | string[]> | string; contentType?: string };

/** The generated requests for one route. */
export function inputsFor(route: RegisteredRoute, world: World): fc.Arbitrary<FuzzInput> {
  const fields = fieldsOf(BODY_SCHEMAS.get(route.key));
  const named = [...fields, { name: '_csrf', choices: [] }];
  const unknownKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'a[b]', 'a.b', '', ' ', '\u0000'));
  const actor = fc.oneof({ weight: 9, arbitrary: fc.constant(allowedActor(route)) }, { weight: 1, arbitrary: fc.constantFrom<Actor>('no-session', 'outsider', 'referrer') });
  if (isApi(route.path)) {
    const body = fc.record(Object.fromEntries(fields.map((f) => [f.name, jsonValue(f, world)])), { requiredKeys: [] });
    const extra = fc.dictionary(unknownKey, jsonValue({ name: '', choices: [] }, world), { maxKeys: 3 });
    const text = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(body, extra).map(([b, e]) => JSON.stringify({ ...e, ...b })) },
      { weight: 1, arbitrary: fc.constantFrom('', '{', '[]', 'null', '"text"', '{"a":1,"a":2}', '{"__proto__":{"x":1}}', '\uFEFF{}', '{"narrative":"\\u0000"}', '{"narrative":"\\ud800"}') },
      { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
    );
    return fc.record({ actor, csrf: fc.constant('valid' as const), body: text, contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json') });
  }
  const value = (f: Field) => fc.oneof({ weight: 5, arbitrary: textValue(f, world) }, { weight: 1, arbitrary: fc.array(textValue(f, world), { minLength: 2, maxLength: 4 }) });
  const body = fc.record(Object.fromEntries(named.filter((f) => f.name !== '_csrf').map((f) => [f.name, value(f)])), { requiredKeys: [] });
  const extra = fc.dictionary(unknownKey, textValue({ name: '', choices: [] }, world), { maxKeys: 3 });
  return fc.record({
    actor,
    csrf: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'missing', 'wrong', 'duplicated'),
    body: fc.tuple(body, extra).map(([b, e]) => ({ ...e, ...b }) as Record<string, string | string[]>),
  });
}

export type FuzzFigures = { routes: number; inputs: number; serverErrors: string[]; partialWrites: string[]; accepted: number; refused: number; perRoute: number; ms: number };

/** Fuzzes every state-changing route with `perRoute` generated inputs; `checkEvery` refused requests share one row count. */
export async function runFuzz(world: World, options: { perRoute: number; seed: number; checkEvery?: number; only?: (route: RegisteredRoute) => boolean; onRoute?: (route: RegisteredRoute, done: FuzzFigures) => void }): Promise<FuzzFigures> {
  const started = performance.now();
  const figures: FuzzFigures = { routes: 0, inputs: 0, serverErrors: [], partialWrites: [], accepted: 0, refused: 0, perRoute: options.perRoute, ms: 0 };
  const checkEvery = options.checkEvery ?? 1;
  const routes = world.routes.filter((r) => isStateChanging(r.method) && (options.only?.(r) ?? true));
  // Signed in before any sign-in is fuzzed: fuzzing POST /sign-in soon slows this address down, as it should.
  const owned = new Map<string, Awaited<ReturnType<World['signIn']>>>();
  for (const route of routes) if (OWN_SESSION.has(route.key)) owned.set(route.key, await world.signIn(allowedActor(route)));
  for (const [index, route] of routes.entries()) {
    figures.routes++;
    const arbitrary = inputsFor(route, world);
    const own = owned.get(route.key) ?? null;
    let before = await rowCounts(world.harbour);
    let batch = 0;
    let acceptedInBatch = false;
    const fixed = fixedInputs(route);
    for (let chunk = 0; chunk * 500 < options.perRoute; chunk++) {
      const n = Math.min(500, options.perRoute - chunk * 500);
      // The same edge cases on every route first (each field at once holding one of them), then generated ones.
      const generated = fc.sample(arbitrary, { numRuns: n, seed: options.seed + index * 1_000 + chunk });
      for (const input of chunk === 0 ? [...fixed, ...generated.slice(fixed.length)] : generated) {
        const res = await send(world, route, input, own);
        figures.inputs++;
        const accepted = res.status < 400;
        if (accepted) figures.accepted++;
        else figures.refused++;
        if (res.status >= 500) figures.serverErrors.push(`${route.key} as ${input.actor}: ${res.status} for ${preview(input)}`);
        acceptedInBatch ||= accepted;
        batch++;
        if (batch >= checkEvery) {
          const after = await rowCounts(world.harbour);
          if (!acceptedInBatch) {
            const changed = countDifferences(before, after, REFUSAL_RECORDS);
            if (changed.length) figures.partialWrites.push(`${route.key}: ${changed.join(', ')} after refused ${checkEvery === 1 ? preview(input) : `requests (last ${preview(input)})`}`);
          }
          before = after;
          batch = 0;
          acceptedInBatch = false;
        }
      }
    }
    options.onRoute?.(route, figures);
  }
  figures.ms = Math.round(performance.now() - started);
  return figures;
}

/** Every field at once holding a NUL, a lone surrogate, markup, 5,000 characters, two values, or nothing. */
function fixedInputs(route: RegisteredRoute): FuzzInput[] {
  const fields = fieldsOf(BODY_SCHEMAS.get(route.key)).map((f) => f.name);
  const actor = allowedActor(route);
  const every = (value: string | string[]) => Object.fromEntries(fields.map((f) => [f, value]));
  const values: (string | string[])[] = ['a\u0000b', 'x\uD800y', '<script>alert(1)</script>', 'é'.repeat(5_000), ['1', '2'], ''];
  if (isApi(route.path)) return values.map((v) => ({ actor, csrf: 'valid', body: JSON.stringify(every(v)), contentType: 'application/json' }));
  return values.map((v) => ({ actor, csrf: 'valid', body: every(v) }));
}

async function send(world: World, route: RegisteredRoute, input: FuzzInput, own: Awaited<ReturnType<World['signIn']>> | null) {
  if (isApi(route.path)) return ask(world, route, input.actor, { body: input.body, contentType: input.contentType });
  const body = { ...(input.body as Record<string, string | string[]>) };
  const token = await csrfFor(world, input.actor);
  if (input.csrf === 'valid') body._csrf = token;
  else if (input.csrf === 'wrong') body._csrf = `${token.slice(0, -2)}xx`;
  else if (input.csrf === 'duplicated') body._csrf = [token, token];
  else delete body._csrf;
  if (own && input.actor === allowedActor(route)) {
    const page = await own.get('/account');
    const ownToken = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (ownToken && input.csrf === 'valid') body._csrf = ownToken;
    return own.request(route.method, route.path, body);
  }
  return ask(world, route, input.actor, { csrf: false, body });
}

function preview(input: FuzzInput): string {
  const text = JSON.stringify({ csrf: input.csrf, body: input.body });
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}
