// A random but valid RBAC world: what the API server accepts, with the corners of the authorizer
// well represented (wildcards, subresources, */sub, resourceNames, nonResourceURLs, dangling
// references, namespaceless ServiceAccount subjects, User subjects spelled as service accounts).
import type { KubeObject } from '@/scripts/control-plane/apply';
import {
  impersonatedIdentity,
  serviceAccountIdentity,
  serviceAccountUsername,
  STANDARD_VERBS,
  type Identity,
} from '@/lib/rbac';
import { Random } from './random';

const RBAC = 'rbac.authorization.k8s.io';
export const VOCAB = {
  verbs: [...STANDARD_VERBS, 'escalate', 'bind', 'impersonate', 'use'],
  groups: ['', 'apps', 'batch', RBAC, 'example.com'],
  resources: ['pods', 'secrets', 'configmaps', 'deployments', 'jobs', 'roles', 'widgets', 'nodes'],
  subresources: ['log', 'exec', 'status', 'scale'],
  names: ['a', 'b', 'c'],
  paths: [
    '/metrics',
    '/metrics/cadvisor',
    '/healthz',
    '/healthz/ping',
    '/api',
    '/api/v1',
    '/logs/kubelet',
    '/version',
    '/custom',
  ],
  ruleUrls: ['/metrics', '/metrics*', '/healthz', '/api/*', '/logs/*', '*', '/version', '/custom/*'],
};

export interface World {
  objects: KubeObject[];
  namespaces: string[];
  /** Every identity requests are made as: service accounts (existing and only named), users with groups. */
  identities: Identity[];
}

export function resourceRule(r: Random) {
  const resources = r.some(
    [...VOCAB.resources, '*', 'pods/log', 'pods/exec', '*/status', '*/scale', 'deployments/scale', 'pods/status'],
    r.int(1, 3),
  );
  return {
    apiGroups: r.chance(0.3) ? ['*'] : r.some(VOCAB.groups, r.int(1, 3)),
    resources,
    verbs: r.chance(0.3) ? ['*'] : r.some(VOCAB.verbs, r.int(1, 4)),
    ...(r.chance(0.2) && { resourceNames: r.some(VOCAB.names, r.int(1, 2)) }),
  };
}

export function nonResourceRule(r: Random) {
  return {
    nonResourceURLs: r.some(VOCAB.ruleUrls, r.int(1, 2)),
    verbs: r.chance(0.3) ? ['*'] : r.some(['get', 'post', 'put'], r.int(1, 2)),
  };
}

interface WorldSize {
  namespaces: number;
  users: number;
  clusterRoles: number;
  clusterBindings: number;
}

/**
 * A seeded random cluster. Each part below draws from `r` in turn, in this order: the order of the
 * draws is the world, so a part moved or a draw added changes every proof's requests.
 */
export function generateWorld(
  seed: number,
  size: WorldSize = { namespaces: 24, users: 12, clusterRoles: 24, clusterBindings: 30 },
): World {
  const r = new Random(seed);
  const objects: KubeObject[] = [];
  const namespaces = Array.from({ length: size.namespaces }, (_, i) => `ns-${i}`);
  const serviceAccounts = namespaceObjects(r, namespaces, objects);
  const users = Array.from({ length: size.users }, (_, i) => `user-${i}`);
  const clusterRoles = Array.from({ length: size.clusterRoles }, (_, i) => `cr-${i}`);
  const rolesByNs = roleObjects(r, clusterRoles, namespaces, objects);
  const subjects = subjectDraws(r, namespaces, serviceAccounts, users);
  bindingObjects(r, { namespaces, clusterRoles, rolesByNs, size: size.clusterBindings }, subjects, objects);
  podObjects(r, namespaces, serviceAccounts, objects);
  objects.push(...selfReview());
  const identities: Identity[] = [
    ...namespaces.flatMap((ns) => [...serviceAccounts.get(ns)!, 'ghost'].map((sa) => serviceAccountIdentity(ns, sa))),
    ...users.map((u) => impersonatedIdentity(u, r.some(GROUPS, r.int(0, 2)))),
    impersonatedIdentity('system:anonymous', []),
    impersonatedIdentity('outsider', []),
    impersonatedIdentity('root-admin', ['system:masters']),
  ];
  objects.push(...aggregation(r, objects, clusterRoles, namespaces, subjects));
  return { objects, namespaces, identities };
}

const GROUPS = ['team-a', 'team-b', 'team-c', 'ops'];

/** Each namespace and one to three service accounts in it; returns them by namespace. */
function namespaceObjects(r: Random, namespaces: string[], objects: KubeObject[]): Map<string, string[]> {
  const serviceAccounts = new Map<string, string[]>();
  for (const ns of namespaces) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const sas = Array.from({ length: r.int(1, 3) }, (_, i) => `sa-${i}`);
    serviceAccounts.set(ns, sas);
    for (const name of sas)
      objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
  }
  return serviceAccounts;
}

/** The ClusterRoles, then zero to three Roles per namespace; returns the Roles by namespace. */
function roleObjects(r: Random, clusterRoles: string[], namespaces: string[], objects: KubeObject[]) {
  for (const name of clusterRoles) {
    const rules = Array.from({ length: r.int(1, 4) }, () => (r.chance(0.2) ? nonResourceRule(r) : resourceRule(r)));
    objects.push({ apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name }, rules });
  }
  const rolesByNs = new Map<string, string[]>();
  for (const ns of namespaces) {
    const roles = Array.from({ length: r.int(0, 3) }, (_, i) => `role-${i}`);
    rolesByNs.set(ns, roles);
    for (const name of roles) {
      const rules = Array.from({ length: r.int(1, 3) }, () => resourceRule(r));
      objects.push({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules });
    }
  }
  return rolesByNs;
}

interface SubjectObject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}
type SubjectsDraw = (bindingNs?: string) => SubjectObject[];

/** One to three subjects of every kind and spelling a binding may name, drawn when asked. */
function subjectDraws(
  r: Random,
  namespaces: string[],
  serviceAccounts: Map<string, string[]>,
  users: string[],
): SubjectsDraw {
  const anySa = (): [string, string] => {
    const ns = r.pick(namespaces);
    // Sometimes a service account that does not exist: bindings may name anyone.
    return [ns, r.chance(0.1) ? 'ghost' : r.pick(serviceAccounts.get(ns)!)];
  };
  const subject = (bindingNs: string | undefined): SubjectObject => {
    const roll = r.next();
    if (roll < 0.3) {
      const [ns, name] = anySa();
      // A RoleBinding may leave out the namespace of a service account in its own namespace.
      if (bindingNs && r.chance(0.4)) return { kind: 'ServiceAccount', name: r.pick(serviceAccounts.get(bindingNs)!) };
      return { kind: 'ServiceAccount', name, namespace: ns };
    }
    if (roll < 0.4) {
      const [ns, name] = anySa();
      return { kind: 'User', apiGroup: RBAC, name: serviceAccountUsername(ns, name) };
    }
    if (roll < 0.65) return { kind: 'User', apiGroup: RBAC, name: r.pick([...users, 'system:anonymous']) };
    const group = r.pick([
      ...GROUPS,
      ...GROUPS,
      'system:serviceaccounts',
      `system:serviceaccounts:${r.pick(namespaces)}`,
      `system:serviceaccounts:${r.pick(namespaces)}`,
      'system:authenticated',
      'system:unauthenticated',
    ]);
    return { kind: 'Group', apiGroup: RBAC, name: group };
  };
  return (bindingNs?: string) => Array.from({ length: r.int(1, 3) }, () => subject(bindingNs));
}

/** Two to five RoleBindings per namespace, then the ClusterRoleBindings; some dangle. */
function bindingObjects(
  r: Random,
  world: { namespaces: string[]; clusterRoles: string[]; rolesByNs: Map<string, string[]>; size: number },
  subjects: SubjectsDraw,
  objects: KubeObject[],
): void {
  const { namespaces, clusterRoles, rolesByNs } = world;
  for (const ns of namespaces) {
    const count = r.int(2, 5);
    for (let i = 0; i < count; i++) {
      const toRole = r.chance(0.5) && rolesByNs.get(ns)!.length > 0;
      const dangling = r.chance(0.08);
      const roleRef =
        toRole || (dangling && r.chance(0.5))
          ? { apiGroup: RBAC, kind: 'Role', name: dangling ? 'missing-role' : r.pick(rolesByNs.get(ns)!) }
          : { apiGroup: RBAC, kind: 'ClusterRole', name: dangling ? 'missing-clusterrole' : r.pick(clusterRoles) };
      const metadata = { name: `rb-${i}`, namespace: ns };
      objects.push({ apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata, roleRef, subjects: subjects(ns) });
    }
  }
  for (let i = 0; i < world.size; i++) {
    const name = r.chance(0.08) ? 'missing-clusterrole' : r.pick(clusterRoles);
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: `crb-${i}` },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
      subjects: subjects(),
    });
  }
}

/** A pod for each service account of six namespaces. */
function podObjects(r: Random, namespaces: string[], serviceAccounts: Map<string, string[]>, objects: KubeObject[]) {
  for (const ns of r.some(namespaces, 6)) {
    for (const sa of serviceAccounts.get(ns)!) {
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${sa}-pod`, namespace: ns },
        spec: { serviceAccountName: sa, containers: [{ name: 'c', image: 'example.com/c:1' }] },
      });
    }
  }
}

/**
 * Impersonated SelfSubjectAccessReviews are created as the impersonated identity: let the
 * unauthenticated ones (system:anonymous, --as-group system:unauthenticated) create them too,
 * as system:basic-user already lets every authenticated identity.
 */
function selfReview(): KubeObject[] {
  return [
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'conformance:self-review' },
      rules: [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] }],
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'conformance:self-review' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'conformance:self-review' },
      subjects: [{ kind: 'Group', apiGroup: RBAC, name: 'system:unauthenticated' }],
    },
  ];
}

export const AGGREGATE_ROLE = 'cr-aggregate';
export const AGGREGATE_LABEL = 'conformance.rbac-atlas.io/aggregate';

/**
 * An aggregating ClusterRole, as kube-controller-manager fills it (the rules of every ClusterRole its
 * selector matches: three labelled ones here), bound cluster-wide and in two namespaces.
 */
function aggregation(
  r: Random,
  objects: KubeObject[],
  clusterRoles: readonly string[],
  namespaces: readonly string[],
  subjects: (ns?: string) => unknown[],
): KubeObject[] {
  for (const name of r.some(clusterRoles, 3)) {
    const role = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === name)!;
    role.metadata.labels = { [AGGREGATE_LABEL]: 'true' };
  }
  const roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: AGGREGATE_ROLE };
  return [
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: AGGREGATE_ROLE },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_LABEL]: 'true' } }] },
      rules: [],
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: AGGREGATE_ROLE },
      roleRef,
      subjects: subjects(),
    },
    ...r.some(namespaces, 2).map((ns) => ({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: AGGREGATE_ROLE, namespace: ns },
      roleRef,
      subjects: subjects(ns),
    })),
  ];
}
