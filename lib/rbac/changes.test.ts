// Completeness (what an answer computed without some kinds may lack) and permission changes (who
// gained and lost what when a binding or role changed), each against what the engine answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeness, requestNamespace } from './completeness';
import { createEngine } from './engine';
import { permissionChanges } from './permission-changes';
import { clusterRole, clusterRoleBinding, group, res, role, roleBinding, rule, sa, user, world } from './test-fixtures';
import type { MissingKind } from './types';

describe('completeness', () => {
  const forbidden = (kind: MissingKind['kind']): MissingKind => ({ kind, reason: `forbidden ${kind}` });

  test('each question depends on its kinds only', () => {
    const pods = [forbidden('Pod')];
    assert.equal(completeness(pods, 'can-i', 'a').complete, true);
    assert.equal(completeness(pods, 'who-can', 'a').complete, true);
    assert.equal(completeness(pods, 'view', 'a').complete, false);
    assert.equal(completeness(pods, 'pods', 'a').complete, false);
    assert.equal(completeness([forbidden('Role')], 'pods', 'a').complete, true);
    const sas = [forbidden('ServiceAccount')];
    assert.equal(completeness(sas, 'can-i', 'a').complete, true);
    assert.equal(completeness(sas, 'who-can', 'a').complete, false, "a group's service accounts are listed");
    for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const)
      for (const question of ['can-i', 'who-can', 'permissions', 'view'] as const)
        assert.deepEqual(completeness([forbidden(kind)], question, 'a'), {
          complete: false,
          missing: [{ kind, reason: `forbidden ${kind}` }],
        });
  });

  test('kinds read in some namespaces: complete inside them, and for cluster-scoped requests', () => {
    const scoped: MissingKind[] = [
      { kind: 'RoleBinding', reason: 'read only in a', readIn: ['a'] },
      { kind: 'Role', reason: 'read only in a', readIn: ['a'] },
    ];
    assert.equal(completeness(scoped, 'who-can', 'a').complete, true);
    assert.equal(completeness(scoped, 'can-i', undefined).complete, true, 'RoleBindings never grant cluster scope');
    assert.equal(completeness(scoped, 'who-can', 'b').complete, false);
    assert.equal(completeness(scoped, 'permissions', undefined).complete, false, 'a subject spans every namespace');
    assert.equal(completeness(scoped, 'view', 'a').complete, true);
    assert.equal(completeness(scoped, 'view', undefined).complete, false);
    const scopedPods: MissingKind[] = [{ kind: 'Pod', reason: 'read only in a', readIn: ['a'] }];
    assert.equal(completeness(scopedPods, 'pods', 'a').complete, true);
    assert.equal(completeness(scopedPods, 'pods', 'b').complete, false);
  });

  test('a yes stays a yes; the engine reads the model', () => {
    const engine = createEngine(world({ missing: [forbidden('ClusterRole')] }));
    assert.equal(engine.completeness('can-i', 'a', true).complete, true);
    assert.equal(engine.completeness('can-i', 'a', false).complete, false);
    assert.equal(createEngine(world({})).completeness('who-can', 'a').complete, true);
  });

  test('the namespace of a request', () => {
    assert.equal(requestNamespace(res('get', 'pods', { namespace: 'a' })), 'a');
    assert.equal(requestNamespace(res('list', 'pods')), undefined);
    assert.equal(requestNamespace({ kind: 'nonResource', verb: 'get', path: '/healthz' }), undefined);
  });
});

describe('permissionChanges', () => {
  const pods = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
  const base = {
    roles: [role('a', 'reader', [pods])],
    clusterRoles: [clusterRole('secrets', [rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] })])],
  };

  test('a new binding: its subjects gained exactly what its role grants, where', () => {
    const before = createEngine(world(base));
    const after = createEngine(
      world({ ...base, roleBindings: [roleBinding('a', 'rb', { kind: 'Role', name: 'reader' }, [user('ann')])] }),
    );
    assert.deepEqual(permissionChanges(before, after, [{ kind: 'RoleBinding', name: 'rb', namespace: 'a' }]), [
      {
        subject: { kind: 'User', name: 'ann' },
        gained: [{ namespace: 'a', verbs: ['get', 'list'], targets: ['pods'] }],
        lost: [],
      },
    ]);
    // And the other way round when it is deleted.
    assert.deepEqual(permissionChanges(after, before, [{ kind: 'RoleBinding', name: 'rb', namespace: 'a' }]), [
      {
        subject: { kind: 'User', name: 'ann' },
        gained: [],
        lost: [{ namespace: 'a', verbs: ['get', 'list'], targets: ['pods'] }],
      },
    ]);
  });

  test('a role narrowed: every holder loses the verbs it dropped, and keeps what another binding grants', () => {
    const bindings = [
      roleBinding('a', 'rb', { kind: 'Role', name: 'reader' }, [user('ann'), sa('bot', 'a')]),
      roleBinding('a', 'also', { kind: 'ClusterRole', name: 'list-pods' }, [user('ann')]),
    ];
    const listPods = clusterRole('list-pods', [rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] })]);
    const model = { ...base, clusterRoles: [...base.clusterRoles, listPods], roleBindings: bindings };
    const before = createEngine(world(model));
    const narrowed = role('a', 'reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })]);
    const after = createEngine(world({ ...model, roles: [narrowed] }));
    const changes = permissionChanges(before, after, [{ kind: 'Role', name: 'reader', namespace: 'a' }]);
    assert.deepEqual(
      changes.map((c) => [c.subject.name, c.lost]),
      [['bot', [{ namespace: 'a', verbs: ['list'], targets: ['pods'] }]]],
      'ann still lists pods through the other binding',
    );
  });

  test('an aggregated ClusterRole: the grant follows the rules the controller writes into the bound one', () => {
    // The authorizer reads only the bound role's rules; the aggregation controller copies the parts in.
    const label = { 'rbac.example.com/aggregate-to-view': 'true' };
    const selector = { clusterRoleSelectors: [{ matchLabels: label, matchExpressions: [] }] };
    const deployments = rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] });
    const crb = clusterRoleBinding('viewers', 'view', [group('viewers')]);
    const before = createEngine(
      world({ clusterRoles: [{ ...clusterRole('view', []), aggregationRule: selector }], clusterRoleBindings: [crb] }),
    );
    const after = createEngine(
      world({
        clusterRoles: [
          { ...clusterRole('view', [deployments]), aggregationRule: selector },
          clusterRole('extra', [deployments], label),
        ],
        clusterRoleBindings: [crb],
      }),
    );
    const changed = [
      { kind: 'ClusterRole' as const, name: 'extra' },
      { kind: 'ClusterRole' as const, name: 'view' },
    ];
    assert.deepEqual(permissionChanges(before, after, changed), [
      {
        subject: { kind: 'Group', name: 'viewers' },
        gained: [{ verbs: ['get'], targets: ['deployments.apps'] }],
        lost: [],
      },
    ]);
  });

  test('a change that moves no permission lists no subject', () => {
    const rb = roleBinding('a', 'rb', { kind: 'Role', name: 'reader' }, [user('ann')]);
    const engine = createEngine(world({ ...base, roleBindings: [rb] }));
    const relabelled = createEngine(world({ ...base, roleBindings: [{ ...rb, labels: { team: 'x' } }] }));
    assert.deepEqual(permissionChanges(engine, relabelled, [{ kind: 'RoleBinding', name: 'rb', namespace: 'a' }]), []);
  });
});
