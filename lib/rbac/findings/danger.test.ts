import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleDangers } from './danger';
import { rule } from '../test-fixtures';

const cases: [string, Parameters<typeof rule>[0], string[]][] = [
  ['read pods is fine', { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, []],
  ['get secrets', { verbs: ['get'], apiGroups: [''], resources: ['secrets'] }, ['read-secrets']],
  [
    'one named secret',
    { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] },
    ['read-secrets'],
  ],
  ['create pods/exec', { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }, ['create-pods']],
  [
    'an ephemeral container is exec, and a change of the running pod',
    { verbs: ['patch'], apiGroups: [''], resources: ['pods/ephemeralcontainers'] },
    ['create-pods', 'patch-pods'],
  ],
  [
    'creating a workload creates its pods',
    { verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] },
    ['create-pods'],
  ],
  ['get pods/exec is not exec', { verbs: ['get'], apiGroups: [''], resources: ['pods/exec'] }, []],
  [
    'escalate and bind',
    { verbs: ['bind', 'escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] },
    ['escalate', 'bind'],
  ],
  ['impersonate', { verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }, ['impersonate']],
  [
    'secrets in another group are not secrets',
    { verbs: ['get'], apiGroups: ['example.com'], resources: ['secrets'] },
    [],
  ],
  ['patch pods', { verbs: ['patch'], apiGroups: [''], resources: ['pods'] }, ['patch-pods']],
  ['pods/status only', { verbs: ['patch', 'update'], apiGroups: [''], resources: ['pods/status'] }, []],
  ['update deployments', { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments'] }, ['update-workloads']],
  ['deployments/scale only', { verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] }, []],
  ['patch namespaces', { verbs: ['patch'], apiGroups: [''], resources: ['namespaces'] }, ['relabel-namespaces']],
  [
    'everything',
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    [
      'wildcard',
      'escalate',
      'bind',
      'impersonate',
      'create-pods',
      'patch-pods',
      'update-workloads',
      'relabel-namespaces',
      'read-secrets',
    ],
  ],
];

for (const [name, r, want] of cases) {
  test(`danger: ${name}`, () =>
    assert.deepEqual(
      ruleDangers(rule(r)).map((d) => d.id),
      want,
    ));
}
