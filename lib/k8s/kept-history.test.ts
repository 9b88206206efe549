// A change history written to the store on disk and read back, as after a restart: the same
// entries, ids going on after the newest, and the store kept within the history's budget.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ObjectChange } from './live/reflector';
import { openHistoryStore, type HistoryStore } from './history-store';
import { createEngine, emptyModel } from '@/lib/rbac';
import { ChangeHistory, isChangeEntry, type HistorySink } from '@/lib/history/changes';

const engine = createEngine(emptyModel());
const created = (name: string): ObjectChange => ({
  kind: 'RoleBinding',
  key: `a/${name}`,
  after: {
    kind: 'RoleBinding',
    value: { namespace: 'a', name, labels: {}, roleRef: { apiGroup: '', kind: 'Role', name: 'r' }, subjects: [] },
  },
});

/** A history as lib/web/kept-history.ts makes one: read back from the store, writing to it. */
function kept(store: HistoryStore, budget: number): ChangeHistory {
  const sink: HistorySink = {
    added: (e) => store.addEntry('c', { id: e.id, bytes: e.bytes, value: e }),
    evicted: (ids) => store.removeEntries('c', ids),
  };
  const entries = store
    .entries('c')
    .map((e) => e.value)
    .filter(isChangeEntry);
  return new ChangeHistory(budget, sink, entries);
}

const CASES: { name: string; run: (dir: string) => void }[] = [
  {
    name: 'entries survive a reopen and ids go on',
    run: (dir) => {
      const first = openHistoryStore(dir);
      const h = kept(first, 1_000_000);
      h.record(engine, engine, [created('x')], new Date(0));
      h.record(engine, engine, [created('y')], new Date(1));
      first.close?.();
      const again = kept(openHistoryStore(dir), 1_000_000);
      assert.deepEqual(again.list(), h.list());
      const next = again.record(engine, engine, [created('z')], new Date(2))!;
      assert.equal(next.id, 3);
    },
  },
  {
    name: 'the store holds what the bounded history holds, no more',
    run: (dir) => {
      const store = openHistoryStore(dir);
      const h = kept(store, 2_000);
      for (let i = 0; i < 30; i++) h.record(engine, engine, [created(`b${i}`)], new Date(i));
      assert.ok(h.usage().evicted > 0);
      assert.deepEqual(
        store.entries('c').map((e) => e.id),
        h.list().map((e) => e.id),
      );
      assert.deepEqual(kept(openHistoryStore(dir), 2_000).list(), h.list());
    },
  },
  {
    name: 'a row of another shape is skipped, the rest read',
    run: (dir) => {
      const store = openHistoryStore(dir);
      store.addEntry('c', { id: 9, bytes: 5, value: { not: 'an entry' } });
      const h = kept(store, 1_000_000);
      h.record(engine, engine, [created('x')], new Date(0));
      assert.deepEqual(
        kept(openHistoryStore(dir), 1_000_000)
          .list()
          .map((e) => e.objects[0]?.name),
        ['x'],
      );
    },
  },
];

for (const c of CASES)
  test(`kept history: ${c.name}`, async () => c.run(await mkdtemp(path.join(tmpdir(), 'rbac-atlas-kept-'))));
