// The change review's engine: what each subject gains and loses between two states, with the grants
// behind it, and the paths to cluster-admin that open and close. Small worlds, one change each.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  affectedSubjects,
  changedObjects,
  diff,
  groupedDiff,
  subjectDiff,
  type DiffPermission,
  type GroupedDiff,
  type RbacDiff,
} from './diff';
import { createEngine, type Engine } from '../engine';
import { clusterRole, clusterRoleBinding, group, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import type { ClusterModel } from '../model/types';
import { subjectKey } from '../model/refs';

const pods = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
const secrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });
const base: Partial<ClusterModel> = {
  namespaces: [{ name: 'a', labels: {} }],
  roles: [role('a', 'reader', [pods])],
  clusterRoles: [clusterRole('secrets', [secrets])],
};

/** Each subject's moves, its own binding subjects left out (a User or ServiceAccount subject that applies is the subject itself). */
const bySubject = (d: RbacDiff) =>
  new Map(
    d.subjects.map((s) => {
      const strip = (p: DiffPermission) => ({
        ...p,
        grants: p.grants.map(({ subject, ...g }) => (subject.kind === 'Group' ? { ...g, subject } : g)),
      });
      return [subjectKey(s.subject), { gained: s.gained.map(strip), lost: s.lost.map(strip) }];
    }),
  );

/** The grouped form read back subject by subject. */
const expanded = (g: GroupedDiff) =>
  new Map(
    g.groups.flatMap((group) => group.subjects.map((s) => [subjectKey(s), { gained: group.gained, lost: group.lost }])),
  );

/**
 * Every review also proves the shortcut: diff's answer equals the diff of each affected subject on
 * its own (computed from its own grants), and the grouped form says the same of every member.
 */
function review(before: Partial<ClusterModel>, after: Partial<ClusterModel>, paths = false): RbacDiff {
  const [was, now] = [createEngine(world(before)), createEngine(world(after))];
  const d = diff(was, now, { paths });
  const one = affectedSubjects(was, now, d.objects).flatMap((s) => subjectDiff(was, now, s) ?? []);
  assert.deepEqual(
    new Map(d.subjects.map((s) => [subjectKey(s.subject), s])),
    new Map(one.map((s) => [subjectKey(s.subject), s])),
  );
  const grouped = groupedDiff(was, now);
  assert.deepEqual(grouped.objects, d.objects);
  assert.deepEqual(expanded(grouped), bySubject(d));
  return d;
}

/** A permission without its grants, for comparing. */
const plain = (p: DiffPermission): Omit<DiffPermission, 'grants'> => {
  const { grants, ...rest } = p;
  assert.ok(grants.length > 0, 'every permission names its grants');
  return rest;
};
const summary = (d: RbacDiff) =>
  d.subjects.map((s) => ({ subject: s.subject, gained: s.gained.map(plain), lost: s.lost.map(plain) }));

describe('diff', () => {
  const rb = roleBinding('a', 'rb', { kind: 'Role', name: 'reader' }, [user('ann')]);

  test('a binding added: its subject gains what the role grants, where, through that binding', () => {
    const d = review(base, { ...base, roleBindings: [rb] });
    assert.deepEqual(d.objects, [{ kind: 'RoleBinding', namespace: 'a', name: 'rb', action: 'created' }]);
    assert.deepEqual(summary(d), [
      {
        subject: { kind: 'User', name: 'ann' },
        gained: [
          { namespace: 'a', verbs: ['get', 'list'], target: 'pods', apiGroup: '', resource: 'pods', dangers: [] },
        ],
        lost: [],
      },
    ]);
    const [grant] = d.subjects[0]!.gained[0]!.grants;
    assert.deepEqual(
      [grant!.binding, grant!.role, grant!.ruleIndex],
      [{ kind: 'RoleBinding', name: 'rb', namespace: 'a' }, { kind: 'Role', name: 'reader', namespace: 'a' }, 0],
    );
  });

  test('a binding removed: the same permissions lost, with the grant of the state before', () => {
    const d = review({ ...base, roleBindings: [rb] }, base);
    assert.deepEqual(d.objects, [{ kind: 'RoleBinding', namespace: 'a', name: 'rb', action: 'deleted' }]);
    assert.deepEqual(d.subjects[0]!.gained, []);
    assert.deepEqual(
      d.subjects[0]!.lost.map((p) => [p.target, p.verbs, p.grants[0]!.binding.name]),
      [['pods', ['get', 'list'], 'rb']],
    );
  });

  test("a role's rules changed: holders lose what is gone, and keep what another binding still grants", () => {
    const bindings = [
      roleBinding('a', 'rb', { kind: 'Role', name: 'reader' }, [user('ann'), sa('bot', 'a')]),
      roleBinding('a', 'also', { kind: 'ClusterRole', name: 'list-pods' }, [user('ann')]),
    ];
    const listPods = clusterRole('list-pods', [rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] })]);
    const before = { ...base, clusterRoles: [...base.clusterRoles!, listPods], roleBindings: bindings };
    const narrowed = role('a', 'reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods', 'secrets'] })]);
    const d = review(before, { ...before, roles: [narrowed] });
    assert.deepEqual(d.objects, [{ kind: 'Role', namespace: 'a', name: 'reader', action: 'changed' }]);
    assert.deepEqual(
      d.subjects.map((s) => [
        s.subject.name,
        s.gained.map((p) => `${p.verbs} ${p.target}`),
        s.lost.map((p) => `${p.verbs} ${p.target}`),
      ]),
      [
        ['bot', ['get secrets'], ['list pods']],
        ['ann', ['get secrets'], []],
      ],
      'secrets are dangerous, so both come first by danger; ann still lists pods through the other binding',
    );
    assert.deepEqual(d.subjects[0]!.gained[0]!.dangers, ['read-secrets']);
  });

  test('a wildcard narrowed: `*` is lost, and `get` is no gain (it was allowed before)', () => {
    const wide = role('a', 'reader', [rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] })]);
    const narrow = role('a', 'reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })]);
    const d = review({ roles: [wide], roleBindings: [rb] }, { roles: [narrow], roleBindings: [rb] });
    assert.deepEqual(
      d.subjects.map((s) => [s.gained.length, s.lost.map((p) => [p.verbs, p.target, p.dangers])]),
      [[0, [[['*'], 'pods', ['wildcard', 'create-pods', 'patch-pods']]]]],
    );
  });

  test('a subject moved between groups: one group loses what the other gains; the members follow', () => {
    const crb = (g: string) => clusterRoleBinding('readers', 'secrets', [group(g)]);
    const d = review({ ...base, clusterRoleBindings: [crb('dev')] }, { ...base, clusterRoleBindings: [crb('ops')] });
    assert.deepEqual(
      d.subjects.map((s) => [s.subject.name, s.gained.map((p) => p.target), s.lost.map((p) => p.target)]),
      [
        ['ops', ['secrets'], []],
        ['dev', [], ['secrets']],
      ],
    );
    assert.equal(d.subjects[0]!.gained[0]!.namespace, undefined, 'cluster-wide');
  });

  test("an aggregated ClusterRole's label changed: the aggregating role's holders gain the part's rules", () => {
    // The authorizer reads only the bound role's rules; the controller copies the labelled part's in
    // (what a snapshot after the change shows, and what lib/k8s/kinds/what-if computes for manifests).
    const selector = {
      clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-view': 'true' }, matchExpressions: [] }],
    };
    const deployments = rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] });
    const crb = clusterRoleBinding('viewers', 'view', [group('viewers')]);
    const d = review(
      {
        clusterRoles: [{ ...clusterRole('view', []), aggregationRule: selector }, clusterRole('extra', [deployments])],
        clusterRoleBindings: [crb],
      },
      {
        clusterRoles: [
          { ...clusterRole('view', [deployments]), aggregationRule: selector },
          clusterRole('extra', [deployments], { 'example.com/aggregate-to-view': 'true' }),
        ],
        clusterRoleBindings: [crb],
      },
    );
    assert.deepEqual(
      d.objects.map((o) => `${o.action} ${o.name}`),
      ['changed extra', 'changed view'],
    );
    assert.deepEqual(summary(d), [
      {
        subject: { kind: 'Group', name: 'viewers' },
        gained: [
          { verbs: ['get'], target: 'deployments.apps', apiGroup: 'apps', resource: 'deployments', dangers: [] },
        ],
        lost: [],
      },
    ]);
  });

  test('names and URLs: names with the same verbs together; a RoleBinding grants no URL', () => {
    const named = clusterRole('named', [
      rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['b', 'a'] }),
      rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }),
    ]);
    const bindings = { roleBindings: [roleBinding('a', 'rb', { kind: 'ClusterRole', name: 'named' }, [user('ann')])] };
    const d = review({ clusterRoles: [named] }, { clusterRoles: [named], ...bindings });
    assert.deepEqual(summary(d)[0]!.gained, [
      {
        namespace: 'a',
        verbs: ['get'],
        target: 'configmaps named a, b',
        apiGroup: '',
        resource: 'configmaps',
        resourceNames: ['a', 'b'],
        dangers: [],
      },
    ]);
    const crb = { clusterRoleBindings: [clusterRoleBinding('crb', 'named', [user('ann')])] };
    const wide = review({ clusterRoles: [named] }, { clusterRoles: [named], ...crb });
    assert.deepEqual(
      wide.subjects[0]!.gained.map((p) => p.nonResourceURL ?? p.target),
      ['/metrics', 'configmaps named a, b'],
    );
  });

  test('a grant made both cluster-wide and in a namespace is listed once, cluster-wide', () => {
    const both = {
      ...base,
      roleBindings: [roleBinding('a', 'rb', { kind: 'ClusterRole', name: 'secrets' }, [user('ann')])],
      clusterRoleBindings: [clusterRoleBinding('crb', 'secrets', [user('ann')])],
    };
    const d = review(base, both);
    assert.deepEqual(
      d.subjects[0]!.gained.map((p) => [p.namespace ?? '(cluster)', p.target]),
      [['(cluster)', 'secrets']],
    );
    assert.deepEqual(
      review(both, base).subjects[0]!.lost.map((p) => [p.namespace ?? '(cluster)', p.target]),
      [['(cluster)', 'secrets']],
    );
  });

  test('a change that moves no permission lists the object and no subject', () => {
    const d = review({ ...base, roleBindings: [rb] }, { ...base, roleBindings: [rb, { ...rb, name: 'twin' }] });
    assert.deepEqual(
      d.objects.map((o) => o.name),
      ['twin'],
    );
    assert.deepEqual(d.subjects, [], 'ann already had it');
    const relabelled = review(
      { ...base, roleBindings: [rb] },
      { ...base, roleBindings: [{ ...rb, labels: { x: 'y' } }] },
    );
    assert.deepEqual(relabelled.objects, [], "a binding's labels grant nothing");
  });

  test('paths to cluster-admin: opened by an impersonation grant, closed when it goes; first in the list', () => {
    const admin = clusterRole('cluster-admin', [
      rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
      rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
    ]);
    const impersonate = clusterRole('impersonate', [
      rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }),
    ]);
    const roots = clusterRoleBinding('roots', 'cluster-admin', [user('root')]);
    const before = { ...base, clusterRoles: [admin, impersonate, ...base.clusterRoles!], clusterRoleBindings: [roots] };
    const after = {
      ...before,
      roleBindings: [rb],
      clusterRoleBindings: [roots, clusterRoleBinding('eve-imp', 'impersonate', [user('eve')])],
    };
    const opened = review(before, after, true);
    assert.deepEqual(
      opened.paths?.opened.map((p) => [p.from, p.steps.map((s) => s.technique)]),
      [[{ kind: 'User', name: 'eve' }, ['IMPERSONATE']]],
    );
    assert.deepEqual(opened.paths?.closed, []);
    assert.deepEqual(
      opened.subjects.map((s) => s.subject.name),
      ['eve', 'ann'],
      'the subject with a new path first, though ann gains more',
    );
    const closed = review(after, before, true);
    assert.deepEqual(
      closed.paths?.closed.map((p) => p.from),
      [{ kind: 'User', name: 'eve' }],
    );
    const direct = review(
      before,
      { ...before, clusterRoleBindings: [clusterRoleBinding('roots', 'cluster-admin', [user('root'), user('bob')])] },
      true,
    );
    assert.deepEqual(
      direct.paths?.opened.map((p) => [p.from.name, p.steps.length, p.holds?.length]),
      [['bob', 0, 2]],
      'holding cluster-admin itself is a path of no steps',
    );
  });

  test('changedObjects compares roles by rules and labels, bindings by role and subjects', () => {
    const e = (m: Partial<ClusterModel>) => createEngine(world(m));
    const relabelled = { ...base, clusterRoles: [clusterRole('secrets', [secrets], { x: 'y' })] };
    assert.deepEqual(changedObjects(e(base), e(relabelled)), [
      { kind: 'ClusterRole', name: 'secrets', action: 'changed' },
    ]);
    const moved = { ...rb, subjects: [user('bob')] };
    assert.deepEqual(changedObjects(e({ roleBindings: [rb] }), e({ roleBindings: [moved] })), [
      { kind: 'RoleBinding', namespace: 'a', name: 'rb', action: 'changed' },
    ]);
    const apiGroupOnly = { ...rb, subjects: [{ kind: 'User', name: 'ann' }] };
    assert.deepEqual(changedObjects(e({ roleBindings: [rb] }), e({ roleBindings: [apiGroupOnly] })), []);
  });
});

/** The engine, counting how often a subject's grants are gathered (the work a diff does per subject). */
function counted(engine: Engine): { engine: Engine; calls: () => number } {
  let n = 0;
  const proxy = new Proxy(engine, {
    get(target, key, receiver) {
      if (key !== 'subjectPermissions') return Reflect.get(target, key, receiver);
      return (ref: Parameters<Engine['subjectPermissions']>[0]) => (n++, target.subjectPermissions(ref));
    },
  });
  return { engine: proxy, calls: () => n };
}

describe('subjects that moved alike, diffed once', () => {
  const pods = rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] });
  const viewer = clusterRole('viewer', [pods]);

  test('a 20,000-rule ClusterRole bound to 5,000 users: one group, its permissions gathered once per state', () => {
    const rules = Array.from({ length: 20_000 }, (_, i) =>
      rule({ verbs: ['get', 'list'], apiGroups: ['example.com'], resources: [`r${i}`] }),
    );
    const users = Array.from({ length: 5_000 }, (_, i) => user(`u${i}`));
    const before = counted(createEngine(world({ namespaces: [{ name: 'a', labels: {} }] })));
    const after = counted(
      createEngine(
        world({
          namespaces: [{ name: 'a', labels: {} }],
          clusterRoles: [clusterRole('big', rules)],
          roleBindings: [roleBinding('a', 'rb', { kind: 'ClusterRole', name: 'big' }, users)],
        }),
      ),
    );
    const d = groupedDiff(before.engine, after.engine);
    assert.deepEqual(
      d.groups.map((g) => [g.subjects.length, g.gained.length, g.lost.length]),
      [[5_000, 20_000, 0]],
    );
    assert.deepEqual([before.calls(), after.calls()], [1, 1], 'once per state, not once per user');
    assert.equal(d.groups[0]!.gained[0]!.grants[0]!.subject, undefined, 'each user is named by the binding itself');
  });

  test('members through the binding itself, through a group, or both apart: one group per way', () => {
    const binding = roleBinding('a', 'rb', { kind: 'ClusterRole', name: 'viewer' }, [
      user('ann'),
      user('bob'),
      sa('bot', 'a'),
      user('system:serviceaccount:a:other'),
      group('devs'),
      group('system:serviceaccounts:a'),
    ]);
    const base = { namespaces: [{ name: 'a', labels: {} }], clusterRoles: [viewer] };
    const d = review(base, { ...base, roleBindings: [binding] });
    assert.equal(d.subjects.length, 6);
    const grouped = groupedDiff(createEngine(world(base)), createEngine(world({ ...base, roleBindings: [binding] })));
    assert.deepEqual(
      grouped.groups.map((g) => g.subjects.map(subjectKey)),
      [
        ['ServiceAccount:a/bot', 'ServiceAccount:a/other', 'User:ann', 'User:bob'],
        ['Group:devs'],
        ['Group:system:serviceaccounts:a'],
      ],
      "the service accounts' own subjects come first in the binding, so they are bound as themselves",
    );
  });

  test("a member's grants name its own binding subject in diff's answer", () => {
    const binding = roleBinding('a', 'rb', { kind: 'ClusterRole', name: 'viewer' }, [user('ann'), user('bob')]);
    const base = { namespaces: [{ name: 'a', labels: {} }], clusterRoles: [viewer] };
    const d = review(base, { ...base, roleBindings: [binding] });
    assert.deepEqual(
      d.subjects.map((s) => [s.subject.name, s.gained[0]!.grants[0]!.subject.name]),
      [
        ['ann', 'ann'],
        ['bob', 'bob'],
      ],
    );
  });
});
