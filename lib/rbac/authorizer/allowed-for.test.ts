// allowedFor decides for many identities at once what canI decides for each: every identity of a
// world with direct, group, namespaced, cluster-wide, namespaceless and privileged subjects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { impersonatedIdentity, serviceAccountIdentity } from '../model/identity';
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
} from '../test-fixtures';

const crowd = Array.from({ length: 40 }, (_, i) => user(`crowd-${i}`));
const engine = createEngine(
  world({
    namespaces: [
      { name: 'a', labels: {} },
      { name: 'b', labels: {} },
    ],
    roles: [role('a', 'pods', [rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] })])],
    clusterRoles: [
      clusterRole('secrets', [rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] })]),
      clusterRole('metrics', [rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] })]),
    ],
    roleBindings: [
      roleBinding('a', 'crowd-pods', { kind: 'Role', name: 'pods' }, [...crowd, sa('bot'), group('devs')]),
      roleBinding('b', 'secrets', { kind: 'ClusterRole', name: 'secrets' }, [sa('bot', 'a'), user('crowd-3')]),
    ],
    clusterRoleBindings: [clusterRoleBinding('metrics', 'metrics', [group('system:serviceaccounts:a'), sa('nobody')])],
  }),
);

const identities = [
  ...crowd.map((u) => impersonatedIdentity(u.name, [])),
  impersonatedIdentity('dev', ['devs']),
  impersonatedIdentity('root', ['system:masters']),
  impersonatedIdentity('stranger', []),
  serviceAccountIdentity('a', 'bot'),
  serviceAccountIdentity('b', 'bot'),
  serviceAccountIdentity('', 'nobody'),
];
const requests = [
  res('list', 'pods', { namespace: 'a' }),
  res('list', 'pods', { namespace: 'b' }),
  res('get', 'secrets', { namespace: 'b' }),
  res('get', 'secrets', { namespace: 'a' }),
  res('get', 'secrets'),
  url('get', '/metrics'),
];

for (const request of requests)
  test(`allowedFor equals canI for every identity: ${JSON.stringify(request)}`, () => {
    const many = engine.allowedFor(identities, request);
    const one = identities.map((i) => engine.canI(i, request).allowed);
    assert.deepEqual(many, one);
    assert.ok(one.some(Boolean) || request.kind === 'resource', 'some request is allowed to someone');
  });
