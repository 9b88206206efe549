// The overview's posture, on a small world whose answers are known: each count checked against the
// findings and lists it summarises.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import { posture, posturePoint } from './posture';

const everything = [
  rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
  rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
];
const secrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
const impersonate = rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] });

const engine = createEngine(
  world({
    namespaces: ['ns-10', 'ns-2', 'quiet'].map((name) => ({ name, labels: {} })),
    serviceAccounts: [
      { namespace: 'ns-2', name: 'bot' },
      { namespace: 'ns-10', name: 'reader' },
    ],
    clusterRoles: [
      clusterRole('all-of-it', everything),
      clusterRole('impersonator', [impersonate]),
      // No binding names it, but 'impersonator' gathers it: bound through aggregation, not unused.
      clusterRole('gathered', [secrets], { 'example.com/aggregate-to-impersonator': 'true' }),
      {
        ...clusterRole('gatherer', []),
        aggregationRule: {
          clusterRoleSelectors: [
            { matchLabels: { 'example.com/aggregate-to-impersonator': 'true' }, matchExpressions: [] },
          ],
        },
      },
    ],
    roles: [role('ns-10', 'secret-reader', [secrets]), role('quiet', 'nobody-uses-me', [secrets])],
    clusterRoleBindings: [
      clusterRoleBinding('root', 'all-of-it', [user('root')]),
      clusterRoleBinding('bot-impersonates', 'impersonator', [sa('bot', 'ns-2')]),
      clusterRoleBinding('gone', 'no-such-role', [user('nobody')]),
      clusterRoleBinding('gathering', 'gatherer', [user('auditor')]),
    ],
    roleBindings: [roleBinding('ns-10', 'read', { kind: 'Role', name: 'secret-reader' }, [sa('reader', 'ns-10')])],
  }),
);
const p = posture(engine);

const CASES: { name: string; check: () => void }[] = [
  {
    name: 'severities are the engine findingCounts, Kubernetes’ own left out',
    check: () => assert.deepEqual(p.findings, engine.findingCounts(false)),
  },
  {
    name: 'the holder first (0 steps), then the subject with a path',
    check: () => {
      assert.deepEqual(
        p.admins.top.map((a) => [a.subject.name, a.distance]),
        [
          ['root', 0],
          ['bot', 1],
        ],
      );
      assert.equal(p.admins.total, 2);
    },
  },
  {
    name: 'dangers counted per subject bound to them',
    check: () => {
      const by = Object.fromEntries(p.dangers.map((d) => [d.id, d.subjects]));
      assert.equal(by['impersonate'], 2, 'bot, and root through all-of-it');
      assert.equal(by['read-secrets'], 2, 'reader, and root through all-of-it');
      assert.equal(by['wildcard'], 1);
      assert.deepEqual(p.dangers.find((d) => d.id === 'read-secrets')?.example, ['get', '', 'secrets', '']);
    },
  },
  { name: 'the dangling binding', check: () => assert.equal(p.danglingBindings, 1) },
  {
    name: 'unused: the role no binding names, not the one a bound ClusterRole gathers',
    check: () => assert.equal(p.unusedRoles, 1, 'nobody-uses-me, not gathered'),
  },
  {
    name: 'risky namespaces most risky first, none without findings',
    check: () => {
      const names = p.riskiest.map((r) => r.namespace.name);
      assert.ok(!names.includes('quiet'));
      assert.equal(names[0], 'ns-2', 'the service account that can become cluster-admin lives there');
    },
  },
  {
    name: 'a point keeps severities and the admin count',
    check: () =>
      assert.deepEqual(posturePoint(engine, new Date(0)), {
        at: '1970-01-01T00:00:00.000Z',
        severities: p.findings.severities,
        admins: 2,
      }),
  },
  { name: 'computed once per engine', check: () => assert.equal(posture(engine), p) },
  {
    name: 'namespaces in natural order, and by risk',
    check: () => {
      assert.deepEqual(
        engine.namespaces({}).items.map((n) => n.name),
        ['ns-2', 'ns-10', 'quiet'],
      );
      assert.deepEqual(
        engine
          .namespaces({ sort: 'risk', order: 'asc' })
          .items.map((n) => n.name)
          .at(0),
        'quiet',
      );
    },
  },
];

for (const c of CASES) test(`posture: ${c.name}`, c.check);
