// A namespace graph shows that namespace: its own objects always, other ClusterRoleBindings summed up,
// and over the cap the least relevant elements dropped and counted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import {
  clusterRole,
  clusterRoleBinding,
  defaultClusterRole,
  defaultClusterRoleBinding,
  role,
  roleBinding,
  rule,
  group,
  sa,
  user,
  world,
} from '@/lib/rbac/test-fixtures';
import { namespaceGraph } from './namespace-graph';
import { viewParamsSchema } from '@/lib/web/graph-params';
import {
  ELEMENT_CAP,
  CLUSTER_BINDINGS_DRAWN,
  EXPAND_CLUSTER_BINDINGS,
  CLUSTER_BINDINGS_NODE,
  BINDING_SUBJECTS_DRAWN,
} from './view-limits';

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
  // Kubernetes' own controllers (their default roles and bindings, by content), two of them running
  // pods, one also bound by a binding of its own, and an impostor labelled and named like a default.
  const controller = (name: string) => `system:controller:${name}`;
  const chain = ['deployment-controller', 'job-controller', 'cronjob-controller'];
  const withPods = ['replicaset-controller', 'statefulset-controller'];
  const defaults = [...chain, ...withPods, 'daemon-set-controller'];
  const engine = createEngine(
    world({
      serviceAccounts: [...defaults, 'x-controller'].map((name) => ({ namespace: 'kube-system', name })),
      pods: withPods.map((name) => ({
        namespace: 'kube-system',
        name: `${name}-pod`,
        serviceAccountName: name,
        automountServiceAccountToken: true,
      })),
      clusterRoles: [
        ...defaults.map((name) => defaultClusterRole(controller(name))),
        clusterRole(controller('x'), [rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] })], {
          'kubernetes.io/bootstrapping': 'rbac-defaults',
        }),
      ],
      clusterRoleBindings: [
        ...defaults.map((name) => defaultClusterRoleBinding(controller(name))),
        {
          ...clusterRoleBinding(controller('x'), controller('x'), [sa('x-controller', 'kube-system')]),
          labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        },
        clusterRoleBinding('f-extra', 'custom-f', [sa('daemon-set-controller', 'kube-system')]),
      ],
    }),
  );
  const edge = (g: ReturnType<typeof namespaceGraph>, source: string, target: string) =>
    g.edges.some((e) => e.source === source && e.target === target);

  test('identities bound only by built-in bindings, and running no pod, are one chain of three nodes', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ builtin: 'show' }));
    const label = (id: string) => g.nodes.find((n) => n.id === id)?.label;
    assert.equal(label('builtin:identities'), '3 built-in service accounts');
    assert.equal(label('builtin:bindings'), '3 built-in bindings');
    assert.equal(label('builtin:roles'), '3 built-in roles');
    assert.ok(edge(g, 'builtin:identities', 'builtin:bindings'));
    assert.ok(edge(g, 'builtin:bindings', 'builtin:roles'));
    assert.ok(edge(g, 'builtin:roles', 'resources:builtin:roles'));
    for (const name of chain) {
      assert.ok(!ids(g).has(`subject:ServiceAccount:kube-system/${name}`), name);
      assert.ok(!ids(g).has(`clusterrolebinding:${controller(name)}`), name);
    }
    assert.deepEqual(g.builtinGroup?.subjects.map((s) => s.name).sort(), [...chain].sort());
  });

  test('a service account with pods, bound by a binding of its own, or by an impostor, stays itself', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ builtin: 'show' }));
    for (const name of [...withPods, 'daemon-set-controller', 'x-controller'])
      assert.ok(ids(g).has(`subject:ServiceAccount:kube-system/${name}`), name);
    assert.ok(ids(g).has('clusterrolebinding:f-extra'));
    assert.ok(ids(g).has(`clusterrole:${controller('daemon-set-controller')}`));
    assert.ok(ids(g).has(`clusterrolebinding:${controller('x')}`), 'the impostor is drawn as itself');
    assert.ok(ids(g).has('resource:secrets'), "the impostor's grants are drawn, not summed up");
    assert.ok(ids(g).has(`resources:clusterrole:${controller('replicaset-controller')}`));
    assert.ok(!ids(g).has('resource:pods'));
  });

  test('hidden by default, the impostor is not: only defaults are hidden', () => {
    const g = namespaceGraph(engine, 'kube-system', view());
    assert.ok(ids(g).has(`clusterrolebinding:${controller('x')}`));
    assert.ok(!ids(g).has(`clusterrolebinding:${controller('job-controller')}`));
  });

  test('a highlighted request marks the chain when one of its identities may do it', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ builtin: 'show', verb: 'delete', resource: 'pods' }));
    assert.equal(g.nodes.find((n) => n.id === 'builtin:identities')?.highlighted, true);
    const none = namespaceGraph(engine, 'kube-system', view({ builtin: 'show', verb: 'delete', resource: 'nodes' }));
    assert.notEqual(none.nodes.find((n) => n.id === 'builtin:identities')?.highlighted, true);
  });

  test('in access mode the chain is its identities and what they can do, summed up', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ builtin: 'show', mode: 'access' }));
    assert.ok(edge(g, 'builtin:identities', 'resources:builtin:identities'));
    assert.ok(!ids(g).has('subject:ServiceAccount:kube-system/deployment-controller'));
  });

  test('expand=builtin draws them one by one', () => {
    const g = namespaceGraph(engine, 'kube-system', view({ builtin: 'show', expand: 'builtin' }));
    for (const name of chain) assert.ok(ids(g).has(`clusterrolebinding:${controller(name)}`), name);
    assert.ok(ids(g).has('resource:pods'));
    assert.ok(!ids(g).has('builtin:identities'));
    assert.equal(g.builtinGroup, undefined);
  });
});

describe('resourceNames on edges', () => {
  const secrets = (resourceNames: string[]) =>
    rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames });
  const engine = (extra: ReturnType<typeof secrets>[] = []) =>
    createEngine(
      world({
        serviceAccounts: [{ namespace: 'team', name: 'app' }],
        roles: [role('team', 'one-secret', [secrets(['db-password']), ...extra])],
        roleBindings: [roleBinding('team', 'app-secret', { kind: 'Role', name: 'one-secret' }, [sa('app')])],
      }),
    );
  const edgeTo = (g: ReturnType<typeof namespaceGraph>, kind: string) =>
    g.edges.find((e) => e.kind === kind && e.target === 'resource:secrets');

  test('a rule for one named secret is access to that secret, in both modes, not to all secrets', () => {
    const access = edgeTo(namespaceGraph(engine(), 'team', view({ mode: 'access' })), 'can');
    assert.deepEqual(access?.resourceNames, ['db-password']);
    const structure = edgeTo(namespaceGraph(engine(), 'team', view()), 'grants');
    assert.deepEqual(structure?.resourceNames, ['db-password']);
  });

  test('one rule without names opens the edge to every secret', () => {
    const access = edgeTo(namespaceGraph(engine([secrets([])]), 'team', view({ mode: 'access' })), 'can');
    assert.ok(access);
    assert.equal(access.resourceNames, undefined);
  });
});

describe('the highlight resolves its verb and resource as kubectl does, and says so', () => {
  const engine = cluster(0);
  const marked = (g: ReturnType<typeof namespaceGraph>) =>
    g.nodes
      .filter((n) => n.highlighted)
      .map((n) => n.id)
      .sort();
  const cases: {
    name: string;
    verb: string;
    resource: string;
    like: string;
    resolved: string[];
    warnings: RegExp[];
  }[] = [
    { name: 'a plural', verb: 'get', resource: 'configmaps', like: 'configmaps', resolved: [], warnings: [] },
    {
      name: 'a short name',
      verb: 'get',
      resource: 'cm',
      like: 'configmaps',
      resolved: ['cm → configmaps'],
      warnings: [],
    },
    {
      name: 'a kind',
      verb: 'get',
      resource: 'ConfigMap',
      like: 'configmaps',
      resolved: ['ConfigMap → configmaps'],
      warnings: [],
    },
    {
      name: 'an unknown verb: highlighted as given (no subject, the resource node), with the warning',
      verb: 'gett',
      resource: 'configmaps',
      like: 'resource:configmaps',
      resolved: [],
      warnings: [/^verb "gett" is not a known verb \(did you mean "get"\?\); answered for it as given$/],
    },
    {
      name: 'an unknown resource: as given, with the warning',
      verb: 'get',
      resource: 'configmapz',
      like: '',
      resolved: [],
      warnings: [/^unknown resource type "configmapz" \(did you mean "configmaps"\?\)/],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const g = namespaceGraph(engine, 'team', view({ verb: c.verb, resource: c.resource }));
      // Marked as the plain question marks it; or only the node named (`resource:…`); or nothing.
      const expected = c.like.startsWith('resource:')
        ? [c.like]
        : c.like
          ? marked(namespaceGraph(engine, 'team', view({ verb: 'get', resource: c.like })))
          : [];
      if (c.like && !c.like.startsWith('resource:'))
        assert.ok(expected.includes('subject:ServiceAccount:team/app'), expected.join());
      assert.deepEqual(marked(g), expected);
      assert.deepEqual(
        g.highlight?.resolved.map((r) => `${r.given} → ${r.answered}`),
        c.resolved,
      );
      assert.equal(g.highlight?.warnings.length, c.warnings.length, g.highlight?.warnings.join('\n'));
      g.highlight?.warnings.forEach((w, i) => assert.match(w, c.warnings[i]!));
    });

  test("a live cluster's discovered type: its short name resolves, without the no-discovery warning", () => {
    const discovered = [
      {
        group: 'example.com',
        plural: 'widgets',
        singular: 'widget',
        shortNames: ['wd'],
        namespaced: true,
        kind: 'Widget',
      },
    ];
    const g = namespaceGraph(engine, 'team', view({ verb: 'get', resource: 'wd' }), discovered);
    assert.deepEqual(
      g.highlight?.resolved.map((r) => `${r.given} → ${r.answered}`),
      ['wd → widgets.example.com'],
    );
    assert.deepEqual(g.highlight?.warnings, []);
    assert.equal(g.highlight?.request, 'get widgets.example.com in namespace team');
    const offline = namespaceGraph(engine, 'team', view({ verb: 'get', resource: 'wd' }));
    assert.match(offline.highlight?.warnings.join() ?? '', /unknown resource type "wd"/);
  });

  test('the answered request is named for the page', () => {
    const g = namespaceGraph(engine, 'team', view({ verb: 'get', resource: 'cm' }));
    assert.equal(g.highlight?.request, 'get configmaps in namespace team');
    assert.equal(g.highlight?.resource, 'configmaps');
  });
});

describe('a binding that names too many subjects to draw', () => {
  /** Namespace "team": a RoleBinding `crowd` naming `n` users, a group and team/app (which runs a pod), `others` naming user-0. */
  function crowd(n: number, others = false) {
    const crowdSubjects = [
      ...Array.from({ length: n }, (_, i) => user(`user-${i}`)),
      group('crowd-group'),
      sa('app'),
      sa('gone'),
    ];
    return createEngine(
      world({
        serviceAccounts: [{ namespace: 'team', name: 'app' }],
        pods: [{ namespace: 'team', name: 'app-1', serviceAccountName: 'app', automountServiceAccountToken: true }],
        roles: [role('team', 'reader', [reader])],
        roleBindings: [
          roleBinding('team', 'crowd', { kind: 'Role', name: 'reader' }, crowdSubjects),
          ...(others ? [roleBinding('team', 'one', { kind: 'Role', name: 'reader' }, [user('user-0')])] : []),
        ],
      }),
    );
  }
  const folded = 'subjects:rolebinding:team/crowd';
  const cases: {
    name: string;
    engine: ReturnType<typeof crowd>;
    mode?: string;
    drawn: string[];
    count?: number;
    edge?: [string, string];
  }[] = [
    {
      name: 'at the bound every subject is drawn',
      engine: crowd(BINDING_SUBJECTS_DRAWN - 3),
      drawn: ['subject:User:user-0', 'subject:Group:crowd-group', 'subject:ServiceAccount:team/gone'],
    },
    {
      name: 'past it the rest are one node that counts them exactly; the namespace account stays itself',
      engine: crowd(5000),
      drawn: ['subject:ServiceAccount:team/app', folded],
      count: 5002,
      edge: [folded, 'rolebinding:team/crowd'],
    },
    {
      name: 'a subject another binding names keeps its node and its edge to the crowd binding',
      engine: crowd(5000, true),
      drawn: ['subject:User:user-0', folded],
      count: 5001,
      edge: ['subject:User:user-0', 'rolebinding:team/crowd'],
    },
    {
      name: 'in access mode the folded node holds what the binding grants',
      engine: crowd(5000),
      mode: 'access',
      drawn: [folded, 'resource:configmaps'],
      count: 5002,
      edge: [folded, 'resource:configmaps'],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const g = namespaceGraph(c.engine, 'team', view(c.mode ? { mode: c.mode } : {}));
      for (const id of c.drawn) assert.ok(ids(g).has(id), `${id} drawn`);
      const node = g.nodes.find((n) => n.id === folded);
      assert.equal(node?.count, c.count);
      if (c.count)
        assert.deepEqual(node?.object, { binding: { kind: 'RoleBinding', namespace: 'team', name: 'crowd' } });
      if (c.edge) assert.ok(g.edges.some((e) => e.source === c.edge![0] && e.target === c.edge![1]));
      assert.ok(g.nodes.length < 30, `${g.nodes.length} nodes`);
    });

  test('the highlight marks the folded node when its subjects may do it', () => {
    const g = namespaceGraph(crowd(5000), 'team', view({ verb: 'get', resource: 'configmaps' }));
    assert.equal(g.nodes.find((n) => n.id === folded)?.highlighted, true);
  });

  test("the folded node counts its subjects by kind, and shows under each kind's filter", () => {
    const node = (kinds: string) =>
      namespaceGraph(crowd(5000), 'team', view({ kinds })).nodes.find((n) => n.id === folded);
    assert.deepEqual(node('users')?.folds, { User: 5000, Group: 1, ServiceAccount: 1 });
    for (const kinds of ['users', 'groups', 'serviceaccounts']) assert.ok(node(kinds), `shown under ${kinds}`);
    assert.equal(node('pods'), undefined);
  });
});
