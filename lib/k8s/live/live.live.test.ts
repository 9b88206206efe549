// The live source against a real kube-apiserver started by scripts/control-plane.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoCluster } from '@/scripts/control-plane/demo-cluster';
import { kubeconfigYaml, serviceAccountToken, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { aggregateClusterRoles } from '@/lib/rbac';
import { ClusterError, loadSource, SERVICE_ACCOUNT_DIR } from '../source';

let cp: ControlPlane;
let work: string;

before(async () => {
  cp = await startDemoCluster({ fixtures: true, log: (l) => console.log(l) });
  work = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-live-'));
});

after(async () => {
  await cp?.stop();
});

async function kubeconfigFile(name: string, token: string, server = cp.server): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, kubeconfigYaml(server, cp.caPem, token));
  return file;
}

describe('live source (kubeconfig)', () => {
  test('reads the seven kinds of a real cluster into the model', async () => {
    const src = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    assert.deepEqual(src.issues, []);
    assert.equal(src.description, `context rbac-atlas-local (${cp.server}), Kubernetes v1.36.3`);
    const m = src.model;
    assert.ok(m.namespaces.some((n) => n.name === 'payments'));
    assert.ok(
      m.serviceAccounts.some((s) => s.namespace === 'payments' && s.name === 'default'),
      'controller-made default SA',
    );
    assert.equal(m.pods.filter((p) => p.namespace === 'checkout').length, 13);
    assert.equal(m.pods.find((p) => p.name === 'db-migrate-29183740-x7k2p')?.automountServiceAccountToken, false);
    assert.ok(m.clusterRoles.some((r) => r.name === 'cluster-admin'));
    assert.ok(m.roleBindings.some((b) => b.namespace === 'default' && b.name === 'read-pods'));
  });

  test('the aggregation files get (lib/rbac/authorizer/aggregation.ts) is what the real controller wrote, rule for rule', async () => {
    const { model } = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    const aggregators = model.clusterRoles.filter((r) => r.aggregationRule).map((r) => r.name);
    for (const name of ['admin', 'edit', 'view']) assert.ok(aggregators.includes(name), name);
    const { differences, errors, clusterRoles } = aggregateClusterRoles(model.clusterRoles);
    assert.deepEqual([differences, errors], [[], []]);
    assert.deepEqual(clusterRoles, model.clusterRoles);
    // And from a file that holds every aggregating ClusterRole with rules: [] (as a chart writes them).
    const emptied = model.clusterRoles.map((r) => (r.aggregationRule ? { ...r, rules: [] } : r));
    assert.deepEqual(aggregateClusterRoles(emptied).clusterRoles, model.clusterRoles);
  });

  test('pagination returns every object whatever the page size', async () => {
    const big = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath }, undefined, { pageSize: 500 });
    const small = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath }, undefined, { pageSize: 7 });
    assert.ok(big.model.clusterRoles.length > 7 * 3);
    for (const kind of ['clusterRoles', 'clusterRoleBindings', 'serviceAccounts', 'pods'] as const) {
      assert.deepEqual(small.model[kind].map((o) => o.name).sort(), big.model[kind].map((o) => o.name).sort(), kind);
    }
  });

  test('namespace-scoped reading lists namespaced kinds only in the chosen namespaces', async () => {
    const src = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath }, undefined, {
      namespaces: ['payments', 'checkout'],
    });
    assert.deepEqual([...new Set(src.model.pods.map((p) => p.namespace))].sort(), ['checkout', 'payments']);
    assert.deepEqual([...new Set(src.model.roleBindings.map((b) => b.namespace))].sort(), ['checkout', 'payments']);
    assert.ok(src.model.clusterRoles.length > 10, 'cluster-scoped kinds are still read');
  });

  test('a kind the credentials may not list is named with its fix; the rest still loads', async () => {
    const token = await serviceAccountToken(cp, 'default', 'partial-reader');
    const src = await loadSource({ kind: 'kubeconfig', path: await kubeconfigFile('partial', token) });
    const errors = src.issues.map((i) => `${i.object}: ${i.message}`);
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(
      errors.find((e) => e.startsWith('Pod:')) ?? '',
      /forbidden: .* list pods cluster-wide; grant verbs list and watch on resource "pods" in API group "" \(core\)/,
    );
    assert.match(
      errors.find((e) => e.startsWith('Role:')) ?? '',
      /resource "roles" in API group "rbac\.authorization\.k8s\.io"/,
    );
    assert.equal(src.model.pods.length, 0);
    assert.ok(src.model.clusterRoles.length > 10);
    assert.ok(src.model.roleBindings.length > 0);
  });

  test('an unreachable server is an error, never a fall-back to the demo', async () => {
    const file = await kubeconfigFile('unreachable', 'x', 'https://127.0.0.1:1');
    await assert.rejects(loadSource({ kind: 'kubeconfig', path: file }, undefined, { timeoutMs: 3000 }), (e) => {
      assert.ok(e instanceof ClusterError);
      assert.match(e.message, /cannot reach the API server at https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
      return true;
    });
  });

  test('a server that never answers times out per call', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const file = await kubeconfigFile('silent', 'x', `https://127.0.0.1:${port}`);
      const started = Date.now();
      await assert.rejects(
        loadSource({ kind: 'kubeconfig', path: file }, undefined, { timeoutMs: 500 }),
        /listing namespaces cluster-wide timed out/,
      );
      assert.ok(Date.now() - started < 5000);
    } finally {
      silent.close();
    }
  });

  test('bad credentials are an error that says so', async () => {
    const file = await kubeconfigFile('bad-token', 'not-a-token');
    await assert.rejects(
      loadSource({ kind: 'kubeconfig', path: file }),
      /unauthorized: the API server at .* rejected these credentials/,
    );
  });

  test('a context is chosen by name; an unknown one is an error listing the known ones', async () => {
    const src = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath, context: 'rbac-atlas-local' });
    assert.ok(src.model.pods.length > 0);
    await assert.rejects(
      loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath, context: 'prod' }),
      /context "prod" not found in the kubeconfig; it has: rbac-atlas-local/,
    );
  });
});

describe('live source (in-cluster)', () => {
  test('reads with the mounted token, and reads the token file again on the next load', async () => {
    const root = path.join(work, 'pod');
    const saDir = path.join(root, SERVICE_ACCOUNT_DIR);
    await mkdir(saDir, { recursive: true });
    await writeFile(path.join(saDir, 'ca.crt'), cp.caPem);
    await writeFile(path.join(saDir, 'namespace'), 'default');
    await writeFile(path.join(saDir, 'token'), cp.adminToken);
    const url = new URL(cp.server);
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;
    try {
      const first = await loadSource({ kind: 'in-cluster', root });
      assert.equal(first.description, `in-cluster (${cp.server}), Kubernetes v1.36.3`);
      assert.deepEqual(first.issues, []);
      // The kubelet rotates the token file; the next read must use the new token.
      await writeFile(path.join(saDir, 'token'), await serviceAccountToken(cp, 'default', 'partial-reader'));
      const second = await loadSource({ kind: 'in-cluster', root });
      assert.deepEqual(second.issues.map((i) => i.object).sort(), ['Pod', 'Role']);
    } finally {
      process.env.KUBERNETES_SERVICE_HOST = saved.host;
      process.env.KUBERNETES_SERVICE_PORT = saved.port;
      if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
    }
  });
});

describe('CLI on a live cluster', () => {
  const cli = path.join(import.meta.dirname, '..', '..', '..', 'bin', 'rbac-atlas.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

  test('answers from the kubeconfig, and a written snapshot answers the same', async () => {
    const kc = ['--kubeconfig', cp.kubeconfigPath];
    const ask = ['can-i', 'get', 'secrets', '-n', 'payments', '--as', 'system:serviceaccount:payments:payments-api'];
    assert.equal(run(...ask, ...kc).stdout, 'yes\n');
    const file = path.join(work, 'snap.yaml');
    const snap = run('snapshot', '-o', file, ...kc);
    assert.equal(snap.status, 0, snap.stderr);
    assert.match(snap.stderr, /^wrote .*snap\.yaml: \d+ Namespace, \d+ ServiceAccount, \d+ Pod, /);
    assert.doesNotMatch(await readFile(file, 'utf8'), /kind: Secret/);
    assert.equal(run(...ask, '--snapshot', file).stdout, 'yes\n');
    const who = (src: string[]) => run('who-can', 'list', 'pods', '-n', 'checkout', '-o', 'json', ...src).stdout;
    const fromSnapshot = JSON.parse(who(['--snapshot', file])) as { kubernetes: { from: string } };
    const live = JSON.parse(who(kc)) as { kubernetes: { from: string } };
    // The same answer and version; only where the version came from differs: the file recorded the server's.
    assert.equal(fromSnapshot.kubernetes.from, 'snapshot');
    assert.equal(live.kubernetes.from, 'server');
    assert.deepEqual({ ...fromSnapshot, kubernetes: { ...fromSnapshot.kubernetes, from: 'server' } }, live);
  });

  test('an unreachable cluster: one line on stderr, exit 2', async () => {
    const file = await kubeconfigFile('cli-unreachable', 'x', 'https://127.0.0.1:1');
    const r = run('who-can', 'get', 'pods', '--kubeconfig', file);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: cannot reach the API server at https:\/\/127\.0\.0\.1:1: ECONNREFUSED\n$/);
  });
});
