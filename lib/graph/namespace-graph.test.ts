// A namespace graph shows that namespace: its own objects always, other ClusterRoleBindings summed up,
// and over the cap the least relevant elements dropped and counted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, sa, user, world } from '@/lib/rbac/test-fixtures';
import {
  CLUSTER_BINDINGS_DRAWN,
  CLUSTER_BINDINGS_NODE,
  ELEMENT_CAP,
  EXPAND_CLUSTER_BINDINGS,
  namespaceGraph,
} from './namespace-graph';
import { viewParamsSchema } from './params';

const reader = rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] });
const view = (extra: Record<string, string> = {}) => viewParamsSchema.parse(extra);

/** Namespace "team" with a service account, a Role and its binding, plus `others` ClusterRoleBindings to users elsewhere. */
function cluster(others: number, usersPerBinding = 1) {
  return createEngine(
    world({
      serviceAccounts: [{ namespace: 'team', name: 'app' }],
      roles: [role('team', 'reader', [reader])],
      clusterRoles: [clusterRole('viewer', [reader])],
      roleBindings: [roleBinding('team', 'app-reads', { kind: 'Role', name: 'reader' }, [sa('app')])],
      clusterRoleBindings: [
        clusterRoleBinding('app-cluster', 'viewer', [sa('app', 'team')]),
        ...Array.from({ length: others }, (_, i) =>
          clusterRoleBinding(
            `other-${i}`,
            'viewer',
            Array.from({ length: usersPerBinding }, (_, u) => user(`user-${i}-${u}`)),
          ),
        ),
      ],
    }),
  );
}

const ids = (g: ReturnType<typeof namespaceGraph>) => new Set(g.nodes.map((n) => n.id));

describe('namespaceGraph', () => {
  test('a few ClusterRoleBindings to subjects elsewhere are drawn one by one', () => {
    const g = namespaceGraph(cluster(CLUSTER_BINDINGS_DRAWN), 'team', view());
    assert.ok(ids(g).has('clusterrolebinding:other-0'));
    assert.ok(!ids(g).has(CLUSTER_BINDINGS_NODE));
  });

  test('many are one node that counts them, and the namespace own bindings stay', () => {
    const g = namespaceGraph(cluster(48), 'team', view());
    const node = g.nodes.find((n) => n.id === CLUSTER_BINDINGS_NODE);
    assert.equal(node?.count, 48);
    assert.ok(!ids(g).has('clusterrolebinding:other-0'));
    assert.ok(!ids(g).has('subject:User:user-0-0'), 'their subjects are not drawn');
    for (const id of [
      'rolebinding:team/app-reads',
      'clusterrolebinding:app-cluster',
      'subject:ServiceAccount:team/app',
    ])
      assert.ok(ids(g).has(id), id);
  });

  test('expanded, they are drawn one by one', () => {
    const g = namespaceGraph(cluster(48), 'team', view({ expand: EXPAND_CLUSTER_BINDINGS }));
    assert.ok(ids(g).has('clusterrolebinding:other-47'));
    assert.ok(!ids(g).has(CLUSTER_BINDINGS_NODE));
  });

  test('over the cap, the least relevant go first, never the namespace own, and what was left out is counted', () => {
    const g = namespaceGraph(cluster(600, 2), 'team', view({ expand: EXPAND_CLUSTER_BINDINGS }));
    assert.ok(g.totalElements! > ELEMENT_CAP);
    assert.ok(g.nodes.length + g.edges.length <= ELEMENT_CAP);
    for (const id of [
      'rolebinding:team/app-reads',
      'role:team/reader',
      'subject:ServiceAccount:team/app',
      'clusterrolebinding:app-cluster',
    ])
      assert.ok(ids(g).has(id), id);
    const omitted = Object.fromEntries((g.omitted ?? []).map((o) => [o.kind, o.count]));
    const drawnOthers = g.nodes.filter((n) => n.id.startsWith('clusterrolebinding:other-')).length;
    assert.equal(omitted.clusterrolebinding, 600 - drawnOthers);
    assert.ok(omitted.user! > 0);
    for (const e of g.edges) assert.ok(ids(g).has(e.source) && ids(g).has(e.target), `edge ${e.id} has both ends`);
  });

  test('small graphs are not capped', () => {
    const g = namespaceGraph(cluster(3), 'team', view());
    assert.equal(g.totalElements, undefined);
    assert.equal(g.omitted, undefined);
  });
});

describe('built-in bindings shown', () => {
  const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  const engine = createEngine(
    world({
      serviceAccounts: [
        { namespace: 'kube-system', name: 'a-controller' },
        { namespace: 'kube-system', name: 'b-controller' },
      ],
      clusterRoles: [
        clusterRole(
          'system:controller:shared',
          [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods', 'nodes', 'services'] })],
          bootstrap,
        ),
      ],
      clusterRoleBindings: ['a', 'b'].map((x) => ({
        ...clusterRoleBinding(`system:controller:${x}`, 'system:controller:shared', [
          sa(`${x}-controller`, 'kube-system'),
        ]),
        labels: bootstrap,
      })),
    }),
  );

  test('the built-in bindings of one role are one node, and its resources one summary', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ system: 'show' }));
    const group = g.nodes.find((n) => n.id === 'builtin-bindings:clusterrole:system:controller:shared');
    assert.equal(group?.label, '2 built-in bindings');
    assert.ok(!ids(g).has('clusterrolebinding:system:controller:a'));
    const edgesIn = g.edges
      .filter((e) => e.target === group?.id)
      .map((e) => e.source)
      .sort();
    assert.deepEqual(edgesIn, [
      'subject:ServiceAccount:kube-system/a-controller',
      'subject:ServiceAccount:kube-system/b-controller',
    ]);
    assert.ok(ids(g).has('resources:clusterrole:system:controller:shared'));
    assert.ok(!ids(g).has('resource:pods'));
  });

  test('expand=builtin draws them one by one', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ system: 'show', expand: 'builtin' }));
    assert.ok(ids(g).has('clusterrolebinding:system:controller:a'));
    assert.ok(ids(g).has('clusterrolebinding:system:controller:b'));
    assert.ok(ids(g).has('resource:pods'));
  });
});
