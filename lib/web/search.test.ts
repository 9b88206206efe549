import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, sa, user, world } from '@/lib/rbac/test-fixtures';
import { parseSearchQuery, searchPage, totalsWords } from './search';

const get = rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] });
const engine = createEngine(
  world({
    roles: [role('pay', 'pay-reader', [get])],
    clusterRoles: [clusterRole('pay-admin', [get])],
    roleBindings: [
      roleBinding('pay', 'pay-readers', { kind: 'Role', name: 'pay-reader' }, [sa('pay-api'), user('paula')]),
    ],
    clusterRoleBindings: [clusterRoleBinding('pay-admins', 'pay-admin', [user('root')])],
  }),
);

test('every match counted per kind, one page of them linked', () => {
  const cases: [string, Parameters<typeof searchPage>[2], string[]][] = [
    ['the first page of all', { offset: 0, limit: 3 }, ['Namespace pay', 'ServiceAccount pay/pay-api', 'User paula']],
    [
      'one kind',
      { offset: 0, limit: 10, category: 'Binding' },
      ['RoleBinding pay/pay-readers', 'ClusterRoleBinding pay-admins'],
    ],
    ['a later page', { offset: 3, limit: 2 }, ['Role pay/pay-reader', 'ClusterRole pay-admin']],
  ];
  for (const [name, at, shown] of cases) {
    const answer = searchPage(engine, 'pa', at);
    assert.deepEqual(answer.totals, { Namespace: 1, Subject: 2, Role: 2, Binding: 2 }, name);
    assert.deepEqual(
      answer.page.items.map((h) => `${h.kind} ${h.label}`),
      shown,
      name,
    );
  }
  assert.equal(searchPage(engine, 'pa', { offset: 0, limit: 3 }).page.total, 7);
});

test('totals in words, and what a query must be', () => {
  assert.equal(totalsWords({ Namespace: 1, Subject: 0, Role: 12, Binding: 1 }), '1 namespace, 12 roles, 1 binding');
  assert.equal(totalsWords({ Namespace: 0, Subject: 0, Role: 0, Binding: 0 }), 'nothing');
  const cases: [string, Record<string, string>, boolean][] = [
    ['a name', { q: 'pay' }, true],
    ['empty', { q: '  ' }, false],
    ['a kind', { q: 'pay', kind: 'Role' }, true],
    ['an unknown kind', { q: 'pay', kind: 'Pod' }, false],
    ['too long', { q: 'x'.repeat(201) }, false],
  ];
  for (const [name, q, ok] of cases) assert.equal(parseSearchQuery(q).ok, ok, name);
});
