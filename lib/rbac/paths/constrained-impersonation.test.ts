// Constrained impersonation (KEP-5284), one mode and one near miss at a time: each case a small
// world, a requester and what the engine must find (or not). The same cases are performed on a
// real API server in e2e/paths.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { CLUSTER_ADMIN, type AttackPath, type PathTarget } from './path-types';
import { clusterRole, clusterRoleBinding, group, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import type { ClusterModel, Pod } from '../model/types';
import { kubeVersion } from '../model/kube-version';
import type { SubjectRef } from '../model/refs';

const AUTH = 'authentication.k8s.io';
const SA = (namespace: string, name: string): SubjectRef => ({ kind: 'ServiceAccount', namespace, name });
const pod = (namespace: string, name: string, serviceAccountName: string, nodeName?: string): Pod => ({
  namespace,
  name,
  serviceAccountName,
  automountServiceAccountToken: true,
  ...(nodeName && { nodeName }),
});
const identity = (mode: string, resources: string[], resourceNames: string[] = []) =>
  rule({ verbs: [`impersonate:${mode}`], apiGroups: [AUTH], resources, resourceNames });
const on = (mode: string, verbs: string[], resources: string[], extra: Partial<Parameters<typeof rule>[0]> = {}) =>
  rule({ verbs: verbs.map((v) => `impersonate-on:${mode}:${v}`), apiGroups: [''], resources, ...extra });

const imp = SA('payments', 'imp');

/** The issue's world: payments/payments-api reads secrets; payments/imp holds only constrained impersonation. */
function payments(impRules: ReturnType<typeof rule>[], extra: Partial<ClusterModel> = {}): ClusterModel {
  return world({
    namespaces: [
      { name: 'payments', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
      { name: 'ops', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    ],
    serviceAccounts: [
      { namespace: 'payments', name: 'imp' },
      { namespace: 'payments', name: 'payments-api' },
      { namespace: 'ops', name: 'admin' },
    ],
    pods: [pod('payments', 'api-0', 'payments-api', 'node-1'), ...(extra.pods ?? [])],
    roles: [
      role('payments', 'imp', impRules),
      role('payments', 'secrets', [rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] })]),
      ...(extra.roles ?? []),
    ],
    roleBindings: [
      roleBinding('payments', 'imp', { kind: 'Role', name: 'imp' }, [sa('imp', 'payments')]),
      roleBinding('payments', 'api', { kind: 'Role', name: 'secrets' }, [sa('payments-api', 'payments')]),
      ...(extra.roleBindings ?? []),
    ],
    clusterRoles: [
      clusterRole('cluster-admin', [
        rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
        rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
      ]),
      ...(extra.clusterRoles ?? []),
    ],
    clusterRoleBindings: [
      clusterRoleBinding('ops-admin', 'cluster-admin', [sa('admin', 'ops')]),
      ...(extra.clusterRoleBindings ?? []),
    ],
    ...(extra.kubernetes && { kubernetes: extra.kubernetes }),
  });
}

const path = (m: ClusterModel, from: SubjectRef, to: PathTarget): AttackPath | undefined =>
  createEngine(m).pathFrom(from, to);
const techniques = (p: AttackPath | undefined) => p?.steps.map((s) => s.technique);

describe('serviceaccount mode', () => {
  const issue = [identity('serviceaccount', ['serviceaccounts']), on('serviceaccount', ['list'], ['secrets'])];

  test('the issue: imp becomes payments-api, limited to list secrets in payments', () => {
    const p = path(payments(issue), imp, SA('payments', 'payments-api'));
    assert.deepEqual(techniques(p), ['IMPERSONATE_SERVICEACCOUNT']);
    assert.equal(p!.limitedTo?.mode, 'serviceaccount');
    assert.deepEqual(
      p!.limitedTo?.rules.map((r) => [r.verbs, r.resources, r.namespace]),
      [[['list'], ['secrets'], 'payments']],
    );
    assert.equal(p!.steps[0]!.grants.length, 2, 'the identity rule and the impersonate-on rule');
  });

  test('the same grants on Kubernetes 1.34 (no constrained impersonation): no path', () => {
    const m = payments(issue, { kubernetes: kubeVersion(34, 'flag') });
    assert.equal(path(m, imp, SA('payments', 'payments-api')), undefined);
  });

  test('1.35 with the alpha gate on: the path', () => {
    const m = payments(issue, { kubernetes: kubeVersion(35, 'flag', { ConstrainedImpersonation: true }) });
    assert.deepEqual(techniques(path(m, imp, SA('payments', 'payments-api'))), ['IMPERSONATE_SERVICEACCOUNT']);
  });

  test('near miss: no impersonate-on rule, no step', () => {
    const m = payments([identity('serviceaccount', ['serviceaccounts'])]);
    assert.equal(path(m, imp, SA('payments', 'payments-api')), undefined);
  });

  test('near miss: resourceNames naming another service account', () => {
    const m = payments([
      identity('serviceaccount', ['serviceaccounts'], ['other']),
      on('serviceaccount', ['list'], ['secrets']),
    ]);
    assert.equal(path(m, imp, SA('payments', 'payments-api')), undefined);
  });

  test('near miss: the identity check in the core group (legacy spelling of the resource)', () => {
    const m = payments([
      rule({ verbs: ['impersonate:serviceaccount'], apiGroups: [''], resources: ['serviceaccounts'] }),
      on('serviceaccount', ['list'], ['secrets']),
    ]);
    assert.equal(path(m, imp, SA('payments', 'payments-api')), undefined);
  });

  test('near miss: impersonate-on of another mode', () => {
    const m = payments([identity('serviceaccount', ['serviceaccounts']), on('user-info', ['list'], ['secrets'])]);
    assert.equal(path(m, imp, SA('payments', 'payments-api')), undefined);
  });

  test('a limited identity goes on only through the requests its actions allow', () => {
    // ops/admin holds everything; imp may only list secrets as it: no way to cluster-admin.
    const m = payments([
      rule({
        verbs: ['impersonate:serviceaccount'],
        apiGroups: [AUTH],
        resources: ['serviceaccounts'],
        resourceNames: ['admin'],
      }),
      on('serviceaccount', ['list'], ['secrets']),
    ]);
    const e = createEngine(m);
    assert.equal(e.pathFrom(imp, CLUSTER_ADMIN), undefined);
    assert.equal(e.distanceToAdmin(imp), undefined);
  });

  test('create clusterrolebindings as a cluster-admin service account is a path to cluster-admin', () => {
    const m = payments([], {
      clusterRoles: [
        clusterRole('delegate', [
          rule({
            verbs: ['impersonate:serviceaccount'],
            apiGroups: [AUTH],
            resources: ['serviceaccounts'],
            resourceNames: ['admin'],
          }),
          rule({
            verbs: ['impersonate-on:serviceaccount:create'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterrolebindings'],
          }),
        ]),
      ],
      clusterRoleBindings: [clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')])],
    });
    const p = path(m, imp, CLUSTER_ADMIN);
    assert.deepEqual(techniques(p), ['IMPERSONATE_SERVICEACCOUNT', 'ROLE_BIND']);
    assert.deepEqual(p!.steps[0]!.to, SA('ops', 'admin'));
    assert.deepEqual(p!.steps[1]!.to, { kind: 'ClusterRole', name: 'cluster-admin' });
    assert.equal(p!.limitedTo, undefined, 'the bound role is the path’s own');
  });

  test('legacy impersonation of the same account wins: the full identity, no constrained step', () => {
    const m = payments([
      ...issue,
      rule({
        verbs: ['impersonate'],
        apiGroups: [''],
        resources: ['serviceaccounts'],
        resourceNames: ['payments-api'],
      }),
    ]);
    const p = path(m, imp, SA('payments', 'payments-api'));
    assert.deepEqual(techniques(p), ['IMPERSONATE']);
    assert.equal(p!.limitedTo, undefined);
  });

  test('a RoleBinding elsewhere: no service account of payments', () => {
    const m = payments([], {
      roles: [role('ops', 'imp', issue)],
      roleBindings: [roleBinding('ops', 'imp', { kind: 'Role', name: 'imp' }, [sa('imp', 'payments')])],
    });
    assert.equal(path(m, imp, SA('payments', 'payments-api')), undefined);
  });

  test('the subject page lists the limited identity among those it can become', () => {
    const reached = createEngine(payments(issue)).canBecome(imp, 10);
    const api = reached.find(
      (p) => p.to !== CLUSTER_ADMIN && p.to.kind === 'ServiceAccount' && p.to.name === 'payments-api',
    );
    assert.ok(api?.limitedTo, 'payments-api reached, limited');
  });

  test('pathsTo lists imp among the subjects that can become payments-api', () => {
    const from = createEngine(payments(issue)).pathsTo(SA('payments', 'payments-api'));
    assert.ok(from.some((p) => p.from.kind === 'ServiceAccount' && p.from.name === 'imp' && p.limitedTo));
  });
});

describe('user-info mode', () => {
  const alice = { kind: 'User' as const, name: 'alice' };
  const model = (rules: ReturnType<typeof rule>[]) =>
    payments([], {
      clusterRoles: [
        clusterRole('delegate', rules),
        clusterRole('reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')]),
        clusterRoleBinding('alice', 'reader', [user('alice')]),
        clusterRoleBinding('ops-team', 'reader', [group('ops-team')]),
      ],
    });

  test('a user, limited to its actions', () => {
    const p = path(
      model([identity('user-info', ['users'], ['alice']), on('user-info', ['get'], ['configmaps'])]),
      imp,
      alice,
    );
    assert.deepEqual(techniques(p), ['IMPERSONATE_USER_INFO']);
    assert.equal(p!.limitedTo?.mode, 'user-info');
  });

  test('a group, with a user beside it', () => {
    const p = path(model([identity('user-info', ['users', 'groups']), on('user-info', ['get'], ['configmaps'])]), imp, {
      kind: 'Group',
      name: 'ops-team',
    });
    assert.deepEqual(techniques(p), ['IMPERSONATE_USER_INFO']);
  });

  test('near miss: system:masters is refused in every constrained mode', () => {
    const e = createEngine(model([identity('user-info', ['users', 'groups']), on('user-info', ['*'], ['*'])]));
    assert.equal(e.pathFrom(imp, { kind: 'Group', name: 'system:masters' }), undefined);
    assert.equal(e.pathFrom(imp, CLUSTER_ADMIN), undefined);
  });

  test('near miss: a service account is not a user-info user', () => {
    const e = createEngine(model([identity('user-info', ['users']), on('user-info', ['list'], ['secrets'])]));
    assert.equal(e.pathFrom(imp, SA('payments', 'payments-api')), undefined);
  });
});

describe('node modes', () => {
  const node1 = { kind: 'User' as const, name: 'system:node:node-1' };
  const nodesRead = clusterRole('nodes-read', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })]);
  const model = (rules: ReturnType<typeof rule>[], requesterPods: Pod[] = []) =>
    payments([], {
      pods: requesterPods,
      clusterRoles: [clusterRole('delegate', rules), nodesRead],
      clusterRoleBindings: [
        clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')]),
        clusterRoleBinding('nodes', 'nodes-read', [group('system:nodes')]),
      ],
    });

  test('arbitrary-node: a node known from its pods, in group system:nodes', () => {
    const p = path(
      model([identity('arbitrary-node', ['nodes']), on('arbitrary-node', ['get'], ['configmaps'])]),
      imp,
      node1,
    );
    assert.deepEqual(techniques(p), ['IMPERSONATE_ARBITRARY_NODE']);
  });

  test('associated-node: the node its own token-mounting pod runs on', () => {
    const p = path(
      model(
        [identity('associated-node', ['nodes']), on('associated-node', ['get'], ['configmaps'])],
        [pod('payments', 'imp-0', 'imp', 'node-1')],
      ),
      imp,
      node1,
    );
    assert.deepEqual(techniques(p), ['IMPERSONATE_ASSOCIATED_NODE']);
    assert.match(p!.steps[0]!.assumes ?? '', /node-1/);
  });

  test('near miss: associated-node with no pod of its own on the node', () => {
    const e = createEngine(
      model([identity('associated-node', ['nodes']), on('associated-node', ['get'], ['configmaps'])]),
    );
    assert.equal(e.pathFrom(imp, node1), undefined);
  });

  test('near miss: associated-node limited to a node name (the check is made with name "*")', () => {
    const e = createEngine(
      model(
        [identity('associated-node', ['nodes'], ['node-1']), on('associated-node', ['get'], ['configmaps'])],
        [pod('payments', 'imp-0', 'imp', 'node-1')],
      ),
    );
    assert.equal(e.pathFrom(imp, node1), undefined);
  });
});

describe('version-dependent request shapes', () => {
  const execOnly = (minor: number) =>
    payments([rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/exec'] })], {
      kubernetes: kubeVersion(minor, 'flag'),
    });

  test('1.34: get pods/exec execs over a WebSocket', () => {
    assert.deepEqual(techniques(path(execOnly(34), imp, SA('payments', 'payments-api'))), ['POD_EXEC']);
  });

  test('1.35 and later: get is not enough (AuthorizePodWebsocketUpgradeCreatePermission)', () => {
    assert.equal(path(execOnly(35), imp, SA('payments', 'payments-api')), undefined);
    assert.equal(path(execOnly(36), imp, SA('payments', 'payments-api')), undefined);
  });
});

describe('the review’s cases', () => {
  const token = (names: string[] = []) =>
    rule({
      verbs: ['impersonate-on:serviceaccount:create'],
      apiGroups: [''],
      resources: ['serviceaccounts/token'],
      resourceNames: names,
    });
  const delegate = (rules: ReturnType<typeof rule>[], extra: Partial<ClusterModel> = {}) =>
    payments([], {
      ...extra,
      clusterRoles: [clusterRole('delegate', rules), ...(extra.clusterRoles ?? [])],
      clusterRoleBindings: [
        clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')]),
        ...(extra.clusterRoleBindings ?? []),
      ],
    });

  test('legacy impersonation of a node’s user name gets no system:nodes rights (a node place is only a base)', () => {
    const m = payments([], {
      clusterRoles: [
        clusterRole('legacy', [
          rule({
            verbs: ['impersonate'],
            apiGroups: [''],
            resources: ['users'],
            resourceNames: ['system:node:node-1'],
          }),
        ]),
        clusterRole('nodes', [identity('arbitrary-node', ['nodes']), on('arbitrary-node', ['get'], ['configmaps'])]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('legacy', 'legacy', [sa('imp', 'payments')]),
        clusterRoleBinding('node-admin', 'cluster-admin', [group('system:nodes')]),
        clusterRoleBinding('other', 'nodes', [sa('payments-api', 'payments')]),
      ],
    });
    assert.equal(createEngine(m).pathFrom(imp, CLUSTER_ADMIN), undefined);
  });

  test('impersonate-on names spread over two rules: both names', () => {
    const m = delegate([identity('serviceaccount', ['serviceaccounts']), token(['payments-api']), token(['admin'])]);
    assert.deepEqual(techniques(path(m, imp, CLUSTER_ADMIN)), ['IMPERSONATE_SERVICEACCOUNT', 'TOKEN_REQUEST']);
  });

  test('a role whose only power is constrained impersonation is worth binding', () => {
    const m = payments(
      [
        rule({ verbs: ['create'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'] }),
        rule({ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }),
      ],
      {
        clusterRoles: [clusterRole('ops-delegate', [identity('serviceaccount', ['serviceaccounts']), token()])],
      },
    );
    // Bound in ops, it lets imp act as ops/admin for a token request.
    assert.deepEqual(techniques(path(m, imp, CLUSTER_ADMIN)), undefined, 'bind is allowed in payments only');
    const inOps = payments([], {
      roles: [
        role('ops', 'binder', [
          rule({ verbs: ['create'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'] }),
          rule({
            verbs: ['bind'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['ops-delegate'],
          }),
        ]),
      ],
      roleBindings: [roleBinding('ops', 'binder', { kind: 'Role', name: 'binder' }, [sa('imp', 'payments')])],
      clusterRoles: [clusterRole('ops-delegate', [identity('serviceaccount', ['serviceaccounts']), token()])],
    });
    assert.deepEqual(techniques(path(inOps, imp, CLUSTER_ADMIN)), [
      'ROLE_BIND',
      'IMPERSONATE_SERVICEACCOUNT',
      'TOKEN_REQUEST',
    ]);
  });

  test('a role update made as a partial identity widens the requester’s own role', () => {
    const m = payments([], {
      roles: [role('payments', 'mine', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })])],
      roleBindings: [roleBinding('payments', 'mine', { kind: 'Role', name: 'mine' }, [sa('imp', 'payments')])],
      clusterRoles: [
        clusterRole('delegate', [
          identity('serviceaccount', ['serviceaccounts'], ['admin']),
          rule({
            verbs: ['impersonate-on:serviceaccount:update'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['roles'],
          }),
        ]),
      ],
      clusterRoleBindings: [clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')])],
    });
    const p = path(m, imp, { kind: 'Namespace', name: 'payments' });
    assert.deepEqual(techniques(p), ['IMPERSONATE_SERVICEACCOUNT', 'ROLE_ESCALATE']);
    assert.equal(p!.limitedTo, undefined);
  });

  test('1.36: exec over a WebSocket as a partial identity with impersonate-on get, the identity holding create', () => {
    const m = delegate(
      [
        identity('serviceaccount', ['serviceaccounts'], ['admin']),
        rule({ verbs: ['impersonate-on:serviceaccount:get'], apiGroups: [''], resources: ['pods/exec'] }),
      ],
      { pods: [pod('ops', 'admin-0', 'admin', 'node-1')] },
    );
    m.pods.push(pod('payments', 'api-1', 'payments-api'));
    const p = path(m, imp, SA('payments', 'payments-api'));
    assert.deepEqual(techniques(p), ['IMPERSONATE_SERVICEACCOUNT', 'POD_EXEC']);
  });

  test('arbitrary-node with no node known: one standing for every node', () => {
    const m = world({
      namespaces: [{ name: 'a', labels: {} }],
      serviceAccounts: [{ namespace: 'a', name: 'req' }],
      clusterRoles: [
        clusterRole('cluster-admin', [
          rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
          rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
        ]),
        clusterRole('req', [
          identity('arbitrary-node', ['nodes']),
          rule({
            verbs: ['impersonate-on:arbitrary-node:create'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterrolebindings'],
          }),
        ]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('req', 'req', [sa('req', 'a')]),
        clusterRoleBinding('nodes', 'cluster-admin', [group('system:nodes')]),
      ],
    });
    assert.deepEqual(techniques(path(m, SA('a', 'req'), CLUSTER_ADMIN)), ['IMPERSONATE_ARBITRARY_NODE', 'ROLE_BIND']);
  });

  test('user-info groups named "*": any group but system:masters (four groups ask for "*" first)', () => {
    const m = delegate(
      [
        identity('user-info', ['users']),
        identity('user-info', ['groups'], ['*']),
        on('user-info', ['get'], ['configmaps']),
      ],
      {
        clusterRoles: [clusterRole('reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })])],
        clusterRoleBindings: [clusterRoleBinding('team', 'reader', [group('team')])],
      },
    );
    assert.deepEqual(techniques(path(m, imp, { kind: 'Group', name: 'team' })), ['IMPERSONATE_USER_INFO']);
    assert.equal(path(m, imp, { kind: 'Group', name: 'system:masters' }), undefined);
  });
});

describe('impersonate-on rules no request can match offer no step (the proof’s cases)', () => {
  const admin = SA('ops', 'admin');
  const cases: [string, ReturnType<typeof rule>, 'cluster' | 'ops'][] = [
    [
      'a literal impersonate-on:serviceaccount:*',
      rule({ verbs: ['impersonate-on:serviceaccount:*'], apiGroups: ['*'], resources: ['*'] }),
      'cluster',
    ],
    [
      'a create narrowed by resourceNames',
      rule({
        verbs: ['impersonate-on:serviceaccount:create'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterrolebindings'],
        resourceNames: ['root'],
      }),
      'cluster',
    ],
    [
      'a cluster-scoped resource through a RoleBinding',
      rule({
        verbs: ['impersonate-on:serviceaccount:create'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterrolebindings'],
      }),
      'ops',
    ],
    [
      'verbs only handlers check (bind, escalate)',
      rule({
        verbs: ['impersonate-on:serviceaccount:bind', 'impersonate-on:serviceaccount:escalate'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles'],
      }),
      'cluster',
    ],
  ];
  for (const [name, action, where] of cases)
    test(name, () => {
      const rules = [identity('serviceaccount', ['serviceaccounts'], ['admin']), action];
      const m =
        where === 'cluster'
          ? payments([], {
              clusterRoles: [clusterRole('delegate', rules)],
              clusterRoleBindings: [clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')])],
            })
          : payments([], {
              roles: [role('ops', 'delegate', rules)],
              roleBindings: [
                roleBinding('ops', 'delegate', { kind: 'Role', name: 'delegate' }, [sa('imp', 'payments')]),
              ],
            });
      assert.equal(path(m, imp, admin), undefined);
    });
});

test('associated-node: accounts of one class by their bindings, on different nodes, each reach their own node', () => {
  const m = payments([], {
    pods: [pod('payments', 'imp-0', 'imp', 'node-1'), pod('payments', 'agent-0', 'agent', 'node-2')],
    clusterRoles: [
      clusterRole('agents', [identity('associated-node', ['nodes']), on('associated-node', ['get'], ['configmaps'])]),
    ],
    clusterRoleBindings: [clusterRoleBinding('agents', 'agents', [group('system:serviceaccounts:payments')])],
  });
  const e = createEngine(m);
  assert.deepEqual(techniques(e.pathFrom(imp, { kind: 'User', name: 'system:node:node-1' })), [
    'IMPERSONATE_ASSOCIATED_NODE',
  ]);
  assert.deepEqual(techniques(e.pathFrom(SA('payments', 'agent'), { kind: 'User', name: 'system:node:node-2' })), [
    'IMPERSONATE_ASSOCIATED_NODE',
  ]);
  assert.equal(e.pathFrom(imp, { kind: 'User', name: 'system:node:node-2' }), undefined);
});

describe('a path by associated-node is a finding too (audit, /risks and SARIF read findings)', () => {
  const rules = [identity('associated-node', ['nodes']), on('associated-node', ['get'], ['configmaps'])];
  const pods = [pod('payments', 'imp-0', 'imp', 'node-1')];
  const found = (m: ClusterModel) =>
    createEngine(m)
      .findings()
      .filter((f) => f.id === 'IMPERSONATE_ASSOCIATED_NODE')
      .map((f) => f.severity);
  const bound = (subject: ReturnType<typeof sa>) =>
    payments([], {
      pods,
      clusterRoles: [clusterRole('agents', rules)],
      clusterRoleBindings: [clusterRoleBinding('agents', 'agents', [subject])],
    });
  for (const [name, subject] of [
    ['bound to the account itself', sa('imp', 'payments')],
    ['bound to a group the account is in', group('system:serviceaccounts:payments')],
  ] as const)
    test(name, () => {
      const m = bound(subject);
      assert.deepEqual(techniques(path(m, imp, { kind: 'User', name: 'system:node:node-1' })), [
        'IMPERSONATE_ASSOCIATED_NODE',
      ]);
      assert.deepEqual(found(m), ['high']);
    });
  test('near miss: no pod of the group on a node, no step and no finding', () => {
    const m = payments([], {
      clusterRoles: [clusterRole('agents', rules)],
      clusterRoleBindings: [clusterRoleBinding('agents', 'agents', [group('system:serviceaccounts:ops')])],
    });
    assert.deepEqual(found(m), []);
  });
});

describe('who effectively can, through a partial identity', () => {
  const issue = [identity('serviceaccount', ['serviceaccounts']), on('serviceaccount', ['list'], ['secrets'])];
  const req = (verb: string, resource: string) => ({
    kind: 'resource' as const,
    verb,
    group: '',
    resource,
    subresource: '',
    name: '',
    namespace: 'payments',
  });
  const indirect = (m: ClusterModel, verb: string, resource: string) =>
    createEngine(m)
      .whoCanEffective(req(verb, resource))
      .indirect.flatMap((g) => g.subjects.map((s) => [s.subject, s.path.limitedTo?.mode]));

  test('imp can effectively list secrets in payments, as payments-api', () => {
    assert.deepEqual(indirect(payments(issue), 'list', 'secrets'), [[imp, 'serviceaccount']]);
  });

  test('but not get them: its impersonate-on allows list only', () => {
    assert.deepEqual(indirect(payments(issue), 'get', 'secrets'), []);
  });
});

test('who effectively can: a constrained step into an identity no binding names counts only as far as its actions go', () => {
  const m = payments([], {
    clusterRoles: [
      clusterRole('delegate', [
        identity('serviceaccount', ['serviceaccounts'], ['ghost']),
        rule({
          verbs: ['impersonate-on:serviceaccount:create'],
          apiGroups: [''],
          resources: ['serviceaccounts/token'],
        }),
      ]),
      clusterRole('cm-reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })]),
    ],
    clusterRoleBindings: [clusterRoleBinding('delegate', 'delegate', [sa('imp', 'payments')])],
    roleBindings: [
      roleBinding('ops', 'all-sas', { kind: 'ClusterRole', name: 'cm-reader' }, [group('system:serviceaccounts:ops')]),
    ],
  });
  const answer = createEngine(m).whoCanEffective({
    kind: 'resource',
    verb: 'get',
    group: '',
    resource: 'configmaps',
    subresource: '',
    name: '',
    namespace: 'ops',
  });
  const indirect = answer.indirect.flatMap((g) => g.subjects.map((s) => s.subject));
  assert.equal(
    indirect.some((s) => s.kind === 'ServiceAccount' && s.name === 'imp'),
    false,
  );
});
