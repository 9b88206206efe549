import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkedMap, DraftLists, DraftMap } from './copy-on-write';

type Write = ['set', string, number] | ['delete', string];
const base = () =>
  new Map([
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);

const CASES: { name: string; writes: Write[]; entries: [string, number][] }[] = [
  {
    name: 'nothing written',
    writes: [],
    entries: [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ],
  },
  {
    name: 'a modified key keeps its place',
    writes: [['set', 'b', 20]],
    entries: [
      ['a', 1],
      ['b', 20],
      ['c', 3],
    ],
  },
  {
    name: 'an added key goes last',
    writes: [['set', 'd', 4]],
    entries: [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ],
  },
  {
    name: 'a deleted key leaves',
    writes: [['delete', 'a']],
    entries: [
      ['b', 2],
      ['c', 3],
    ],
  },
  {
    name: 'deleting what is absent changes nothing',
    writes: [['delete', 'x']],
    entries: [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ],
  },
];

for (const c of CASES) {
  test(`DraftMap over a Map: ${c.name}, the base untouched`, () => {
    const b = base();
    const draft = new DraftMap(b);
    for (const w of c.writes) {
      if (w[0] === 'set') draft.set(w[1], w[2]);
      else draft.delete(w[1]);
    }
    assert.deepEqual([...draft.done()], c.entries);
    assert.deepEqual([...b], [...base()]);
    if (c.writes.length === 0) assert.equal(draft.done(), b);
  });

  test(`DraftMap over a ChunkedMap: ${c.name}, the base untouched`, () => {
    const b = ChunkedMap.of(base());
    const draft = new DraftMap(b);
    for (const w of c.writes) {
      if (w[0] === 'set') draft.set(w[1], w[2]);
      else draft.delete(w[1]);
    }
    const done = draft.done();
    const sorted = (m: ReadonlyMap<string, number>) => [...m].sort(([x], [y]) => (x < y ? -1 : 1));
    assert.deepEqual(
      sorted(done),
      [...c.entries].sort(([x], [y]) => (x < y ? -1 : 1)),
    );
    assert.equal(done.size, c.entries.length);
    for (const [k, v] of c.entries) assert.equal(done.get(k), v);
    assert.deepEqual(sorted(b), [...base()]);
  });
}

test('DraftLists copies a list once per batch, drops emptied lists and leaves the base lists alone', () => {
  const list = [1, 2];
  const b = new Map([['x', list]]);
  const lists = new DraftLists(b);
  lists.edit('x').push(3);
  lists.edit('x').splice(0, 3);
  lists.edit('y').push(9);
  const done = lists.done();
  assert.deepEqual([...done], [['y', [9]]]);
  assert.deepEqual(list, [1, 2]);
});
