// What an impersonation asked of its impersonator: the legacy `impersonate` checks, or under a
// constraint (KEP-5284, the event's authenticationMetadata.impersonationConstraint) the constrained
// ones, after k8s.io/apiserver@v0.36.3 pkg/endpoints/filters/impersonation/mode.go. Those checks use
// the impersonator's grants (never listed unused when it impersonated), and right-sizing grants them
// only where RBAC allowed them before: it never widens legacy-for-constrained nor grants what
// system:masters alone allowed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { impersonatedIdentity } from '../model/identity';
import { objectKey } from '../model/refs';
import type { AccessRequest, ClusterModel, PolicyRule } from '../model/types';
import { clusterRole, clusterRoleBinding, res, rule, user, world } from '../test-fixtures';
import { computeUsageAnswers } from './answers';
import { impersonationChecks } from './impersonation';
import { rightsize } from './rightsize';
import { observed, saIdentity } from './test-observed';
import { createUsageIndex, type ImpersonationUsage } from './usage-index';

const AUTHN = 'authentication.k8s.io';
const web = saIdentity('app', 'web');
const listPods = res('list', 'pods', { namespace: 'app' });
const SA_MODE = 'impersonate:serviceaccount';

function model(rules: Record<string, PolicyRule[]>): ClusterModel {
  return world({
    namespaces: [{ name: 'app', labels: {} }],
    serviceAccounts: [{ namespace: 'app', name: 'web' }],
    clusterRoles: Object.entries(rules).map(([name, r]) => clusterRole(name, r)),
    clusterRoleBindings: Object.keys(rules).map((name) => clusterRoleBinding(`${name}-b`, name, [user(name)])),
  } as Partial<ClusterModel>);
}

const legacy = [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] })];
const constrained = [
  rule({ verbs: [SA_MODE], apiGroups: [AUTHN], resources: ['serviceaccounts'] }),
  rule({ verbs: ['impersonate-on:serviceaccount:list'], apiGroups: [''], resources: ['pods'] }),
];
// The identity check in the core group, as one might guess: the filter asks authentication.k8s.io.
const coreGroup = [
  rule({ verbs: [SA_MODE], apiGroups: [''], resources: ['serviceaccounts'] }),
  rule({ verbs: ['impersonate-on:serviceaccount:list'], apiGroups: [''], resources: ['pods'] }),
];
const engine = createEngine(model({ bot: legacy, ci: constrained, guess: coreGroup }));

/** Each impersonator lists pods as web once (web itself may not: the request is denied). */
function usage() {
  const u = createUsageIndex();
  u.add([
    observed(web, listPods, { decision: 'forbid', impersonator: impersonatedIdentity('bot', []) }),
    observed(web, listPods, {
      decision: 'forbid',
      impersonator: impersonatedIdentity('ci', []),
      impersonationConstraint: SA_MODE,
    }),
    observed(web, listPods, {
      decision: 'forbid',
      impersonator: impersonatedIdentity('guess', []),
      impersonationConstraint: SA_MODE,
    }),
  ]);
  return u;
}

const impersonation = (over: Partial<ImpersonationUsage>): ImpersonationUsage => ({
  as: web,
  by: impersonatedIdentity('x', []),
  requests: [{ request: listPods, count: 2 }],
  count: 3,
  first: 0,
  last: 0,
  where: { file: 'audit.log', line: 1 },
  ...over,
});
const id = (verb: string, resource: string, name: string, namespace = ''): AccessRequest =>
  res(verb, resource, { group: AUTHN, name, namespace });
const groups = ['a', 'b', 'c', 'd'];

const checkCases: { name: string; i: ImpersonationUsage; starAllowed?: boolean; want: [AccessRequest, number][] }[] = [
  {
    name: 'legacy: impersonate on the core serviceaccounts, the request never looked at',
    i: impersonation({ requests: [] }),
    want: [[res('impersonate', 'serviceaccounts', { namespace: 'app', name: 'web' }), 3]],
  },
  {
    name: 'serviceaccount mode: impersonate-on on the request itself, then impersonate:serviceaccount in authentication.k8s.io',
    i: impersonation({ constraint: SA_MODE }),
    want: [
      [res('impersonate-on:serviceaccount:list', 'pods', { namespace: 'app' }), 2],
      [id(SA_MODE, 'serviceaccounts', 'web', 'app'), 3],
    ],
  },
  {
    name: 'user-info mode: the user, then each group asked for',
    i: impersonation({ constraint: 'impersonate:user-info', as: impersonatedIdentity('alice', ['devs']) }),
    want: [
      [res('impersonate-on:user-info:list', 'pods', { namespace: 'app' }), 2],
      [id('impersonate:user-info', 'users', 'alice'), 3],
      [id('impersonate:user-info', 'groups', 'devs'), 3],
    ],
  },
  {
    name: 'user-info mode, four groups the impersonator may impersonate as "*": one check',
    i: impersonation({ constraint: 'impersonate:user-info', as: impersonatedIdentity('alice', groups) }),
    starAllowed: true,
    want: [
      [res('impersonate-on:user-info:list', 'pods', { namespace: 'app' }), 2],
      [id('impersonate:user-info', 'users', 'alice'), 3],
      [id('impersonate:user-info', 'groups', '*'), 3],
    ],
  },
  {
    name: 'user-info mode, four groups, "*" not allowed: each group',
    i: impersonation({ constraint: 'impersonate:user-info', as: impersonatedIdentity('alice', groups) }),
    want: [
      [res('impersonate-on:user-info:list', 'pods', { namespace: 'app' }), 2],
      [id('impersonate:user-info', 'users', 'alice'), 3],
      ...groups.map((g): [AccessRequest, number] => [id('impersonate:user-info', 'groups', g), 3]),
    ],
  },
  {
    name: 'arbitrary-node mode: the node by name',
    i: impersonation({
      constraint: 'impersonate:arbitrary-node',
      as: { user: 'system:node:n1', groups: ['system:nodes'] },
    }),
    want: [
      [res('impersonate-on:arbitrary-node:list', 'pods', { namespace: 'app' }), 2],
      [id('impersonate:arbitrary-node', 'nodes', 'n1'), 3],
    ],
  },
  {
    name: 'associated-node mode: every node ("*")',
    i: impersonation({
      constraint: 'impersonate:associated-node',
      as: { user: 'system:node:n1', groups: ['system:nodes'] },
    }),
    want: [
      [res('impersonate-on:associated-node:list', 'pods', { namespace: 'app' }), 2],
      [id('impersonate:associated-node', 'nodes', '*'), 3],
    ],
  },
];

for (const c of checkCases)
  test(`impersonation checks: ${c.name}`, () => {
    const got = impersonationChecks(c.i, () => c.starAllowed ?? false);
    assert.deepEqual(
      got.map((x) => [x.request, x.events]),
      c.want,
    );
  });

const creditCases: { name: string; user: string; grantUses: number[]; bindingUses: number }[] = [
  { name: 'legacy impersonation used the impersonate grant', user: 'bot', grantUses: [1], bindingUses: 1 },
  { name: 'constrained impersonation used both constrained grants', user: 'ci', grantUses: [1, 1], bindingUses: 1 },
  {
    name: 'an identity check granted in the core group matched nothing the filter asks',
    user: 'guess',
    grantUses: [0, 1],
    bindingUses: 1,
  },
];

for (const c of creditCases)
  test(`impersonation credit: ${c.name}`, () => {
    const a = computeUsageAnswers(engine, usage());
    const grants = a.identities.find((i) => i.user === c.user)!.grants;
    assert.deepEqual(
      grants.map((g) => g.uses),
      c.grantUses,
    );
    const key = objectKey({ kind: 'ClusterRoleBinding', name: `${c.user}-b` });
    assert.equal(a.bindings.find((b) => objectKey(b.ref) === key)!.uses, c.bindingUses);
    assert.equal(
      a.unusedBindings.some((b) => objectKey(b.ref) === key),
      c.bindingUses === 0,
    );
    assert.equal(a.roles.find((r) => r.ref.name === c.user)!.uses, c.bindingUses);
  });

const rulesOf = (r: ReturnType<typeof rightsize>) =>
  [...r.proposed.roles, ...r.proposed.clusterRoles].flatMap((x) => x.rules);
const verbs = (r: ReturnType<typeof rightsize>) =>
  rulesOf(r)
    .flatMap((x) => x.verbs)
    .sort();

const rightsizeCases: { name: string; user: string; verbs: string[]; notGranted: string[] }[] = [
  { name: 'legacy: impersonate on exactly web', user: 'bot', verbs: ['impersonate'], notGranted: [] },
  {
    name: 'constrained: the constrained checks, never legacy impersonate',
    user: 'ci',
    verbs: ['impersonate-on:serviceaccount:list', SA_MODE],
    notGranted: [],
  },
  {
    name: 'an identity check RBAC did not allow before is listed apart, never granted',
    user: 'guess',
    verbs: ['impersonate-on:serviceaccount:list'],
    notGranted: [SA_MODE],
  },
];

for (const c of rightsizeCases)
  test(`impersonation rightsize: ${c.name}`, () => {
    const r = rightsize(engine, usage(), { kind: 'User', name: c.user });
    assert.deepEqual(verbs(r), c.verbs);
    assert.deepEqual(
      r.impersonationNotGranted.map((x) => x.request.verb),
      c.notGranted,
    );
    assert.deepEqual(r.check.failures, []);
    // Whom it impersonates is always named.
    for (const x of rulesOf(r))
      if (x.verbs.some((v) => v === 'impersonate' || v.startsWith('impersonate:')))
        assert.deepEqual(x.resourceNames, ['web']);
  });

test('impersonation rightsize: as system:masters, nothing RBAC did not allow is proposed', () => {
  const u = createUsageIndex();
  const admin = impersonatedIdentity('root', ['system:masters']);
  u.add([observed(web, listPods, { impersonator: admin, impersonationConstraint: SA_MODE })]);
  const r = rightsize(engine, u, { kind: 'User', name: 'root' });
  assert.deepEqual(verbs(r), []);
  assert.deepEqual(r.impersonationNotGranted.map((x) => x.request.verb).sort(), [
    'impersonate-on:serviceaccount:list',
    SA_MODE,
  ]);
});

test('usage index: the constraint is carried, one entry per constraint, with its distinct requests', () => {
  const u = createUsageIndex();
  const ci = impersonatedIdentity('ci', []);
  const getPod = res('get', 'pods', { namespace: 'app', name: 'p' });
  u.add([
    observed(web, listPods, { impersonator: ci, impersonationConstraint: SA_MODE }),
    observed(web, listPods, { impersonator: ci, impersonationConstraint: SA_MODE }),
    observed(web, getPod, { impersonator: ci, impersonationConstraint: SA_MODE }),
    observed(web, listPods, { impersonator: ci }),
  ]);
  const got = u.identity('ci')!.impersonated.map((i) => [i.constraint, i.count, i.requests]);
  assert.deepEqual(got, [
    [
      SA_MODE,
      3,
      [
        { request: listPods, count: 2 },
        { request: getPod, count: 1 },
      ],
    ],
    [undefined, 1, []],
  ]);
});
