import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleItems } from './builtin-visibility';

const builtin = (x: string) => x.startsWith('system:');

const CASES: { name: string; items: string[]; show: boolean; shown: string[]; hidden: number }[] = [
  { name: 'hidden and counted', items: ['a', 'system:x', 'b', 'system:y'], show: false, shown: ['a', 'b'], hidden: 2 },
  { name: 'shown when asked, none counted', items: ['a', 'system:x'], show: true, shown: ['a', 'system:x'], hidden: 0 },
  { name: 'nothing built in', items: ['a', 'b'], show: false, shown: ['a', 'b'], hidden: 0 },
  { name: 'only built-ins', items: ['system:x'], show: false, shown: [], hidden: 1 },
  { name: 'empty', items: [], show: false, shown: [], hidden: 0 },
];

for (const c of CASES)
  test(`visibleItems: ${c.name}`, () => {
    assert.deepEqual(visibleItems(c.items, c.show, builtin), { shown: c.shown, hidden: c.hidden });
  });
