// The history store on disk: what it keeps survives a reopen (a restart), stays within its bounds,
// and a file that is no store, or a directory that cannot be written, is said and never fatal.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { dataDir, MAX_POINTS, openHistoryStore, STORE_FILE } from './history-store';

const fresh = () => mkdtemp(path.join(tmpdir(), 'rbac-atlas-store-'));
const entry = (id: number) => ({ id, bytes: 10, value: { id, at: `2026-01-0${id}T00:00:00.000Z` } });

const CASES: { name: string; run: () => Promise<void> }[] = [
  {
    name: 'entries and points persist across a reopen, per cluster, newest entry first',
    run: async () => {
      const dir = await fresh();
      const a = openHistoryStore(dir);
      a.addEntry('ctx\0https://a', entry(1));
      a.addEntry('ctx\0https://a', entry(2));
      a.addEntry('ctx\0https://b', entry(7));
      a.addPoint('ctx\0https://a', '2026-01-01T00:00:00.000Z', { n: 1 });
      a.addSnapshotPoint('/snaps/mon.yaml', 10, 123.5, { n: 2 });
      a.close?.();
      const b = openHistoryStore(dir);
      assert.equal(b.problem, undefined);
      assert.deepEqual(
        b.entries('ctx\0https://a').map((e) => e.id),
        [2, 1],
      );
      assert.deepEqual(b.entries('ctx\0https://a')[0], entry(2));
      assert.deepEqual(
        b.entries('ctx\0https://b').map((e) => e.id),
        [7],
      );
      assert.deepEqual(b.points('ctx\0https://a'), [{ n: 1 }]);
      assert.deepEqual(b.snapshotPoint('/snaps/mon.yaml', 10, 123.5), { n: 2 });
      assert.equal(b.snapshotPoint('/snaps/mon.yaml', 11, 123.5), undefined, 'another size is another file');
      b.close?.();
    },
  },
  {
    name: 'removed entries stay removed; points bounded by count, oldest out',
    run: async () => {
      const dir = await fresh();
      const s = openHistoryStore(dir);
      for (const id of [1, 2, 3]) s.addEntry('c', entry(id));
      s.removeEntries('c', [1, 2]);
      for (let i = 0; i < MAX_POINTS + 5; i++) s.addPoint('c', new Date(i * 1000).toISOString(), { i });
      s.close?.();
      const r = openHistoryStore(dir);
      assert.deepEqual(
        r.entries('c').map((e) => e.id),
        [3],
      );
      const points = r.points('c') as { i: number }[];
      assert.equal(points.length, MAX_POINTS);
      assert.deepEqual([points[0]?.i, points.at(-1)?.i], [5, MAX_POINTS + 4]);
      r.close?.();
    },
  },
  {
    name: 'a file that is no store is set aside and said; the store starts again',
    run: async () => {
      const dir = await fresh();
      await writeFile(path.join(dir, STORE_FILE), 'this is not a database, '.repeat(100));
      const s = openHistoryStore(dir);
      assert.match(s.problem ?? '', /could not be read .*set aside as .*history\.sqlite\.corrupt-\d+/);
      s.addEntry('c', entry(1));
      assert.deepEqual(
        s.entries('c').map((e) => e.id),
        [1],
      );
      s.close?.();
      assert.ok((await readdir(dir)).some((f) => f.startsWith(`${STORE_FILE}.corrupt-`)));
    },
  },
  {
    name: 'a store locked by another process is kept as it is: history in memory, nothing set aside',
    run: async () => {
      const dir = await fresh();
      openHistoryStore(dir).close?.();
      const other = new DatabaseSync(path.join(dir, STORE_FILE));
      other.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;');
      try {
        const s = openHistoryStore(dir);
        assert.match(s.problem ?? '', /history kept in memory only: cannot open .*locked/);
        assert.ok(!(await readdir(dir)).some((f) => f.includes('.corrupt-')));
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    },
  },
  {
    name: 'a directory that cannot be written keeps points in memory and names the path',
    run: async () => {
      // A path under a file: no one can create it, root included.
      const file = path.join(await fresh(), 'a-file');
      await writeFile(file, '');
      const dir = path.join(file, 'state');
      const s = openHistoryStore(dir);
      assert.match(s.problem ?? '', new RegExp(`history kept in memory only: cannot write ${dir}`));
      s.addPoint('c', '2026-01-01T00:00:00.000Z', { n: 1 });
      assert.deepEqual(s.points('c'), [{ n: 1 }]);
    },
  },
  {
    name: 'the directory: RBAC_ATLAS_DATA_DIR, else the user state directory',
    run: async () => {
      assert.equal(dataDir({ RBAC_ATLAS_DATA_DIR: '/data' }), '/data');
      assert.equal(dataDir({ XDG_STATE_HOME: '/st', HOME: '/home/u' }), '/st/rbac-atlas');
      assert.equal(dataDir({ HOME: '/home/u' }), '/home/u/.local/state/rbac-atlas');
    },
  },
];

for (const c of CASES) test(`history store: ${c.name}`, c.run);
