// An inventory list's URL state: one schema for the page and its API; anything unknown falls back
// to the default, and the state spelled back leaves the defaults out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inventorySearch, inventoryState } from './inventory-params';

const DEFAULT = { filter: '', kinds: [], builtin: false, dangerous: false, sort: 'name', order: 'asc' };

const CASES: { name: string; list: 'roles' | 'bindings' | 'subjects'; query: string; state: object; search: string }[] =
  [
    { name: 'defaults', list: 'roles', query: '', state: DEFAULT, search: '' },
    {
      name: 'every field',
      list: 'bindings',
      query: 'filter=x&kind=RoleBinding&namespace=ci&builtin=show&danger=only&order=desc',
      state: {
        ...DEFAULT,
        filter: 'x',
        kinds: ['RoleBinding'],
        namespace: 'ci',
        builtin: true,
        dangerous: true,
        order: 'desc',
      },
      search: '?filter=x&kind=RoleBinding&namespace=ci&builtin=show&danger=only&order=desc',
    },
    {
      name: 'kinds repeated, unknown ones dropped',
      list: 'subjects',
      query: 'kind=User&kind=Robot&kind=Group',
      state: { ...DEFAULT, kinds: ['User', 'Group'] },
      search: '?kind=User%2CGroup',
    },
    { name: 'every kind is none', list: 'roles', query: 'kind=Role,ClusterRole', state: DEFAULT, search: '' },
    {
      name: "the graph's old system=show",
      list: 'roles',
      query: 'system=show',
      state: { ...DEFAULT, builtin: true },
      search: '?builtin=show',
    },
    { name: 'an unknown sort and order', list: 'roles', query: 'sort=size&order=up', state: DEFAULT, search: '' },
    { name: 'builtin=yes is not show', list: 'roles', query: 'builtin=yes', state: DEFAULT, search: '' },
  ];

for (const c of CASES)
  test(`inventoryState: ${c.name}`, () => {
    const state = inventoryState(c.list, new URLSearchParams(c.query));
    assert.deepEqual(state, c.state);
    assert.equal(inventorySearch(state), c.search);
  });

test('a page reads its searchParams as its API reads the query', () => {
  const page = inventoryState('subjects', { kind: ['User', 'Group'], filter: 'a', page: '2' });
  assert.deepEqual(page, inventoryState('subjects', new URLSearchParams('kind=User&kind=Group&filter=a&page=2')));
});
