// parseReason reads back every form of rule.go's describers (clusterRoleBindingDescriber,
// roleBindingDescriber, describeSubject), with Go's %q quoting, and tells RBAC's words from others'.
// The first rows are reasons the API server wrote into /tmp/a30/audit/audit.log (copied verbatim).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReason, readGoQuoted, type ParsedReason } from './reason';

const cases: { name: string; reason: string; want: ParsedReason }[] = [
  {
    name: 'real: ClusterRoleBinding of ClusterRole to Group',
    reason:
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    want: {
      kind: 'rbac',
      binding: { kind: 'ClusterRoleBinding', name: 'system:discovery' },
      role: { kind: 'ClusterRole', name: 'system:discovery' },
      subject: { kind: 'Group', name: 'system:authenticated' },
    },
  },
  {
    name: 'real: ClusterRoleBinding to a ServiceAccount with its namespace',
    reason:
      'RBAC: allowed by ClusterRoleBinding "system:controller:service-account-controller" of ClusterRole "system:controller:service-account-controller" to ServiceAccount "service-account-controller/kube-system"',
    want: {
      kind: 'rbac',
      binding: { kind: 'ClusterRoleBinding', name: 'system:controller:service-account-controller' },
      role: { kind: 'ClusterRole', name: 'system:controller:service-account-controller' },
      subject: { kind: 'ServiceAccount', name: 'service-account-controller', namespace: 'kube-system' },
    },
  },
  {
    name: 'RoleBinding of Role to a ServiceAccount (the Role is in the binding namespace)',
    reason: 'RBAC: allowed by RoleBinding "web-edit/app" of Role "edit" to ServiceAccount "web/app"',
    want: {
      kind: 'rbac',
      binding: { kind: 'RoleBinding', name: 'web-edit', namespace: 'app' },
      role: { kind: 'Role', name: 'edit', namespace: 'app' },
      subject: { kind: 'ServiceAccount', name: 'web', namespace: 'app' },
    },
  },
  {
    name: 'RoleBinding of ClusterRole to a User',
    reason: 'RBAC: allowed by RoleBinding "devs/team" of ClusterRole "view" to User "alice"',
    want: {
      kind: 'rbac',
      binding: { kind: 'RoleBinding', name: 'devs', namespace: 'team' },
      role: { kind: 'ClusterRole', name: 'view' },
      subject: { kind: 'User', name: 'alice' },
    },
  },
  {
    name: 'RoleBinding subject ServiceAccount without namespace: written with the binding namespace',
    reason: 'RBAC: allowed by RoleBinding "b/ns1" of Role "r" to ServiceAccount "sa/ns1"',
    want: {
      kind: 'rbac',
      binding: { kind: 'RoleBinding', name: 'b', namespace: 'ns1' },
      role: { kind: 'Role', name: 'r', namespace: 'ns1' },
      subject: { kind: 'ServiceAccount', name: 'sa', namespace: 'ns1' },
    },
  },
  {
    name: 'ClusterRoleBinding subject ServiceAccount without namespace: "name/"',
    reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to ServiceAccount "sa/"',
    want: {
      kind: 'rbac',
      binding: { kind: 'ClusterRoleBinding', name: 'c' },
      role: { kind: 'ClusterRole', name: 'r' },
      subject: { kind: 'ServiceAccount', name: 'sa' },
    },
  },
  {
    name: 'Go escapes in a user name: quote, backslash, unicode',
    reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to User "a\\"b\\\\c\\u00a0d é"',
    want: {
      kind: 'rbac',
      binding: { kind: 'ClusterRoleBinding', name: 'c' },
      role: { kind: 'ClusterRole', name: 'r' },
      subject: { kind: 'User', name: 'a"b\\c\u00a0d é' },
    },
  },
  {
    name: 'an unknown subject kind is kept as written',
    reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to Robot "x"',
    want: {
      kind: 'rbac',
      binding: { kind: 'ClusterRoleBinding', name: 'c' },
      role: { kind: 'ClusterRole', name: 'r' },
      subject: { kind: 'Robot', name: 'x' },
    },
  },
  { name: 'empty: the server said nothing', reason: '', want: { kind: 'none' } },
  {
    name: "another authorizer's words",
    reason: 'allowed by webhook',
    want: { kind: 'other', text: 'allowed by webhook' },
  },
  {
    name: "RBAC's errors on a deny",
    reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    want: { kind: 'other', text: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found' },
  },
  {
    name: 'a ClusterRoleBinding cannot name a Role: not read as RBAC',
    reason: 'RBAC: allowed by ClusterRoleBinding "c" of Role "r" to User "u"',
    want: { kind: 'other', text: 'RBAC: allowed by ClusterRoleBinding "c" of Role "r" to User "u"' },
  },
  {
    name: 'trailing words: not read as RBAC',
    reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to User "u" and more',
    want: { kind: 'other', text: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to User "u" and more' },
  },
  {
    name: 'an unterminated quote: not read as RBAC',
    reason: 'RBAC: allowed by ClusterRoleBinding "c',
    want: { kind: 'other', text: 'RBAC: allowed by ClusterRoleBinding "c' },
  },
];

for (const c of cases) test(`parseReason: ${c.name}`, () => assert.deepEqual(parseReason(c.reason), c.want));

test('readGoQuoted: escapes and the end position', () => {
  assert.deepEqual(readGoQuoted('x "a\\tb\\x41\\U0001F600" y', 2), { value: 'a\tbA\u{1F600}', end: 22 });
  assert.equal(readGoQuoted('"bad \\q"', 0), undefined);
  assert.equal(readGoQuoted('no quote', 0), undefined);
});
