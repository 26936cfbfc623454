// A small in-process cache for figures that may be a few seconds old (headline counts on work lists), with one
// computation in flight per key so a burst of requests does not run the same expensive query many times.
export function ttlCache<V>(ttlMs: number, now: () => number = Date.now) {
  const entries = new Map<string, { value: V; at: number }>();
  const inFlight = new Map<string, Promise<V>>();
  return {
    async get(key: string, compute: () => Promise<V>): Promise<{ value: V; at: number }> {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = compute().finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const value = await pending;
      const entry = entries.get(key);
      if (entry && now() - entry.at < ttlMs) return entry;
      const fresh = { value, at: now() };
      entries.set(key, fresh);
      return fresh;
    },
    clear() {
      entries.clear();
    },
  };
}
