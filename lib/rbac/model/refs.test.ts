import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bindingKey,
  bindingLabel,
  objectKey,
  parseBindingKey,
  parseNamespaceKey,
  parseRoleKey,
  parseSubjectKey,
  parseSubjectText,
  roleKey,
  roleLabel,
  subjectKey,
  subjectLabel,
  subjectText,
  type BindingRef,
  type RoleRef,
  type SubjectRef,
} from './refs';

describe('refs: one key, one label, one parser per ref', () => {
  const subjects: [string, SubjectRef, string, string][] = [
    [
      'a service account',
      { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' },
      'ServiceAccount:ci/deployer',
      'ci/deployer',
    ],
    ['a user', { kind: 'User', name: 'alice' }, 'User:alice', 'alice'],
    [
      'a user whose name holds / and :',
      { kind: 'User', name: 'oidc:https://x/y' },
      'User:oidc:https://x/y',
      'oidc:https://x/y',
    ],
    ['a group', { kind: 'Group', name: 'system:masters' }, 'Group:system:masters', 'system:masters'],
  ];
  for (const [name, ref, key, label] of subjects)
    test(`subject: ${name}`, () => {
      assert.equal(subjectKey(ref), key);
      assert.equal(subjectLabel(ref), label);
      assert.deepEqual(parseSubjectKey(key), ref);
      assert.deepEqual(parseSubjectText(subjectText(ref)), ref);
    });

  const roles: [string, RoleRef, string, string][] = [
    ['a Role', { kind: 'Role', namespace: 'dev', name: 'edit' }, 'Role:dev/edit', 'dev/edit'],
    [
      'a ClusterRole with colons',
      { kind: 'ClusterRole', name: 'system:controller:x' },
      'ClusterRole:system:controller:x',
      'system:controller:x',
    ],
  ];
  for (const [name, ref, key, label] of roles)
    test(`role: ${name}`, () => {
      assert.equal(roleKey(ref), key);
      assert.equal(roleLabel(ref), label);
      assert.deepEqual(parseRoleKey(key), ref);
    });

  const bindings: [string, BindingRef, string, string][] = [
    ['a RoleBinding', { kind: 'RoleBinding', namespace: 'dev', name: 'rb' }, 'RoleBinding:dev/rb', 'dev/rb'],
    ['a ClusterRoleBinding', { kind: 'ClusterRoleBinding', name: 'crb' }, 'ClusterRoleBinding:crb', 'crb'],
  ];
  for (const [name, ref, key, label] of bindings)
    test(`binding: ${name}`, () => {
      assert.equal(bindingKey(ref), key);
      assert.equal(bindingLabel(ref), label);
      assert.deepEqual(parseBindingKey(key), ref);
    });

  test('a namespace', () => {
    assert.equal(objectKey({ kind: 'Namespace', name: 'dev' }), 'Namespace:dev');
    assert.deepEqual(parseNamespaceKey('Namespace:dev'), { kind: 'Namespace', name: 'dev' });
  });

  const malformed: [string, (key: string) => unknown, string][] = [
    ['a Role without a namespace', parseRoleKey, 'Role:edit'],
    ['a ClusterRole with one', parseRoleKey, 'ClusterRole:dev/edit'],
    ['a RoleBinding without a namespace', parseBindingKey, 'RoleBinding:rb'],
    ['a binding key read as a role', parseRoleKey, 'RoleBinding:dev/rb'],
    ['a service account without a namespace', parseSubjectKey, 'ServiceAccount:deployer'],
    ['an unknown subject kind', parseSubjectKey, 'Robot:r2'],
    ['no kind', parseSubjectKey, 'alice'],
    ['an empty user', parseSubjectKey, 'User:'],
  ];
  for (const [name, parse, key] of malformed) test(`malformed: ${name}`, () => assert.equal(parse(key), undefined));

  test('the text form: a service account user name, user:, group:, a bare name is a user', () => {
    assert.equal(subjectText({ kind: 'ServiceAccount', namespace: 'ci', name: 'd' }), 'system:serviceaccount:ci:d');
    assert.deepEqual(parseSubjectText('group:devs'), { kind: 'Group', name: 'devs' });
    assert.deepEqual(parseSubjectText(' bob '), { kind: 'User', name: 'bob' });
    assert.equal(parseSubjectText('system:serviceaccount:Bad_NS:x'), undefined);
  });
});
