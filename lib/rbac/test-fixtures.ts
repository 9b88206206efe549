// Small builders for readable unit-test worlds. Test-only.
import type {
  AccessRequest,
  ClusterModel,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from './model/types';
import { emptyModel } from './model/types';
import { defaultOf } from './findings/bootstrap-policy';

export function rule(r: Partial<PolicyRule> & { verbs: string[] }): PolicyRule {
  return { apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...r };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { namespace, name, labels: {}, rules };
}

export function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}): ClusterRole {
  return { name, labels, rules };
}

export const sa = (name: string, namespace?: string): Subject =>
  namespace === undefined ? { kind: 'ServiceAccount', name } : { kind: 'ServiceAccount', name, namespace };
export const user = (name: string): Subject => ({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' });
export const group = (name: string): Subject => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' });

export function roleBinding(
  namespace: string,
  name: string,
  roleRef: { kind: string; name: string },
  subjects: Subject[],
): RoleBinding {
  return { namespace, name, labels: {}, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects };
}

export function clusterRoleBinding(name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding {
  return {
    name,
    labels: {},
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects,
  };
}

export function world(parts: Partial<ClusterModel>): ClusterModel {
  return { ...emptyModel(), ...parts };
}

export function res(
  verb: string,
  resource: string,
  opts: { group?: string; subresource?: string; name?: string; namespace?: string } = {},
): AccessRequest {
  return {
    kind: 'resource',
    verb,
    resource,
    group: opts.group ?? '',
    subresource: opts.subresource ?? '',
    name: opts.name ?? '',
    namespace: opts.namespace ?? '',
  };
}

export function url(verb: string, path: string): AccessRequest {
  return { kind: 'nonResource', verb, path };
}

/** Kubernetes' own ClusterRole of that name, exactly as its newest supported version creates it. */
export function defaultClusterRole(name: string): ClusterRole {
  const o = defaultOf('ClusterRole', undefined, name);
  if (!o) throw new Error(`no default ClusterRole ${name}`);
  return {
    name,
    labels: { ...o.labels },
    rules: (o.rules ?? []).map((r) => ({ ...r })),
    ...(o.aggregationRule && { aggregationRule: o.aggregationRule }),
  };
}

/** Kubernetes' own ClusterRoleBinding of that name, exactly as its newest supported version creates it. */
export function defaultClusterRoleBinding(name: string): ClusterRoleBinding {
  const o = defaultOf('ClusterRoleBinding', undefined, name);
  if (!o?.roleRef) throw new Error(`no default ClusterRoleBinding ${name}`);
  return {
    name,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...o.roleRef },
    subjects: (o.subjects ?? []).map((s) => ({ ...s })),
  };
}
