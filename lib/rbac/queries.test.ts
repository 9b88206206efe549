// The engine's lookups and summaries, each checked against the brute-force answer on a small world.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from './engine';
import { groupSameGrants } from './indexes/subject-permissions';
import { identityOfSubject } from './indexes/permissions';
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
} from './test-fixtures';
import type { Pod } from './model/types';
import { subjectKey } from './model/refs';

const podReader = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
const pod = (namespace: string, name: string, serviceAccountName: string): Pod => ({
  namespace,
  name,
  serviceAccountName,
  automountServiceAccountToken: true,
});

const model = world({
  namespaces: [
    { name: 'b', labels: {} },
    { name: 'a', labels: {} },
    { name: 'empty', labels: {} },
  ],
  serviceAccounts: [
    { namespace: 'a', name: 'app' },
    { namespace: 'a', name: 'worker' },
    { namespace: 'b', name: 'other' },
  ],
  pods: [pod('a', 'p1', 'app'), pod('a', 'p2', 'app'), pod('b', 'p3', 'ghost')],
  roles: [role('a', 'r', [podReader]), role('b', 'r', [podReader])],
  clusterRoles: [
    clusterRole('cr', [podReader], { agg: 'yes' }),
    clusterRole('urls', [rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] })]),
    clusterRole('nodes', [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'] })]),
    {
      ...clusterRole('aggregator', []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' }, matchExpressions: [] }] },
    },
  ],
  roleBindings: [
    roleBinding('a', 'rb', { kind: 'Role', name: 'r' }, [sa('app'), user('alice')]),
    roleBinding('a', 'cr-in-a', { kind: 'ClusterRole', name: 'cr' }, [
      group('system:serviceaccounts:a'),
      sa('other', 'b'),
    ]),
    roleBinding('b', 'rb', { kind: 'Role', name: 'r' }, [user('alice')]),
    roleBinding('b', 'dangling', { kind: 'Role', name: 'gone' }, [user('alice')]),
  ],
  clusterRoleBindings: [
    clusterRoleBinding('everyone', 'urls', [group('system:authenticated')]),
    clusterRoleBinding('a-app', 'cr', [sa('app', 'a')]),
    clusterRoleBinding('alice-cr', 'cr', [user('alice')]),
    clusterRoleBinding('bob-nodes', 'nodes', [user('bob')]),
  ],
});
const engine = createEngine(model);

describe('namespaces', () => {
  test('every namespace the model names, counted once, sorted by name', () => {
    const page = engine.namespaces({});
    assert.deepEqual(
      page.items.map((n) => [n.name, n.serviceAccounts, n.pods, n.roleBindings, n.subjects]),
      [
        ['a', 2, 2, 2, 4],
        ['b', 1, 1, 2, 1],
        ['empty', 0, 0, 0, 0],
      ],
    );
    assert.equal(page.total, 3);
    assert.equal(page.next, undefined);
  });
  test('sorted by a count, descending, filtered and paged', () => {
    assert.deepEqual(
      engine.namespaces({ sort: 'pods', order: 'desc' }).items.map((n) => n.name),
      ['a', 'b', 'empty'],
    );
    assert.deepEqual(
      engine.namespaces({ sort: 'pods', order: 'asc' }).items.map((n) => n.name),
      ['empty', 'b', 'a'],
    );
    const first = engine.namespaces({ limit: 2 });
    assert.deepEqual([first.items.map((n) => n.name), first.next, first.total], [['a', 'b'], 2, 3]);
    const second = engine.namespaces({ offset: 2, limit: 2 });
    assert.deepEqual([second.items.map((n) => n.name), second.next], [['empty'], undefined]);
    const filtered = engine.namespaces({ filter: 'EMP' });
    assert.deepEqual([filtered.items.map((n) => n.name), filtered.total], [['empty'], 1]);
  });
  test('a namespace by name, and none for an unknown one', () => {
    assert.equal(engine.namespace('b')?.pods, 1);
    assert.equal(engine.namespace('nope'), undefined);
  });
});

describe('subjectPermissions', () => {
  test('equals rulesFor, namespace by namespace, for every known subject', () => {
    const { serviceAccounts, users, groups } = engine.known;
    for (const ref of [...serviceAccounts, ...users, ...groups]) {
      const identity = identityOfSubject(ref);
      const all = engine.subjectPermissions(ref);
      assert.deepEqual(all.clusterWide, engine.rulesFor(identity, '').grants, subjectKey(ref));
      for (const ns of ['a', 'b', 'empty']) {
        const expected = engine.rulesFor(identity, ns).grants.filter((g) => g.binding.kind === 'RoleBinding');
        assert.deepEqual(
          all.namespaces.find((n) => n.namespace === ns)?.grants ?? [],
          expected,
          `${subjectKey(ref)} in ${ns}`,
        );
      }
    }
  });
  test('a group reaches its members; dangling bindings are named', () => {
    const app = engine.subjectPermissions({ kind: 'ServiceAccount', namespace: 'a', name: 'app' });
    assert.deepEqual(
      app.namespaces.map((n) => [n.namespace, n.grants.map((g) => g.binding.name)]),
      [['a', ['rb', 'cr-in-a']]],
    );
    assert.deepEqual(
      app.clusterWide.map((g) => g.binding.name),
      ['everyone', 'a-app'],
    );
    const alice = engine.subjectPermissions({ kind: 'User', name: 'alice' });
    assert.deepEqual(
      alice.dangling.map((d) => d.binding.name),
      ['dangling'],
    );
  });
});

describe('lookups', () => {
  test('pods by namespace and by service account', () => {
    assert.deepEqual(
      engine.podsOf('a', 'app').map((p) => p.name),
      ['p1', 'p2'],
    );
    assert.deepEqual(
      engine.podsIn('b').map((p) => p.name),
      ['p3'],
    );
    assert.deepEqual(engine.podsOf('a', 'worker'), []);
  });
  test('where a role is bound, and bindings and roles by name', () => {
    assert.deepEqual(
      engine.bindingsOf({ kind: 'ClusterRole', name: 'cr' }).map((b) => b.binding.name),
      ['a-app', 'alice-cr', 'cr-in-a'],
    );
    assert.deepEqual(
      engine.bindingsOf({ kind: 'Role', namespace: 'b', name: 'r' }).map((b) => `${b.namespace}/${b.binding.name}`),
      ['b/rb'],
    );
    assert.equal(
      engine.binding({ kind: 'RoleBinding', namespace: 'b', name: 'dangling' })?.dangling?.reason,
      'role "b/gone" not found',
    );
    assert.equal(engine.binding({ kind: 'RoleBinding', namespace: 'a', name: 'dangling' }), undefined);
    assert.equal(engine.role({ kind: 'Role', namespace: 'a', name: 'r' })?.rules.length, 1);
    assert.equal(engine.role({ kind: 'ClusterRole', name: 'r' }), undefined);
  });
  test('aggregation both ways', () => {
    assert.deepEqual(
      engine.aggregatedInto('aggregator').map((r) => r.name),
      ['cr'],
    );
    assert.deepEqual(
      engine.aggregatedBy('cr').map((r) => r.name),
      ['aggregator'],
    );
    assert.deepEqual(engine.aggregatedBy('urls'), []);
  });
  test('known subjects: existing, running pods, or bound; not others', () => {
    assert.equal(engine.isKnown({ kind: 'ServiceAccount', namespace: 'b', name: 'ghost' }), true);
    assert.equal(engine.isKnown({ kind: 'User', name: 'alice' }), true);
    assert.equal(engine.isKnown({ kind: 'User', name: 'carol' }), false);
    assert.equal(engine.isKnown({ kind: 'Group', name: 'system:authenticated' }), true);
  });
  test('group members: service accounts of a namespace, or all of them', () => {
    assert.deepEqual(engine.groupMembers('system:serviceaccounts:a').map(subjectKey), [
      'ServiceAccount:a/app',
      'ServiceAccount:a/worker',
    ]);
    assert.deepEqual(engine.groupMembers('system:authenticated').map(subjectKey), [
      'ServiceAccount:a/app',
      'ServiceAccount:a/worker',
      'ServiceAccount:b/ghost',
      'ServiceAccount:b/other',
      'User:alice',
      'User:bob',
    ]);
    assert.deepEqual(engine.groupMembers('developers'), []);
  });
  test('search stops at its limit and finds every kind', () => {
    assert.equal(engine.search('a', 3).length, 3);
    const kinds = engine.search('r', 100).map((h) => h.kind);
    for (const k of ['Subject', 'Role', 'Binding']) assert.ok(kinds.includes(k as never), k);
    assert.deepEqual(engine.search('  ', 10), []);
  });
});

describe('who-can answers that reach everyone', () => {
  test('members reached through a group share its grants list and come in subject order', () => {
    const answer = engine.whoCan(url('get', '/healthz'));
    const sas = answer.filter((s) => s.kind === 'ServiceAccount');
    assert.equal(sas.length, 4);
    assert.ok(
      sas.every((s) => s.grants === sas[0]!.grants),
      'one shared list',
    );
    assert.deepEqual(answer.map(subjectKey), [
      ...sas.map(subjectKey),
      'User:alice',
      'User:bob',
      'Group:system:authenticated',
      'Group:system:masters',
    ]);
  });
  test('the summary counts kinds and how groups reach them', () => {
    const summary = engine.summarizeWhoCan(engine.whoCan(url('get', '/healthz')));
    assert.deepEqual(summary.byKind, { ServiceAccount: 4, User: 2, Group: 2 });
    assert.deepEqual(summary.throughGroups, [{ group: 'system:authenticated', serviceAccounts: 4, users: 2 }]);
    assert.deepEqual(summary.namespaces, [
      { namespace: 'a', serviceAccounts: 2 },
      { namespace: 'b', serviceAccounts: 2 },
    ]);
  });
});

describe('clusterBindingsFor', () => {
  test("those naming the namespace's identities, apart from those granting there to others", () => {
    const a = engine.clusterBindingsFor('a');
    assert.deepEqual(
      a.naming.map((b) => b.binding.name),
      ['everyone', 'a-app'],
    );
    // urls grants no resource, nodes only a cluster-scoped one: neither grants anything in a namespace.
    assert.deepEqual(
      a.elsewhere.map((b) => b.binding.name),
      ['alice-cr'],
    );
    assert.deepEqual(
      engine.clusterBindingsFor('b').naming.map((b) => b.binding.name),
      ['everyone'],
    );
  });
});

test('can-i still answers from the same bindings', () => {
  assert.equal(
    engine.canI(identityOfSubject({ kind: 'User', name: 'alice' }), res('list', 'pods', { namespace: 'b' })).allowed,
    true,
  );
});

test('namespaces with the same grants through same-named bindings are one section', () => {
  const alice = engine.subjectPermissions({ kind: 'User', name: 'alice' });
  // rb in a and in b bind a Role named r with the same rule.
  const sections = alice.namespaces.map((n) => n.namespace);
  assert.deepEqual(sections, ['a', 'b']);
  const grouped = engine.subjectPermissions({ kind: 'User', name: 'alice' }).namespaces;
  assert.deepEqual(
    groupSameGrants(grouped).map((s) => s.namespaces),
    [['a', 'b']],
  );
  const app = engine.subjectPermissions({ kind: 'ServiceAccount', namespace: 'a', name: 'app' }).namespaces;
  assert.deepEqual(
    groupSameGrants([...app, { namespace: 'z', grants: app[0]!.grants.slice(0, 1) }]).map((s) => s.namespaces),
    [['a'], ['z']],
  );
});
