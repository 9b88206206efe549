// Two lists paged on one page: a pager's link moves its own list and keeps the other's page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedPageHrefs } from './paging';

const cases: { name: string; first: number; second: number; link: 'first' | 'second'; n: number; href: string }[] = [
  { name: 'both on page 1: the next of the first', first: 0, second: 0, link: 'first', n: 2, href: '/b?page=2' },
  {
    name: 'the next rules page keeps page 3 of the first',
    first: 200,
    second: 0,
    link: 'second',
    n: 2,
    href: '/b?page=3&rules=2',
  },
  {
    name: 'back to page 1 of the first drops it, keeps the rules',
    first: 100,
    second: 400,
    link: 'first',
    n: 1,
    href: '/b?rules=5',
  },
];

for (const c of cases)
  test(c.name, () => {
    const hrefs = pairedPageHrefs('/b', { offset: c.first, size: 100 }, { offset: c.second, size: 100 });
    assert.equal(hrefs[c.link](c.n), c.href);
  });
