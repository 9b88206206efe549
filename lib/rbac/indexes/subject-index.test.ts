// A binding naming thousands of subjects is asked, for each of them, which of its subjects applies:
// found by name (firstApplyingSubject's index) instead of by a scan, it must answer exactly what the
// scan (rule.go's appliesToUser, first match) answers, for every way a subject can be spelled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexBindings } from '../authorizer/bindings';
import { impersonatedIdentity, serviceAccountIdentity } from '../model/identity';
import { firstApplyingSubject, subjectAppliesTo } from '../authorizer/subjects';
import { clusterRole, clusterRoleBinding, group, role, roleBinding, sa, user, world } from '../test-fixtures';
import type { Identity, Subject } from '../model/types';

const filler = Array.from({ length: 40 }, (_, i) => user(`filler-${i}`));
const subjects: Subject[] = [
  ...filler,
  { kind: 'Unknown', name: 'ann' },
  group('devs'),
  user('ann'),
  sa('bot'),
  sa('bot', 'a'),
  user('system:serviceaccount:a:other'),
  sa('other', 'a'),
  group('system:serviceaccounts:a'),
  user(''),
  group('devs'),
];

/** Each identity, and the index of the subject that applies in the RoleBinding and in the ClusterRoleBinding. */
const identities: [string, Identity, [number | undefined, number | undefined]][] = [
  ['a user named first by a group', impersonatedIdentity('ann', ['devs']), [41, 41]],
  ['a user by name', impersonatedIdentity('ann', []), [42, 42]],
  ['a service account without a namespace in its subject', serviceAccountIdentity('a', 'bot'), [43, 44]],
  ['a service account spelled as a user', serviceAccountIdentity('a', 'other'), [45, 45]],
  [
    'a service account of another namespace, through no subject',
    serviceAccountIdentity('b', 'bot'),
    [undefined, undefined],
  ],
  ['a group only', { user: '', groups: ['system:serviceaccounts:a'] }, [47, 47]],
  ['nobody named', impersonatedIdentity('zed', []), [undefined, undefined]],
];

const model = world({
  namespaces: [{ name: 'a', labels: {} }],
  roles: [role('a', 'r', [])],
  clusterRoles: [clusterRole('c', [])],
  roleBindings: [roleBinding('a', 'many', { kind: 'Role', name: 'r' }, subjects)],
  clusterRoleBindings: [clusterRoleBinding('many', 'c', subjects)],
});
const index = indexBindings(model);

for (const [name, identity, want] of identities)
  test(`the applying subject found by name equals the first by scan: ${name}`, () => {
    const bindings = [index.roleBindingsByNamespace.get('a')![0]!, index.clusterBindings[0]!];
    for (const [i, b] of bindings.entries()) {
      assert.ok(b.subjects.length > 32, 'the lookup by name, not the short scan');
      const found = firstApplyingSubject(identity, b.subjects, b.namespace);
      assert.equal(
        found,
        b.subjects.find((s) => subjectAppliesTo(identity, s, b.namespace)),
        b.binding.kind,
      );
      assert.equal(found, want[i] === undefined ? undefined : subjects[want[i]!], b.binding.kind);
    }
  });
