import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import type { FindingGroupQuery } from './finding-groups';
import { groupFindings, groupName, tally } from './finding-groups';
import type { Finding, FindingId } from './finding-rules';
import {
  clusterRole,
  clusterRoleBinding,
  defaultClusterRole,
  role,
  roleBinding,
  rule,
  sa,
  user,
  world,
} from '../test-fixtures';

const readSecrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
const createPods = rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] });
const engine = createEngine(
  world({
    roles: ['ns-2', 'ns-10', 'ns-1'].map((ns) => role(ns, 'app', [readSecrets, createPods])),
    roleBindings: ['ns-2', 'ns-10', 'ns-1'].map((ns) =>
      roleBinding(ns, 'app', { kind: 'Role', name: 'app' }, [sa('app')]),
    ),
    clusterRoles: [defaultClusterRole('cluster-admin'), clusterRole('reader', [readSecrets])],
    clusterRoleBindings: [
      clusterRoleBinding('deployer', 'cluster-admin', [user('deployer')]),
      clusterRoleBinding('reader', 'reader', [user('auditor')]),
    ],
  }),
);
const all = engine.findings().filter((f) => !f.builtin);
const names = (q: Partial<FindingGroupQuery>) =>
  engine.findingGroups({ by: 'subject', builtin: false, ...q }).items.map(groupName);

describe('findings grouped by subject', () => {
  const cases: [string, Partial<FindingGroupQuery>, string[]][] = [
    ['most severe first', { text: 'user' }, ['deployer', 'auditor']],
    ['names in natural order', { sort: 'name', text: 'app' }, ['ns-1/app', 'ns-2/app', 'ns-10/app']],
    ['names reversed', { sort: 'name', order: 'desc', text: 'app' }, ['ns-10/app', 'ns-2/app', 'ns-1/app']],
    ['a severity keeps the subjects with one', { severity: 'high', text: 'user' }, ['auditor']],
    ['a namespace', { namespace: 'ns-10' }, ['ns-10/app']],
    ['a kind', { id: 'CLUSTER_ADMIN_BINDING' }, ['deployer']],
    ['a subject as the CLI spells it, exactly', { text: 'system:serviceaccount:ns-1:app' }, ['ns-1/app']],
    ['part of a kind and name', { text: 'serviceaccount ns-1' }, ['ns-1/app', 'ns-10/app']],
  ];
  for (const [name, q, want] of cases) test(name, () => assert.deepEqual(names(q), want));

  test('the counts add up to the findings the same filter lists', () => {
    const page = engine.findingGroups({ by: 'subject', builtin: false, limit: 1000 });
    assert.equal(page.findings, all.length);
    assert.equal(
      page.items.reduce((n, g) => n + g.total, 0),
      all.length,
    );
    for (const g of page.items) assert.equal(g.worst, g.findings[0]);
  });
});

describe('findings grouped by kind', () => {
  const page = engine.findingGroups({ by: 'kind', builtin: false, sort: 'count', limit: 1000 });
  test('one row per kind, the most frequent first', () => {
    assert.deepEqual(
      page.items.map((g) => [g.id, g.total]),
      [
        ['SECRETS_READ', 4],
        ['POD_CREATE', 3],
        ['CLUSTER_ADMIN_BINDING', 1],
      ],
    );
  });
  test('each row counts the subjects it is about', () => {
    const secrets = page.items.find((g) => g.id === 'SECRETS_READ');
    assert.equal(
      secrets?.about,
      new Set(all.filter((f) => f.id === 'SECRETS_READ').map((f) => JSON.stringify(f.subject))).size,
    );
  });
});

test('the worst finding follows the cluster-admin rule even where Kubernetes’ own comes after the cluster’s', () => {
  const finding = (id: FindingId, builtin: boolean) => ({ id, severity: 'critical', builtin }) as Finding;
  // The order findings are listed in: the cluster's own first within a severity.
  const listed = [finding('PATH_TO_CLUSTER_ADMIN', false), finding('CLUSTER_ADMIN_BINDING', true)];
  assert.equal(tally(listed)?.worst.id, 'CLUSTER_ADMIN_BINDING');
  assert.equal(tally([])?.worst, undefined);
});

test('lists kept between queries never answer another query: each equals a fresh index, asked in any order', () => {
  const queries: FindingGroupQuery[] = [
    { by: 'subject', builtin: false },
    { by: 'subject', builtin: true },
    { by: 'subject', builtin: false, sort: 'name' },
    { by: 'subject', builtin: false, sort: 'name', order: 'desc' },
    { by: 'kind', builtin: false },
    { by: 'subject', builtin: false, severity: 'critical' },
    { by: 'subject', builtin: false, text: 'alice' },
    { by: 'subject', builtin: false, offset: 1, limit: 1 },
  ];
  const kept = engine.findingGroups.bind(engine);
  const fresh = (q: FindingGroupQuery) => groupFindings(engine.findings(), q);
  // Twice round, so the second round is answered from what was kept (more queries than are kept).
  for (const q of [...queries, ...queries.slice().reverse(), ...queries])
    assert.deepEqual(kept(q), fresh(q), JSON.stringify(q));
});
