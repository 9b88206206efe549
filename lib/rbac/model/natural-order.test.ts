import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byNaturalText } from './natural-order';

const cases: [string, string[], string[]][] = [
  ['numbers by value', ['ns-10', 'ns-2', 'ns-1', 'ns-100'], ['ns-1', 'ns-2', 'ns-10', 'ns-100']],
  ['text before its longer form', ['ab', 'a', 'a1'], ['a', 'a1', 'ab']],
  ['leading zeros equal in value, then by text', ['a01', 'a1', 'a001'], ['a001', 'a01', 'a1']],
  ['digits beyond a double', ['x123456789012345678901', 'x99'], ['x99', 'x123456789012345678901']],
  ['code-unit order for text', ['b', 'B', 'a'], ['B', 'a', 'b']],
  ['mixed runs', ['app-2-b', 'app-10-a', 'app-2-a'], ['app-2-a', 'app-2-b', 'app-10-a']],
];

for (const [name, input, want] of cases) test(name, () => assert.deepEqual([...input].sort(byNaturalText), want));

test('a total order: antisymmetric on every pair', () => {
  const names = ['', '0', '00', 'a', 'a0', 'a00', 'a1', 'ns-2', 'ns-10', 'Z9'];
  for (const a of names)
    for (const b of names)
      assert.equal(Math.sign(byNaturalText(a, b)), -Math.sign(byNaturalText(b, a)) || 0, `${a} ${b}`);
});
