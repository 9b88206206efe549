// Who effectively can: each case a small world, a request, and the subjects one or more steps away
// (with the techniques of their path and the holder it ends at). The demo cluster's check against
// the forward search is lib/k8s/demo/effective-who-can.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../engine';
import { describePathNode } from '../model/describe';
import { subjectText } from '../model/refs';
import type { AccessRequest, ClusterModel } from '../model/types';
import {
  clusterRole,
  clusterRoleBinding,
  group,
  res,
  role,
  roleBinding,
  rule,
  sa,
  user,
  world,
} from '../test-fixtures';

const SECRETS = res('get', 'secrets', { namespace: 'payments' });
const readSecrets = role('payments', 'read-secrets', [
  rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }),
]);

/** payments/api reads secrets; each case adds its attacker (the user mallory unless said). */
function payments(parts: Partial<ClusterModel>): ClusterModel {
  return world({
    namespaces: [
      { name: 'payments', labels: {} },
      { name: 'ops', labels: {} },
    ],
    serviceAccounts: [{ namespace: 'payments', name: 'api' }, ...(parts.serviceAccounts ?? [])],
    roles: [readSecrets, ...(parts.roles ?? [])],
    clusterRoles: parts.clusterRoles ?? [],
    roleBindings: [
      roleBinding('payments', 'api-secrets', { kind: 'Role', name: 'read-secrets' }, [sa('api', 'payments')]),
      ...(parts.roleBindings ?? []),
    ],
    clusterRoleBindings: parts.clusterRoleBindings ?? [],
    pods: parts.pods ?? [],
  });
}

/** `rules` for mallory through a ClusterRoleBinding. */
const mallory = (...rules: ReturnType<typeof rule>[]): Partial<ClusterModel> => ({
  clusterRoles: [clusterRole('attacker', rules)],
  clusterRoleBindings: [clusterRoleBinding('attacker', 'attacker', [user('mallory')])],
});

/** Each indirect subject as "subject: TECHNIQUE,… → holder", by distance. */
function indirect(model: ClusterModel, request: AccessRequest = SECRETS): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const g of createEngine(model).whoCanEffective(request).indirect)
    out[g.distance] = g.subjects.map(
      (s) =>
        `${subjectText(s.subject)}: ${s.path.steps.map((x) => x.technique).join(',')} → ${describePathNode(s.via)}`,
    );
  return out;
}

const impersonateApi = rule({
  verbs: ['impersonate'],
  apiGroups: [''],
  resources: ['serviceaccounts'],
  resourceNames: ['api'],
});

const CASES: [string, ClusterModel, Record<number, string[]>, AccessRequest?][] = [
  ['nobody else', payments({}), {}],
  [
    'impersonating the holder',
    payments(mallory(impersonateApi)),
    { 1: ['user:mallory: IMPERSONATE → ServiceAccount payments/api'] },
  ],
  [
    'impersonating another account only: no path',
    payments(
      mallory(
        rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['web'] }),
      ),
    ),
    {},
  ],
  [
    'a pod that runs as the holder',
    payments(mallory(rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] }))),
    { 1: ['user:mallory: POD_CREATE → ServiceAccount payments/api'] },
  ],
  [
    'binding a role that holds it: the path ends at the role, no identity',
    payments({
      roleBindings: [roleBinding('payments', 'binder', { kind: 'Role', name: 'binder' }, [user('mallory')])],
      roles: [
        role('payments', 'binder', [
          rule({ verbs: ['create'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'] }),
          rule({ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }),
        ]),
      ],
    }),
    { 1: ['user:mallory: ROLE_BIND → Role payments/read-secrets'] },
  ],
  [
    'two steps: a pod that runs as an account that impersonates the holder (impersonation does not chain)',
    payments({
      serviceAccounts: [{ namespace: 'ops', name: 'imp' }],
      roles: [role('ops', 'pods', [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })])],
      roleBindings: [roleBinding('ops', 'mallory-pods', { kind: 'Role', name: 'pods' }, [user('mallory')])],
      clusterRoles: [
        clusterRole('imp', [impersonateApi]),
        clusterRole('imp-bob', [
          rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['bob'] }),
        ]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('imp', 'imp', [sa('imp', 'ops'), user('bob')]),
        clusterRoleBinding('imp-bob', 'imp-bob', [user('eve')]),
      ],
    }),
    {
      1: [
        'system:serviceaccount:ops:imp: IMPERSONATE → ServiceAccount payments/api',
        'user:bob: IMPERSONATE → ServiceAccount payments/api',
      ],
      2: ['user:mallory: POD_CREATE,IMPERSONATE → ServiceAccount payments/api'],
    },
  ],
  [
    'an account no binding names, allowed through its namespace group',
    payments({
      ...mallory(
        rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['robot'] }),
      ),
      roleBindings: [
        roleBinding('payments', 'all-sas', { kind: 'Role', name: 'read-secrets' }, [
          group('system:serviceaccounts:payments'),
        ]),
      ],
    }),
    { 1: ['user:mallory: IMPERSONATE → ServiceAccount payments/robot'] },
  ],
  [
    'a user no binding names, impersonated by name, allowed through system:authenticated',
    world({
      roles: [readSecrets],
      roleBindings: [
        roleBinding('payments', 'everyone', { kind: 'Role', name: 'read-secrets' }, [group('system:authenticated')]),
      ],
      clusterRoles: [
        clusterRole('attacker', [
          rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['ghost'] }),
        ]),
      ],
      clusterRoleBindings: [clusterRoleBinding('attacker', 'attacker', [group('system:unauthenticated')])],
    }),
    { 1: ['group:system:unauthenticated: IMPERSONATE → User ghost'] },
  ],
  [
    'binding a ClusterRole that holds a cluster-scoped request, through a ClusterRoleBinding',
    payments({
      clusterRoles: [
        clusterRole('nodes-reader', [rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes'] })]),
        clusterRole('crb-binder', [
          rule({ verbs: ['create'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'] }),
          rule({
            verbs: ['bind'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['nodes-reader'],
          }),
        ]),
      ],
      clusterRoleBindings: [clusterRoleBinding('crb-binder', 'crb-binder', [sa('binder', 'ops')])],
      serviceAccounts: [{ namespace: 'ops', name: 'binder' }],
      roles: [
        role('ops', 'tokens', [rule({ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] })]),
      ],
      roleBindings: [roleBinding('ops', 'tokens', { kind: 'Role', name: 'tokens' }, [user('mallory')])],
    }),
    {
      1: ['system:serviceaccount:ops:binder: ROLE_BIND → ClusterRole nodes-reader cluster-wide'],
      2: ['user:mallory: TOKEN_REQUEST,ROLE_BIND → ClusterRole nodes-reader cluster-wide'],
    },
    res('list', 'nodes'),
  ],
  [
    'a cluster-scoped request is not held through a RoleBinding',
    payments(mallory(rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] }))),
    {},
    res('list', 'secrets'),
  ],
];

describe('effective who-can: who is how many steps away', () => {
  for (const [name, model, expected, request] of CASES)
    test(name, () => assert.deepEqual(indirect(model, request), expected));
});
