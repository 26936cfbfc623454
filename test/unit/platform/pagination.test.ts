// The shared GOV.UK pagination (src/platform/web/pagination.ts): every paged list's links come from it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pagination } from '../../../src/platform/web/pagination.ts';

describe('pagination', () => {
  test('a list that fits on one page has none', () => {
    assert.equal(pagination('/list', 1, 0, 20), null);
    assert.equal(pagination('/list', 1, 20, 20), null);
  });

  test('a path gets ?page=N; the first page has no previous link and the last no next', () => {
    const first = pagination('/list', 1, 41, 20)!;
    assert.equal(first.previous, undefined);
    assert.deepEqual(first.next, { href: '/list?page=2' });
    assert.deepEqual(first.items, [
      { number: 1, href: '/list?page=1', current: true },
      { number: 2, href: '/list?page=2', current: false },
      { number: 3, href: '/list?page=3', current: false },
    ]);
    assert.equal(pagination('/list', 3, 41, 20)!.next, undefined);
  });

  test('pages more than two from the current one are elided, the first and last always shown', () => {
    const middle = pagination((p) => `/list?type=visit&page=${p}`, 6, 200, 20)!;
    assert.deepEqual(
      middle.items.map((item) => ('ellipsis' in item ? '…' : item.current ? `[${item.number}]` : String(item.number))),
      ['1', '…', '4', '5', '[6]', '7', '8', '…', '10'],
    );
    assert.deepEqual(middle.previous, { href: '/list?type=visit&page=5' });
  });
});
