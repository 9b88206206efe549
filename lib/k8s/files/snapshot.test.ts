import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createEngine, impersonatedIdentity } from '@/lib/rbac';
import { formatIssue } from '../issues';
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

  const role = (name: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: []\n`;

  test("an alias bomb is its document's problem: the file's other documents still load", async () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0, prev = 'a'; i < 9; prev = `b${i}`, i++)
      bomb += `  b${i}: &b${i} [${Array(12).fill(`*${prev}`).join(', ')}]\n`;
    const snap = await readSnapshot(await folder({ 'lol.yaml': `${bomb}---\n${role('after-the-bomb')}` }));
    assert.deepEqual(
      snap.model.clusterRoles.map((r) => r.name),
      ['after-the-bomb'],
    );
    assert.deepEqual(snap.issues.map(formatIssue), [
      `${snap.files[0]}, document 1: its aliases expand past 100 (a "billion laughs" document); skipped`,
    ]);
  });

  test('syntax errors never quote the file: a malformed Secret stays secret', async () => {
    const secret = '{"kind": "Secret", "apiVersion": "v1", "data": {"password": SUPERSECRET123}}';
    const dir = await folder({
      'list.json': `{"kind": "List", "apiVersion": "v1", "items": [${secret}]}`,
      'whole.json': secret,
      'whole.yaml': 'kind: Secret\ndata: {password: SUPERSECRET123, password: [SUPERSECRET123}\n',
    });
    const messages = (await readSnapshot(dir)).issues.map(formatIssue);
    assert.equal(messages.length, 3);
    for (const m of messages) assert.doesNotMatch(m, /SUPERSECRET|SUPERSECRE|password/, m);
    assert.match(messages[0]!, /list\.json, document 1, item 0: invalid JSON: unexpected text/);
  });

  test('symbolic links are followed, loops and broken links named; empty files are warnings', async () => {
    const target = await folder({ 'real.yaml': role('linked'), 'sub/deep.yaml': role('deep') });
    const dir = await folder({
      'own.yaml': role('own'),
      'empty.yaml': '',
      'empty.json': '  \n',
      'comments.yaml': '# nothing\n---\n',
    });
    await symlink(path.join(target, 'real.yaml'), path.join(dir, 'link.yaml'));
    await symlink(path.join(target, 'sub'), path.join(dir, 'linked-folder'));
    await symlink(dir, path.join(dir, 'loop'));
    await symlink('/nonexistent/file.yaml', path.join(dir, 'broken.yaml'));
    await symlink('/nonexistent/notes.txt', path.join(dir, 'broken.txt'));
    const snap = await readSnapshot(dir);
    assert.deepEqual(snap.model.clusterRoles.map((r) => r.name).sort(), ['deep', 'linked', 'own']);
    const issues = snap.issues.map((i) => `${i.severity} ${path.relative(dir, i.file)}: ${i.message}`);
    assert.deepEqual(issues.sort(), [
      'error broken.yaml: broken symbolic link (ENOENT); skipped',
      'warning broken.txt: broken symbolic link (ENOENT); skipped',
      'warning comments.yaml: empty: no Kubernetes objects in this file',
      'warning empty.json: empty: no Kubernetes objects in this file',
      'warning empty.yaml: empty: no Kubernetes objects in this file',
      'warning loop: symbolic link loop (a folder already read); skipped',
    ]);
    assert.equal(snap.model.missing?.length, 7, 'a snapshot file that is not there may have held any kind');
    assert.match(snap.model.missing![0]!.reason, /broken\.yaml: broken symbolic link/);
  });

  test('a folder that cannot be read is named, and the rest loads', async () => {
    const dir = await folder({ 'ok.yaml': role('ok') });
    // Deeper than PATH_MAX: readdir fails (ENAMETOOLONG) even for root, where chmod 000 would not.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      for (let i = 0; i < 24; i++) {
        await mkdir('d'.repeat(200));
        process.chdir('d'.repeat(200));
      }
    } finally {
      process.chdir(cwd);
    }
    try {
      const snap = await readSnapshot(dir);
      assert.deepEqual(
        snap.model.clusterRoles.map((r) => r.name),
        ['ok'],
      );
      assert.equal(snap.issues.length, 1);
      assert.match(snap.issues[0]!.message, /^folder cannot be read \(ENAMETOOLONG\); skipped$/);
      assert.equal(snap.model.missing?.length, 7, 'a folder not read may hold every kind');
      assert.match(snap.model.missing![0]!.reason, /^not read: .*d{200}: folder cannot be read/);
    } finally {
      execFileSync('rm', ['-rf', dir]);
    }
  });

  test('lists in lists are read as kubectl reads them; other kinds are counted', async () => {
    const nested = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: List
  items:
  - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: nested}, rules: []}
  - {apiVersion: foo/v1, kind: Role, metadata: {name: not-rbac}}
`;
    const snap = await readSnapshot(await folder({ 'nested.yaml': nested }));
    assert.deepEqual(
      snap.model.clusterRoles.map((r) => r.name),
      ['nested'],
    );
    assert.deepEqual(snap.skippedKinds, { 'Role.foo': 1 });
    assert.deepEqual(snap.issues, []);
  });

  const ALL = ['Namespace', 'ServiceAccount', 'Pod', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
  const missingCases: { name: string; text: string; missing: string[]; reason?: RegExp }[] = [
    {
      name: 'a YAML syntax error: the document could have held any kind',
      text: `${role('fine')}---\nkind: Role\nmetadata: {name: [\n`,
      missing: ALL,
      reason: /^not read: .*x\.yaml, document 2: invalid YAML at line \d+/,
    },
    {
      name: 'a Role that fails validation: Roles are missing',
      text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: a}\nrules: [{}]\n',
      missing: ['Role'],
      reason: /^not read: .*x\.yaml, document 1 \(Role a\/r\): rules\[0\]\.verbs: verbs is required$/,
    },
    {
      name: 'two bad ClusterRoleBindings: one entry, naming the first and counting the rest',
      text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: a}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\n',
      missing: ['ClusterRoleBinding'],
      reason:
        /document 1 \(ClusterRoleBinding a\): roleRef is required \(and 1 more problem\(s\) that may hide this kind\)$/,
    },
    { name: 'an object without kind: any kind', text: 'metadata: {name: a}\n', missing: ALL },
    {
      name: 'a RoleBinding without apiVersion',
      text: 'kind: RoleBinding\nmetadata: {name: a}\n',
      missing: ['RoleBinding'],
    },
    {
      name: 'a ConfigMap without apiVersion hides no RBAC',
      text: 'kind: ConfigMap\nmetadata: {name: a}\n',
      missing: [],
    },
    { name: 'a list whose items are not an array', text: 'apiVersion: v1\nkind: List\nitems: {}\n', missing: ALL },
  ];

  for (const c of missingCases)
    test(`what did not read is missing, never "nobody": ${c.name}`, async () => {
      const snap = await readSnapshot(await folder({ 'x.yaml': c.text }));
      assert.deepEqual(
        (snap.model.missing ?? []).map((m) => m.kind),
        c.missing,
      );
      if (c.reason) assert.match(snap.model.missing![0]!.reason, c.reason);
      const engine = createEngine(snap.model);
      const canI = engine.completeness('can-i', 'a');
      const rbacMissing = c.missing.some((k) =>
        ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(k),
      );
      assert.equal(canI.complete, !rbacMissing, 'can-i is incomplete exactly when an RBAC kind is missing');
    });

  test('an aggregating ClusterRole written with rules: [] grants what it selects, and the difference is said', async () => {
    const dir = await folder({
      'chart.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {example.com/aggregate-to-monitoring: "true"}}]
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring-pods, labels: {example.com/aggregate-to-monitoring: "true"}}
rules: [{verbs: [get, list], apiGroups: [""], resources: [pods]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: prometheus}
roleRef: {kind: ClusterRole, name: monitoring, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]
`,
    });
    const snap = await readSnapshot(dir);
    assert.deepEqual(snap.issues.map(formatIssue), [
      `${path.join(dir, 'chart.yaml')}, document 1 (ClusterRole monitoring): its stored rules (0) differ from what its aggregationRule selects (1): 1 selected but not stored (not yet reconciled by the aggregation controller); answers use both, 1 rule(s) (RBAC only grants: nothing that may be granted is taken away)`,
    ]);
    const engine = createEngine(snap.model);
    const prometheus = impersonatedIdentity('system:serviceaccount:monitoring:prometheus', []);
    const request = { kind: 'resource', verb: 'list', group: '', resource: 'pods', subresource: '', name: '' } as const;
    assert.equal(engine.canI(prometheus, { ...request, namespace: 'payments' }).allowed, true);
    assert.equal(engine.canI(prometheus, { ...request, verb: 'delete', namespace: 'payments' }).allowed, false);
    assert.equal(engine.completeness('can-i', 'payments').complete, true);
  });

  test('a partial export (an aggregated role without the roles it gathers) keeps every stored rule, and says which way it differs', async () => {
    // `kubectl get clusterrole admin -o yaml` and a binding, without the admin-aggregating roles.
    const dir = await folder({
      'export.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: admin}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}}]
rules:
- {verbs: [get, list], apiGroups: [""], resources: [secrets]}
- {verbs: [create], apiGroups: [""], resources: [pods/exec]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-admin, namespace: team}
roleRef: {kind: ClusterRole, name: admin, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
`,
    });
    const snap = await readSnapshot(dir);
    assert.deepEqual(snap.issues.map(formatIssue), [
      `${path.join(dir, 'export.yaml')}, document 1 (ClusterRole admin): its stored rules (2) differ from what its aggregationRule selects (0): 2 stored but not selected (the roles it gathers not read, or a hand-edited role); answers use both, 2 rule(s) (RBAC only grants: nothing that may be granted is taken away)`,
    ]);
    assert.equal(snap.model.clusterRoles.find((r) => r.name === 'admin')?.rules.length, 2);
    const engine = createEngine(snap.model);
    const request = {
      kind: 'resource',
      verb: 'get',
      group: '',
      resource: 'secrets',
      subresource: '',
      name: '',
    } as const;
    assert.deepEqual(
      engine.whoCan({ ...request, namespace: 'team' }).map((s) => `${s.kind} ${s.name}`),
      ['User alice', 'Group system:masters'],
    );
  });

  test('an aggregating ClusterRole whose stored rules match its parts is left as it is, with no note', async () => {
    const snap = await readSnapshot(
      await folder({
        'x.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agg}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {a: "1"}}]}
rules: [{verbs: [get], apiGroups: [""], resources: [pods]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: part, labels: {a: "1"}}
rules: [{verbs: [get], apiGroups: [""], resources: [pods]}]
`,
      }),
    );
    assert.deepEqual(snap.issues, []);
  });
});
