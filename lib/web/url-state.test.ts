// What every page and API reads the same way: the export format, the built-ins parameter (one
// spelling, the old one still read) and a schema's answer with bad values at their defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { builtinParam, exportFormat, parseBuiltin, schemaInput, withDefaults } from './url-state';

const FORMATS: { name: string; query: string; format?: string; error?: string }[] = [
  { name: 'json by default', query: '', format: 'json' },
  { name: 'csv', query: 'format=csv', format: 'csv' },
  { name: 'the first of two', query: 'format=csv&format=json', format: 'csv' },
  { name: 'anything else refused, named', query: 'format=xml', error: 'format must be json or csv, got "xml"' },
  { name: 'an empty one refused', query: 'format=', error: 'format must be json or csv, got ""' },
];

for (const c of FORMATS)
  test(`exportFormat: ${c.name}`, () => {
    const r = exportFormat(new URLSearchParams(c.query));
    assert.deepEqual(r, c.error ? { ok: false, error: c.error } : { ok: true, value: c.format });
  });

test('exportFormat: a page query reads as an API query does', () => {
  assert.deepEqual(exportFormat({ format: ['csv', 'json'] }), { ok: true, value: 'csv' });
});

const BUILTINS: { name: string; query: string; given: string; api: string | RegExp }[] = [
  { name: 'absent', query: '', given: '', api: 'show' },
  { name: 'builtin=show', query: 'builtin=show', given: 'show', api: 'show' },
  { name: 'builtin=hide', query: 'builtin=hide', given: 'hide', api: 'hide' },
  { name: 'the old system=show', query: 'system=show', given: 'show', api: 'show' },
  { name: 'the old system=hide', query: 'system=hide', given: 'hide', api: 'hide' },
  { name: 'builtin wins over system', query: 'builtin=hide&system=show', given: 'hide', api: 'hide' },
  { name: 'a bad value', query: 'builtin=yes', given: 'yes', api: /builtin must be show or hide, got "yes"/ },
  { name: 'an empty value, refused by the API', query: 'builtin=', given: '', api: /got ""/ },
];

for (const c of BUILTINS)
  test(`built-ins parameter: ${c.name}`, () => {
    const q = new URLSearchParams(c.query);
    assert.equal(builtinParam(q), c.given);
    const r = parseBuiltin(q, 'show');
    if (typeof c.api === 'string') assert.deepEqual(r, { ok: true, value: c.api });
    else assert.match(r.ok ? '' : r.error, c.api);
  });

test('schemaInput: first values, empty ones dropped, lists joined, the old built-ins spelling renamed', () => {
  const q = new URLSearchParams('a=1&a=2&b=&kind=Role&kind=ClusterRole&system=show');
  assert.deepEqual(schemaInput(q, ['kind']), { a: '1', kind: 'Role,ClusterRole', builtin: 'show' });
  assert.deepEqual(schemaInput(q, [], true), { a: '1', b: '', kind: 'Role', builtin: 'show' });
});

const schema = z.object({ sort: z.enum(['name', 'size']).default('name'), n: z.coerce.number().int().default(1) });
const DEFAULTS: { name: string; input: Record<string, string>; value: object; problems: number }[] = [
  { name: 'all good', input: { sort: 'size', n: '3' }, value: { sort: 'size', n: 3 }, problems: 0 },
  {
    name: 'one bad: its default, the rest kept',
    input: { sort: 'x', n: '3' },
    value: { sort: 'name', n: 3 },
    problems: 1,
  },
  { name: 'all bad: every default', input: { sort: 'x', n: 'y' }, value: { sort: 'name', n: 1 }, problems: 2 },
  { name: 'nothing given', input: {}, value: { sort: 'name', n: 1 }, problems: 0 },
];

for (const c of DEFAULTS)
  test(`withDefaults: ${c.name}`, () => {
    const r = withDefaults(schema, c.input);
    assert.deepEqual(r.value, c.value);
    assert.equal(r.problems.length, c.problems);
  });
