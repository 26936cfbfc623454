import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ttlCache } from '../../../src/platform/ttl-cache.ts';

describe('ttlCache', () => {
  it('computes once for concurrent callers and reuses the value until it is too old', async () => {
    let clock = 1_000;
    let computed = 0;
    const cache = ttlCache<number>(30_000, () => clock);
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 5));
      return computed;
    };
    const [a, b] = await Promise.all([cache.get('camden', compute), cache.get('camden', compute)]);
    assert.equal(computed, 1);
    assert.equal(a.value, 1);
    assert.equal(b.value, 1);
    clock += 29_999;
    assert.equal((await cache.get('camden', compute)).value, 1);
    clock += 2;
    assert.equal((await cache.get('camden', compute)).value, 2);
    assert.equal((await cache.get('luton', compute)).value, 3, 'keys are separate');
  });

  it('does not keep a failed computation', async () => {
    const cache = ttlCache<number>(30_000);
    await assert.rejects(cache.get('k', async () => { throw new Error('database unavailable'); }));
    assert.equal((await cache.get('k', async () => 7)).value, 7);
  });
});
