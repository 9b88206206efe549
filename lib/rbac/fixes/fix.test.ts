import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import type { FindingId } from '../findings/finding-rules';
import type { ClusterModel, PolicyRule } from '../model/types';
import { subjectKey, type SubjectRef } from '../model/refs';
import { clusterRoleBinding, defaultClusterRole, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import { fixOfFinding, fixOfGrant } from './fix';
import { narrowRule } from './narrow';
import type { FixAnswer, FixChoice } from './types';

const pods = (verbs: string[]) => rule({ verbs, apiGroups: [''], resources: ['pods'] });
const saRef = (ns: string, name: string): SubjectRef => ({ kind: 'ServiceAccount', namespace: ns, name });
const alice: SubjectRef = { kind: 'User', name: 'alice' };

/** The fix of the finding `id` about `subject` (or the only one of that id). */
function fixOf(model: ClusterModel, id: FindingId, subject?: SubjectRef, prefer?: FixChoice): FixAnswer {
  const engine = createEngine(model);
  const f = engine
    .findings()
    .find((x) => x.id === id && (!subject || (x.subject && subjectKey(x.subject) === subjectKey(subject))));
  assert.ok(f, `no ${id} finding`);
  return fixOfFinding({ engine, model }, f, prefer);
}

const names = (a: FixAnswer, side: 'apply' | 'delete') =>
  a.fix?.change[side].map((o) => `${o.kind}:${o.value.name}`) ?? [];

describe('narrowing a rule', () => {
  const isCreatePods = (r: PolicyRule) =>
    r.verbs.some((v) => v === 'create' || v === '*') && r.resources.some((x) => x === 'pods' || x === '*');
  const cases: { name: string; rule: PolicyRule; want: Pick<PolicyRule, 'verbs' | 'resources'>[] }[] = [
    { name: 'nothing bad: the rule as it was', rule: pods(['get']), want: [{ verbs: ['get'], resources: ['pods'] }] },
    {
      name: 'the bad verb goes, the others stay',
      rule: pods(['get', 'create']),
      want: [{ verbs: ['get'], resources: ['pods'] }],
    },
    {
      name: 'resources that keep other verbs are split off',
      rule: rule({ verbs: ['get', 'create'], apiGroups: [''], resources: ['pods', 'configmaps'] }),
      want: [
        { verbs: ['get'], resources: ['pods'] },
        { verbs: ['get', 'create'], resources: ['configmaps'] },
      ],
    },
    { name: 'a * verb on the resource goes whole', rule: pods(['*']), want: [] },
  ];
  for (const c of cases)
    test(c.name, () =>
      assert.deepEqual(
        narrowRule(c.rule, isCreatePods).map(({ verbs, resources }) => ({ verbs, resources })),
        c.want,
      ),
    );
});

const podMaker = role('a', 'pod-maker', [pods(['get', 'create'])]);
const FINDING_CASES: {
  name: string;
  model: ClusterModel;
  id: FindingId;
  subject?: SubjectRef;
  prefer?: FixChoice;
  check: (a: FixAnswer) => void;
}[] = [
  {
    name: "the cluster's own role, bound once: narrowed, the binding change the alternative",
    model: world({
      roles: [podMaker],
      roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'pod-maker' }, [sa('x', 'a')])],
    }),
    id: 'POD_CREATE',
    check: (a) => {
      assert.equal(a.fix?.choice, 'role');
      const applied = a.fix?.change.apply[0];
      assert.deepEqual(applied?.kind === 'Role' && applied.value.rules.map((r) => r.verbs), [['get']]);
      assert.equal(a.alternative?.choice, 'binding');
      assert.deepEqual(names({ ...(a.alternative && { fix: a.alternative }) }, 'delete'), ['RoleBinding:rb']);
    },
  },
  {
    name: 'preferring the binding: the subject leaves it, the role is the alternative',
    model: world({
      roles: [podMaker],
      roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'pod-maker' }, [sa('x', 'a'), sa('y', 'a')])],
    }),
    id: 'POD_CREATE',
    subject: saRef('a', 'x'),
    prefer: 'binding',
    check: (a) => {
      assert.equal(a.fix?.choice, 'binding');
      const b = a.fix?.change.apply[0];
      assert.deepEqual(b?.kind === 'RoleBinding' && b.value.subjects.map((s) => s.name), ['y']);
      assert.equal(a.alternative?.choice, 'role');
    },
  },
  {
    name: 'a role bound to others too: narrowing says it changes them',
    model: world({
      roles: [podMaker],
      roleBindings: [
        roleBinding('a', 'rb', { kind: 'Role', name: 'pod-maker' }, [sa('x', 'a')]),
        roleBinding('a', 'other', { kind: 'Role', name: 'pod-maker' }, [sa('z', 'a')]),
      ],
    }),
    id: 'POD_CREATE',
    subject: saRef('a', 'x'),
    check: (a) => assert.match(a.fix?.notes.join(' ') ?? '', /bound to 1 other subject too \(a\/z/),
  },
  {
    name: "Kubernetes' own role is never edited: the only subject's binding is deleted",
    model: world({
      clusterRoles: [defaultClusterRole('cluster-admin')],
      clusterRoleBindings: [clusterRoleBinding('ops', 'cluster-admin', [user('alice')])],
    }),
    id: 'CLUSTER_ADMIN_BINDING',
    check: (a) => {
      assert.equal(a.fix?.choice, 'binding');
      assert.deepEqual(names(a, 'apply'), []);
      assert.deepEqual(names(a, 'delete'), ['ClusterRoleBinding:ops']);
      assert.match(a.fix?.notes.join(' ') ?? '', /Kubernetes' own role/);
      assert.equal(a.alternative, undefined);
    },
  },
  {
    name: "Kubernetes' own role with two subjects: the one leaves the binding",
    model: world({
      clusterRoles: [defaultClusterRole('cluster-admin')],
      clusterRoleBindings: [clusterRoleBinding('ops', 'cluster-admin', [user('alice'), user('bob')])],
    }),
    id: 'CLUSTER_ADMIN_BINDING',
    subject: alice,
    check: (a) => {
      const b = a.fix?.change.apply[0];
      assert.deepEqual(b?.kind === 'ClusterRoleBinding' && b.value.subjects.map((s) => s.name), ['bob']);
    },
  },
  {
    name: 'a dangling binding is deleted',
    model: world({ roleBindings: [roleBinding('a', 'gone', { kind: 'Role', name: 'nope' }, [sa('x', 'a')])] }),
    id: 'DANGLING_BINDING',
    check: (a) => assert.deepEqual(names(a, 'delete'), ['RoleBinding:gone']),
  },
  {
    name: 'a wildcard role keeps its other rules',
    model: world({
      roles: [role('a', 'wild', [rule({ verbs: ['*'], apiGroups: [''], resources: ['*'] }), pods(['get'])])],
      roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'wild' }, [sa('x', 'a')])],
    }),
    id: 'WILDCARD',
    check: (a) => {
      const r = a.fix?.change.apply[0];
      assert.deepEqual(r?.kind === 'Role' && r.value.rules.map((x) => x.verbs), [['get']]);
    },
  },
  {
    name: 'pods that need no token: their service account stops mounting one',
    model: world({
      serviceAccounts: [{ namespace: 'a', name: 'idle' }],
      pods: [{ namespace: 'a', name: 'p', serviceAccountName: 'idle', automountServiceAccountToken: true }],
    }),
    id: 'UNNEEDED_TOKEN',
    check: (a) => {
      const s = a.fix?.change.apply[0];
      assert.equal(s?.kind === 'ServiceAccount' && s.value.automountServiceAccountToken, false);
      assert.match(a.fix?.notes.join(' ') ?? '', /re-created/);
    },
  },
  {
    name: 'pods that project their own token: the fix says automount does not change that',
    model: world({
      serviceAccounts: [{ namespace: 'a', name: 'idle' }],
      pods: [
        {
          namespace: 'a',
          name: 'p',
          serviceAccountName: 'idle',
          automountServiceAccountToken: false,
          projectedTokens: [{ expirationSeconds: 3600 }],
        },
      ],
    }),
    id: 'UNNEEDED_TOKEN',
    check: (a) => assert.match(a.fix?.notes.join(' ') ?? '', /serviceAccountToken volume of their own/),
  },
  {
    name: 'a binding of the default service account: the binding, whatever the role',
    model: world({
      roles: [role('a', 'reader', [pods(['get'])])],
      roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'reader' }, [sa('default', 'a')])],
    }),
    id: 'DEFAULT_SA_GRANTS',
    check: (a) => assert.deepEqual([a.fix?.choice, ...names(a, 'delete')], ['binding', 'RoleBinding:rb']),
  },
];

describe('the fix of each kind of finding', () => {
  for (const c of FINDING_CASES) test(c.name, () => c.check(fixOf(c.model, c.id, c.subject, c.prefer)));
});

describe('the fix of a dangerous grant', () => {
  test("a rule of Kubernetes' own role held through a binding: the subject leaves it", () => {
    const model = world({
      clusterRoles: [defaultClusterRole('cluster-admin')],
      clusterRoleBindings: [clusterRoleBinding('ops', 'cluster-admin', [user('alice'), user('bob')])],
    });
    const engine = createEngine(model);
    const a = fixOfGrant(
      { engine, model },
      {
        role: { kind: 'ClusterRole', name: 'cluster-admin' },
        ruleIndex: 0,
        binding: { kind: 'ClusterRoleBinding', name: 'ops' },
        subject: alice,
      },
    );
    assert.equal(a.fix?.choice, 'binding');
    assert.equal(a.fix?.change.apply.length, 1);
  });
  test('a rule of a role of its own, from the role page: narrowed, and whom that changes', () => {
    const model = world({
      roles: [role('a', 'pod-maker', [pods(['get', 'create'])])],
      roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'pod-maker' }, [sa('x', 'a')])],
    });
    const a = fixOfGrant(
      { engine: createEngine(model), model },
      { role: { kind: 'Role', namespace: 'a', name: 'pod-maker' }, ruleIndex: 0 },
    );
    assert.equal(a.fix?.choice, 'role');
    assert.match(a.fix?.notes[0] ?? '', /is bound to 1 subject \(a\/x/);
    assert.doesNotMatch(a.fix?.notes[0] ?? '', /alternative/);
    assert.equal(a.alternative, undefined);
  });
  test("a rule of Kubernetes' own role with no binding named: no change, and why", () => {
    const model = world({ clusterRoles: [defaultClusterRole('cluster-admin')] });
    const a = fixOfGrant(
      { engine: createEngine(model), model },
      { role: { kind: 'ClusterRole', name: 'cluster-admin' }, ruleIndex: 0 },
    );
    assert.equal(a.fix, undefined);
    assert.match(a.none ?? '', /Kubernetes' own role/);
  });
});
