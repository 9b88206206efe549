import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from './engine';
import { impersonatedIdentity, serviceAccountIdentity } from './model/identity';
import {
  clusterRole,
  clusterRoleBinding,
  group,
  res,
  role,
  roleBinding,
  rule,
  sa,
  url,
  user,
  world,
} from './test-fixtures';
import type { AccessRequest, ClusterModel, Identity } from './model/types';
import { subjectKey } from './model/refs';

const podReader = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });

// One world per case keeps each rule's failure mode visible in the case itself.
const canICases: { name: string; world: ClusterModel; who: Identity; request: AccessRequest; allowed: boolean }[] = [
  {
    name: 'RoleBinding grants in its own namespace',
    world: world({
      roles: [role('a', 'r', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: true,
  },
  {
    name: 'RoleBinding does not grant in another namespace',
    world: world({
      roles: [role('a', 'r', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'b' }),
    allowed: false,
  },
  {
    name: 'RoleBinding does not grant across all namespaces',
    world: world({
      roles: [role('a', 'r', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('list', 'pods'),
    allowed: false,
  },
  {
    name: 'RoleBinding to a ClusterRole grants only in its namespace',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'ClusterRole', name: 'cr' }, [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: true,
  },
  {
    name: "a Role is resolved in the binding's namespace, not another",
    world: world({
      roles: [role('other', 'r', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'ClusterRoleBinding grants in every namespace and across all',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('list', 'pods'),
    allowed: true,
  },
  {
    name: 'missing role grants nothing',
    world: world({ roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'gone' }, [user('alice')])] }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'users match by exact, case-sensitive name',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [user('Alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'groups match by name',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [group('devs')])],
    }),
    who: impersonatedIdentity('bob', ['devs']),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: true,
  },
  {
    name: 'ServiceAccount subject without namespace means the RoleBinding namespace',
    world: world({
      roles: [role('a', 'r', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [sa('app')])],
    }),
    who: serviceAccountIdentity('a', 'app'),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: true,
  },
  {
    name: 'ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [sa('app')])],
    }),
    who: serviceAccountIdentity('a', 'app'),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'ServiceAccount subject with another namespace does not match',
    world: world({
      roles: [role('a', 'r', [podReader])],
      roleBindings: [roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [sa('app', 'b')])],
    }),
    who: serviceAccountIdentity('a', 'app'),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'a User subject spelled as a service account is that service account',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [user('system:serviceaccount:a:app')])],
    }),
    who: serviceAccountIdentity('a', 'app'),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: true,
  },
  {
    name: 'binding to system:serviceaccounts:NS reaches its service accounts',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [group('system:serviceaccounts:a')])],
    }),
    who: serviceAccountIdentity('a', 'app'),
    request: res('get', 'pods', { namespace: 'z' }),
    allowed: true,
  },
  {
    name: 'a service account impersonated with a group loses its implied groups',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [group('system:serviceaccounts:a')])],
    }),
    who: impersonatedIdentity('system:serviceaccount:a:app', ['devs']),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'system:authenticated does not reach system:anonymous',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [group('system:authenticated')])],
    }),
    who: impersonatedIdentity('system:anonymous', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'non-resource URLs are granted through ClusterRoleBindings',
    world: world({
      clusterRoles: [clusterRole('m', [rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] })])],
      clusterRoleBindings: [clusterRoleBinding('b', 'm', [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: url('get', '/metrics'),
    allowed: true,
  },
  {
    name: 'non-resource URLs are never granted through RoleBindings',
    world: world({
      clusterRoles: [clusterRole('m', [rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] })])],
      roleBindings: [roleBinding('a', 'b', { kind: 'ClusterRole', name: 'm' }, [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: url('get', '/metrics'),
    allowed: false,
  },
  {
    name: 'aggregationRule never grants: only stored rules count',
    world: world({
      clusterRoles: [
        {
          name: 'agg',
          labels: {},
          rules: [],
          aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' }, matchExpressions: [] }] },
        },
        clusterRole('part', [podReader], { x: 'y' }),
      ],
      clusterRoleBindings: [clusterRoleBinding('b', 'agg', [user('alice')])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
  {
    name: 'unknown subject kinds match nobody',
    world: world({
      clusterRoles: [clusterRole('cr', [podReader])],
      clusterRoleBindings: [clusterRoleBinding('b', 'cr', [{ kind: 'user', name: 'alice' }])],
    }),
    who: impersonatedIdentity('alice', []),
    request: res('get', 'pods', { namespace: 'a' }),
    allowed: false,
  },
];

describe('canI', () => {
  test('a member of system:masters is allowed without any binding (the privileged-group authorizer)', () => {
    const answer = createEngine(world({})).canI(
      impersonatedIdentity('root', ['system:masters']),
      res('delete', 'nodes'),
    );
    assert.deepEqual(answer, { allowed: true, grants: [], superuser: true });
    assert.equal(
      createEngine(world({})).canI(impersonatedIdentity('root', ['masters']), res('delete', 'nodes')).allowed,
      false,
    );
  });

  for (const c of canICases) {
    test(c.name, () => assert.equal(createEngine(c.world).canI(c.who, c.request).allowed, c.allowed));
  }

  test('every grant is reported with binding, role, rule index and subject', () => {
    const engine = createEngine(
      world({
        roles: [role('a', 'r', [rule({ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }), podReader])],
        clusterRoles: [clusterRole('view', [podReader])],
        roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'r' }, [user('x'), group('devs')])],
        clusterRoleBindings: [clusterRoleBinding('crb', 'view', [group('devs')])],
      }),
    );
    const answer = engine.canI(impersonatedIdentity('alice', ['devs']), res('get', 'pods', { namespace: 'a' }));
    assert.equal(answer.allowed, true);
    assert.deepEqual(
      answer.grants.map((g) => [g.binding.kind, g.binding.name, g.role.kind, g.role.name, g.ruleIndex, g.subject.name]),
      [
        ['ClusterRoleBinding', 'crb', 'ClusterRole', 'view', 0, 'devs'],
        ['RoleBinding', 'rb', 'Role', 'r', 1, 'devs'],
      ],
    );
  });
});

describe('whoCan', () => {
  const engine = createEngine(
    world({
      serviceAccounts: [
        { namespace: 'a', name: 'app' },
        { namespace: 'a', name: 'worker' },
        { namespace: 'b', name: 'other' },
      ],
      roles: [role('a', 'r', [podReader])],
      clusterRoles: [
        clusterRole('cr', [podReader]),
        clusterRole('secrets', [rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] })]),
      ],
      roleBindings: [
        roleBinding('a', 'rb', { kind: 'Role', name: 'r' }, [sa('app'), user('alice')]),
        roleBinding('a', 'group-rb', { kind: 'ClusterRole', name: 'secrets' }, [group('system:serviceaccounts:a')]),
        roleBinding('a', 'dangling', { kind: 'Role', name: 'gone' }, [user('mallory')]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('crb', 'cr', [user('system:serviceaccount:b:other')]),
        clusterRoleBinding('all', 'secrets', [group('system:authenticated')]),
      ],
    }),
  );
  const keys = (request: AccessRequest) => engine.whoCan(request).map(subjectKey);

  test('lists direct subjects; a namespaceless SA subject is in the binding namespace', () => {
    assert.deepEqual(keys(res('get', 'pods', { namespace: 'a' })), [
      'ServiceAccount:a/app',
      'ServiceAccount:b/other',
      'User:alice',
      'Group:system:masters',
    ]);
  });

  test('RoleBindings do not reach other namespaces', () => {
    assert.deepEqual(keys(res('get', 'pods', { namespace: 'b' })), ['ServiceAccount:b/other', 'Group:system:masters']);
  });

  test('system:masters is always listed, as the API server allows it before RBAC', () => {
    const who = createEngine(world({})).whoCan(res('delete', 'nodes'));
    assert.deepEqual(who, [{ kind: 'Group', name: 'system:masters', grants: [], superuser: true }]);
  });

  test('a group binding reaches the service accounts (and users) it covers', () => {
    const who = engine.whoCan(res('get', 'secrets', { namespace: 'a' }));
    assert.deepEqual(who.map(subjectKey), [
      'ServiceAccount:a/app',
      'ServiceAccount:a/worker',
      'ServiceAccount:b/other',
      'User:alice',
      'User:mallory',
      'Group:system:authenticated',
      'Group:system:masters',
      'Group:system:serviceaccounts:a',
    ]);
    const worker = who.find((s) => subjectKey(s) === 'ServiceAccount:a/worker');
    assert.deepEqual(worker?.grants.map((g) => g.subject.name).sort(), [
      'system:authenticated',
      'system:serviceaccounts:a',
    ]);
  });

  test('every listed subject is allowed by canI, and no known identity is missed', () => {
    const identities = [
      serviceAccountIdentity('a', 'app'),
      serviceAccountIdentity('a', 'worker'),
      serviceAccountIdentity('b', 'other'),
      impersonatedIdentity('alice', []),
      impersonatedIdentity('mallory', []),
    ];
    for (const request of [
      res('get', 'pods', { namespace: 'a' }),
      res('get', 'secrets', { namespace: 'b' }),
      res('list', 'pods'),
    ]) {
      const listed = new Set(engine.whoCan(request).map(subjectKey));
      for (const id of identities) {
        const key = id.user.startsWith('system:serviceaccount:')
          ? `ServiceAccount:${id.user.split(':')[2]}/${id.user.split(':')[3]}`
          : `User:${id.user}`;
        assert.equal(listed.has(key), engine.canI(id, request).allowed, `${key} ${JSON.stringify(request)}`);
      }
    }
  });

  test('dangling bindings are reported, not thrown', () => {
    assert.deepEqual(
      engine.dangling.map((d) => [d.binding.name, d.reason]),
      [['dangling', 'role "a/gone" not found']],
    );
  });
});

describe('rulesFor', () => {
  const engine = createEngine(
    world({
      roles: [role('a', 'r', [podReader])],
      clusterRoles: [clusterRole('metrics', [rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] })])],
      roleBindings: [
        roleBinding('a', 'rb', { kind: 'Role', name: 'r' }, [user('alice')]),
        roleBinding('a', 'broken', { kind: 'Role', name: 'gone' }, [user('alice')]),
      ],
      clusterRoleBindings: [clusterRoleBinding('m', 'metrics', [group('system:authenticated')])],
    }),
  );

  test('lists cluster-wide and namespace rules with their why, and the dangling bindings', () => {
    const answer = engine.rulesFor(impersonatedIdentity('alice', []), 'a');
    assert.deepEqual(
      answer.grants.map((g) => `${g.binding.name}:${g.role.name}:${g.ruleIndex}`),
      ['m:metrics:0', 'rb:r:0'],
    );
    assert.deepEqual(
      answer.dangling.map((d) => d.binding.name),
      ['broken'],
    );
  });

  test('another namespace only has the cluster-wide rules', () => {
    assert.deepEqual(
      engine.rulesFor(impersonatedIdentity('alice', []), 'b').grants.map((g) => g.binding.name),
      ['m'],
    );
  });
});

describe('aggregation is a relation', () => {
  test('aggregatedInto lists the ClusterRoles an aggregationRule selects', () => {
    const agg = {
      name: 'agg',
      labels: {},
      rules: [],
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-agg': 'true' }, matchExpressions: [] }],
      },
    };
    const engine = createEngine(
      world({
        clusterRoles: [
          agg,
          clusterRole('yes', [], { 'rbac.example.com/aggregate-to-agg': 'true' }),
          clusterRole('no', [], { 'rbac.example.com/aggregate-to-agg': 'false' }),
        ],
      }),
    );
    assert.deepEqual(
      engine.aggregatedInto(agg.name).map((r) => r.name),
      ['yes'],
    );
  });
});

test("the risk build's progress only goes forward, from 0 to 1 (the pages show it as a bar)", () => {
  const accounts = Array.from({ length: 1_200 }, (_, i) => ({ namespace: `ns-${i % 3}`, name: `sa-${i}` }));
  const groups = ['team-a', 'team-b', 'team-c'].map(group);
  const m = world({
    namespaces: [0, 1, 2].map((i) => ({ name: `ns-${i}`, labels: {} })),
    serviceAccounts: accounts,
    clusterRoles: [clusterRole('reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })])],
    clusterRoleBindings: [clusterRoleBinding('teams', 'reader', [...groups, user('alice')])],
  });
  const engine = createEngine(m);
  engine.risks.defer();
  const seen: number[] = [];
  const work = engine.risks.work();
  for (let r = work.next(); !r.done; r = work.next()) seen.push(r.value);
  assert.ok(seen.length > 3, `${seen.length} slices`);
  const back = seen.findIndex((p, i) => i > 0 && p < seen[i - 1]!);
  assert.equal(back, -1, `progress went back at slice ${back}: ${seen.slice(Math.max(0, back - 2), back + 1)}`);
  assert.ok(seen.every((p) => p >= 0 && p <= 1));
});
