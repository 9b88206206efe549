// Constrained impersonation's verbs as words of the vocabulary: the parser knows them (no "unknown
// verb" warning), misspellings get a suggestion, the who-can and can-i answers match rules that
// name them (RBAC compares verbs as strings), the suggestions and the matrix columns show them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { kubeVersion } from './kube-version';
import { compareExtraVerbs, parseConstrainedVerb, versionWarnings } from './impersonation-verbs';
import { parseRequest, RESOURCE_VERBS } from './request-parse';
import { permissionMatrix } from '../indexes/permissions';
import { rule, role, roleBinding, sa, world } from '../test-fixtures';

describe('parseRequest knows the constrained impersonation verbs and resources', () => {
  const cases: { name: string; verb: string; target: string; namespace?: string; request: object }[] = [
    {
      name: 'impersonate:serviceaccount on serviceaccounts.authentication.k8s.io, in the SA namespace',
      verb: 'impersonate:serviceaccount',
      target: 'serviceaccounts.authentication.k8s.io/payments-api',
      namespace: 'payments',
      request: {
        group: 'authentication.k8s.io',
        resource: 'serviceaccounts',
        name: 'payments-api',
        namespace: 'payments',
      },
    },
    {
      name: 'impersonate-on:serviceaccount:list on secrets',
      verb: 'impersonate-on:serviceaccount:list',
      target: 'secrets',
      namespace: 'payments',
      request: { group: '', resource: 'secrets', namespace: 'payments' },
    },
    {
      name: 'impersonate:arbitrary-node on nodes.authentication.k8s.io (cluster scoped)',
      verb: 'impersonate:arbitrary-node',
      target: 'nodes.authentication.k8s.io/node-1',
      request: { group: 'authentication.k8s.io', resource: 'nodes', name: 'node-1', namespace: '' },
    },
    {
      name: 'impersonate:associated-node on nodes.authentication.k8s.io',
      verb: 'impersonate:associated-node',
      target: 'nodes.authentication.k8s.io',
      request: { group: 'authentication.k8s.io', resource: 'nodes', namespace: '' },
    },
    {
      name: 'impersonate:user-info on users, groups, uids and userextras of authentication.k8s.io',
      verb: 'impersonate:user-info',
      target: 'groups.authentication.k8s.io/devs',
      request: { group: 'authentication.k8s.io', resource: 'groups', name: 'devs', namespace: '' },
    },
    {
      name: 'impersonate-on:user-info:get on a non-resource URL',
      verb: 'impersonate-on:user-info:get',
      target: '/healthz',
      request: { kind: 'nonResource', path: '/healthz' },
    },
  ];
  for (const c of cases)
    test(`${c.name}: no warning`, () => {
      const r = parseRequest({ verb: c.verb, target: c.target, namespace: c.namespace ?? '' });
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.deepEqual(r.warnings, []);
      for (const [k, v] of Object.entries(c.request)) assert.equal(r.request[k as keyof typeof r.request], v, k);
      assert.equal(r.request.verb, c.verb);
    });

  const warned: { name: string; verb: string; target: string; message: RegExp }[] = [
    {
      name: 'a misspelt mode',
      verb: 'impersonate:serviceacount',
      target: 'serviceaccounts.authentication.k8s.io',
      message: /not a known verb \(did you mean "impersonate:serviceaccount"\?\)/,
    },
    {
      name: 'a misspelt mode and action verb',
      verb: 'impersonate-on:user-inf:lst',
      target: 'secrets',
      message: /did you mean "impersonate-on:user-info:list"/,
    },
    {
      name: 'a mode the server does not have',
      verb: 'impersonate:legacy',
      target: 'users',
      message: /not a known verb/,
    },
    {
      name: 'an action verb no request has',
      verb: 'impersonate-on:serviceaccount:frobnicate',
      target: 'secrets',
      message: /not a known verb/,
    },
    {
      name: 'the identity check verb on a non-resource URL',
      verb: 'impersonate:user-info',
      target: '/healthz',
      message: /not a known non-resource verb/,
    },
  ];
  for (const c of warned)
    test(`${c.name}: warned`, () => {
      const r = parseRequest({ verb: c.verb, target: c.target, namespace: '' });
      assert.ok(r.ok);
      assert.match(r.warnings.join('\n'), c.message);
    });

  test('a bare name keeps its core meaning: users, serviceaccounts, nodes', () => {
    for (const [name, namespaced] of [
      ['users', false],
      ['serviceaccounts', true],
      ['nodes', false],
    ] as const) {
      const r = parseRequest({ verb: 'impersonate', target: name, namespace: 'a' });
      assert.ok(r.ok && r.request.kind === 'resource');
      assert.equal(r.request.group, '', name);
      assert.equal(r.request.namespace, namespaced ? 'a' : '', name);
    }
  });
});

describe('parseConstrainedVerb', () => {
  const cases: [string, unknown][] = [
    ['impersonate:serviceaccount', { kind: 'impersonate', mode: 'serviceaccount' }],
    ['impersonate-on:arbitrary-node:create', { kind: 'impersonate-on', mode: 'arbitrary-node', verb: 'create' }],
    ['impersonate', undefined],
    ['impersonate:', undefined],
    ['impersonate-on:serviceaccount', undefined],
    ['impersonate-on:legacy:get', undefined],
  ];
  for (const [verb, expected] of cases)
    test(verb || '(empty)', () => assert.deepEqual(parseConstrainedVerb(verb, RESOURCE_VERBS), expected));
});

// payments/imp of issue #27: the identity check on payments-api, the action check on list secrets.
const imp = world({
  roles: [
    role('payments', 'imp', [
      rule({
        verbs: ['impersonate:serviceaccount'],
        apiGroups: ['authentication.k8s.io'],
        resources: ['serviceaccounts'],
      }),
      rule({ verbs: ['impersonate-on:serviceaccount:list'], apiGroups: [''], resources: ['secrets'] }),
    ]),
  ],
  roleBindings: [roleBinding('payments', 'imp', { kind: 'Role', name: 'imp' }, [sa('imp', 'payments')])],
});

describe('who-can and can-i answer for the new verbs (RBAC matches them as strings)', () => {
  const engine = createEngine(imp);
  const ask = (verb: string, target: string) => {
    const r = parseRequest({ verb, target, namespace: 'payments' });
    assert.ok(r.ok);
    return r.request;
  };
  const cases: [string, string, string, boolean][] = [
    ['the identity check', 'impersonate:serviceaccount', 'serviceaccounts.authentication.k8s.io/payments-api', true],
    ['the action check', 'impersonate-on:serviceaccount:list', 'secrets', true],
    ['another action', 'impersonate-on:serviceaccount:get', 'secrets', false],
    ['another mode', 'impersonate-on:user-info:list', 'secrets', false],
    ['the core group is another resource', 'impersonate:serviceaccount', 'serviceaccounts/payments-api', false],
  ];
  for (const [name, verb, target, allowed] of cases)
    test(`${name}: ${verb} ${target} → ${allowed ? 'payments/imp' : 'nobody'}`, () => {
      const who = engine.whoCan(ask(verb, target)).filter((s) => s.kind === 'ServiceAccount');
      assert.deepEqual(
        who.map((s) => `${s.namespace}/${s.name}`),
        allowed ? ['payments/imp'] : [],
      );
      const can = engine.canI({ user: 'system:serviceaccount:payments:imp', groups: [] }, ask(verb, target));
      assert.equal(can.allowed, allowed);
    });
});

describe('suggestions and matrix columns', () => {
  test('the verbs are suggested where the version checks them, not before 1.35', () => {
    const on = createEngine(imp).inventory.vocabulary().verbs;
    for (const v of ['impersonate:serviceaccount', 'impersonate:associated-node', 'impersonate-on:user-info:create'])
      assert.ok(on.includes(v), v);
    const old = createEngine({
      ...imp,
      roles: [],
      roleBindings: [],
      kubernetes: kubeVersion(34),
    }).inventory.vocabulary();
    assert.ok(!old.verbs.some((v) => v.startsWith('impersonate:')));
    assert.ok(old.verbs.includes('impersonate'));
  });

  test("a subject's matrix: constrained verbs after the other extras, by mode, identity check first", () => {
    const verbs = [
      'impersonate-on:user-info:get',
      'impersonate:user-info',
      'impersonate-on:serviceaccount:list',
      'escalate',
      'impersonate:serviceaccount',
      'bind',
      'impersonate:associated-node',
    ];
    assert.deepEqual([...verbs].sort(compareExtraVerbs), [
      'bind',
      'escalate',
      'impersonate:associated-node',
      'impersonate:serviceaccount',
      'impersonate-on:serviceaccount:list',
      'impersonate:user-info',
      'impersonate-on:user-info:get',
    ]);
    const grants = createEngine(imp).rulesFor(
      { user: 'system:serviceaccount:payments:imp', groups: [] },
      'payments',
    ).grants;
    assert.deepEqual(permissionMatrix(grants).verbs, [
      'impersonate:serviceaccount',
      'impersonate-on:serviceaccount:list',
    ]);
  });
});

describe('versionWarnings: constrained verbs where the version does not check them', () => {
  const cases: [string, string, ReturnType<typeof kubeVersion>, RegExp | undefined][] = [
    ['1.36: checked, no warning', 'impersonate:serviceaccount', kubeVersion(36), undefined],
    [
      '1.35 with the gate on (the server said so): checked',
      'impersonate:serviceaccount',
      kubeVersion(35, 'server', { ConstrainedImpersonation: true }),
      undefined,
    ],
    [
      '1.35 by default (alpha, off)',
      'impersonate-on:serviceaccount:list',
      kubeVersion(35),
      /Kubernetes 1\.35 does not check \(ConstrainedImpersonation off\)/,
    ],
    ['1.34: not there at all', 'impersonate:user-info', kubeVersion(34), /Kubernetes 1\.34 does not check/],
    ['legacy impersonate: every version', 'impersonate', kubeVersion(30), undefined],
  ];
  for (const [name, verb, v, expected] of cases)
    test(name, () => {
      const r = parseRequest({ verb, target: 'secrets', namespace: 'a' });
      assert.ok(r.ok);
      const w = versionWarnings(r.request, v);
      if (expected) assert.match(w.join('\n'), expected);
      else assert.deepEqual(w, []);
    });
});
