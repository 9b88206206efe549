import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changesView, parseChangesQuery } from './changes-query';

const q = (text: string) => new URLSearchParams(text);

describe('the changes query (entry, group)', () => {
  const cases: [string, string, ReturnType<typeof parseChangesQuery>][] = [
    ['nothing asked', '', { ok: true, value: {} }],
    ['an entry', 'entry=3', { ok: true, value: { entry: 3 } }],
    ['an entry and its group', 'entry=3&group=2', { ok: true, value: { entry: 3, group: 2 } }],
    ['an empty value is absent', 'entry=&group=', { ok: true, value: {} }],
    ['zero', 'entry=0', { ok: false, error: 'entry must be a whole number from 1, got "0"' }],
    ['a fraction', 'entry=1.5', { ok: false, error: 'entry must be a whole number from 1, got "1.5"' }],
    ['not a number', 'group=x&entry=1', { ok: false, error: 'group must be a whole number from 1, got "x"' }],
    [
      'a group without its entry',
      'group=2',
      { ok: false, error: 'group pages the subjects of an entry: give entry too' },
    ],
  ];
  for (const [name, text, want] of cases)
    test(`the API: ${name}`, () => assert.deepEqual(parseChangesQuery(q(text)), want));

  test('the page leaves a bad value out and keeps the rest', () => {
    assert.deepEqual(changesView({ entry: '3', group: 'x' }), { entry: 3 });
    assert.deepEqual(changesView({ entry: '-1' }), {});
    assert.deepEqual(changesView({ entry: ['4', '5'], group: '1' }), { entry: 4, group: 1 });
  });
});
