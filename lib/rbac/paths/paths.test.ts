// Attack paths, one technique and one near miss at a time: each case a small world, a subject, and
// the steps the engine must find (or the absence of any). The same steps are performed on a real
// API server in e2e/paths.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { CLUSTER_ADMIN, type AttackPath, type PathTarget } from './path-types';
import { clusterRole, clusterRoleBinding, group, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import type { ClusterModel, Namespace, Pod } from '../model/types';
import { type SubjectRef } from '../model/refs';

const everything = clusterRole('cluster-admin', [
  rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
  rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
]);
const ns = (name: string, labels: Record<string, string> = {}): Namespace => ({ name, labels });
const pod = (namespace: string, name: string, serviceAccountName: string, extra: Partial<Pod> = {}): Pod => ({
  namespace,
  name,
  serviceAccountName,
  automountServiceAccountToken: true,
  ...extra,
});
const SA = (namespace: string, name: string): SubjectRef => ({ kind: 'ServiceAccount', namespace, name });
const USER = (name: string): SubjectRef => ({ kind: 'User', name });

/** A world with an admin service account `ops/admin` (and its pod on node-1), plus the case's objects. */
function withAdmin(parts: Partial<ClusterModel>): ClusterModel {
  return world({
    namespaces: [ns('ops'), ns('app'), ...(parts.namespaces ?? [])],
    serviceAccounts: [
      { namespace: 'ops', name: 'admin' },
      { namespace: 'app', name: 'web' },
      ...(parts.serviceAccounts ?? []),
    ],
    pods: [pod('ops', 'admin-pod', 'admin', { nodeName: 'node-1' }), ...(parts.pods ?? [])],
    clusterRoles: [everything, ...(parts.clusterRoles ?? [])],
    roles: parts.roles ?? [],
    clusterRoleBindings: [
      clusterRoleBinding('ops-admin', 'cluster-admin', [sa('admin', 'ops')]),
      ...(parts.clusterRoleBindings ?? []),
    ],
    roleBindings: parts.roleBindings ?? [],
  });
}

function path(model: ClusterModel, from: SubjectRef, to: PathTarget = CLUSTER_ADMIN): AttackPath | undefined {
  return createEngine(model).pathFrom(from, to);
}

const techniques = (p: AttackPath | undefined) => p?.steps.map((s) => s.technique);

/** One role granting `rules` to the user `mallory` through a ClusterRoleBinding (or a RoleBinding in `namespace`). */
function grantMallory(rules: ReturnType<typeof rule>[], namespace?: string): Partial<ClusterModel> {
  return namespace
    ? {
        clusterRoles: [clusterRole('attacker', rules)],
        roleBindings: [roleBinding(namespace, 'mallory', { kind: 'ClusterRole', name: 'attacker' }, [user('mallory')])],
      }
    : {
        clusterRoles: [clusterRole('attacker', rules)],
        clusterRoleBindings: [clusterRoleBinding('mallory', 'attacker', [user('mallory')])],
      };
}

const mallory = USER('mallory');

describe('IMPERSONATE', () => {
  test('impersonate serviceaccounts by name reaches the service account', () => {
    const p = path(
      withAdmin(
        grantMallory(
          [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['admin'] })],
          'ops',
        ),
      ),
      mallory,
    );
    assert.deepEqual(techniques(p), ['IMPERSONATE']);
    assert.deepEqual(p!.steps[0]!.to, SA('ops', 'admin'));
    assert.equal(p!.steps[0]!.grants[0]!.role.name, 'attacker');
    assert.equal(p!.holds?.[0]?.binding?.name, 'ops-admin');
  });
  test('resourceNames that exclude the target: no path', () => {
    assert.equal(
      path(
        withAdmin(
          grantMallory(
            [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['web'] })],
            'ops',
          ),
        ),
        mallory,
      ),
      undefined,
    );
  });
  test('impersonating a service account in another namespace than the binding: no path', () => {
    assert.equal(
      path(
        withAdmin(
          grantMallory([rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] })], 'app'),
        ),
        mallory,
      ),
      undefined,
    );
  });
  test('a group needs a user beside it: groups alone are no path, with any user system:masters is one step', () => {
    const groups = rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['groups'] });
    assert.equal(path(withAdmin(grantMallory([groups])), mallory), undefined);
    const p = path(
      withAdmin(
        grantMallory([
          groups,
          rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['nobody'] }),
        ]),
      ),
      mallory,
    );
    assert.deepEqual(techniques(p), ['IMPERSONATE']);
    assert.deepEqual(p!.steps[0]!.to, { kind: 'Group', name: 'system:masters' });
    assert.equal(p!.steps[0]!.grants.length, 2);
  });
  test('impersonation does not chain', () => {
    const model = withAdmin({
      clusterRoles: [
        clusterRole('imp-sa', [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] })]),
      ],
      roleBindings: [
        roleBinding('app', 'm', { kind: 'ClusterRole', name: 'imp-sa' }, [user('mallory')]),
        roleBinding('ops', 'web', { kind: 'ClusterRole', name: 'imp-sa' }, [sa('web', 'app')]),
      ],
    });
    assert.equal(path(model, mallory), undefined);
    assert.deepEqual(techniques(path(model, SA('app', 'web'))), ['IMPERSONATE']);
    // mallory can still become app/web, which is one step short of cluster-admin.
    assert.deepEqual(techniques(path(model, mallory, SA('app', 'web'))), ['IMPERSONATE']);
  });
});

describe('TOKEN_REQUEST and POD_CREATE', () => {
  test('create serviceaccounts/token on the admin', () => {
    const p = path(
      withAdmin(
        grantMallory(
          [
            rule({
              verbs: ['create'],
              apiGroups: [''],
              resources: ['serviceaccounts/token'],
              resourceNames: ['admin'],
            }),
          ],
          'ops',
        ),
      ),
      mallory,
    );
    assert.deepEqual(techniques(p), ['TOKEN_REQUEST']);
  });
  test('create pods in the namespace of an existing admin service account', () => {
    const p = path(
      withAdmin(grantMallory([rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })], 'ops')),
      mallory,
    );
    assert.deepEqual(techniques(p), ['POD_CREATE']);
    assert.equal(p!.steps[0]!.via, undefined);
  });
  test('a create limited to resourceNames never allows a create', () => {
    assert.equal(
      path(
        withAdmin(
          grantMallory(
            [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] })],
            'ops',
          ),
        ),
        mallory,
      ),
      undefined,
    );
  });
  test('a workload kind that creates pods', () => {
    const p = path(
      withAdmin(grantMallory([rule({ verbs: ['create'], apiGroups: ['batch'], resources: ['cronjobs'] })], 'ops')),
      mallory,
    );
    assert.deepEqual(p!.steps[0]!.via, { kind: 'Workload', resource: 'cronjobs.batch', namespace: 'ops' });
  });
  test('a workload created through a cluster-wide grant is created in the namespace of the account it runs as', () => {
    const p = path(
      withAdmin(grantMallory([rule({ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] })])),
      mallory,
    );
    const to = p!.steps[0]!.to;
    assert.ok(to !== 'cluster-admin' && to.kind === 'ServiceAccount');
    assert.deepEqual(p!.steps[0]!.via, { kind: 'Workload', resource: 'deployments.apps', namespace: to.namespace });
  });
  test('a service account that only a binding names (no object) cannot run a pod', () => {
    const model = world({
      namespaces: [ns('ops')],
      clusterRoles: [
        everything,
        clusterRole('attacker', [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })]),
      ],
      clusterRoleBindings: [clusterRoleBinding('ghost', 'cluster-admin', [sa('ghost', 'ops')])],
      roleBindings: [roleBinding('ops', 'm', { kind: 'ClusterRole', name: 'attacker' }, [user('mallory')])],
    });
    assert.equal(path(model, mallory), undefined);
  });
});

describe('POD_EXEC and NODE_ESCAPE', () => {
  const exec = rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] });
  test('exec into a pod that mounts the admin token', () => {
    const p = path(withAdmin(grantMallory([exec], 'ops')), mallory);
    assert.deepEqual(techniques(p), ['POD_EXEC']);
    assert.deepEqual(p!.steps[0]!.via, { kind: 'Pod', namespace: 'ops', name: 'admin-pod' });
  });
  test('exec limited to resourceNames: only through the pods it names, in a namespace or everywhere', () => {
    const named = (names: string[]) =>
      rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'], resourceNames: names });
    const model = (names: string[], namespace?: string) => {
      const m = withAdmin(grantMallory([named(names)], namespace));
      m.pods = [...m.pods, pod('ops', 'other-pod', 'admin')];
      return m;
    };
    for (const namespace of ['ops', undefined]) {
      const p = path(model(['admin-pod'], namespace), mallory);
      assert.deepEqual(p?.steps[0]?.via, { kind: 'Pod', namespace: 'ops', name: 'admin-pod' }, namespace);
      assert.equal(path(model(['web-pod'], namespace), mallory), undefined, namespace);
    }
  });
  test('a pod without a mounted token is no path', () => {
    const model = withAdmin(grantMallory([exec], 'ops'));
    model.pods = [pod('ops', 'admin-pod', 'admin', { automountServiceAccountToken: false })];
    assert.equal(path(model, mallory), undefined);
  });
  test('a token the pod projects itself is a path, whatever audience it names (the API server accepts its --api-audiences, unseen)', () => {
    for (const audience of [undefined, 'https://kubernetes.default.svc.cluster.local', 'vault']) {
      const model = withAdmin(grantMallory([exec], 'ops'));
      const projectedTokens = [{ expirationSeconds: 3600, ...(audience && { audience }) }];
      model.pods = [pod('ops', 'admin-pod', 'admin', { automountServiceAccountToken: false, projectedTokens })];
      assert.deepEqual(techniques(path(model, mallory)), ['POD_EXEC'], audience);
    }
  });
  test('ephemeral containers count; a finished pod does not', () => {
    const eph = rule({ verbs: ['patch'], apiGroups: [''], resources: ['pods/ephemeralcontainers'] });
    assert.deepEqual(techniques(path(withAdmin(grantMallory([eph], 'ops')), mallory)), ['POD_EXEC']);
    const model = withAdmin(grantMallory([eph], 'ops'));
    model.pods = [pod('ops', 'admin-pod', 'admin', { phase: 'Succeeded' })];
    assert.equal(path(model, mallory), undefined);
  });
  test('create pods in a namespace that allows privileged pods reaches the node of the admin pod', () => {
    const p = path(
      withAdmin({ ...grantMallory([rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })], 'app') }),
      mallory,
    );
    assert.deepEqual(techniques(p), ['NODE_ESCAPE']);
    assert.deepEqual(p!.steps[0]!.via, {
      kind: 'Node',
      name: 'node-1',
      pod: { namespace: 'ops', name: 'admin-pod' },
      privilegedPodIn: 'app',
    });
    assert.match(p!.steps[0]!.assumes ?? '', /privileged pod into namespace app/);
  });
  test('a restricted namespace is no path', () => {
    const model = withAdmin(grantMallory([rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })], 'app'));
    model.namespaces = model.namespaces.map((n) =>
      n.name === 'app' ? ns('app', { 'pod-security.kubernetes.io/enforce': 'restricted' }) : n,
    );
    assert.equal(path(model, mallory), undefined);
  });
  test('nodes/proxy on the node', () => {
    const p = path(
      withAdmin(
        grantMallory([
          rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['node-1'] }),
        ]),
      ),
      mallory,
    );
    assert.deepEqual(techniques(p), ['NODE_ESCAPE']);
    assert.equal(
      path(
        withAdmin(grantMallory([rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] })], 'app')),
        mallory,
      ),
      undefined,
      'a RoleBinding cannot grant a cluster-scoped resource',
    );
  });
});

describe('ROLE_BIND and ROLE_ESCALATE', () => {
  const createCrb = rule({
    verbs: ['create'],
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['clusterrolebindings'],
  });
  test('create clusterrolebindings with bind on cluster-admin', () => {
    const p = path(
      withAdmin(
        grantMallory([
          createCrb,
          rule({
            verbs: ['bind'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['cluster-admin'],
          }),
        ]),
      ),
      mallory,
    );
    assert.deepEqual(techniques(p), ['ROLE_BIND']);
    assert.deepEqual(p!.steps[0]!.to, { kind: 'ClusterRole', name: 'cluster-admin' });
  });
  test("without bind (and without the role's permissions): no path", () => {
    assert.equal(path(withAdmin(grantMallory([createCrb])), mallory), undefined);
    assert.equal(
      path(
        withAdmin(
          grantMallory([
            createCrb,
            rule({
              verbs: ['bind'],
              apiGroups: ['rbac.authorization.k8s.io'],
              resources: ['clusterroles'],
              resourceNames: ['view'],
            }),
          ]),
        ),
        mallory,
      ),
      undefined,
    );
  });
  test('a RoleBinding with bind on a ClusterRole that creates pods, then a pod as the admin', () => {
    const model = withAdmin({
      clusterRoles: [
        clusterRole('pod-maker', [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })]),
        clusterRole('binder', [
          rule({ verbs: ['create'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'] }),
          rule({
            verbs: ['bind'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['pod-maker'],
          }),
        ]),
      ],
      namespaces: [],
      roleBindings: [roleBinding('ops', 'm', { kind: 'ClusterRole', name: 'binder' }, [user('mallory')])],
    });
    model.namespaces = model.namespaces.map((n) => ({
      ...n,
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
    }));
    const p = path(model, mallory);
    assert.deepEqual(techniques(p), ['ROLE_BIND', 'POD_CREATE']);
    assert.deepEqual(p!.steps[0]!.to, { kind: 'ClusterRole', name: 'pod-maker', namespace: 'ops' });
    assert.deepEqual(p!.steps[1]!.from, p!.steps[0]!.to);
  });
  test('escalate on the ClusterRole one is bound to cluster-wide', () => {
    const model = world({
      clusterRoles: [
        clusterRole('self-editor', [
          rule({
            verbs: ['update', 'escalate'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['self-editor'],
          }),
        ]),
      ],
      clusterRoleBindings: [clusterRoleBinding('m', 'self-editor', [user('mallory')])],
    });
    const p = path(model, mallory);
    assert.deepEqual(techniques(p), ['ROLE_ESCALATE']);
    assert.equal(p!.steps[0]!.to, CLUSTER_ADMIN);
    // update without escalate is refused unless one already holds the added rules.
    model.clusterRoles[0]!.rules[0]!.verbs = ['update'];
    assert.equal(path(model, mallory), undefined);
  });
});

describe('paths across steps and subjects', () => {
  test('two steps: a pod as a service account that can impersonate the admin', () => {
    const model = withAdmin({
      clusterRoles: [
        clusterRole('pod-maker', [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })]),
        clusterRole('imp', [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] })]),
      ],
      roleBindings: [
        roleBinding('app', 'm', { kind: 'ClusterRole', name: 'pod-maker' }, [group('devs')]),
        roleBinding('ops', 'web', { kind: 'ClusterRole', name: 'imp' }, [sa('web', 'app')]),
      ],
    });
    model.namespaces = model.namespaces.map((n) => ({
      ...n,
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
    }));
    const engine = createEngine(model);
    const all = engine.pathsTo(CLUSTER_ADMIN);
    const devs = all.find((p) => p.from.kind === 'Group' && p.from.name === 'devs');
    assert.deepEqual(techniques(devs), ['POD_CREATE', 'IMPERSONATE']);
    assert.deepEqual(devs!.steps[0]!.to, SA('app', 'web'));
    assert.ok(all.indexOf(devs!) > all.findIndex((p) => p.steps.length === 1), 'shortest first');
    assert.equal(engine.distanceToAdmin(SA('ops', 'admin')), 0);
    assert.equal(engine.distanceToAdmin(SA('app', 'web')), 1);
    const become = engine.canBecome({ kind: 'Group', name: 'devs' }, 10).map((p) => p.to);
    // As ops/admin (impersonated), a pod running as ops/admin gives its real token, which may impersonate anyone.
    assert.deepEqual(become, [SA('app', 'web'), SA('ops', 'admin'), { kind: 'Group', name: 'system:masters' }]);
  });
  test('an identity target: who can become ops/admin', () => {
    const model = withAdmin(
      grantMallory([rule({ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] })], 'ops'),
    );
    const to = createEngine(model).pathsTo(SA('ops', 'admin'));
    assert.deepEqual(
      to.map((p) => [p.from, techniques(p)]),
      [[mallory, ['TOKEN_REQUEST']]],
    );
  });
  test('findings: a path is critical, and so is cluster-admin outside system:masters, each with its grants', () => {
    const engine = createEngine(
      withAdmin(grantMallory([rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })], 'ops')),
    );
    const findings = engine.findings();
    const critical = findings.find((f) => f.id === 'PATH_TO_CLUSTER_ADMIN');
    assert.equal(critical?.severity, 'critical');
    assert.deepEqual(critical?.subject, mallory);
    const holder = findings.find((f) => f.id === 'CLUSTER_ADMIN_BINDING');
    assert.equal(holder?.grants[0]?.binding?.name, 'ops-admin');
    assert.equal(holder?.severity, 'critical', 'holding every permission ranks as high as a path to it');
    assert.equal(
      findings.find((f) => f.id === 'POD_CREATE')?.title,
      'can create pods (and run them as any service account): ops',
    );
    assert.equal(findings[0]!.severity, 'critical', 'most severe first');
  });
});

describe('role bindings by name', () => {
  test('update on an existing RoleBinding whose role one may bind', () => {
    const model = withAdmin({
      roles: [
        role('ops', 'tokens', [rule({ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] })]),
      ],
      roleBindings: [
        roleBinding('ops', 'token-users', { kind: 'Role', name: 'tokens' }, [user('someone')]),
        roleBinding('ops', 'm', { kind: 'Role', name: 'rebinder' }, [user('mallory')]),
      ],
    });
    model.roles.push(
      role('ops', 'rebinder', [
        rule({
          verbs: ['update'],
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['rolebindings'],
          resourceNames: ['token-users'],
        }),
        rule({
          verbs: ['bind'],
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['roles'],
          resourceNames: ['tokens'],
        }),
      ]),
    );
    assert.deepEqual(techniques(path(model, mallory)), ['ROLE_BIND', 'TOKEN_REQUEST']);
  });
});
