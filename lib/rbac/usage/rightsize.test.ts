// Right-sizing, rule by rule: verbs merged per resource, Roles where it acted in namespaces,
// ClusterRoles only for cluster-scoped resources, all-namespace requests and URLs, resourceNames only
// for few names with name-scoped verbs, impersonation by name, denied and system:masters-only apart,
// grants through groups kept and not granted again, bindings deleted or edited, deterministic names,
// and the after check (0 failures).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { impersonatedIdentity } from '../model/identity';
import type { AccessRequest, PolicyRule } from '../model/types';
import {
  clusterRoleBinding,
  defaultClusterRole,
  defaultClusterRoleBinding,
  group,
  res,
  roleBinding,
  rule,
  sa,
  url,
  world,
} from '../test-fixtures';
import { rightsize, rightsizeNamespace, rightsizedName, rightsizeServiceAccounts, type Rightsizing } from './rightsize';
import { rulesFor } from './rightsize-rules';
import { observed, saIdentity, usageWorld } from './test-observed';
import { createUsageIndex } from './usage-index';

const pods = (verb: string, name = '', namespace = 'app') => res(verb, 'pods', { namespace, name });

const ruleCases: { name: string; requests: AccessRequest[]; want: PolicyRule[] }[] = [
  {
    name: 'verbs merged per resource',
    requests: [pods('list'), pods('watch'), pods('list')],
    want: [rule({ verbs: ['list', 'watch'], apiGroups: [''], resources: ['pods'] })],
  },
  {
    name: 'resources merged only with the same verbs (a rule is a cross product)',
    requests: [
      pods('list'),
      res('list', 'services', { namespace: 'app' }),
      res('watch', 'services', { namespace: 'app' }),
    ],
    want: [
      rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] }),
      rule({ verbs: ['list', 'watch'], apiGroups: [''], resources: ['services'] }),
    ],
  },
  {
    name: 'API groups never merged',
    requests: [res('get', 'deployments', { group: 'apps', namespace: 'app', name: 'd' }), pods('get', 'd')],
    want: [
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['d'] }),
      rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['d'] }),
    ],
  },
  {
    name: 'subresources as resource/subresource',
    requests: [res('get', 'pods', { namespace: 'app', name: 'p', subresource: 'log' })],
    want: [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'], resourceNames: ['p'] })],
  },
  {
    name: 'resourceNames for up to 5 names with get/update/patch/delete; list and create never named',
    requests: [pods('get', 'a'), pods('get', 'b'), pods('patch', 'a'), pods('list'), pods('create')],
    want: [
      rule({ verbs: ['create', 'list'], apiGroups: [''], resources: ['pods'] }),
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a', 'b'] }),
      rule({ verbs: ['patch'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }),
    ],
  },
  {
    name: 'more than 5 names: the verb on every name',
    requests: ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => pods('get', n)),
    want: [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
  },
  {
    name: 'a name-scoped verb once without a name: every name',
    requests: [pods('get', 'a'), pods('get')],
    want: [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
  },
  {
    name: 'impersonate always by name, however many',
    requests: ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => res('impersonate', 'users', { name: n })),
    want: [
      rule({
        verbs: ['impersonate'],
        apiGroups: [''],
        resources: ['users'],
        resourceNames: ['a', 'b', 'c', 'd', 'e', 'f'],
      }),
    ],
  },
  {
    name: 'URLs with the same verbs together',
    requests: [url('get', '/metrics'), url('get', '/healthz'), url('post', '/x')],
    want: [
      rule({ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics'] }),
      rule({ verbs: ['post'], nonResourceURLs: ['/x'] }),
    ],
  },
];

for (const c of ruleCases) test(`rightsize rules: ${c.name}`, () => assert.deepEqual(rulesFor(c.requests), c.want));

const engine = createEngine(usageWorld());
const web = saIdentity('app', 'web');
const webRef = { kind: 'ServiceAccount', namespace: 'app', name: 'web' } as const;
const admin = impersonatedIdentity('admin', ['system:masters']);

function webUsage() {
  const usage = createUsageIndex();
  usage.add([
    observed(web, res('get', 'configmaps', { namespace: 'app', name: 'cfg' })),
    observed(web, pods('list')),
    observed(web, pods('watch', '', '')),
    observed(web, res('list', 'nodes')),
    observed(web, url('get', '/healthz')),
    observed(web, res('delete', 'secrets', { namespace: 'other', name: 'x' }), { decision: 'forbid', reason: '' }),
    observed(web, res('create', 'pods', { namespace: 'other' }), { impersonator: admin }),
    observed(impersonatedIdentity('admin-bot', []), res('list', 'pods', { namespace: 'app' })),
    observed(web, pods('list'), { impersonator: impersonatedIdentity('admin-bot', []) }),
    observed(impersonatedIdentity('alice', ['devs']), pods('list'), {
      impersonator: impersonatedIdentity('admin-bot', []),
    }),
  ]);
  return usage;
}

const webCases: { name: string; check: (r: Rightsizing) => void }[] = [
  {
    name: 'a Role and RoleBinding in the namespace it acted in, named deterministically',
    check: (r) => {
      assert.deepEqual(
        r.proposed.roles.map((x) => [x.namespace, x.name]),
        [['app', 'rightsized:app:web']],
      );
      assert.deepEqual(r.proposed.roles[0]!.rules, [
        rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }),
        rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] }),
      ]);
      assert.deepEqual(r.proposed.roleBindings[0]!.subjects, [
        { kind: 'ServiceAccount', name: 'web', namespace: 'app' },
      ]);
      assert.deepEqual(r.proposed.roleBindings[0]!.roleRef, {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'rightsized:app:web',
      });
    },
  },
  {
    name: 'a ClusterRole for cluster-scoped resources and all-namespace requests only',
    check: (r) =>
      assert.deepEqual(r.proposed.clusterRoles[0]!.rules, [
        rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }),
        rule({ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }),
      ]),
  },
  {
    name: 'what its groups still allow is not granted again (/healthz through system:authenticated)',
    check: (r) => {
      assert.deepEqual(
        r.stillAllowed.map((u) => u.shape.request),
        [url('get', '/healthz')],
      );
      assert.deepEqual(r.throughGroups, [
        { binding: { kind: 'ClusterRoleBinding', name: 'basic' }, group: 'system:authenticated' },
      ]);
    },
  },
  {
    name: 'denied requests apart, never granted; allowed only as system:masters apart',
    check: (r) => {
      assert.deepEqual(
        r.denied.map((s) => s.request),
        [res('delete', 'secrets', { namespace: 'other', name: 'x' })],
      );
      assert.equal(r.mastersOnly.length, 0);
      assert.ok(!r.proposed.roles.some((x) => x.namespace === 'other'));
    },
  },
  {
    name: 'its own bindings replaced: one it alone held deleted, one shared edited',
    check: (r) =>
      assert.deepEqual(
        r.replaced.map((e) => [e.binding.name, e.action, e.kept]),
        [
          ['web-view', 'edited', [{ kind: 'ServiceAccount', name: 'other', namespace: 'app' }]],
          ['web-edit', 'deleted', []],
        ],
      ),
  },
  {
    name: 'the after check: every allowed request RBAC allowed is still allowed',
    check: (r) => assert.deepEqual([r.check.requests, r.check.events, r.check.failures], [5, 6, []]),
  },
];

for (const c of webCases)
  test(`rightsize a service account: ${c.name}`, () => c.check(rightsize(engine, webUsage(), webRef)));

test('rightsize an impersonator: impersonate exactly whom it acted as', () => {
  const r = rightsize(engine, webUsage(), { kind: 'User', name: 'admin-bot' });
  assert.deepEqual(r.proposed.roles.find((x) => x.namespace === 'app')?.rules, [
    rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['web'] }),
  ]);
  // Its own list of pods was allowed by the server and by no grant in the model read: never granted.
  assert.deepEqual(
    r.notGranted.map((u) => u.shape.request),
    [pods('list')],
  );
  assert.deepEqual(r.proposed.clusterRoles[0]?.rules, [
    rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['groups'], resourceNames: ['devs'] }),
    rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['alice'] }),
  ]);
  assert.equal(r.proposed.clusterRoles[0]!.name, rightsizedName({ kind: 'User', name: 'admin-bot' }));
  assert.deepEqual([r.check.requests, r.check.failures.length], [3, 0]);
  assert.deepEqual(
    r.replaced.map((e) => e.action),
    ['deleted'],
  );
});

test('rightsize: requests allowed only as system:masters are listed apart, never granted', () => {
  const usage = createUsageIndex();
  usage.add([observed(admin, res('delete', 'nodes', { name: 'n1' }), { reason: '' })]);
  const r = rightsize(engine, usage, { kind: 'User', name: 'admin' });
  assert.equal(r.mastersOnly.length, 1);
  assert.deepEqual([r.proposed.roles, r.proposed.clusterRoles], [[], []]);
});

test('rightsize a group: only what its own bindings allowed', () => {
  const usage = createUsageIndex();
  const alice = impersonatedIdentity('alice', ['devs']);
  usage.add([observed(alice, pods('list')), observed(alice, url('get', '/healthz')), observed(web, pods('list'))]);
  const r = rightsize(engine, usage, { kind: 'Group', name: 'devs' });
  assert.deepEqual(
    r.granted.map((u) => u.shape.request),
    [pods('list')],
  );
  assert.deepEqual(r.proposed.roleBindings[0]!.subjects, [
    { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
  ]);
  assert.equal(r.proposed.roleBindings[0]!.name, 'rightsized:group:devs');
  assert.deepEqual(
    r.replaced.map((e) => [e.binding.name, e.action]),
    [['devs', 'deleted']],
  );
  assert.equal(r.check.failures.length, 0);
});

test('rightsize a namespace: each service account, those that did nothing lose their own bindings', () => {
  const all = rightsizeNamespace(engine, webUsage(), 'app');
  assert.deepEqual(
    all.map((r) => r.subject.kind === 'ServiceAccount' && r.subject.name),
    ['idle', 'other', 'web'],
  );
  const idle = all[0]!;
  assert.deepEqual([idle.proposed.roles.length, idle.replaced.map((e) => e.action)], [0, ['deleted']]);
});

test('rightsize: a binding naming it and one of its groups is edited, and what stays through the group is said', () => {
  const model = usageWorld();
  model.roleBindings.push(
    roleBinding('app', 'shared', { kind: 'Role', name: 'edit' }, [sa('web'), group('system:serviceaccounts:app')]),
    roleBinding('app', 'strangers', { kind: 'Role', name: 'edit' }, [
      group('not-its-group'),
      group('system:authenticated'),
    ]),
  );
  const r = rightsize(createEngine(model), webUsage(), webRef);
  const shared = r.replaced.find((e) => e.binding.name === 'shared')!;
  assert.deepEqual([shared.action, shared.kept], ['edited', [group('system:serviceaccounts:app')]]);
  assert.deepEqual(
    r.throughGroups.map((t) => [t.binding.name, t.group]),
    [
      ['basic', 'system:authenticated'],
      ['shared', 'system:serviceaccounts:app'],
      ['strangers', 'system:authenticated'],
    ],
  );
  // Its namespace's edits stay allowed through the group: nothing there is granted again.
  assert.deepEqual(r.proposed.roles, []);
  assert.equal(r.check.failures.length, 0);
});

test('rightsize an impersonator: what its own groups allow it, as it authenticated, is not granted again', () => {
  const model = usageWorld();
  model.clusterRoleBindings.push(clusterRoleBinding('ops-imp', 'impersonator', [group('ops')]));
  const usage = createUsageIndex();
  usage.add([observed(web, pods('list'), { impersonator: impersonatedIdentity('carol', ['ops']) })]);
  const r = rightsize(createEngine(model), usage, { kind: 'User', name: 'carol' });
  assert.deepEqual([r.proposed.roles, r.proposed.clusterRoles], [[], []]);
  assert.deepEqual(r.impersonations[0]!.by, { user: 'carol', groups: ['ops', 'system:authenticated'] });
  assert.deepEqual([r.check.requests, r.check.failures.length], [1, 0]);
});

test('rightsize every service account: those the model knows and those the log saw', () => {
  const usage = webUsage();
  usage.add([observed(saIdentity('ghost', 'bot'), url('get', '/healthz'))]);
  const all = rightsizeServiceAccounts(engine, usage);
  const names = all.map((r) => (r.subject.kind === 'ServiceAccount' ? `${r.subject.namespace}/${r.subject.name}` : ''));
  assert.deepEqual(names.sort(), ['app/idle', 'app/other', 'app/web', 'ghost/bot']);
  assert.ok(all.every((r) => r.check.failures.length === 0));
});

test("rightsize: a binding of Kubernetes' bootstrap policy is marked: the API server puts it back", () => {
  const name = 'system:controller:clusterrole-aggregation-controller';
  const model = world({
    clusterRoles: [defaultClusterRole(name)],
    clusterRoleBindings: [defaultClusterRoleBinding(name)],
  });
  const controller = saIdentity('kube-system', 'clusterrole-aggregation-controller');
  const usage = createUsageIndex();
  usage.add([
    observed(controller, res('patch', 'clusterroles', { group: 'rbac.authorization.k8s.io', name: 'admin' })),
  ]);
  const r = rightsize(createEngine(model), usage, {
    kind: 'ServiceAccount',
    namespace: 'kube-system',
    name: 'clusterrole-aggregation-controller',
  });
  assert.deepEqual(
    r.replaced.map((e) => [e.binding.name, e.action, e.reconciled]),
    [[name, 'deleted', true]],
  );
  assert.equal(
    rightsize(engine, webUsage(), webRef).replaced.some((e) => e.reconciled),
    false,
  );
});
