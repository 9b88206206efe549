import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { clusterRole, clusterRoleBinding, res, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import { FULL_SCOPE, isEmptyScope, restrictModel, scopeKey, scopeShows, type ViewScope } from './scope';
import type { ClusterModel } from './types';

const REASON = 'hidden by your access';

function cluster(): ClusterModel {
  const secrets = rule({ verbs: ['get'], resources: ['secrets'] });
  return world({
    namespaces: ['payments', 'billing'].map((name) => ({ name, labels: {} })),
    serviceAccounts: [
      { namespace: 'payments', name: 'api' },
      { namespace: 'billing', name: 'worker' },
    ],
    pods: [
      { namespace: 'payments', name: 'api-1', serviceAccountName: 'api', automountServiceAccountToken: true },
      { namespace: 'billing', name: 'worker-1', serviceAccountName: 'worker', automountServiceAccountToken: true },
    ],
    roles: [role('payments', 'reader', [secrets]), role('billing', 'reader', [secrets])],
    clusterRoles: [
      clusterRole('edit', [secrets]),
      clusterRole('admin-ish', [rule({ verbs: ['*'], resources: ['*'] })]),
    ],
    roleBindings: [
      roleBinding('payments', 'api-edit', { kind: 'ClusterRole', name: 'edit' }, [sa('api', 'payments')]),
      roleBinding('billing', 'worker-reader', { kind: 'Role', name: 'reader' }, [sa('worker', 'billing')]),
    ],
    clusterRoleBindings: [clusterRoleBinding('root', 'admin-ish', [user('mallory')])],
  });
}

const alice: ViewScope = { cluster: false, namespaces: ['payments'] };

describe('restrictModel: what a viewer may see of a model', () => {
  test('the full scope is the model itself (no copy, nothing marked)', () => {
    const model = cluster();
    assert.equal(restrictModel(model, FULL_SCOPE, REASON), model);
  });

  test('one namespace without the cluster-wide views: its objects, the ClusterRoles its bindings use, no ClusterRoleBindings', () => {
    const seen = restrictModel(cluster(), alice, REASON);
    assert.deepEqual(
      seen.namespaces.map((n) => n.name),
      ['payments'],
    );
    assert.deepEqual(
      seen.serviceAccounts.map((s) => s.name),
      ['api'],
    );
    assert.deepEqual(
      seen.pods.map((p) => p.name),
      ['api-1'],
    );
    assert.deepEqual(
      seen.roles.map((r) => r.namespace),
      ['payments'],
    );
    assert.deepEqual(
      seen.roleBindings.map((b) => b.name),
      ['api-edit'],
    );
    assert.deepEqual(
      seen.clusterRoles.map((r) => r.name),
      ['edit'],
    );
    assert.deepEqual(seen.clusterRoleBindings, []);
  });

  test('what is left out is said, with the permission it needs; namespaced kinds are read in the visible namespaces', () => {
    const seen = restrictModel(cluster(), alice, REASON);
    const byKind = new Map(seen.missing!.map((m) => [m.kind, m]));
    for (const kind of ['Namespace', 'ServiceAccount', 'Pod', 'Role', 'RoleBinding'] as const) {
      assert.equal(byKind.get(kind)?.reason, 'hidden by your access: you may not list rolebindings outside payments');
      assert.deepEqual(byKind.get(kind)?.readIn, ['payments']);
    }
    assert.equal(
      byKind.get('ClusterRoleBinding')?.reason,
      'hidden by your access: you may not list clusterrolebindings',
    );
    assert.equal(byKind.get('ClusterRoleBinding')?.readIn, undefined);
    assert.match(byKind.get('ClusterRole')!.reason, /you may not list clusterrolebindings/);
  });

  test("the source's own missing kinds are kept beside the viewer's", () => {
    const model = { ...cluster(), missing: [{ kind: 'Pod' as const, reason: 'pods: forbidden' }] };
    const seen = restrictModel(model, alice, REASON);
    assert.ok(seen.missing!.some((m) => m.kind === 'Pod' && m.reason === 'pods: forbidden'));
  });

  test('every namespace without the cluster-wide views: no ClusterRoleBindings, namespaces untouched', () => {
    const seen = restrictModel(cluster(), { cluster: false, namespaces: 'all' }, REASON);
    assert.equal(seen.roleBindings.length, 2);
    assert.equal(seen.clusterRoleBindings.length, 0);
    assert.deepEqual(
      seen.clusterRoles.map((r) => r.name),
      ['edit'],
    );
    assert.deepEqual(
      seen.missing!.map((m) => m.kind),
      ['ClusterRoleBinding', 'ClusterRole'],
    );
  });

  test('the cluster-wide views in some namespaces: every ClusterRole and ClusterRoleBinding kept', () => {
    const seen = restrictModel(cluster(), { cluster: true, namespaces: ['billing'] }, REASON);
    assert.equal(seen.clusterRoleBindings.length, 1);
    assert.equal(seen.clusterRoles.length, 2);
    assert.deepEqual(
      seen.roleBindings.map((b) => b.namespace),
      ['billing'],
    );
    assert.ok(!seen.missing!.some((m) => m.kind === 'ClusterRoleBinding'));
  });

  test('no namespace: said as "in any namespace"; many namespaces: the first few named', () => {
    const none = restrictModel(cluster(), { cluster: false, namespaces: [] }, REASON);
    assert.match(none.missing![0]!.reason, /you may not list rolebindings in any namespace$/);
    const many = restrictModel(cluster(), { cluster: false, namespaces: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, REASON);
    assert.match(many.missing![0]!.reason, /outside a, b, c, d, e and 2 more$/);
  });

  test('an engine on the restricted model: its namespace view is incomplete with the reason, others are gone', () => {
    const engine = createEngine(restrictModel(cluster(), alice, REASON));
    assert.deepEqual(
      engine.namespaces({}).items.map((n) => n.name),
      ['payments'],
    );
    assert.equal(engine.namespace('billing'), undefined);
    const view = engine.completeness('view', 'payments');
    assert.equal(view.complete, false);
    // Only the cluster-wide kinds make payments' view incomplete: its own kinds were read there.
    assert.deepEqual(view.missing.map((m) => m.kind).sort(), ['ClusterRole', 'ClusterRoleBinding']);
    // A grant the viewer cannot see (mallory's ClusterRoleBinding) is not claimed absent: the "no" is incomplete.
    const answer = engine.canI({ user: 'mallory', groups: [] }, res('get', 'secrets', { namespace: 'payments' }));
    assert.equal(answer.allowed, false);
    assert.equal(engine.completeness('can-i', 'payments').complete, false);
    assert.equal(engine.search('worker', 10).length, 0);
  });
});

describe('scope helpers', () => {
  test('scopeShows, isEmptyScope, scopeKey', () => {
    assert.ok(scopeShows(alice, 'payments'));
    assert.ok(!scopeShows(alice, 'billing'));
    assert.ok(scopeShows(FULL_SCOPE, 'anything'));
    assert.ok(isEmptyScope({ cluster: false, namespaces: [] }));
    assert.ok(!isEmptyScope({ cluster: true, namespaces: [] }));
    assert.ok(!isEmptyScope({ cluster: false, namespaces: 'all' }));
    assert.equal(
      scopeKey({ cluster: false, namespaces: ['b', 'a'] }),
      scopeKey({ cluster: false, namespaces: ['a', 'b'] }),
    );
    assert.notEqual(scopeKey(alice), scopeKey({ ...alice, cluster: true }));
  });
});
