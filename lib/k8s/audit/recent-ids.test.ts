// The recent auditIDs: exact (a UUID and a string ID are the same only if their characters are),
// forgetting the oldest when full; and the server's times read without Date.parse give its answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventTime } from './observed';
import { RecentIds } from './recent-ids';

const A = '2922ecc6-fed7-4ab6-90a7-0bf5073e04e0';
const cases: { name: string; add: string[]; probe: string; has: boolean }[] = [
  { name: 'a UUID added', add: [A], probe: A, has: true },
  { name: 'a UUID one digit apart', add: [A], probe: A.replace(/0$/, '1'), has: false },
  { name: 'the same UUID in capitals is another ID', add: [A], probe: A.toUpperCase(), has: false },
  { name: 'a client-sent ID (not a UUID)', add: ['known-1'], probe: 'known-1', has: true },
  { name: 'a client-sent ID, another', add: ['known-1'], probe: 'known-2', has: false },
  { name: 'a UUID without its dashes is a string ID', add: [A.replace(/-/g, '')], probe: A, has: false },
  { name: 'forgotten once capacity IDs came after', add: [A, 'b', 'c', 'd', 'e'], probe: A, has: false },
  { name: 'kept while fewer than capacity came after', add: [A, 'b', 'c', 'd'], probe: A, has: true },
  {
    name: 'an ID met again after it was forgotten is new again',
    add: [A, 'b', 'c', 'd', 'e', A],
    probe: 'b',
    has: false,
  },
];

describe('RecentIds (capacity 4)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const ids = new RecentIds(4);
      for (const id of c.add) ids.addNew(id);
      assert.equal(ids.has(c.probe), c.has);
    });
  }
  test('addNew says whether the ID was new', () => {
    const ids = new RecentIds(4);
    assert.deepEqual(
      [A, 'x', A, 'x', 'y'].map((id) => ids.addNew(id)),
      [true, true, false, false, true],
    );
  });
  test('many UUIDs: each found while kept, none found after', () => {
    const ids = new RecentIds(1000);
    const uuid = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${'0'.repeat(12)}`;
    for (let i = 0; i < 3000; i++) assert.equal(ids.addNew(uuid(i)), true);
    for (let i = 0; i < 3000; i++) assert.equal(ids.has(uuid(i)), i >= 2000, String(i));
  });
});

describe('eventTime: the server’s form read by hand equals Date.parse', () => {
  const times = [
    '2026-12-05T21:14:45.705667Z',
    '2026-12-31T23:59:59.999999Z',
    '2024-02-29T00:00:00.000001Z',
    '2026-02-30T21:14:45.705667Z',
    '2026-12-05T21:14:45Z',
    '2026-12-05T21:14:45.7Z',
    '2026-12-05T21:14:45.705667+01:00',
    '2026-12-05T25:14:45.705667Z',
    '2026-13-05T21:14:45.705667Z',
    '2026-12-05T21:14:45.70566xZ',
    '2026-12-05 21:14:45.705667Z',
    'yesterday',
  ];
  for (const t of times) {
    test(t, () => assert.deepEqual(eventTime({ stageTimestamp: t } as never), Date.parse(t)));
  }
});
