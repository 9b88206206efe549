import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachOf, runWork, sortWork, within, type Work } from './sliced-work';

/** Items with many ties: a sort that is not stable puts equal keys' ids out of order. */
const items = (n: number) => Array.from({ length: n }, (_, id) => ({ key: (id * 7919) % 13, id }));
const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

const sizes: { name: string; n: number; run: number }[] = [
  { name: 'empty', n: 0, run: 4 },
  { name: 'one', n: 1, run: 4 },
  { name: 'shorter than a run', n: 3, run: 4 },
  { name: 'exactly a run', n: 4, run: 4 },
  { name: 'a run and one', n: 5, run: 4 },
  { name: 'an odd number of runs, the last short', n: 3 * 4 + 1, run: 4 },
  { name: 'many runs', n: 10_000, run: 64 },
];

for (const c of sizes)
  test(`sortWork is Array.prototype.sort, stable, in slices: ${c.name}`, () => {
    const input = items(c.n);
    const before = JSON.stringify(input);
    let slices = 0;
    const work = sortWork(input, byKey, c.run);
    let r = work.next();
    for (; !r.done; r = work.next()) slices++;
    assert.deepEqual(r.value, input.slice().sort(byKey));
    assert.equal(JSON.stringify(input), before, 'the input is left as it was');
    if (c.n > c.run) assert.ok(slices > 1, `${slices} slices`);
  });

test('eachOf yields every `every` items, then within() maps its progress into its part of the whole', () => {
  const seen: number[] = [];
  const work: Work<void> = within(
    eachOf([1, 2, 3, 4, 5], (x) => void seen.push(x), 2),
    0.5,
    1,
  );
  const progress = [...{ [Symbol.iterator]: () => work }];
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.deepEqual(progress, [0.5 + 0.5 * (2 / 5), 0.5 + 0.5 * (4 / 5)]);
  assert.equal(runWork(sortWork([3, 1, 2], (a, b) => a - b)).join(), '1,2,3');
});
