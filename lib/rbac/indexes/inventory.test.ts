// The inventory lists, each checked on a small world whose answers can be counted by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { subjectDangers } from './subject-permissions';
import {
  clusterRole,
  clusterRoleBinding,
  defaultClusterRole,
  defaultClusterRoleBinding,
  group,
  res,
  role,
  roleBinding,
  rule,
  sa,
  user,
  world,
} from '../test-fixtures';

const secrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
const pods = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
// Kubernetes' own, by content; and an impostor that has a default's label and prefix but no default's content.
const replicaSets = 'system:controller:replicaset-controller';

const engine = createEngine(
  world({
    namespaces: [{ name: 'a', labels: {} }],
    serviceAccounts: [
      { namespace: 'a', name: 'app', created: '2026-01-02T00:00:00Z' },
      { namespace: 'a', name: 'idle' },
    ],
    pods: [
      { namespace: 'a', name: 'p1', serviceAccountName: 'app', automountServiceAccountToken: true },
      { namespace: 'a', name: 'p2', serviceAccountName: 'app', automountServiceAccountToken: true },
    ],
    roles: [
      { ...role('a', 'reader', [pods]), created: '2026-03-01T00:00:00Z' },
      { ...role('a', 'secret-reader', [pods, secrets]), created: '2026-01-01T00:00:00Z' },
    ],
    clusterRoles: [
      defaultClusterRole(replicaSets),
      clusterRole('system:controller:x', [rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] })], bootstrap),
      clusterRole('ops', [pods]),
    ],
    roleBindings: [
      roleBinding('a', 'app-reads', { kind: 'Role', name: 'reader' }, [sa('app')]),
      roleBinding('a', 'app-secrets', { kind: 'Role', name: 'secret-reader' }, [sa('app'), user('alice')]),
      roleBinding('a', 'gone', { kind: 'Role', name: 'missing' }, [user('bob')]),
    ],
    clusterRoleBindings: [
      defaultClusterRoleBinding(replicaSets),
      {
        ...clusterRoleBinding('system:controller:x', 'system:controller:x', [sa('x', 'kube-system')]),
        labels: bootstrap,
      },
      clusterRoleBinding('ops', 'ops', [group('ops'), user('alice')]),
    ],
  }),
);
const { inventory } = engine;
const names = (items: { ref: { name: string } }[]) => items.map((r) => r.ref.name);

describe('inventory: roles', () => {
  test("hides Kubernetes' own roles (by content) unless asked, counts what it hid, and never an impostor", () => {
    const page = inventory.roles({});
    assert.deepEqual(names(page.items), ['ops', 'reader', 'secret-reader', 'system:controller:x']);
    assert.equal(page.hiddenBuiltin, 1);
    assert.deepEqual(names(inventory.roles({ builtin: true }).items), [
      'ops',
      'reader',
      'secret-reader',
      replicaSets,
      'system:controller:x',
    ]);
  });

  test('counts rules and bindings, and names dangers', () => {
    const row = inventory.roles({ filter: 'secret' }).items[0]!;
    assert.equal(row.rules, 2);
    assert.equal(row.bindings, 1);
    assert.deepEqual(row.dangers, ['read-secrets']);
    assert.deepEqual(inventory.roleRow({ kind: 'ClusterRole', name: 'system:controller:x' })?.dangers, [
      'wildcard',
      'create-pods',
      'patch-pods',
    ]);
  });

  test('sorts by danger, by age (newest first) and filters by kind and namespace', () => {
    assert.deepEqual(names(inventory.roles({ sort: 'danger', order: 'desc' }).items), [
      'system:controller:x',
      'secret-reader',
      'ops',
      'reader',
    ]);
    assert.deepEqual(names(inventory.roles({ sort: 'age', order: 'desc' }).items), [
      'reader',
      'secret-reader',
      'ops',
      'system:controller:x',
    ]);
    assert.deepEqual(names(inventory.roles({ kinds: ['ClusterRole'] }).items), ['ops', 'system:controller:x']);
    assert.deepEqual(names(inventory.roles({ namespace: 'a' }).items), ['reader', 'secret-reader']);
    assert.deepEqual(names(inventory.roles({ dangerous: true }).items), ['secret-reader', 'system:controller:x']);
  });

  test('pages with a total', () => {
    const page = inventory.roles({ limit: 2, offset: 2 });
    assert.deepEqual(
      [names(page.items), page.total, page.next],
      [['secret-reader', 'system:controller:x'], 4, undefined],
    );
  });
});

describe('inventory: bindings', () => {
  test('lists both kinds with their role, subjects, dangers and dangling state', () => {
    const rows = inventory.bindings({}).items;
    assert.deepEqual(
      rows.map((r) => [r.ref.kind, r.ref.name, r.role.name, r.subjects, r.dangers.join(), r.dangling ?? '']),
      [
        ['RoleBinding', 'app-reads', 'reader', 1, '', ''],
        ['RoleBinding', 'app-secrets', 'secret-reader', 2, 'read-secrets', ''],
        ['RoleBinding', 'gone', 'missing', 1, '', 'role "a/missing" not found'],
        ['ClusterRoleBinding', 'ops', 'ops', 2, '', ''],
        ['ClusterRoleBinding', 'system:controller:x', 'system:controller:x', 1, 'wildcard,create-pods,patch-pods', ''],
      ],
    );
    assert.equal(inventory.bindings({}).hiddenBuiltin, 1);
    assert.equal(inventory.bindingRow({ kind: 'RoleBinding', namespace: 'a', name: 'gone' })?.role.namespace, 'a');
    assert.equal(inventory.bindingRow({ kind: 'RoleBinding', namespace: 'b', name: 'gone' }), undefined);
  });

  test('sorts by subjects, most first, ties by name', () => {
    assert.deepEqual(names(inventory.bindings({ sort: 'subjects', order: 'desc' }).items), [
      'app-secrets',
      'ops',
      'app-reads',
      'gone',
      'system:controller:x',
    ]);
  });
});

describe('inventory: subjects', () => {
  test('every known identity with its direct bindings, namespaces and pods', () => {
    const rows = inventory.subjects({ builtin: true }).items;
    const row = (name: string) => rows.find((r) => r.ref.name === name)!;
    assert.deepEqual([row('app').bindings, row('app').namespaces, row('app').pods], [2, 1, 2]);
    assert.deepEqual(row('app').dangers, ['read-secrets']);
    assert.deepEqual([row('alice').bindings, row('alice').namespaces, row('alice').pods], [2, 2, undefined]);
    assert.deepEqual([row('idle').bindings, row('idle').pods, row('idle').builtin], [0, 0, false]);
    assert.equal(row('replicaset-controller').builtin, true);
    assert.equal(row('x').builtin, false, 'bound by an impostor: shown');
  });

  test('filters by kind and hides built-in identities by default', () => {
    assert.deepEqual(names(inventory.subjects({ kinds: ['User'] }).items), ['alice', 'bob']);
    const page = inventory.subjects({ kinds: ['ServiceAccount'] });
    assert.deepEqual(names(page.items), ['app', 'idle', 'x']);
    assert.equal(page.hiddenBuiltin, 1);
  });
});

describe('who-can: built-in answers', () => {
  test('a row is built-in when every grant comes through a built-in binding, or it is system:masters', () => {
    const answer = engine.whoCan(res('delete', 'pods', { namespace: 'a' }));
    const builtin = answer.filter((s) => engine.isBuiltinAnswer(s)).map((s) => s.name);
    const custom = answer.filter((s) => !engine.isBuiltinAnswer(s)).map((s) => s.name);
    assert.deepEqual(builtin, ['replicaset-controller', 'system:masters']);
    assert.deepEqual(custom, ['x'], 'an impostor binding is never built in');
    const reads = engine.whoCan(res('get', 'pods', { namespace: 'a' }));
    assert.deepEqual(
      reads.filter((s) => !engine.isBuiltinAnswer(s)).map((s) => s.name),
      ['app', 'x', 'alice', 'ops'],
    );
  });
});

describe('subjectDangers', () => {
  test('each danger once, with where it holds (cluster-wide first) and the grants behind it', () => {
    const e = createEngine(
      world({
        roles: [role('a', 'secret-reader', [secrets]), role('b', 'secret-reader', [secrets, pods])],
        clusterRoles: [clusterRole('pod-maker', [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })])],
        roleBindings: [
          roleBinding('a', 'x', { kind: 'Role', name: 'secret-reader' }, [user('u')]),
          roleBinding('b', 'y', { kind: 'Role', name: 'secret-reader' }, [user('u')]),
        ],
        clusterRoleBindings: [clusterRoleBinding('z', 'pod-maker', [user('u')])],
      }),
    );
    const dangers = subjectDangers(e.subjectPermissions({ kind: 'User', name: 'u' }));
    assert.deepEqual(
      dangers.map((d) => [d.danger.id, d.where.map((w) => `${w.namespace || 'cluster'}:${w.grants.length}`).join(' ')]),
      [
        ['create-pods', 'cluster:1'],
        ['read-secrets', 'a:1 b:1'],
      ],
    );
    assert.deepEqual(subjectDangers(e.subjectPermissions({ kind: 'User', name: 'nobody' })), []);
  });

  test('a grant is built-in when its binding is', () => {
    const answer = engine.whoCan(res('list', 'pods', { namespace: 'a' }));
    const controller = answer.find((s) => s.name === 'replicaset-controller')!;
    assert.equal(
      controller.grants.every((g) => engine.isBuiltinGrant(g)),
      true,
    );
    const x = answer.find((s) => s.name === 'x')!;
    assert.equal(
      x.grants.some((g) => engine.isBuiltinGrant(g)),
      false,
    );
    const app = answer.find((s) => s.name === 'app')!;
    assert.equal(
      app.grants.some((g) => engine.isBuiltinGrant(g)),
      false,
    );
  });
});

describe('vocabulary', () => {
  test("the cluster's words for a question: Kubernetes' own and every role's, no wildcards", () => {
    const v = engine.inventory.vocabulary();
    assert.ok(v.verbs.includes('impersonate') && v.verbs.includes('get') && !v.verbs.includes('*'));
    assert.ok(v.resources.includes('pods') && v.resources.includes('secrets') && v.resources.includes('deployments'));
    assert.ok(v.groups.includes('apps') && !v.groups.includes(''));
    const custom = createEngine(
      world({
        clusterRoles: [
          clusterRole('c', [rule({ verbs: ['approve'], apiGroups: ['example.io'], resources: ['widgets/scale'] })]),
        ],
      }),
    ).inventory.vocabulary();
    assert.ok(custom.verbs.includes('approve'));
    assert.ok(custom.resources.includes('widgets'));
    assert.deepEqual(custom.subresources, ['scale']);
    assert.ok(custom.groups.includes('example.io'));
  });
});
