// The change history: one entry per batch that touched RBAC objects, coalesced within the batch,
// newest first, bounded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectChange } from '@/lib/k8s/reflector';
import { createEngine, emptyModel } from '@/lib/rbac';
import { ChangeHistory, changesCsv, HISTORY_LIMIT, type ChangeEntry } from './changes';

const engine = createEngine(emptyModel());
const rb = (key: string, before: boolean, after: boolean): ObjectChange => {
  const value = {
    namespace: 'a',
    name: key,
    labels: {},
    roleRef: { apiGroup: '', kind: 'Role' as const, name: 'r' },
    subjects: [],
  };
  return {
    kind: 'RoleBinding',
    key: `a/${key}`,
    ...(before && { before: { kind: 'RoleBinding', value } }),
    ...(after && { after: { kind: 'RoleBinding', value } }),
  };
};
const pod: ObjectChange = {
  kind: 'Pod',
  key: 'a/p',
  after: { kind: 'Pod', value: { namespace: 'a', name: 'p', serviceAccountName: 'default' } },
};

describe('ChangeHistory', () => {
  test('pods alone are not RBAC changes; bindings are, coalesced within a batch', () => {
    const h = new ChangeHistory();
    assert.equal(h.record(engine, engine, [pod], new Date(0)), undefined);
    const entry = h.record(
      engine,
      engine,
      [rb('x', false, true), rb('x', true, true), rb('y', false, true), rb('y', true, false), rb('z', true, true)],
      new Date(0),
    );
    assert.deepEqual(
      entry?.objects.map((o) => `${o.action} ${o.name}`),
      ['created x', 'changed z'],
    );
    assert.equal(h.list().length, 1);
  });

  test('newest first, and only the last entries are kept', () => {
    const h = new ChangeHistory();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h.record(engine, engine, [rb(`b${i}`, false, true)], new Date(i));
    assert.equal(h.list().length, HISTORY_LIMIT);
    assert.equal(h.list()[0]!.objects[0]!.name, `b${HISTORY_LIMIT + 4}`);
    assert.equal(h.list().at(-1)!.objects[0]!.name, 'b5');
  });
});

test('as CSV: a row per subject and gained or lost permission; a change that moved nothing keeps its row', () => {
  const entries: ChangeEntry[] = [
    {
      id: 2,
      at: '2026-11-25T10:00:00.000Z',
      objects: [{ kind: 'RoleBinding', namespace: 'a', name: 'x', action: 'created' }],
      subjects: [
        {
          subject: { kind: 'ServiceAccount', namespace: 'a', name: 'ci' },
          gained: [
            { namespace: 'a', verbs: ['get', 'list'], target: 'pods', dangers: [], grants: [] },
            { namespace: 'a', verbs: ['get', 'list'], target: 'secrets', dangers: ['read-secrets'], grants: [] },
          ],
          lost: [{ verbs: ['delete'], target: 'nodes', dangers: [], grants: [] }],
        },
      ],
    },
    { id: 1, at: '2026-11-25T09:00:00.000Z', objects: [{ kind: 'Role', name: 'r', action: 'deleted' }], subjects: [] },
  ];
  assert.deepEqual(changesCsv(entries).trimEnd().split('\r\n'), [
    'at,objects,subjectKind,subjectNamespace,subject,change,verbs,target,namespace,dangers',
    '2026-11-25T10:00:00.000Z,created RoleBinding a/x,ServiceAccount,a,ci,gained,get list,pods,a,',
    '2026-11-25T10:00:00.000Z,created RoleBinding a/x,ServiceAccount,a,ci,gained,get list,secrets,a,read-secrets',
    '2026-11-25T10:00:00.000Z,created RoleBinding a/x,ServiceAccount,a,ci,lost,delete,nodes,(cluster),',
    '2026-11-25T09:00:00.000Z,deleted Role r,,,,,,,,',
  ]);
});
