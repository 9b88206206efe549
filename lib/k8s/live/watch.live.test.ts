// The watch cache against a real kube-apiserver: changes arrive by watch (polled for, never slept
// on), a restarted API server and an expired resourceVersion are recovered from, and credentials
// that may not list some kinds give answers marked incomplete.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { startDemoCluster } from '@/scripts/control-plane/demo-cluster';
import {
  adminFetch,
  kubeconfigYaml,
  serviceAccountToken,
  type ControlPlane,
} from '@/scripts/control-plane/control-plane';
import { createEngine, type Engine } from '@/lib/rbac';
import { ChangeHistory } from '@/lib/history/changes';
import { ClusterCache, type CacheOptions } from './cluster-cache';
import { startCache } from './live-source';
import { kubeTransport, type Transport } from './transport';

let cp: ControlPlane;
let work: string;
const caches: ClusterCache[] = [];
const FAST: CacheOptions = {
  batchMs: { min: 10, max: 100 },
  backoff: { initialMs: 100, maxMs: 1000, resetMs: 120_000 },
};

before(async () => {
  cp = await startDemoCluster({ fixtures: true, log: (l) => console.log(l) });
  work = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-watch-'));
});

after(async () => {
  for (const c of caches) c.stop();
  await cp?.stop();
});

function start(opts: CacheOptions = FAST, kubeconfig = cp.kubeconfigPath): ClusterCache {
  const { cache } = startCache({ kind: 'kubeconfig', path: kubeconfig }, opts);
  caches.push(cache);
  return cache;
}

function engineOf(cache: ClusterCache): Engine {
  return createEngine(cache.current()!.model);
}

/** Polls until `check` holds (never a fixed sleep); returns how long it took. */
async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

async function admin(method: string, pathname: string, body?: unknown): Promise<void> {
  const res = await adminFetch(cp, pathname, { method, ...(body !== undefined && { body }) });
  assert.ok(res.status < 300, `${method} ${pathname}: ${res.status} ${JSON.stringify(res.body)}`);
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const canListPods = (cache: ClusterCache, user: string, namespace = 'payments') =>
  engineOf(cache).canI(
    { user, groups: ['system:authenticated'] },
    {
      kind: 'resource',
      verb: 'list',
      group: '',
      resource: 'pods',
      subresource: '',
      name: '',
      namespace,
    },
  ).allowed;

function binding(name: string, user: string, role = { kind: 'ClusterRole', name: 'view' }) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: 'payments' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
  };
}

describe('watch cache', () => {
  test('a RoleBinding created, changed and deleted shows in the answers, with who gained and lost what', async () => {
    const cache = start();
    await cache.settled();
    const history = new ChangeHistory();
    let previous = engineOf(cache);
    cache.subscribe((batch) => {
      const next = createEngine(batch.snapshot.model);
      history.record(previous, next, batch.changes, new Date(batch.snapshot.at));
      previous = next;
    });
    assert.equal(canListPods(cache, 'watcher-a'), false);

    await admin('POST', `${RBAC}/namespaces/payments/rolebindings`, binding('watch-test', 'watcher-a'));
    await until('the new binding', () => canListPods(cache, 'watcher-a'));

    await admin('PUT', `${RBAC}/namespaces/payments/rolebindings/watch-test`, binding('watch-test', 'watcher-b'));
    await until('the changed subject', () => canListPods(cache, 'watcher-b') && !canListPods(cache, 'watcher-a'));

    await admin('DELETE', `${RBAC}/namespaces/payments/rolebindings/watch-test`);
    await until('the deletion', () => !canListPods(cache, 'watcher-b'));

    await until('three history entries', () => history.list().length >= 3);
    const [deleted, changed, created] = history.list();
    assert.deepEqual(created!.objects, [
      { kind: 'RoleBinding', name: 'watch-test', namespace: 'payments', action: 'created' },
    ]);
    const gained = created!.groups.find((g) => g.subjects.some((s) => s.kind === 'User' && s.name === 'watcher-a'));
    assert.ok(
      gained?.gained.some((l) => l.namespace === 'payments' && l.target === 'pods' && l.verbs.includes('list')),
      JSON.stringify(created),
    );
    assert.deepEqual(gained!.lost, []);
    assert.deepEqual(
      changed!.groups.map((g) => [g.subjects[0]!.name, g.gained.length > 0, g.lost.length > 0]),
      [
        ['watcher-b', true, false],
        ['watcher-a', false, true],
      ],
      'the one who gains first (the change review lists the most dangerous first)',
    );
    assert.equal(deleted!.objects[0]!.action, 'deleted');
    assert.ok(deleted!.groups[0]!.lost.length > 0);
  });

  test('a Role whose rules change changes what its holders can do', async () => {
    const cache = start();
    await cache.settled();
    const role = (verbs: string[]) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'watch-role', namespace: 'payments' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs }],
    });
    await admin('POST', `${RBAC}/namespaces/payments/roles`, role(['get']));
    await admin(
      'POST',
      `${RBAC}/namespaces/payments/rolebindings`,
      binding('watch-role', 'watcher-c', { kind: 'Role', name: 'watch-role' }),
    );
    await until(
      'the role bound',
      () =>
        engineOf(cache).binding({ kind: 'RoleBinding', name: 'watch-role', namespace: 'payments' })?.role !== undefined,
    );
    assert.equal(canListPods(cache, 'watcher-c'), false);
    await admin('PUT', `${RBAC}/namespaces/payments/roles/watch-role`, role(['get', 'list']));
    await until('the widened role', () => canListPods(cache, 'watcher-c'));
    await admin('DELETE', `${RBAC}/namespaces/payments/roles/watch-role`);
    await until('the deleted role', () => !canListPods(cache, 'watcher-c'));
    await admin('DELETE', `${RBAC}/namespaces/payments/rolebindings/watch-role`);
  });

  test('a restarted kube-apiserver: stale while it is down, then the watches resume by themselves', async () => {
    const cache = start();
    await cache.settled();
    assert.equal(cache.status().state, 'live');
    const restarted = cp.restartApiServer(1500);
    await until('stale', () => cache.status().state === 'stale', 20_000);
    const stale = cache.status();
    assert.match(stale.reason ?? '', /cannot reach the API server|ECONNREFUSED|ECONNRESET|socket hang up/);
    assert.ok(cache.current()!.model.clusterRoles.length > 0, 'the last data stays');
    await restarted;
    await until('live again', () => cache.status().state === 'live', 60_000);
    await admin('POST', `${RBAC}/namespaces/payments/rolebindings`, binding('after-restart', 'watcher-d'));
    await until('a change after the restart', () => canListPods(cache, 'watcher-d'));
    await admin('DELETE', `${RBAC}/namespaces/payments/rolebindings/after-restart`);
  });

  test('an expired resourceVersion (410 Gone) leads to a new list', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cp.kubeconfigPath);
    const real = kubeTransport(kc);
    let lists = 0;
    let expiredOnce = false;
    const transport: Transport = {
      server: real.server,
      list: (p, q, onItem, signal) => {
        if (p.endsWith('/rolebindings')) lists++;
        return real.list(p, q, onItem, signal);
      },
      // The first RoleBinding watch asks from resourceVersion 1, long compacted away: the server says 410.
      watch: (p, q, onEvent, signal) => {
        if (!expiredOnce && p.endsWith('/rolebindings')) {
          expiredOnce = true;
          return real.watch(p, { ...q, resourceVersion: '1' }, onEvent, signal);
        }
        return real.watch(p, q, onEvent, signal);
      },
    };
    const cache = new ClusterCache(transport, 'test', FAST);
    caches.push(cache);
    cache.start();
    await cache.settled();
    await until('a second list of rolebindings', () => lists >= 2);
    await admin('POST', `${RBAC}/namespaces/payments/rolebindings`, binding('after-410', 'watcher-e'));
    await until('a change after the relist', () => canListPods(cache, 'watcher-e'));
    await admin('DELETE', `${RBAC}/namespaces/payments/rolebindings/after-410`);
  });

  test('credentials that may not list some kinds: answers that depend on them are marked incomplete', async () => {
    const token = await serviceAccountToken(cp, 'default', 'partial-reader');
    const file = path.join(work, 'partial.kubeconfig');
    await writeFile(file, kubeconfigYaml(cp.server, cp.caPem, token));
    const cache = start(FAST, file);
    await cache.settled();
    const engine = engineOf(cache);
    assert.deepEqual(
      (cache.current()!.model.missing ?? []).map((m) => m.kind),
      ['Pod', 'Role'],
    );
    const whoCan = engine.completeness('who-can', 'payments');
    assert.equal(whoCan.complete, false);
    assert.match(whoCan.missing.find((m) => m.kind === 'Role')?.reason ?? '', /forbidden: .*list roles cluster-wide/);
    // Pods are not part of a who-can answer; a yes stays a yes.
    assert.ok(!whoCan.missing.some((m) => m.kind === 'Pod'));
    assert.equal(engine.completeness('can-i', 'payments', true).complete, true);
    assert.equal(engine.completeness('view', 'payments').complete, false);
    assert.equal(cache.status().state, 'live', 'a kind never readable is missing, not stale');
  });

  test('credentials that may list but not watch: listed again on a timer, live (not stale), and said so', async () => {
    const token = await serviceAccountToken(cp, 'default', 'list-only-reader');
    const file = path.join(work, 'list-only.kubeconfig');
    await writeFile(file, kubeconfigYaml(cp.server, cp.caPem, token));
    const cache = start({ ...FAST, pollMs: 300 }, file);
    await cache.settled();
    await until('every watch refused', () => cache.reflectorStates().every((r) => r.watchForbidden));
    assert.equal(cache.status().state, 'live');
    assert.deepEqual(cache.current()!.model.missing ?? [], []);
    await until('the warnings', () =>
      cache.current()!.issues.some((i) => /may list but not watch rolebindings/.test(i.message)),
    );
    await admin('POST', `${RBAC}/namespaces/payments/rolebindings`, binding('list-only', 'watcher-f'));
    await until('a change seen by listing again', () => canListPods(cache, 'watcher-f'));
    await admin('DELETE', `${RBAC}/namespaces/payments/rolebindings/list-only`);
  });
});
