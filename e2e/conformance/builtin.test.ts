// Proof that the built-in table is what Kubernetes creates: a fresh control plane's RBAC objects
// (the API server's bootstrap policy, aggregated by kube-controller-manager) equal the table object
// for object, and a backdoor dressed as a built-in or a changed default fails `audit --fail-on high`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine, SUPPORTED_VERSIONS, bootstrapObjects, type Engine } from '@/lib/rbac';
import { describeObject } from '@/lib/rbac/model/describe';
import { objectKey, type RbacObjectRef } from '@/lib/rbac/model/refs';
import { loadSource } from '@/lib/k8s/source';
import { run } from '@/bin/test-cli';
import { createObjects } from '@/scripts/control-plane/apply';
import { adminFetch, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';

/** The version the control plane is built from (scripts/control-plane/build.sh), the table's newest. */
const PINNED = SUPPORTED_VERSIONS.at(-1)!;
const RBAC = 'rbac.authorization.k8s.io/v1';

let cp: ControlPlane;

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l) });
});

after(async () => {
  await cp?.stop();
});

/** Every role and binding of the cluster, by key, the engine, and what the source said. */
async function readCluster(): Promise<{ engine: Engine; refs: RbacObjectRef[]; issues: readonly unknown[] }> {
  const source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  const m = source.model;
  const refs: RbacObjectRef[] = [
    ...m.clusterRoles.map((r) => ({ kind: 'ClusterRole' as const, name: r.name })),
    ...m.roles.map((r) => ({ kind: 'Role' as const, namespace: r.namespace, name: r.name })),
    ...m.clusterRoleBindings.map((b) => ({ kind: 'ClusterRoleBinding' as const, name: b.name })),
    ...m.roleBindings.map((b) => ({ kind: 'RoleBinding' as const, namespace: b.namespace, name: b.name })),
  ];
  return { engine: createEngine(m), refs, issues: source.issues };
}

const notDefault = (c: Awaited<ReturnType<typeof readCluster>>) =>
  c.refs.filter((ref) => c.engine.provenance(ref) !== 'default');

/**
 * The cluster once kube-controller-manager has aggregated admin, edit and view (a moment after the
 * API server starts, or restarts: until then the source rightly warns that their stored rules lag).
 */
async function settledCluster() {
  const deadline = Date.now() + 60_000;
  let cluster = await readCluster();
  while ((cluster.issues.length > 0 || notDefault(cluster).length > 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    cluster = await readCluster();
  }
  assert.deepEqual(cluster.issues, []);
  return cluster;
}

test(`a fresh ${PINNED} control plane creates exactly the built-in table's objects, each equal to its default`, async () => {
  const version = (await adminFetch(cp, '/version')).body as { gitVersion: string };
  assert.equal(
    version.gitVersion,
    PINNED,
    'the control plane is built from the newest version of the table: after a Kubernetes bump, add it to ' +
      'scripts/bootstrap-policy.mts and run it',
  );
  const cluster = await settledCluster();
  const expected = bootstrapObjects()
    .filter((o) => o.versions.includes(PINNED) && !o.featureGates && !o.installer)
    .map((o) => objectKey({ kind: o.kind, name: o.name, ...(o.namespace && { namespace: o.namespace }) }));
  const present = new Set(cluster.refs.map(objectKey));
  const missing = [...new Set(expected)].filter((key) => !present.has(key));
  const differing = notDefault(cluster).map((ref) => `${describeObject(ref)}: ${cluster.engine.provenance(ref)}`);
  console.log(
    `built-in table: ${cluster.refs.length} objects on the control plane, ${new Set(expected).size} in the table for ${PINNED}; ` +
      `${differing.length} differ, ${missing.length} missing`,
  );
  assert.deepEqual(differing, [], 'every object the control plane creates equals a default of the table');
  assert.deepEqual(missing, [], 'every default of the table exists on the control plane');
  assert.equal(cluster.refs.length, new Set(expected).size);
  const audit = await run('audit', '--kubeconfig', cp.kubeconfigPath, '--fail-on', 'low', '-o', 'json');
  assert.equal(audit.code, 0, `a fresh cluster has no finding of its own: ${audit.out}`);
});

test("an upgraded default is still Kubernetes' own: the API server's reconciliation at start only adds", async () => {
  // v1.34's system:aggregate-to-edit stored as a v1.34 cluster left it, then a restart of the v1.36
  // API server: its RBAC post-start hook adds what v1.36's default has and removes nothing.
  const name = 'system:aggregate-to-edit';
  const older = bootstrapObjects().find((o) => o.name === name && o.versions.includes('v1.34.4') && !o.featureGates)!;
  const newer = bootstrapObjects().find((o) => o.name === name && o.versions.includes(PINNED) && !o.featureGates)!;
  assert.notDeepEqual(older.rules, newer.rules, 'the two versions differ');
  const path = `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`;
  const current = (await adminFetch(cp, path)).body as Record<string, unknown>;
  const stored = await adminFetch(cp, path, { method: 'PUT', body: { ...current, rules: older.rules } });
  assert.equal(stored.status, 200);
  await cp.restartApiServer();
  const deadline = Date.now() + 30_000;
  let rules: unknown[] = [];
  while (Date.now() < deadline) {
    rules = ((await adminFetch(cp, path)).body as { rules: unknown[] }).rules;
    if (rules.length > older.rules!.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(rules.length > older.rules!.length, 'reconciliation added the newer rules');
  const { engine } = await settledCluster();
  assert.equal(engine.provenance({ kind: 'ClusterRole', name }), 'default');
  const audit = await run('audit', '--kubeconfig', cp.kubeconfigPath, '--fail-on', 'low', '-o', 'json');
  assert.equal(audit.code, 0, audit.out);
  console.log(
    `upgrade: ${name} reconciled from ${older.rules!.length} to ${rules.length} rules, still Kubernetes' own`,
  );
});

test('a backdoor named like a built-in and a subject added to a default fail audit --fail-on high', async () => {
  const labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  await createObjects(cp, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } },
    {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: 'system:metrics-helper', labels },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    },
    {
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:metrics-helper', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-helper' },
      subjects: [{ kind: 'ServiceAccount', name: 'backdoor', namespace: 'app' }],
    },
  ]);
  const path = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user';
  const { body } = await adminFetch(cp, path);
  const binding = body as { subjects: object[] };
  const changed = await adminFetch(cp, path, {
    method: 'PUT',
    body: {
      ...binding,
      subjects: [...binding.subjects, { kind: 'User', name: 'mallory', apiGroup: 'rbac.authorization.k8s.io' }],
    },
  });
  assert.equal(changed.status, 200);

  const audit = await run('audit', '--kubeconfig', cp.kubeconfigPath, '--fail-on', 'high', '-o', 'json');
  assert.equal(audit.code, 1, audit.err);
  const findings = (JSON.parse(audit.out) as { findings: { id: string; severity: string; title: string }[] }).findings;
  const about = (id: string) => findings.filter((f) => f.id === id).map((f) => `${f.severity}: ${f.title}`);
  assert.deepEqual(about('BUILTIN_IMPOSTOR'), [
    "critical: ClusterRole system:metrics-helper is named like Kubernetes' own, but no Kubernetes v1.34–v1.36 creates it",
    "critical: ClusterRoleBinding system:metrics-helper is named like Kubernetes' own, but no Kubernetes v1.34–v1.36 creates it; it binds system:metrics-helper to app/backdoor",
  ]);
  assert.deepEqual(about('MODIFIED_DEFAULT'), [
    "high: ClusterRoleBinding system:basic-user differs from Kubernetes' default: subjects added: mallory",
  ]);
  console.log(
    `backdoor audit: exit ${audit.code}, ${findings.length} findings, impostors and the changed default among them`,
  );
});
