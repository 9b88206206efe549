// A snapshot written from a live read reads back as the same model, and one written from a partial
// read stays partial: the kinds not read travel in the file and the answers from it say so.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { assembleModel } from '../kinds/model-builder';
import { parseObject, toManifest, type ParsedObject } from '../kinds/objects';
import { readSnapshot } from './snapshot';
import { snapshotYaml } from './snapshot-writer';

const objects: ParsedObject[] = [
  { kind: 'Namespace', value: { name: 'a', labels: { team: 'x' } } },
  {
    kind: 'ServiceAccount',
    value: { namespace: 'a', name: 'bot', created: '2026-02-03T04:05:06Z', automountServiceAccountToken: false },
  },
  { kind: 'Pod', value: { namespace: 'a', name: 'p', serviceAccountName: 'bot', phase: 'Running' } },
  {
    kind: 'Pod',
    value: { namespace: 'a', name: 'q', serviceAccountName: 'default', automountServiceAccountToken: true },
  },
  {
    kind: 'Pod',
    value: {
      namespace: 'a',
      name: 'web-7c9f-x1',
      serviceAccountName: 'bot',
      owner: { group: 'apps', kind: 'ReplicaSet', name: 'web-7c9f' },
      templateHash: '7c9f',
    },
  },
  {
    kind: 'Role',
    value: {
      namespace: 'a',
      name: 'r',
      labels: {},
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'], nonResourceURLs: [] }],
    },
  },
  {
    kind: 'ClusterRole',
    value: {
      name: 'agg',
      labels: {},
      rules: [],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { k: 'v' }, matchExpressions: [] }] },
    },
  },
  {
    kind: 'RoleBinding',
    value: {
      namespace: 'a',
      name: 'rb',
      labels: {},
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'bot', namespace: 'a' }],
    },
  },
  {
    kind: 'ClusterRoleBinding',
    value: {
      name: 'crb',
      labels: { a: 'b' },
      created: '2025-12-31T23:59:59Z',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agg' },
      subjects: [{ kind: 'Group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' }],
    },
  },
];

async function written(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'rbac-atlas-writer-')), 'snap.yaml');
  await writeFile(file, text);
  return file;
}

describe('snapshot writer', () => {
  test('every kind reads back as the object it was written from', () => {
    for (const o of objects) {
      const back = parseObject(o.kind, toManifest(o), '');
      assert.deepEqual(back, { ok: true, object: o }, o.kind);
    }
  });

  test("a pod's controller owner reference and template hash are read; other owners and labels are not", () => {
    const read = (metadata: object) => {
      const r = parseObject('Pod', { metadata: { name: 'p', ...metadata }, spec: {} }, 'ns');
      return r.ok && r.object.kind === 'Pod' ? { owner: r.object.value.owner, hash: r.object.value.templateHash } : r;
    };
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9f', uid: 'u1' };
    const cases: [string, object, object][] = [
      [
        'controller ReplicaSet with its hash',
        { ownerReferences: [{ ...rs, controller: true }], labels: { 'pod-template-hash': '7c9f', app: 'web' } },
        { owner: { group: 'apps', kind: 'ReplicaSet', name: 'web-7c9f' }, hash: '7c9f' },
      ],
      ['an owner that is not the controller', { ownerReferences: [rs] }, { owner: undefined, hash: undefined }],
      [
        'a core-group controller',
        { ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', controller: true }] },
        { owner: { group: '', kind: 'ReplicationController', name: 'rc' }, hash: undefined },
      ],
      [
        'no owner: the hash label alone is not kept',
        { labels: { 'pod-template-hash': 'x' } },
        { owner: undefined, hash: undefined },
      ],
    ];
    for (const [name, metadata, want] of cases) assert.deepEqual(read(metadata), want, name);
  });

  test('creationTimestamp is kept as RFC 3339; one that does not parse is left out, the object kept', () => {
    const read = (creationTimestamp: unknown) =>
      parseObject('Role', { metadata: { name: 'r', creationTimestamp }, rules: [] }, 'ns');
    const created = (r: ReturnType<typeof read>) =>
      r.ok && r.object.kind === 'Role' ? r.object.value.created : 'failed';
    assert.equal(created(read('2026-05-01T10:00:00Z')), '2026-05-01T10:00:00Z');
    assert.equal(created(read(new Date('2026-05-01T10:00:00Z'))), '2026-05-01T10:00:00Z');
    assert.equal(created(read('yesterday')), undefined);
    assert.equal(created(read(42)), undefined);
  });

  test('a written file reads back as the same model, with no problems', async () => {
    const snap = await readSnapshot(await written(snapshotYaml(objects, 'context test', '2026-01-01T00:00:00Z')));
    assert.deepEqual(snap.issues, []);
    assert.deepEqual(snap.model, assembleModel(objects));
  });

  test('the kinds not read travel in the file, and answers from it stay incomplete', async () => {
    const missing = [{ kind: 'Role' as const, reason: 'forbidden: may not list roles' }];
    const snap = await readSnapshot(await written(snapshotYaml(objects, 'context test', 'now', missing)));
    assert.deepEqual(snap.model.missing, missing);
    assert.equal(createEngine(snap.model).completeness('who-can', 'a').complete, false);
  });

  test('a malformed not-read annotation is a problem, and every answer is marked incomplete', async () => {
    const text = `apiVersion: v1
kind: List
metadata: {annotations: {rbac-atlas.io/not-read: "not json"}}
items: []
`;
    const snap = await readSnapshot(await written(text));
    assert.match(snap.issues[0]?.message ?? '', /not-read"\] is not valid/);
    assert.equal(createEngine(snap.model).completeness('can-i', 'a').complete, false);
  });
});
