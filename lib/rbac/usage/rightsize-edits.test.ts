import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Subject } from '../model/types';
import { mergedEdits } from './rightsize-edits';
import type { BindingEdit } from './rightsize-model';

const sa = (name: string): Subject => ({ kind: 'ServiceAccount', name, namespace: 'payments' });
const edit = (action: BindingEdit['action'], removed: Subject[], kept: Subject[]): BindingEdit => ({
  binding: { kind: 'RoleBinding', namespace: 'payments', name: 'shared' },
  action,
  removed,
  kept,
  reconciled: false,
});

test("right-sizing a namespace: one edit per binding, keeping only what every subject's edit keeps", () => {
  const cases: [string, BindingEdit[][], { action: string; kept: string[] }][] = [
    ['one edit is itself', [[edit('edited', [sa('a')], [sa('b'), sa('c')])]], { action: 'edited', kept: ['b', 'c'] }],
    [
      'two edits keep what both keep',
      [[edit('edited', [sa('a')], [sa('b'), sa('c')])], [edit('edited', [sa('b')], [sa('a'), sa('c')])]],
      { action: 'edited', kept: ['c'] },
    ],
    [
      'two edits that keep nobody between them delete it',
      [[edit('edited', [sa('a')], [sa('b')])], [edit('edited', [sa('b')], [sa('a')])]],
      { action: 'deleted', kept: [] },
    ],
  ];
  for (const [name, replaced, want] of cases) {
    const merged = mergedEdits(replaced.map((r) => ({ replaced: r })));
    assert.equal(merged.length, 1, name);
    assert.equal(merged[0]!.action, want.action, name);
    assert.deepEqual(
      merged[0]!.kept.map((s) => s.name),
      want.kept,
      name,
    );
  }
});
