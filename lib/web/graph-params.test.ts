// The namespace view's URL: one spelling of the built-ins parameter (builtin=show), the graph's old
// one (system=show) still read so links made before keep working.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseViewParams, viewQuery } from './graph-params';

const CASES: { name: string; query: string; builtin?: 'show' | 'hide'; kinds?: string[]; error?: RegExp }[] = [
  { name: 'built-ins hidden by default', query: '', builtin: 'hide' },
  { name: 'builtin=show shows them', query: 'builtin=show', builtin: 'show' },
  { name: 'the old system=show still shows them', query: 'system=show', builtin: 'show' },
  { name: 'the old system=hide hides them', query: 'system=hide', builtin: 'hide' },
  { name: 'builtin wins over the old spelling', query: 'system=show&builtin=hide', builtin: 'hide' },
  { name: 'a repeated builtin: the first', query: 'builtin=show&builtin=hide', builtin: 'show' },
  { name: 'an empty value is the default', query: 'builtin=', builtin: 'hide' },
  { name: 'kinds repeated are one list', query: 'kinds=pods&kinds=roles', kinds: ['pods', 'roles'] },
  { name: 'kinds comma-separated', query: 'kinds=pods,users', kinds: ['pods', 'users'] },
  { name: 'a bad builtin is refused, named', query: 'builtin=yes', error: /builtin must be show or hide, got "yes"/ },
  { name: 'a bad old spelling is refused too', query: 'system=maybe', error: /builtin must be show or hide/ },
  { name: 'an unknown kind is refused', query: 'kinds=pods,cats', error: /kinds/ },
];

for (const c of CASES)
  test(`parseViewParams: ${c.name}`, () => {
    const r = parseViewParams(new URLSearchParams(c.query));
    if (c.error) {
      assert.equal(r.success, false);
      assert.match(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), c.error);
      return;
    }
    assert.ok(r.success, r.error?.message);
    if (c.builtin) assert.equal(r.data.builtin, c.builtin);
    if (c.kinds) assert.deepEqual(r.data.kinds, c.kinds);
  });

test('a page and its API read the same query the same way', () => {
  const page = parseViewParams({ system: 'show', kinds: ['pods', 'roles'], mode: 'access' });
  const api = parseViewParams(new URLSearchParams('system=show&kinds=pods&kinds=roles&mode=access'));
  assert.deepEqual(page.data, api.data);
});

const QUERIES: { name: string; params: Parameters<typeof viewQuery>[0]; query: string }[] = [
  { name: 'defaults left out', params: { builtin: 'hide', mode: 'structure' }, query: '' },
  { name: 'built-ins shown, in the one spelling', params: { builtin: 'show' }, query: '?builtin=show' },
  { name: 'lists comma-separated', params: { kinds: ['pods', 'roles'] }, query: '?kinds=pods%2Croles' },
];

for (const c of QUERIES)
  test(`viewQuery: ${c.name}`, () => {
    assert.equal(viewQuery(c.params), c.query);
  });
