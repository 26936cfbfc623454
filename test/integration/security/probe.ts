// Asking one route as one actor, and naming the answer: allowed, refused (403), not found (404), or sent to sign in.
import { concretePath, isApi, isStateChanging } from './route-list.ts';
import type { RegisteredRoute } from './route-list.ts';
import { paramsFor } from './world.ts';
import type { Actor, World } from './world.ts';
import type { Outcome } from './route-table.ts';
import { csrfTokenIn } from '../../support/http-client.ts';
import type { Response } from '../../support/http-client.ts';

export type Answer = Outcome | 'server-error';

export function classify(route: RegisteredRoute, res: Response): Answer {
  if (res.status >= 500) return 'server-error';
  if (res.status === 401) return 'sign-in';
  if ((res.status === 302 || res.status === 303) && /^\/sign-in(\?|$)/.test(res.location ?? '') && !route.path.startsWith('/sign-in')) return 'sign-in';
  if (res.status === 403) return 'deny';
  if (res.status === 404) return 'not-found';
  return 'allow';
}

const csrfTokens = new WeakMap<World, Map<Actor, string>>();

/** The actor's CSRF token: the signed-in session's own, or the anonymous cookie's for no session. */
export async function csrfFor(world: World, actor: Actor): Promise<string> {
  let tokens = csrfTokens.get(world);
  if (!tokens) csrfTokens.set(world, (tokens = new Map()));
  if (!tokens.has(actor)) {
    const b = world.browsers.get(actor)!;
    const page = await b.get(actor === 'no-session' ? '/sign-in' : '/account');
    tokens.set(actor, csrfTokenIn(page.text));
  }
  return tokens.get(actor)!;
}

/**
 * The request a browser (or, under /api, a script with the actor's token) would send: a state-changing one carries
 * a valid CSRF token and an otherwise empty body unless `body` is given, so what is measured is the access check.
 */
export async function ask(world: World, route: RegisteredRoute, actor: Actor, options: { body?: Record<string, string | string[]> | string; csrf?: boolean; contentType?: string; params?: Record<string, string> } = {}): Promise<Response> {
  const path = concretePath(route.path, { ...paramsFor(world, route.path), ...options.params });
  const b = world.browsers.get(actor)!;
  if (isApi(route.path)) {
    const token = world.tokens.get(actor);
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (!isStateChanging(route.method)) return b.request(route.method, path, undefined, headers);
    headers['content-type'] = options.contentType ?? 'application/json';
    return b.request(route.method, path, typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {}), headers);
  }
  if (!isStateChanging(route.method)) return b.request(route.method, path);
  const body = typeof options.body === 'string' ? options.body : { ...(options.csrf === false ? {} : { _csrf: await csrfFor(world, actor) }), ...(options.body ?? {}) };
  return b.request(route.method, path, body, options.contentType ? { 'content-type': options.contentType } : {});
}
