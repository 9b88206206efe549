// The hand-written constrained impersonation attackers (world.ts constrainedScenarios) and their
// near misses: what the engine must answer, and the request the server must refuse.
import {
  CLUSTER_ADMIN,
  serviceAccountUsername,
  type AccessRequest,
  type PathTarget,
  type SubjectRef,
} from '@/lib/rbac';
import type { Credential } from './api';
import type { ActionRule, StepActions } from './constrained';

const action = (verbs: string[], resources: string[], namespace = '', apiGroups = ['']): ActionRule => ({
  verbs,
  apiGroups,
  resources,
  resourceNames: [],
  nonResourceURLs: [],
  namespace,
});
const user = (name: string): SubjectRef => ({ kind: 'User', name });

export interface ConstrainedAttacker {
  name: string;
  from: SubjectRef;
  to: PathTarget;
  techniques: string[];
  limitedTo?: StepActions;
}

export const CONSTRAINED_ATTACKERS: ConstrainedAttacker[] = [
  {
    name: 'serviceaccount, namespaced actions (the issue: list secrets in payments as payments-api)',
    from: { kind: 'ServiceAccount', namespace: 'payments', name: 'imp' },
    to: { kind: 'ServiceAccount', namespace: 'payments', name: 'payments-api' },
    techniques: ['IMPERSONATE_SERVICEACCOUNT'],
    limitedTo: { mode: 'serviceaccount', rules: [action(['list'], ['secrets'], 'payments')] },
  },
  {
    name: 'serviceaccount, cluster-scoped actions (create clusterrolebindings as ops/admin, then bind cluster-admin)',
    from: user('cimp-sa-admin'),
    to: CLUSTER_ADMIN,
    techniques: ['IMPERSONATE_SERVICEACCOUNT', 'ROLE_BIND'],
  },
  {
    name: 'user-info (user ui-someone, group ui-admins: create clusterrolebindings, then bind cluster-admin)',
    from: user('cimp-userinfo'),
    to: CLUSTER_ADMIN,
    techniques: ['IMPERSONATE_USER_INFO', 'ROLE_BIND'],
  },
  {
    name: 'arbitrary-node (system:node:cnode-1 requests a token for ops/admin)',
    from: user('cimp-node'),
    to: CLUSTER_ADMIN,
    techniques: ['IMPERSONATE_ARBITRARY_NODE', 'TOKEN_REQUEST'],
  },
  {
    name: 'associated-node (ops/agent, whose pod runs on cnode-2, lists pods as that node)',
    from: { kind: 'ServiceAccount', namespace: 'ops', name: 'agent' },
    to: { kind: 'User', name: 'system:node:cnode-2' },
    techniques: ['IMPERSONATE_ASSOCIATED_NODE'],
    limitedTo: { mode: 'associated-node', rules: [action(['list'], ['pods'])] },
  },
];

const ADMIN = serviceAccountUsername('ops', 'admin');
const req = (verb: string, resource: string, namespace: string, group = ''): AccessRequest => ({
  kind: 'resource',
  verb,
  group,
  resource,
  subresource: '',
  name: '',
  namespace,
});

export interface ConstrainedMiss {
  name: string;
  from: SubjectRef;
  /** Targets the engine must find no path to (and the server's direct steps refuse). */
  noPathTo: PathTarget[];
  /** The request the attacker would send, and the refusal the server answers it with. */
  impersonate: NonNullable<Credential['impersonate']>;
  request: AccessRequest;
  refusal: RegExp;
}

export function constrainedMisses(): ConstrainedMiss[] {
  return [
    {
      name: 'system:masters through user-info',
      from: user('miss-cimp-masters'),
      noPathTo: [CLUSTER_ADMIN, { kind: 'Group', name: 'system:masters' }],
      impersonate: { user: 'nobody', groups: ['system:masters'], mode: 'user-info' },
      request: req('list', 'configmaps', 'ops'),
      refusal: /impersonating the system:masters group is not allowed/,
    },
    {
      name: 'an action outside impersonate-on (create clusterrolebindings as ops/admin, allowed get/list secrets)',
      from: user('miss-cimp-action'),
      noPathTo: [CLUSTER_ADMIN],
      impersonate: { user: ADMIN, groups: [], mode: 'serviceaccount' },
      request: req('create', 'clusterrolebindings', '', 'rbac.authorization.k8s.io'),
      refusal: /impersonate-on:serviceaccount:create/,
    },
    {
      name: 'resourceNames name another account (runner, not admin)',
      from: user('miss-cimp-names'),
      noPathTo: [CLUSTER_ADMIN, { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' }],
      impersonate: { user: ADMIN, groups: [], mode: 'serviceaccount' },
      request: req('list', 'secrets', 'ops'),
      refusal: /cannot impersonate:serviceaccount resource "serviceaccounts"/,
    },
    {
      name: 'a cluster-scoped action through a RoleBinding (create clusterrolebindings, granted in ops)',
      from: user('miss-cimp-scope'),
      // Its only action matches no request: no request at all may be made as ops/admin.
      noPathTo: [CLUSTER_ADMIN, { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' }],
      impersonate: { user: ADMIN, groups: [], mode: 'serviceaccount' },
      request: req('create', 'clusterrolebindings', '', 'rbac.authorization.k8s.io'),
      refusal: /impersonate-on:serviceaccount:create/,
    },
    {
      name: 'actions only handlers check (bind, escalate clusterroles): no request has those verbs',
      from: user('miss-cimp-bind'),
      noPathTo: [CLUSTER_ADMIN, { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' }],
      impersonate: { user: ADMIN, groups: [], mode: 'serviceaccount' },
      request: req('create', 'clusterrolebindings', '', 'rbac.authorization.k8s.io'),
      refusal: /impersonate-on:serviceaccount:create/,
    },
    {
      name: 'a create narrowed by resourceNames (create clusterrolebindings named root)',
      from: user('miss-cimp-create-name'),
      // Its only action matches no request: no request at all may be made as ops/admin.
      noPathTo: [CLUSTER_ADMIN, { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' }],
      impersonate: { user: ADMIN, groups: [], mode: 'serviceaccount' },
      request: req('create', 'clusterrolebindings', '', 'rbac.authorization.k8s.io'),
      refusal: /impersonate-on:serviceaccount:create/,
    },
    {
      name: 'associated-node granted on the node by name (the check names "*")',
      from: { kind: 'ServiceAccount', namespace: 'ops', name: 'agent2' },
      noPathTo: [{ kind: 'User', name: 'system:node:cnode-2' }],
      impersonate: { user: 'system:node:cnode-2', groups: [], mode: 'associated-node' },
      request: req('list', 'pods', ''),
      refusal: /cannot impersonate:associated-node resource "nodes"/,
    },
    {
      name: 'impersonate-on:serviceaccount:* (a literal verb, no wildcard)',
      from: user('miss-cimp-star'),
      noPathTo: [CLUSTER_ADMIN, { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' }],
      impersonate: { user: ADMIN, groups: [], mode: 'serviceaccount' },
      request: req('list', 'secrets', 'ops'),
      refusal: /impersonate-on:serviceaccount:list/,
    },
  ];
}
