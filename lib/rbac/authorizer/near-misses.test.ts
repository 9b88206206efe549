// Why not: one named case per near-miss kind, and the cases that are not near misses (two things
// off, an allowed request, system:masters). Every request a near miss says the binding allows is
// checked with canI: the near miss is one change away, not a guess.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { impersonatedIdentity, serviceAccountIdentity } from '../model/identity';
import { describeNearMiss } from '../model/describe';
import type { AccessRequest, ClusterRole, Identity, PolicyRule } from '../model/types';
import type { NearMiss, NearMissKind } from './near-misses';
import type { Engine } from '../engine';
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
} from '../test-fixtures';

const leases = rule({ verbs: ['get'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] });
const aggregating: ClusterRole = {
  ...clusterRole('agg', [leases]),
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' }, matchExpressions: [] }] },
};

const model = world({
  roles: [
    role('payments', 'reader', [
      rule({ verbs: ['get', 'watch'], apiGroups: [''], resources: ['secrets'] }),
      rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] }),
      rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments', 'pods'] }),
    ]),
  ],
  clusterRoles: [
    clusterRole('metrics', [rule({ verbs: ['get'], nonResourceURLs: ['/metrics', '/debug/*'] })]),
    clusterRole('node-reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'] })]),
    clusterRole('agg-source', [leases], { agg: 'yes' }),
    aggregating,
  ],
  roleBindings: [
    roleBinding('payments', 'readers', { kind: 'Role', name: 'reader' }, [sa('api'), group('devs')]),
    roleBinding('payments', 'ghost', { kind: 'Role', name: 'missing-role' }, [sa('worker')]),
    roleBinding('payments', 'metrics', { kind: 'ClusterRole', name: 'metrics' }, [user('carol')]),
    ...Array.from({ length: 12 }, (_, i) =>
      roleBinding('payments', `gone-${i}`, { kind: 'ClusterRole', name: 'gone' }, [user('many')]),
    ),
  ],
  clusterRoleBindings: [
    clusterRoleBinding('nodes', 'node-reader', [sa('api', 'payments')]),
    clusterRoleBinding('metrics-typos', 'metrics', [sa('api'), user('devs'), group('alice')]),
    clusterRoleBinding('metrics-bob', 'metrics', [user('bob')]),
    clusterRoleBinding('agg', 'agg', [user('dana')]),
  ],
});
const engine = createEngine(model);

/** The world with a near miss's fixed rule in place (in the role it names, or the one it is aggregated from). */
function fixedWorld(m: NearMiss): Engine {
  const where = m.fixIn ?? { role: m.role, ruleIndex: m.ruleIndex! };
  const fix = <R extends { name: string; rules: PolicyRule[] }>(r: R, namespace?: string): R =>
    r.name === where.role.name && namespace === where.role.namespace
      ? { ...r, rules: r.rules.map((x, i) => (i === where.ruleIndex ? m.fixedRule! : x)) }
      : r;
  return createEngine({
    ...model,
    roles: model.roles.map((r) => fix(r, r.namespace)),
    clusterRoles: model.clusterRoles.map((r) => fix(r)),
  });
}

const api = serviceAccountIdentity('payments', 'api');
const inPayments = { namespace: 'payments' };

interface Case {
  name: string;
  identity: Identity;
  request: AccessRequest;
  /** The near misses' kinds, in rank order. */
  kinds: NearMissKind[];
  /** The first near miss's fix, word for word. */
  fix?: string;
  /** The second's. */
  second?: string;
}

const CASES: Case[] = [
  {
    name: 'verb: the rule names get and watch, not list',
    identity: api,
    request: res('list', 'secrets', inPayments),
    kinds: ['verb'],
    fix: 'add `list` to verbs of rule 0 of Role payments/reader',
  },
  {
    name: 'API group: the rule names apps, not extensions',
    identity: api,
    request: res('get', 'deployments', { group: 'extensions', ...inPayments }),
    kinds: ['apiGroup'],
    fix: 'add `extensions` to apiGroups of rule 2 of Role payments/reader',
  },
  {
    name: 'subresource: the rule names pods, which never covers pods/log',
    identity: api,
    request: res('get', 'pods', { group: 'apps', subresource: 'log', ...inPayments }),
    kinds: ['resource'],
    fix: 'add `pods/log` to resources of rule 2 of Role payments/reader',
  },
  {
    name: 'resource name, ranked before the resource one rule away too',
    identity: api,
    request: res('get', 'configmaps', { name: 'db-config', ...inPayments }),
    // Rule 0 of the Role (secrets) and the node reader's rule (nodes) are a resource away.
    kinds: ['resourceName', 'resource', 'resource'],
    fix: 'add `db-config` to resourceNames of rule 1 of Role payments/reader',
  },
  {
    name: 'resource name: a request without a name never matches a rule that names some',
    identity: impersonatedIdentity('dev', ['devs']),
    request: res('get', 'configmaps', inPayments),
    kinds: ['resourceName', 'resource'],
    fix: 'remove resourceNames from rule 1 of Role payments/reader (a request without a name matches only a rule that names none)',
  },
  {
    name: 'resource: the ClusterRole names nodes, not secrets',
    identity: api,
    request: res('get', 'secrets', { namespace: 'billing' }),
    // Rule-level first: the node reader's rule is a resource away.
    kinds: ['resource', 'namespace'],
    fix: 'add `secrets` to resources of rule 0 of ClusterRole node-reader',
  },
  {
    name: 'namespace: a RoleBinding of payments, asked in billing',
    identity: api,
    request: res('get', 'secrets', { namespace: 'billing' }),
    kinds: ['resource', 'namespace'],
    second: 'create a Role with rule 0 of Role payments/reader in namespace billing and bind it there',
  },
  {
    name: 'cluster scope: a RoleBinding, asked across all namespaces',
    identity: api,
    request: res('get', 'secrets'),
    kinds: ['resource', 'clusterScope'],
    second: 'put rule 0 of Role payments/reader in a ClusterRole and bind it with a ClusterRoleBinding',
  },
  {
    name: 'cluster scope: a non-resource URL through a RoleBinding',
    identity: impersonatedIdentity('carol', []),
    request: url('get', '/metrics'),
    kinds: ['clusterScope'],
    fix: 'bind ClusterRole metrics with a ClusterRoleBinding',
  },
  {
    name: 'non-resource URL: the rule names /metrics and /debug/*',
    identity: impersonatedIdentity('bob', []),
    request: url('get', '/healthz'),
    kinds: ['nonResourceURL'],
    fix: 'add `/healthz` to nonResourceURLs of rule 0 of ClusterRole metrics',
  },
  {
    name: 'verb of a non-resource rule',
    identity: impersonatedIdentity('bob', []),
    request: url('post', '/debug/pprof'),
    kinds: ['verb'],
  },
  {
    name: 'missing role: the RoleBinding names a Role that does not exist',
    identity: serviceAccountIdentity('payments', 'worker'),
    request: res('get', 'pods', inPayments),
    kinds: ['missingRole'],
    fix: 'create Role payments/missing-role with a rule that allows get pods in namespace payments',
  },
  {
    name: 'subject namespace: the ClusterRoleBinding names the service account of another namespace',
    identity: serviceAccountIdentity('billing', 'api'),
    request: res('get', 'nodes'),
    kinds: ['subjectNamespace'],
    fix: 'name ServiceAccount billing/api in the subjects of ClusterRoleBinding nodes (ServiceAccount payments/api is someone else)',
  },
  {
    name: 'subject namespace: a ClusterRoleBinding service account without a namespace names nobody',
    identity: api,
    request: url('get', '/metrics'),
    kinds: ['subjectNamespace'],
    fix: 'name ServiceAccount payments/api in the subjects of ClusterRoleBinding metrics-typos (ServiceAccount api (no namespace) is someone else)',
  },
  {
    name: 'subject kind: a User named like its group, a Group named like the user',
    identity: impersonatedIdentity('alice', ['devs']),
    request: url('get', '/metrics'),
    kinds: ['subjectKind', 'subjectKind'],
    fix: 'name Group devs in the subjects of ClusterRoleBinding metrics-typos (User devs is someone else)',
  },
  {
    name: 'verb of an aggregating ClusterRole: the fix goes in the ClusterRole its rule is copied from',
    identity: impersonatedIdentity('dana', []),
    request: res('list', 'leases', { group: 'coordination.k8s.io', ...inPayments }),
    kinds: ['verb'],
    fix: 'add `list` to verbs of rule 0 of ClusterRole agg-source (aggregated into ClusterRole agg)',
  },
  {
    name: 'at most 10, the total counted',
    identity: impersonatedIdentity('many', []),
    request: res('get', 'pods', inPayments),
    kinds: Array.from({ length: 10 }, () => 'missingRole' as const),
  },
  // Not near misses.
  {
    name: 'not: two attributes off (verb and resource; verb and name)',
    identity: api,
    request: res('list', 'configmaps', inPayments),
    kinds: [],
  },
  {
    name: 'not: one attribute off, in another namespace',
    identity: api,
    request: res('list', 'secrets', { namespace: 'billing' }),
    kinds: [],
  },
  { name: 'not: an allowed request', identity: api, request: res('get', 'secrets', inPayments), kinds: [] },
  {
    name: 'not: system:masters is allowed whatever RBAC says',
    identity: impersonatedIdentity('root', ['system:masters']),
    request: res('list', 'secrets', inPayments),
    kinds: [],
  },
  {
    name: 'not: a subject of another name',
    identity: serviceAccountIdentity('billing', 'web'),
    request: res('get', 'nodes'),
    kinds: [],
  },
];

for (const c of CASES)
  test(`whyNot: ${c.name}`, () => {
    const answer = engine.whyNot(c.identity, c.request);
    assert.deepEqual(
      answer.nearMisses.map((m) => m.kind),
      c.kinds,
    );
    if (c.fix) assert.equal(describeNearMiss(answer.nearMisses[0]!, c.request).fix, c.fix);
    if (c.second) assert.equal(describeNearMiss(answer.nearMisses[1]!, c.request).fix, c.second);
    for (const m of answer.nearMisses) {
      // The one change the near miss names makes the binding allow it.
      if (m.allows) assert.equal(engine.canI(c.identity, m.allows).allowed, true, JSON.stringify(m.allows));
      // And the fix it names, made (for the aggregating role, in its source, as the controller would copy it).
      if (m.fixedRule && !m.fixIn)
        assert.equal(fixedWorld(m).canI(c.identity, c.request).allowed, true, JSON.stringify(m.fixedRule));
    }
  });

test('whyNot counts what it leaves out', () => {
  assert.equal(engine.whyNot(impersonatedIdentity('many', []), res('get', 'pods', inPayments)).total, 12);
});

test('whyNot says what the rule has and what the request has', () => {
  const request = res('list', 'secrets', inPayments);
  const words = describeNearMiss(engine.whyNot(api, request).nearMisses[0]!, request);
  assert.deepEqual(words, {
    where: 'RoleBinding payments/readers → Role payments/reader, rule 0',
    attribute: 'verb',
    says: 'verbs [get, watch]',
    has: 'list',
    fix: 'add `list` to verbs of rule 0 of Role payments/reader',
  });
});
