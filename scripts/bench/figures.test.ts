import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { figureTable, growthTable, spread, type Figure } from './figures';

const cpu = (value: number): Figure => ({ label: 'CPU', value, unit: '%', goal: { text: '≤ 5%', max: 5 } });
const rss = (value: number): Figure => ({ label: 'RSS', value, unit: 'MiB' });

describe('figureTable: pass or miss, judged at 10,000 namespaces only', () => {
  const cases: [string, number, Figure, string][] = [
    ['under the goal at 10k passes', 10_000, cpu(4.2), '| CPU | 4.2% | ≤ 5% | pass |'],
    ['at the goal passes', 10_000, cpu(5), '| CPU | 5.0% | ≤ 5% | pass |'],
    ['over the goal at 10k misses', 10_000, cpu(55), '| CPU | 55.0% | ≤ 5% | **miss** |'],
    ['a development size is not judged', 1_000, cpu(55), '| CPU | 55.0% | ≤ 5% | (goal at 10k) |'],
    ['no value is not judged', 10_000, cpu(NaN), '| CPU | — | ≤ 5% |  |'],
    ['no goal, no verdict', 10_000, rss(512), '| RSS | 512 MiB |  |  |'],
    [
      'the row text replaces the value',
      10_000,
      { ...cpu(1), text: '1 of a core' },
      '| CPU | 1 of a core | ≤ 5% | pass |',
    ],
  ];
  for (const [name, namespaces, figure, row] of cases)
    test(name, () => assert.equal(figureTable('t', namespaces, [figure]).split('\n')[2], row));
});

describe('growthTable: the exponent from the smallest size to the largest', () => {
  const run = (namespaces: number, value: number) => ({ namespaces, figures: [rss(value)] });
  const cases: [string, number[], string][] = [
    ['linear', [100, 1000], '| RSS | 100 MiB | 300 MiB | 1000 MiB | 1.00 | yes |'],
    ['flat', [100, 100], '| RSS | 100 MiB | 300 MiB | 100 MiB | 0.00 | yes |'],
    ['quadratic', [10, 1000], '| RSS | 10 MiB | 300 MiB | 1000 MiB | 2.00 | **no** |'],
    ['from zero: no exponent', [0, 1000], '| RSS | 0 MiB | 300 MiB | 1000 MiB | — |  |'],
  ];
  for (const [name, [first, last], row] of cases)
    test(name, () => {
      const table = growthTable([run(1_000, first!), run(3_000, 300), run(10_000, last!)]);
      assert.equal(table.split('\n')[2], row);
    });
  test('one size: no growth table', () => assert.equal(growthTable([run(1_000, 1)]), ''));
  test('ratios to the baseline (x) are left out', () => {
    const x: Figure = { label: 'sync', value: 2, unit: 'x' };
    const table = growthTable([
      { namespaces: 1_000, figures: [x] },
      { namespaces: 10_000, figures: [x] },
    ]);
    assert.equal(table.split('\n').length, 2);
  });
});

describe('spread', () => {
  test('p50 / p95 / max and n', () => assert.equal(spread([10, 20, 30, 40]), '30 / 40 / 40 ms (n=4)'));
  test('no samples', () => assert.equal(spread([]), 'n=0'));
});
