// The overview's list state: one schema for the page (a bad value is its default) and
// /api/namespaces (a bad value is a 400 that names it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namespaceListQuery, namespaceListState, parseNamespaceList } from './namespace-list';

const CASES: { name: string; query: string; page: object; api: object | RegExp }[] = [
  {
    name: 'defaults',
    query: '',
    page: { filter: '', sort: 'name', order: 'asc' },
    api: { filter: '', sort: 'name', order: 'asc' },
  },
  {
    name: 'all given',
    query: 'filter=pay&sort=pods&order=desc',
    page: { filter: 'pay', sort: 'pods', order: 'desc' },
    api: { filter: 'pay', sort: 'pods', order: 'desc' },
  },
  {
    name: 'an unknown sort',
    query: 'sort=size&order=desc',
    page: { filter: '', sort: 'name', order: 'desc' },
    api: /^sort must be one of name, .*, got "size"$/,
  },
  {
    name: 'a bad order',
    query: 'order=up',
    page: { filter: '', sort: 'name', order: 'asc' },
    api: /^order must be asc or desc, got "up"$/,
  },
  {
    name: 'an empty sort: the page default, the API refuses it',
    query: 'sort=',
    page: { filter: '', sort: 'name', order: 'asc' },
    api: /got ""/,
  },
  {
    name: 'a long filter is cut at 253',
    query: `filter=${'a'.repeat(300)}`,
    page: { filter: 'a'.repeat(253), sort: 'name', order: 'asc' },
    api: { filter: 'a'.repeat(253), sort: 'name', order: 'asc' },
  },
];

for (const c of CASES)
  test(`namespace list: ${c.name}`, () => {
    const q = new URLSearchParams(c.query);
    assert.deepEqual(namespaceListState(q), c.page);
    const api = parseNamespaceList(q);
    if (c.api instanceof RegExp) assert.match(api.ok ? '' : api.error, c.api);
    else assert.deepEqual(api, { ok: true, value: c.api });
  });

test('namespaceListQuery: defaults left out, the page last', () => {
  assert.equal(namespaceListQuery({ filter: '', sort: 'name', order: 'asc' }), '');
  assert.equal(
    namespaceListQuery({ filter: 'a b', sort: 'pods', order: 'desc' }, 2),
    '?filter=a+b&sort=pods&order=desc&page=2',
  );
  assert.equal(namespaceListQuery({ filter: '', sort: 'name', order: 'asc' }, 1), '');
});
