// A synthetic namespace of about 1,500 graph elements (service accounts, pods, users, groups,
// bindings, roles, resources), as a snapshot document the app and the engine read like any other.
import { stringify } from 'yaml';

const RBAC = 'rbac.authorization.k8s.io';
const RESOURCES = [
  'pods',
  'services',
  'configmaps',
  'secrets',
  'deployments',
  'statefulsets',
  'jobs',
  'cronjobs',
  'ingresses',
  'leases',
  'events',
  'endpoints',
];
const GROUPS: Record<string, string> = {
  deployments: 'apps',
  statefulsets: 'apps',
  jobs: 'batch',
  cronjobs: 'batch',
  ingresses: 'networking.k8s.io',
  leases: 'coordination.k8s.io',
};
const VERBS = [['get', 'list', 'watch'], ['create', 'update', 'patch'], ['delete'], ['get']];

export function bigNamespaceSnapshot(namespace = 'big', scale = 1): string {
  const items: unknown[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }];
  const sas = 150 * scale;
  const roles = 60 * scale;
  for (let i = 0; i < sas; i++)
    items.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `app-${i}`, namespace } });
  for (let i = 0; i < sas * 2; i++) {
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `app-${i % sas}-${i}`, namespace },
      spec: { serviceAccountName: `app-${i % (sas / 3)}` },
      status: { phase: 'Running' },
    });
  }
  for (let r = 0; r < roles; r++) {
    const rules = [0, 1, 2].map((k) => {
      const resources = [RESOURCES[(r + k) % RESOURCES.length]!, RESOURCES[(r * 3 + k) % RESOURCES.length]!];
      return {
        apiGroups: [...new Set(resources.map((x) => GROUPS[x] ?? ''))],
        resources,
        verbs: VERBS[(r + k) % VERBS.length],
      };
    });
    items.push({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: `role-${r}`, namespace }, rules });
  }
  for (let b = 0; b < sas; b++) {
    const subjects = [
      { kind: 'ServiceAccount', name: `app-${b}` },
      b % 3 === 0
        ? { kind: 'User', apiGroup: RBAC, name: `user-${b}@example.com` }
        : { kind: 'Group', apiGroup: RBAC, name: `team-${b % 20}` },
    ];
    items.push({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: `binding-${b}`, namespace },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: `role-${b % roles}` },
      subjects,
    });
  }
  return stringify({ apiVersion: 'v1', kind: 'List', items }, { lineWidth: 0 });
}
