// Page links: one spelling per object, read back into the same ref; a graph node's link derived
// from the object it carries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NamespaceGraph } from '@/lib/graph/types';
import type { BindingRef, RoleRef, SubjectRef } from '@/lib/rbac';
import {
  bindingFromSegments,
  bindingHref,
  graphWithHrefs,
  namespaceHref,
  nodeInGraphHref,
  objectHref,
  pageParam,
  roleFromSegments,
  roleHref,
  subjectFromSegments,
  subjectHref,
} from './links';

const segments = (href: string, prefix: string) => href.slice(prefix.length).split('/').map(decodeURIComponent);

const SUBJECTS: { name: string; ref: SubjectRef; href: string }[] = [
  {
    name: 'a service account',
    ref: { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' },
    href: '/subjects/serviceaccount/ci/deployer',
  },
  { name: 'a user with a colon', ref: { kind: 'User', name: 'system:admin' }, href: '/subjects/user/system%3Aadmin' },
  { name: 'a group with a slash', ref: { kind: 'Group', name: 'a/b' }, href: '/subjects/group/a%2Fb' },
  { name: 'a name 100%', ref: { kind: 'User', name: '100%' }, href: '/subjects/user/100%25' },
];

for (const c of SUBJECTS)
  test(`subject link: ${c.name}, read back`, () => {
    assert.equal(subjectHref(c.ref), c.href);
    assert.equal(objectHref({ subject: c.ref }), c.href);
    assert.deepEqual(subjectFromSegments(segments(c.href, '/subjects/')), c.ref);
  });

const ROLES: { name: string; ref: RoleRef; href: string }[] = [
  { name: 'a Role', ref: { kind: 'Role', namespace: 'ci', name: 'reader' }, href: '/roles/role/ci/reader' },
  {
    name: 'a ClusterRole',
    ref: { kind: 'ClusterRole', name: 'system:aggregate-to-view' },
    href: '/roles/clusterrole/system%3Aaggregate-to-view',
  },
];

for (const c of ROLES)
  test(`role link: ${c.name}, read back`, () => {
    assert.equal(roleHref(c.ref), c.href);
    assert.equal(objectHref({ role: c.ref }), c.href);
    assert.deepEqual(roleFromSegments(segments(c.href, '/roles/')), c.ref);
  });

const BINDINGS: { name: string; ref: BindingRef; href: string }[] = [
  {
    name: 'a RoleBinding',
    ref: { kind: 'RoleBinding', namespace: 'team', name: 'crowd' },
    href: '/bindings/rolebinding/team/crowd',
  },
  {
    name: 'a ClusterRoleBinding',
    ref: { kind: 'ClusterRoleBinding', name: 'admins' },
    href: '/bindings/clusterrolebinding/admins',
  },
];

for (const c of BINDINGS)
  test(`binding link: ${c.name}, read back`, () => {
    assert.equal(bindingHref(c.ref), c.href);
    assert.equal(objectHref({ binding: c.ref }), c.href);
    assert.deepEqual(bindingFromSegments(segments(c.href, '/bindings/')), c.ref);
  });

const SEGMENTS: { name: string; read: () => unknown }[] = [
  { name: 'a service account without its name', read: () => subjectFromSegments(['serviceaccount', 'ci']) },
  { name: 'a user with a namespace', read: () => subjectFromSegments(['user', 'ci', 'bob']) },
  { name: 'an unknown kind', read: () => subjectFromSegments(['robot', 'r2']) },
  { name: 'too many segments', read: () => roleFromSegments(['role', 'a', 'b', 'c']) },
  { name: 'a ClusterRole with a namespace', read: () => roleFromSegments(['clusterrole', 'a', 'b']) },
  { name: 'a RoleBinding without its namespace', read: () => bindingFromSegments(['rolebinding', 'x']) },
  { name: 'nothing', read: () => bindingFromSegments([]) },
];

for (const c of SEGMENTS)
  test(`no object: ${c.name}`, () => {
    assert.equal(c.read(), undefined);
  });

const PARAMS: { name: string; segment: string; value: string }[] = [
  { name: 'encoded once', segment: 'system%3Aadmin', value: 'system:admin' },
  { name: 'a literal percent that is not an escape', segment: '100%', value: '100%' },
  { name: 'an escaped percent', segment: 'x%2541', value: 'x%41' },
];

for (const c of PARAMS)
  test(`pageParam: ${c.name}`, () => {
    assert.equal(pageParam(c.segment), c.value);
  });

test('namespace links and a node selected in its graph, built-ins shown in their one spelling', () => {
  assert.equal(namespaceHref('a b'), '/namespaces/a%20b');
  assert.equal(namespaceHref('x', '?view=list'), '/namespaces/x?view=list');
  assert.equal(
    nodeInGraphHref('team', 'rolebinding:team/crowd'),
    '/namespaces/team?node=rolebinding%3Ateam%2Fcrowd&builtin=show',
  );
});

test("graphWithHrefs: each node's object becomes its link, in its place; nodes without one unchanged", () => {
  const graph = {
    namespace: 'team',
    nodes: [
      {
        id: 'r',
        kind: 'role',
        label: 'reader',
        object: { role: { kind: 'Role', namespace: 'team', name: 'reader' } },
        dangerous: true,
      },
      { id: 'x', kind: 'resource', label: 'secrets' },
    ],
    edges: [],
    hiddenSystem: 0,
    hiddenUngranted: 0,
  } as NamespaceGraph;
  const linked = graphWithHrefs(graph);
  assert.deepEqual(Object.keys(linked.nodes[0]!), ['id', 'kind', 'label', 'href', 'dangerous']);
  assert.equal(linked.nodes[0]!.href, '/roles/role/team/reader');
  assert.deepEqual(linked.nodes[1], graph.nodes[1]);
  assert.equal(linked.namespace, 'team');
});
