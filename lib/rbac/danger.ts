// Grants that let a subject become more powerful, as data: each entry names the requests it is
// about, and a rule carries the danger when the authorizer's own matcher would allow one of them.
// (The shape of rbac-tool's default rules: a list of named findings, not code paths.)
import type { Grant } from './grants';
import { ruleAllows } from './match';
import type { PolicyRule } from './types';
import { MUTABLE_WORKLOAD_KINDS } from './workloads';

export interface Danger {
  id: string;
  title: string;
}

interface DangerRule extends Danger {
  /** [verb, group, resource, subresource] requests that make the danger. */
  requests?: readonly (readonly [string, string, string, string])[];
  test?: (rule: PolicyRule) => boolean;
}

const RBAC = 'rbac.authorization.k8s.io';

export const DANGER_RULES: readonly DangerRule[] = [
  {
    id: 'wildcard',
    title: 'wildcard: every verb or every resource',
    test: (rule) => rule.verbs.includes('*') || rule.resources.includes('*') || rule.nonResourceURLs.includes('*'),
  },
  {
    id: 'escalate',
    title: 'escalate: create roles with permissions one does not hold',
    requests: [
      ['escalate', RBAC, 'roles', ''],
      ['escalate', RBAC, 'clusterroles', ''],
    ],
  },
  {
    id: 'bind',
    title: 'bind: bind roles one does not hold',
    requests: [
      ['bind', RBAC, 'roles', ''],
      ['bind', RBAC, 'clusterroles', ''],
    ],
  },
  {
    id: 'impersonate',
    title: 'impersonate: act as other users, groups or service accounts',
    requests: [
      ['impersonate', '', 'users', ''],
      ['impersonate', '', 'groups', ''],
      ['impersonate', '', 'serviceaccounts', ''],
    ],
  },
  {
    id: 'create-pods',
    title: 'create pods or exec into them: run as any service account of the namespace',
    requests: [
      ['create', '', 'pods', ''],
      ['create', '', 'pods', 'exec'],
      ['create', '', 'pods', 'attach'],
    ],
  },
  {
    id: 'patch-pods',
    title: "patch pods: change a running pod's image and run with its token",
    requests: [
      ['patch', '', 'pods', ''],
      ['update', '', 'pods', ''],
      ['patch', '', 'pods', 'ephemeralcontainers'],
      ['update', '', 'pods', 'ephemeralcontainers'],
    ],
  },
  {
    id: 'update-workloads',
    title: "update workloads: change a pod template's service account",
    requests: MUTABLE_WORKLOAD_KINDS.flatMap(({ group, resource }) => [
      ['patch', group, resource, ''] as const,
      ['update', group, resource, ''] as const,
    ]),
  },
  {
    id: 'relabel-namespaces',
    title: 'patch namespaces: lift a Pod Security level',
    requests: [
      ['patch', '', 'namespaces', ''],
      ['update', '', 'namespaces', ''],
    ],
  },
  {
    id: 'read-secrets',
    title: 'read secrets: service-account tokens and credentials',
    requests: [
      ['get', '', 'secrets', ''],
      ['list', '', 'secrets', ''],
      ['watch', '', 'secrets', ''],
    ],
  },
];

/** Every danger a rule carries. A rule limited to resourceNames still reads those secrets. */
export function ruleDangers(rule: PolicyRule): Danger[] {
  const name = rule.resourceNames[0] ?? '';
  return DANGER_RULES.filter(
    (d) =>
      d.test?.(rule) ||
      d.requests?.some(([verb, group, resource, subresource]) =>
        ruleAllows(rule, { kind: 'resource', verb, group, resource, subresource, name, namespace: 'any' }),
      ),
  ).map(({ id, title }) => ({ id, title }));
}

/** Anything granted through cluster-admin is dangerous, whatever the rule. */
export function grantDangers(g: Pick<Grant, 'rule' | 'role'>): Danger[] {
  const dangers = ruleDangers(g.rule);
  if (g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin' && dangers.length === 0) {
    return [{ id: 'cluster-admin', title: 'granted through cluster-admin' }];
  }
  return dangers;
}
