// Whether an answer is whole. RBAC only grants, so a kind the source could not read can only hide
// grants: a "yes" stays a yes, while a "no", a list of who can, a subject's permissions or a view
// drawn without that kind may be short. Each question depends on some kinds only.
import type { AccessRequest, MissingKind, ModelKind } from '../model/types';

/**
 * can-i and rules-for: a subject's grants; who-can also lists the service accounts a group covers;
 * pods: the pods that run as a service account; view: a page drawn from every kind; paths: attack
 * paths and findings, which span every namespace.
 */
export type Question = 'can-i' | 'who-can' | 'permissions' | 'pods' | 'view' | 'paths';

export interface Completeness {
  complete: boolean;
  missing: { kind: ModelKind; reason: string }[];
}

const RBAC_KINDS: readonly ModelKind[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

const DEPENDS_ON: Record<Question, readonly ModelKind[]> = {
  'can-i': RBAC_KINDS,
  permissions: RBAC_KINDS,
  'who-can': [...RBAC_KINDS, 'ServiceAccount'],
  pods: ['Pod'],
  view: [...RBAC_KINDS, 'ServiceAccount', 'Namespace', 'Pod'],
  // Pods carry the tokens exec and nodes reach; namespaces' labels decide privileged pods.
  paths: [...RBAC_KINDS, 'ServiceAccount', 'Namespace', 'Pod'],
};

export const COMPLETE: Completeness = { complete: true, missing: [] };

/**
 * `namespace`: the namespace the question is about (undefined: cluster-scoped, or every namespace).
 * A kind read only in some namespaces is missing unless the question stays inside them: Roles and
 * RoleBindings elsewhere cannot grant a request in this namespace (or a cluster-scoped one), while
 * a group's service accounts and a subject's permissions span every namespace.
 */
export function completeness(
  missing: readonly MissingKind[],
  question: Question,
  namespace: string | undefined,
): Completeness {
  const relevant = missing.filter((m) => {
    if (!DEPENDS_ON[question].includes(m.kind)) return false;
    if (!m.readIn) return true;
    const perNamespace = m.kind === 'Role' || m.kind === 'RoleBinding';
    if (perNamespace && (question === 'can-i' || question === 'who-can'))
      return namespace !== undefined && !m.readIn.includes(namespace);
    if ((question === 'view' || question === 'pods') && namespace !== undefined) return !m.readIn.includes(namespace);
    return true;
  });
  if (relevant.length === 0) return COMPLETE;
  return { complete: false, missing: relevant.map(({ kind, reason }) => ({ kind, reason })) };
}

/** The namespace a request is about, for completeness: undefined when cluster-scoped or across all. */
export function requestNamespace(request: AccessRequest): string | undefined {
  return request.kind === 'resource' && request.namespace !== '' ? request.namespace : undefined;
}
