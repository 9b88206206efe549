// Each test here kills a mutant that once survived the suite (issue "Hardening"): a plausible wrong
// change to the engine that no other test noticed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, grantDangers, permissionMatrix } from '@/lib/rbac';
import { selectorMatches } from './model/labels';
import { clusterRole, clusterRoleBinding, group, res, role, roleBinding, rule, user, world } from './test-fixtures';
import { groupCovers } from './indexes/who-can';

describe('system:authenticated never includes system:anonymous', () => {
  const engine = createEngine(
    world({
      clusterRoles: [
        clusterRole('reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })]),
        clusterRole('health', [rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] })]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('everyone-signed-in', 'reader', [group('system:authenticated')]),
        // Makes system:anonymous a known user, so that a wrong expansion would list it.
        clusterRoleBinding('anonymous-health', 'health', [user('system:anonymous')]),
        clusterRoleBinding('alice-health', 'health', [user('alice')]),
      ],
    }),
  );

  test('who-can lists alice through the group, and not system:anonymous', () => {
    const names = engine.whoCan(res('get', 'pods', { namespace: 'a' })).map((s) => `${s.kind}:${s.name}`);
    assert.ok(names.includes('User:alice'), names.join(' '));
    assert.ok(names.includes('Group:system:authenticated'));
    assert.ok(!names.includes('User:system:anonymous'), names.join(' '));
  });

  test('the group covers and counts alice, not system:anonymous; system:unauthenticated the reverse', () => {
    assert.ok(groupCovers('system:authenticated', { kind: 'User', name: 'alice' }));
    assert.ok(!groupCovers('system:authenticated', { kind: 'User', name: 'system:anonymous' }));
    assert.ok(groupCovers('system:unauthenticated', { kind: 'User', name: 'system:anonymous' }));
    assert.ok(!groupCovers('system:unauthenticated', { kind: 'User', name: 'alice' }));
    const members = engine.groupMembers('system:authenticated').map((m) => m.name);
    assert.ok(members.includes('alice') && !members.includes('system:anonymous'), members.join(' '));
  });
});

describe('the permission matrix keeps resourceNames', () => {
  const g = (names: string[], verbs = ['get']) => ({
    binding: { kind: 'RoleBinding' as const, namespace: 'a', name: 'b' },
    role: { kind: 'Role' as const, namespace: 'a', name: 'r' },
    rule: rule({ verbs, apiGroups: [''], resources: ['secrets'], resourceNames: names }),
    ruleIndex: 0,
    subject: user('alice'),
  });

  test('a cell limited to named objects lists them; an unlimited grant clears the limit', () => {
    const limited = permissionMatrix([g(['db-password']), g(['api-key'])]);
    assert.deepEqual(limited.rows[0]!.cells.get?.resourceNames, ['db-password', 'api-key']);
    const opened = permissionMatrix([g(['db-password']), g([])]);
    assert.deepEqual(opened.rows[0]!.cells.get?.resourceNames, []);
  });
});

describe('cluster-admin grants are dangerous', () => {
  test('a harmless-looking rule granted through cluster-admin is marked, through another role it is not', () => {
    const harmless = rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] });
    const through = (name: string) => ({
      binding: { kind: 'ClusterRoleBinding' as const, name: 'b' },
      role: { kind: 'ClusterRole' as const, name },
      rule: harmless,
      ruleIndex: 0,
      subject: user('alice'),
    });
    assert.deepEqual(
      grantDangers(through('cluster-admin')).map((d) => d.id),
      ['cluster-admin'],
    );
    assert.deepEqual(grantDangers(through('view')), []);
  });
});

describe('label selectors', () => {
  const labels = { tier: 'web', team: 'a' };
  const expr = (operator: string, values: string[] = [], key = 'tier') => ({
    matchLabels: {},
    matchExpressions: [{ key, operator, values }],
  });

  test('NotIn: absent keys match, listed values do not', () => {
    assert.ok(selectorMatches(expr('NotIn', ['db']), labels));
    assert.ok(!selectorMatches(expr('NotIn', ['web', 'db']), labels));
    assert.ok(selectorMatches(expr('NotIn', ['web'], 'missing'), labels));
  });

  test('In, Exists, DoesNotExist, an unknown operator, and matchLabels', () => {
    assert.ok(selectorMatches(expr('In', ['web']), labels));
    assert.ok(!selectorMatches(expr('In', ['db']), labels));
    assert.ok(!selectorMatches(expr('In', ['web'], 'missing'), labels));
    assert.ok(selectorMatches(expr('Exists'), labels));
    assert.ok(!selectorMatches(expr('DoesNotExist'), labels));
    assert.ok(!selectorMatches(expr('Near', ['web']), labels));
    assert.ok(selectorMatches({ matchLabels: { team: 'a' }, matchExpressions: [] }, labels));
    assert.ok(!selectorMatches({ matchLabels: { team: 'b' }, matchExpressions: [] }, labels));
  });

  test('an aggregating ClusterRole gathers by NotIn as the controller does', () => {
    const engine = createEngine(
      world({
        clusterRoles: [
          {
            name: 'gathered',
            labels: {},
            rules: [],
            aggregationRule: {
              clusterRoleSelectors: [
                { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
              ],
            },
          },
          clusterRole('web', [], { tier: 'web' }),
          clusterRole('db', [], { tier: 'db' }),
          clusterRole('plain', []),
        ],
      }),
    );
    assert.deepEqual(
      engine
        .aggregatedInto('gathered')
        .map((r) => r.name)
        .sort(),
      ['plain', 'web'],
    );
  });
});

describe('service accounts known only through pods', () => {
  test('a pod whose service account object was not read still makes it a subject, with its grants', () => {
    const engine = createEngine(
      world({
        pods: [{ namespace: 'a', name: 'web-1', serviceAccountName: 'builder', automountServiceAccountToken: true }],
        roles: [role('a', 'reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })])],
        roleBindings: [
          roleBinding('a', 'everyone', { kind: 'Role', name: 'reader' }, [group('system:serviceaccounts:a')]),
        ],
      }),
    );
    const names = engine.whoCan(res('get', 'pods', { namespace: 'a' })).map((s) => `${s.kind}:${s.name}`);
    assert.ok(names.includes('ServiceAccount:builder'), names.join(' '));
    assert.ok(engine.groupMembers('system:serviceaccounts:a').some((m) => m.name === 'builder'));
  });
});
