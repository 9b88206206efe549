import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { formatIssue } from './issues';
import { readSnapshot, SnapshotError } from './snapshot';

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-snapshot-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

const kubectlList = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: app, namespace: team-a}
  automountServiceAccountToken: false
- apiVersion: v1
  kind: Secret
  metadata: {name: token, namespace: team-a}
  data: {token: c2VjcmV0}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: team-a}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-1, namespace: team-a}
  spec: {serviceAccountName: app}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-2, namespace: team-a}
  spec: {serviceAccountName: app, automountServiceAccountToken: true}
- apiVersion: v1
  kind: Pod
  metadata: {name: legacy, namespace: team-a}
  spec: {serviceAccount: old}
- apiVersion: v1
  kind: Pod
  metadata: {name: plain, namespace: team-a}
  spec: {}
`;

const typedListJson = JSON.stringify({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBindingList',
  items: [
    {
      metadata: { name: 'read-pods', namespace: 'team-a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'app' }],
    },
  ],
});

const manifests = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agg}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {x: "y"}
rules: null
`;

describe('readSnapshot', () => {
  test('reads kubectl lists, typed lists, manifests; counts and skips other kinds', async () => {
    const dir = await folder({
      'a/list.yaml': kubectlList,
      'b/rb.json': typedListJson,
      'c/manifests.yml': manifests,
      'notes.txt': 'hi',
    });
    const snap = await readSnapshot(dir);
    assert.deepEqual(snap.issues, []);
    assert.deepEqual(snap.skippedKinds, { Secret: 1, 'Deployment.apps': 1 });
    assert.deepEqual(snap.skippedFiles, [path.join(dir, 'notes.txt')]);
    assert.equal(snap.files.length, 3);
    assert.deepEqual(
      snap.model.roleBindings.map((b) => [b.namespace, b.name, b.subjects[0]?.name]),
      [['team-a', 'read-pods', 'app']],
    );
    assert.deepEqual(
      snap.model.roles.map((r) => [r.namespace, r.name]),
      [['default', 'pod-reader']],
      'a manifest without namespace is in default',
    );
    assert.deepEqual(snap.model.clusterRoles[0]?.rules, []);
    assert.equal(snap.model.clusterRoles[0]?.aggregationRule?.clusterRoleSelectors[0]?.matchLabels.x, 'y');
    assert.equal(JSON.stringify(snap.model).includes('c2VjcmV0'), false, 'secret data is never kept');
  });

  test('maps pods to service accounts and resolves the token automount', async () => {
    const snap = await readSnapshot(await folder({ 'list.yaml': kubectlList }));
    assert.deepEqual(
      snap.model.pods.map((p) => [p.name, p.serviceAccountName, p.automountServiceAccountToken]),
      [
        ['web-1', 'app', false],
        ['web-2', 'app', true],
        ['legacy', 'old', true],
        ['plain', 'default', true],
      ],
    );
  });

  test('a malformed object names file, document and object; the rest still loads', async () => {
    const bad = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: x, namespace: team-a}
roleRef: {kind: Rol, name: r}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: fine, namespace: team-a}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: team-a}
rules:
- resources: [pods]
`;
    const dir = await folder({ 'snapshot.yaml': bad });
    const snap = await readSnapshot(dir);
    assert.deepEqual(snap.issues.map(formatIssue), [
      `${path.join(dir, 'snapshot.yaml')}, document 1 (RoleBinding team-a/x): roleRef.kind: must be Role or ClusterRole, got "Rol"`,
      `${path.join(dir, 'snapshot.yaml')}, document 3 (Role team-a/r): rules[0].verbs: verbs is required`,
    ]);
    assert.deepEqual(
      snap.model.serviceAccounts.map((s) => s.name),
      ['fine'],
    );
  });

  test('YAML and JSON syntax errors give a position', async () => {
    const dir = await folder({ 'broken.yaml': 'kind: Role\nmetadata: {name: [\n', 'broken.json': '{"kind": ' });
    const messages = (await readSnapshot(dir)).issues.map(formatIssue);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /broken\.json, document 1: invalid JSON: /);
    assert.match(messages[1]!, /broken\.yaml, document 1: invalid YAML at line \d+, column \d+: /);
  });

  test('objects without kind or apiVersion, and non-objects, are errors', async () => {
    const dir = await folder({ 'x.yaml': 'metadata: {name: a}\n---\nkind: Role\nmetadata: {name: b}\n---\n- 1\n' });
    const messages = (await readSnapshot(dir)).issues.map((i) => `${i.document}: ${i.message}`);
    assert.deepEqual(messages, [
      '1: missing kind',
      '2: missing apiVersion',
      '3: expected a Kubernetes object, got an array',
    ]);
  });

  test('a duplicate object is a warning and the later one wins', async () => {
    const sa = (automount: boolean) =>
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: n}\nautomountServiceAccountToken: ${automount}\n`;
    const snap = await readSnapshot(await folder({ '1.yaml': sa(true), '2.yaml': sa(false) }));
    assert.deepEqual(
      snap.issues.map((i) => [i.severity, i.object]),
      [['warning', 'ServiceAccount n/a']],
    );
    assert.deepEqual(snap.model.serviceAccounts, [{ namespace: 'n', name: 'a', automountServiceAccountToken: false }]);
  });

  test('a missing path is a SnapshotError; an empty folder is an issue', async () => {
    await assert.rejects(
      readSnapshot('/nonexistent/snapshot.yaml'),
      (e) => e instanceof SnapshotError && /not found: \/nonexistent/.test(e.message),
    );
    const snap = await readSnapshot(await folder({}));
    assert.match(snap.issues[0]!.message, /no \.yaml, \.yml or \.json files/);
  });
});
