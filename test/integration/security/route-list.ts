// Every route and method the web app and the API register, read from Express's own router (issue 16): the
// authorisation matrix, the CSRF test, the header test and the fuzzing all start from this list, so a route added
// anywhere in src/features is in all four the moment it is registered.
import type { Express } from 'express';

export type RegisteredRoute = { method: string; path: string; key: string };

type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown; slash?: boolean; name?: string };

/** Walks app.router: the app's own routes (/health) and every router mounted on it, recursively. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const found: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          if (typeof path !== 'string') throw new Error(`a route is registered with a regular expression (${String(path)}): route-list.ts cannot name it`);
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (!on || method === '_all') continue;
            const m = method.toUpperCase();
            found.push({ method: m, path: prefix + path, key: `${m} ${prefix + path}` });
          }
        }
      } else if (layer.handle?.stack) {
        // A router mounted under a prefix: app.use('/x', router) keeps the prefix as the layer's raw path.
        const mount = layer.slash ? '' : typeof layer.rawPath === 'string' ? layer.rawPath.replace(/\/$/, '') : null;
        if (mount === null) throw new Error(`a router is mounted at ${String(layer.rawPath)}: route-list.ts cannot name its routes`);
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(router.stack, '');
  // HEAD is answered by every GET route; it is not a separate route.
  const seen = new Set<string>();
  return found.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}

/** The route's path with its parameters filled in; a parameter nobody knows a value for is an error naming it. */
export function concretePath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for the route parameter :${name} in ${path}: add one to PARAMETERS in test/integration/security/world.ts`);
    return encodeURIComponent(value);
  });
}

export const isStateChanging = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);
export const isApi = (path: string) => path.startsWith('/api/');
