// The world the usage proof runs in: three namespaces, service accounts and static users whose
// grants cover each shape the right-sizing has to handle (a binding naming several subjects, a group
// binding, resourceNames, a wildcard Role, a ClusterRole bound by a RoleBinding, cluster-wide
// ClusterRoleBindings, non-resource URLs, impersonation rights), and the objects the workloads touch.
import type { KubeObject } from '@/scripts/control-plane/apply';
import { serviceAccountUsername } from '@/lib/rbac';
import type { StaticUser } from '@/scripts/control-plane/control-plane';
import { configMapBody, nonResource, resource, type Action } from './actions';

const RBAC = 'rbac.authorization.k8s.io';
const API = `${RBAC}/v1`;

export interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export type Subject =
  { kind: 'ServiceAccount'; namespace: string; name: string } | { kind: 'User' | 'Group'; name: string };

const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const sa = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
});
const role = (namespace: string, name: string, rules: Rule[]): KubeObject => ({
  apiVersion: API,
  kind: 'Role',
  metadata: { name, namespace },
  rules,
});
const clusterRole = (name: string, rules: Rule[]): KubeObject => ({
  apiVersion: API,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});
const subjectRef = (s: Subject) => (s.kind === 'ServiceAccount' ? { ...s } : { ...s, apiGroup: RBAC });
const binding = (
  namespace: string | undefined,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Subject[],
): KubeObject => ({
  apiVersion: API,
  kind: namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding',
  metadata: { name, ...(namespace !== undefined && { namespace }) },
  roleRef: { apiGroup: RBAC, ...roleRef },
  subjects: subjects.map(subjectRef),
});
const configMap = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { seeded: 'yes' },
});
/** A Deployment with no replicas (no controller runs): its scale subresource is what `worker` uses. */
const deployment = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'example.com/app:1' }] },
    },
  },
});

export const sa$ = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', namespace, name });
export const WEB = sa$('shop', 'web');
export const WORKER = sa$('shop', 'worker');
export const TOKENER = sa$('ops', 'tokener');
export const MONITOR = sa$('ops', 'monitor');

/** The static users (token file): erin is in a group bound to `edit`, wild in one with a wildcard Role. */
export const USERS: StaticUser[] = [
  { name: 'erin', groups: ['shop-devs'] },
  { name: 'wild', groups: ['data-team'] },
  { name: 'support', groups: ['support-team'] },
];

function roles(): KubeObject[] {
  return [
    role('shop', 'worker-state', [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['jobs-state'], verbs: ['get', 'update', 'delete'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
    ]),
    role('ops', 'token-minter', [
      { apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['builder'], verbs: ['create'] },
      { apiGroups: [''], resources: ['serviceaccounts', 'secrets'], verbs: ['get', 'list'] },
    ]),
    role('data', 'data-all', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
    clusterRole('node-reader', [
      { apiGroups: [''], resources: ['nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]),
    clusterRole('usage-metrics', [
      { apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics', '/healthz', '/livez'], verbs: ['get'] },
    ]),
    clusterRole('impersonate-erin', [
      { apiGroups: [''], resources: ['users'], resourceNames: ['erin'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['groups'], resourceNames: ['shop-devs'], verbs: ['impersonate'] },
    ]),
  ];
}

function bindings(): KubeObject[] {
  return [
    // One binding, several subjects: right-sizing one of them must leave the others their grant.
    binding('shop', 'shop-view', { kind: 'ClusterRole', name: 'view' }, [WEB, WORKER, { kind: 'User', name: 'erin' }]),
    binding('shop', 'shop-devs-edit', { kind: 'ClusterRole', name: 'edit' }, [{ kind: 'Group', name: 'shop-devs' }]),
    binding('shop', 'worker-state', { kind: 'Role', name: 'worker-state' }, [WORKER]),
    binding('ops', 'token-minter', { kind: 'Role', name: 'token-minter' }, [TOKENER]),
    binding(undefined, 'usage-node-reader', { kind: 'ClusterRole', name: 'node-reader' }, [TOKENER, MONITOR]),
    binding(undefined, 'usage-metrics', { kind: 'ClusterRole', name: 'usage-metrics' }, [MONITOR]),
    binding('data', 'data-team-all', { kind: 'Role', name: 'data-all' }, [{ kind: 'Group', name: 'data-team' }]),
    binding(undefined, 'support-impersonates', { kind: 'ClusterRole', name: 'impersonate-erin' }, [
      { kind: 'User', name: 'support' },
    ]),
  ];
}

/** Everything, in creation order (namespaces and service accounts before what refers to them). */
export function usageWorld(): KubeObject[] {
  return [
    ...['shop', 'ops', 'data'].map(ns),
    sa('shop', 'web'),
    sa('shop', 'worker'),
    sa('ops', 'tokener'),
    sa('ops', 'monitor'),
    sa('ops', 'builder'),
    ...roles(),
    ...bindings(),
    configMap('shop', 'web-config'),
    configMap('data', 'lake'),
    deployment('shop', 'checkout'),
    deployment('data', 'etl'),
  ];
}

const user = (s: Subject) => (s.kind === 'ServiceAccount' ? serviceAccountUsername(s.namespace, s.name) : s.name);
const key = (s: Subject) => (s.kind === 'ServiceAccount' ? `${s.namespace}/${s.name}` : s.name);

/** The service accounts and users that act (right-sizing proposes roles for each). */
export const ACTORS: Subject[] = [
  WEB,
  WORKER,
  TOKENER,
  MONITOR,
  { kind: 'User', name: 'erin' },
  { kind: 'User', name: 'wild' },
];

/** The impersonations support makes: as erin with her group, as erin alone, and as admin (refused). */
export const IMPERSONATIONS: Record<string, { user: string; groups: string[] }> = {
  'support as erin': { user: 'erin', groups: ['shop-devs'] },
  'support as erin alone': { user: 'erin', groups: [] },
  'support as admin': { user: 'admin', groups: [] },
};

function serviceAccountActions(): Action[] {
  const [web, worker, tok, mon] = [WEB, WORKER, TOKENER, MONITOR].map((s) => [key(s), user(s)] as const) as [
    readonly [string, string],
    readonly [string, string],
    readonly [string, string],
    readonly [string, string],
  ];
  const shop = (resource: string, name?: string, subresource?: string, group?: string) => ({
    resource,
    namespace: 'shop',
    ...(name && { name }),
    ...(subresource && { subresource }),
    ...(group && { group }),
  });
  return [
    resource(...web, 'list', shop('pods'), 'allow'),
    resource(...web, 'watch', shop('pods'), 'allow'),
    resource(...web, 'get', shop('configmaps', 'web-config'), 'allow'),
    resource(...web, 'get', shop('pods', 'web-0', 'status'), 'allow'),
    resource(...web, 'list', shop('secrets'), 'forbid'),
    resource(...web, 'delete', shop('configmaps', 'web-config'), 'forbid'),
    resource(...web, 'list', { resource: 'pods', namespace: 'data' }, 'forbid'),
    nonResource(...web, '/version', 'allow'),
    resource(...worker, 'create', shop('configmaps'), 'allow', configMapBody('jobs-state')),
    resource(...worker, 'get', shop('configmaps', 'jobs-state'), 'allow'),
    resource(...worker, 'update', shop('configmaps', 'jobs-state'), 'allow', {
      ...configMapBody('jobs-state'),
      data: { n: '1' },
    }),
    resource(...worker, 'get', shop('deployments', 'checkout', 'scale', 'apps'), 'allow'),
    resource(...worker, 'patch', shop('deployments', 'checkout', 'scale', 'apps'), 'allow', { spec: { replicas: 0 } }),
    resource(...worker, 'list', shop('configmaps'), 'allow'),
    resource(...worker, 'patch', shop('deployments', 'checkout', undefined, 'apps'), 'forbid', { metadata: {} }),
    resource(
      ...worker,
      'get',
      { group: 'apps', resource: 'deployments', namespace: 'data', name: 'etl', subresource: 'scale' },
      'forbid',
    ),
    resource(
      ...tok,
      'create',
      { resource: 'serviceaccounts', namespace: 'ops', name: 'builder', subresource: 'token' },
      'allow',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      },
    ),
    resource(
      ...tok,
      'create',
      { resource: 'serviceaccounts', namespace: 'ops', name: 'monitor', subresource: 'token' },
      'forbid',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      },
    ),
    resource(...tok, 'list', { resource: 'nodes' }, 'allow'),
    resource(...tok, 'get', { resource: 'namespaces', name: 'shop' }, 'allow'),
    resource(...tok, 'watch', { resource: 'namespaces' }, 'allow'),
    resource(...tok, 'list', { resource: 'serviceaccounts', namespace: 'ops' }, 'allow'),
    nonResource(...mon, '/metrics', 'allow'),
    nonResource(...mon, '/healthz', 'allow'),
    nonResource(...mon, '/debug/pprof/', 'forbid'),
    resource(...mon, 'list', { resource: 'pods' }, 'allow'),
    resource(...mon, 'watch', { resource: 'pods' }, 'allow'),
    resource(...mon, 'get', { resource: 'services', namespace: 'data', name: 'lake' }, 'allow'),
    resource(...mon, 'list', { resource: 'secrets' }, 'forbid'),
  ];
}

function userActions(): Action[] {
  return [
    resource(
      'erin',
      'erin',
      'create',
      { resource: 'configmaps', namespace: 'shop' },
      'allow',
      configMapBody('erin-notes'),
    ),
    resource('erin', 'erin', 'list', { resource: 'pods', namespace: 'shop' }, 'allow'),
    resource(
      'erin',
      'erin',
      'patch',
      { group: 'apps', resource: 'deployments', namespace: 'shop', name: 'checkout' },
      'allow',
      {
        metadata: { labels: { touched: 'yes' } },
      },
    ),
    resource(
      'erin',
      'erin',
      'get',
      { resource: 'pods', namespace: 'shop', name: 'web-0', subresource: 'log' },
      'allow',
    ),
    resource('erin', 'erin', 'list', { resource: 'secrets', namespace: 'data' }, 'forbid'),
    resource(
      'wild',
      'wild',
      'create',
      { resource: 'configmaps', namespace: 'data' },
      'allow',
      configMapBody('wild-notes'),
    ),
    resource('wild', 'wild', 'list', { resource: 'secrets', namespace: 'data' }, 'allow'),
    resource(
      'wild',
      'wild',
      'get',
      { group: 'apps', resource: 'deployments', namespace: 'data', name: 'etl', subresource: 'scale' },
      'allow',
    ),
    resource('wild', 'wild', 'delete', { resource: 'configmaps', namespace: 'data', name: 'lake' }, 'allow'),
    resource('wild', 'wild', 'list', { resource: 'pods', namespace: 'shop' }, 'forbid'),
    resource('support as erin', 'erin', 'list', { group: 'apps', resource: 'deployments', namespace: 'shop' }, 'allow'),
    resource(
      'support as erin alone',
      'erin',
      'get',
      { resource: 'configmaps', namespace: 'shop', name: 'web-config' },
      'allow',
    ),
    resource(
      'support as erin',
      'erin',
      'delete',
      { resource: 'configmaps', namespace: 'data', name: 'wild-notes' },
      'forbid',
    ),
    resource('support as admin', 'support', 'list', { resource: 'pods', namespace: 'shop' }, 'forbid'),
  ];
}

/** What the workloads do, in order (the expected log). */
export function usageActions(): Action[] {
  return [...serviceAccountActions(), ...userActions()];
}
