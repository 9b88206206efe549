// The watch cache over a fake API server: what it cannot validate is missing, and an aggregating
// ClusterRole whose stored rules stay unlike its aggregation is said, while the engine keeps them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { ClusterCache, type CacheOptions } from './cluster-cache';
import { formatIssue, type SourceIssue } from '../issues';
import { listPath } from '../kinds/objects';
import type { Transport, WatchEvent } from './transport';

/** Lists what `items` holds by path; watches hang until stopped. */
function fakeServer(items: Record<string, unknown[]>): Transport {
  return {
    server: 'https://fake',
    async list(path, _query, onItem) {
      for (const item of items[path] ?? []) onItem(item);
      return { resourceVersion: '1' };
    },
    watch: (_path, _query, _onEvent, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
  };
}

const rule = { verbs: ['list'], apiGroups: [''], resources: ['pods'] };
const world = {
  [listPath('ClusterRole')]: [
    {
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'aggregate-to-monitoring': 'true' } }] },
      rules: [],
    },
    { metadata: { name: 'pods', labels: { 'aggregate-to-monitoring': 'true' } }, rules: [rule] },
  ],
  [listPath('ClusterRoleBinding')]: [
    {
      metadata: { name: 'm' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring' },
      subjects: [{ kind: 'User', name: 'alice' }],
    },
  ],
  [listPath('RoleBinding')]: [{ metadata: { name: 'no-role-ref', namespace: 'a' }, subjects: [] }],
};

function started(opts: CacheOptions): ClusterCache {
  const cache = new ClusterCache(fakeServer(world), 'fake cluster', { batchMs: { min: 5, max: 20 }, ...opts });
  cache.start();
  return cache;
}

const unreconciled = (issues: readonly SourceIssue[]) =>
  issues.filter((i) => /differ from what its aggregationRule selects/.test(i.message));

describe('ClusterCache', () => {
  test('an object the server gave that does not validate marks its kind missing, naming it', async () => {
    const cache = started({ once: true });
    const { model } = await cache.settled();
    cache.stop();
    assert.deepEqual(
      model.missing?.map((m) => m.kind),
      ['RoleBinding'],
    );
    assert.match(
      model.missing![0]!.reason,
      /^not read: fake cluster \(RoleBinding a\/no-role-ref\): roleRef is required$/,
    );
    assert.equal(createEngine(model).completeness('can-i', 'a').complete, false);
  });

  test('a stored rules list unlike the aggregation: the engine keeps it (as the authorizer does) and says so', async () => {
    const cache = started({ once: true });
    const snapshot = await cache.settled();
    cache.stop();
    assert.deepEqual(snapshot.model.clusterRoles.find((r) => r.name === 'monitoring')!.rules, []);
    const said = unreconciled(snapshot.issues).map(formatIssue);
    assert.equal(said.length, 1);
    assert.match(
      said[0]!,
      /^fake cluster \(ClusterRole monitoring\): its stored rules \(0\) differ from what its aggregationRule selects \(1: 1 selected but not stored\) since .*; answers use the stored rules, as the authorizer does/,
    );
  });

  test('watching, a difference is said only once it has lasted the grace (the controller fills rules in milliseconds)', async () => {
    const cache = started({ aggregationGraceMs: 150 });
    const first = await cache.settled();
    assert.deepEqual(unreconciled(first.issues), [], 'not yet: the controller may be writing it');
    const startedAt = Date.now();
    while (unreconciled(cache.current()!.issues).length === 0) {
      assert.ok(Date.now() - startedAt < 5000, 'said within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(Date.now() - startedAt >= 100, 'not before the grace');
    cache.stop();
  });

  test('a ClusterRole that stops being read in full (an invalid one arrives): the difference is checked again and says so', async () => {
    // The watch of ClusterRoles delivers, after the first model, an object that does not validate:
    // ClusterRoles become missing, and the old difference must not stay as it was.
    let deliver: ((event: WatchEvent) => void) | undefined;
    const transport: Transport = {
      ...fakeServer(world),
      watch: (path, _query, onEvent, signal) =>
        new Promise((resolve) => {
          if (path === listPath('ClusterRole')) deliver = onEvent;
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
    };
    const cache = new ClusterCache(transport, 'fake cluster', { batchMs: { min: 5, max: 20 }, aggregationGraceMs: 0 });
    cache.start();
    const first = await cache.settled();
    const before = unreconciled(first.issues).map(formatIssue);
    assert.equal(before.length, 1);
    assert.doesNotMatch(before[0]!, /not read/);
    for (let i = 0; !deliver; i++) {
      assert.ok(i < 250, 'the ClusterRole watch started');
      await new Promise((r) => setTimeout(r, 20));
    }
    deliver({ type: 'ADDED', object: { metadata: { name: 'broken', resourceVersion: '2' }, rules: 'not a list' } });
    const startedAt = Date.now();
    for (;;) {
      const now = cache.current()!;
      if (now.model.missing?.some((m) => m.kind === 'ClusterRole')) {
        const said = unreconciled(now.issues).map(formatIssue);
        assert.equal(said.length, 1);
        assert.match(said[0]!, /some ClusterRoles were not read, and the roles it selects may be among them/);
        break;
      }
      assert.ok(Date.now() - startedAt < 5000, 'ClusterRoles missing within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    cache.stop();
  });
});
