import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byNaturalName } from './natural-order';

const CASES: { name: string; given: string[]; sorted: string[] }[] = [
  {
    name: 'numbers as numbers',
    given: ['ns-10', 'ns-2', 'ns-100', 'ns-1'],
    sorted: ['ns-1', 'ns-2', 'ns-10', 'ns-100'],
  },
  {
    name: 'text before and after numbers',
    given: ['ns-b', 'ns-10a', 'ns-10', 'ns-9'],
    sorted: ['ns-9', 'ns-10', 'ns-10a', 'ns-b'],
  },
  {
    name: 'leading zeros tie, then code unit',
    given: ['ns-1', 'ns-01', 'ns-001'],
    sorted: ['ns-001', 'ns-01', 'ns-1'],
  },
  { name: 'a prefix first', given: ['app-1', 'app', 'app-'], sorted: ['app', 'app-', 'app-1'] },
  {
    name: 'numbers longer than a double',
    given: ['x99999999999999999999', 'x100000000000000000000'],
    sorted: ['x99999999999999999999', 'x100000000000000000000'],
  },
  { name: 'code unit, not locale (upper before lower)', given: ['b', 'B', 'a'], sorted: ['B', 'a', 'b'] },
  { name: 'several runs', given: ['v1.10.2', 'v1.9.12', 'v1.10.10'], sorted: ['v1.9.12', 'v1.10.2', 'v1.10.10'] },
];

for (const c of CASES)
  test(`natural order: ${c.name}`, () => {
    assert.deepEqual([...c.given].sort(byNaturalName), c.sorted);
  });

test('natural order is antisymmetric and zero only for equal names', () => {
  const names = ['a1', 'a01', 'a10', 'a', 'b2', 'a1b'];
  for (const x of names)
    for (const y of names) {
      assert.equal(Math.sign(byNaturalName(x, y)) || 0, 0 - Math.sign(byNaturalName(y, x)) || 0, `${x} ${y}`);
      assert.equal(byNaturalName(x, y) === 0, x === y, `${x} ${y}`);
    }
});
