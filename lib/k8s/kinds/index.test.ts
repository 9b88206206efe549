// The seven kinds' API coordinates and scope, as the API server serves them, and in agreement with
// the engine's built-in resolver table (lib/rbac/model/resource-types.ts): the two are written apart (the
// engine imports nothing from lib/k8s), so this test keeps them one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinByName } from '@/lib/rbac/model/resource-types';
import { KINDS, KNOWN_KINDS, NAMESPACED } from './index';
import { apiVersionOf, knownKind, listPath } from './objects';

describe('kinds', () => {
  const cases: { kind: (typeof KNOWN_KINDS)[number]; path: string; apiVersion: string }[] = [
    { kind: 'Namespace', path: '/api/v1/namespaces', apiVersion: 'v1' },
    { kind: 'ServiceAccount', path: '/api/v1/namespaces/a/serviceaccounts', apiVersion: 'v1' },
    { kind: 'Pod', path: '/api/v1/namespaces/a/pods', apiVersion: 'v1' },
    {
      kind: 'Role',
      path: '/apis/rbac.authorization.k8s.io/v1/namespaces/a/roles',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    },
    {
      kind: 'ClusterRole',
      path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    },
    {
      kind: 'RoleBinding',
      path: '/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    },
    {
      kind: 'ClusterRoleBinding',
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    },
  ];
  test('the index lists the seven, in the model order', () => {
    assert.deepEqual(
      KNOWN_KINDS,
      cases.map((c) => c.kind),
    );
  });
  for (const c of cases)
    test(`${c.kind}: served at ${c.path}`, () => {
      const ns = NAMESPACED.has(c.kind) ? 'a' : undefined;
      assert.equal(listPath(c.kind, ns), c.path);
      assert.equal(apiVersionOf(c.kind), c.apiVersion);
      assert.equal(knownKind(c.kind, c.apiVersion), c.kind);
      assert.equal(KINDS[c.kind].kind, c.kind, 'the module is filed under its own kind');
      const builtin = builtinByName(KINDS[c.kind].api.resource, KINDS[c.kind].api.group);
      assert.ok(builtin, 'the engine knows the resource');
      assert.equal(builtin.namespaced, KINDS[c.kind].namespaced, "scope as the engine's table says");
    });

  const others: { name: string; kind: string; apiVersion: string }[] = [
    { name: 'a Role of another group', kind: 'Role', apiVersion: 'v1' },
    { name: 'a Pod of apps/v1', kind: 'Pod', apiVersion: 'apps/v1' },
    { name: 'a kind not read', kind: 'ConfigMap', apiVersion: 'v1' },
    { name: 'an inherited property name', kind: 'toString', apiVersion: 'v1' },
  ];
  for (const c of others) test(`not read: ${c.name}`, () => assert.equal(knownKind(c.kind, c.apiVersion), undefined));
});
