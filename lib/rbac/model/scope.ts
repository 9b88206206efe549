// What one viewer may see of a model (issue #31, "Views authorized per viewer"): the model restricted
// to the namespaces whose RoleBindings they may list, and to the cluster-wide objects only when they
// may list ClusterRoleBindings. What is left out is said through the model's missing kinds, the same
// marking a namespace-scoped install uses (lib/k8s/live/cluster-cache.ts), so every answer drawn
// from the restricted model says it is incomplete and why: never a silent partial answer.
import type { ClusterModel, MissingKind, ModelKind } from './types';

/** What a viewer may see: the cluster-wide views, and every namespace or only these. */
export interface ViewScope {
  /** May list ClusterRoleBindings: the cluster-wide views (ClusterRoles and their bindings, attack paths). */
  cluster: boolean;
  /** May list RoleBindings in every namespace, or only in these. */
  namespaces: 'all' | readonly string[];
}

/** The whole model: what a viewer who may list both kinds everywhere sees. */
export const FULL_SCOPE: ViewScope = { cluster: true, namespaces: 'all' };

export function isFullScope(scope: ViewScope): boolean {
  return scope.cluster && scope.namespaces === 'all';
}

/** Nothing at all: neither the cluster-wide views nor any namespace. */
export function isEmptyScope(scope: ViewScope): boolean {
  return !scope.cluster && scope.namespaces !== 'all' && scope.namespaces.length === 0;
}

/** Whether the scope shows `namespace`. */
export function scopeShows(scope: ViewScope, namespace: string): boolean {
  return scope.namespaces === 'all' || scope.namespaces.includes(namespace);
}

/** One key per scope, for caches (namespaces in a set order). */
export function scopeKey(scope: ViewScope): string {
  const namespaces = scope.namespaces === 'all' ? 'all' : [...scope.namespaces].sort();
  return JSON.stringify([scope.cluster, namespaces]);
}

const NAMESPACED: readonly ModelKind[] = ['Namespace', 'ServiceAccount', 'Pod', 'Role', 'RoleBinding'];

/** At most this many namespaces are named in a reason (a reason is one line, shown in every banner). */
const NAMED = 5;

function namespaceWords(namespaces: readonly string[]): string {
  if (namespaces.length === 0) return 'in any namespace';
  const named = namespaces.slice(0, NAMED).join(', ');
  const more = namespaces.length - NAMED;
  return `outside ${named}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * The permission a part of the model needs, in words: "hidden by your access: you may not list
 * rolebindings outside payments". `reason` is what hid it (the prefix).
 */
export function scopeReasons(scope: ViewScope, reason: string): { namespaces?: string; cluster?: string } {
  return {
    ...(scope.namespaces !== 'all' && {
      namespaces: `${reason}: you may not list rolebindings ${namespaceWords(scope.namespaces)}`,
    }),
    ...(!scope.cluster && { cluster: `${reason}: you may not list clusterrolebindings` }),
  };
}

/** The ClusterRoles a viewer without the cluster-wide views still needs: those the RoleBindings they see refer to. */
function referencedClusterRoles(model: ClusterModel): ClusterModel['clusterRoles'] {
  const named = new Set(model.roleBindings.filter((b) => b.roleRef.kind === 'ClusterRole').map((b) => b.roleRef.name));
  return model.clusterRoles.filter((r) => named.has(r.name));
}

function restrictNamespaces(model: ClusterModel, visible: ReadonlySet<string>): ClusterModel {
  const inScope = <T extends { namespace: string }>(items: readonly T[]) =>
    items.filter((i) => visible.has(i.namespace));
  return {
    ...model,
    namespaces: model.namespaces.filter((n) => visible.has(n.name)),
    serviceAccounts: inScope(model.serviceAccounts),
    pods: inScope(model.pods),
    roles: inScope(model.roles),
    roleBindings: inScope(model.roleBindings),
  };
}

/**
 * The model as a viewer with `scope` may see it. Namespaced objects (and the Namespaces themselves)
 * only in the visible namespaces; without the cluster-wide views, no ClusterRoleBindings and only
 * the ClusterRoles the visible RoleBindings refer to (their grants are part of the namespace's
 * view; the aggregation controller has already written their rules). Each kind left out is added
 * to `missing`: in the visible namespaces only (`readIn`) for namespaced kinds, everywhere for the
 * cluster-scoped ones. The full scope returns the model itself.
 */
export function restrictModel(model: ClusterModel, scope: ViewScope, reason: string): ClusterModel {
  if (isFullScope(scope)) return model;
  const words = scopeReasons(scope, reason);
  const missing: MissingKind[] = [...(model.missing ?? [])];
  let restricted = model;
  if (scope.namespaces !== 'all') {
    restricted = restrictNamespaces(restricted, new Set(scope.namespaces));
    for (const kind of NAMESPACED) missing.push({ kind, reason: words.namespaces!, readIn: [...scope.namespaces] });
  }
  if (!scope.cluster) {
    restricted = { ...restricted, clusterRoleBindings: [], clusterRoles: referencedClusterRoles(restricted) };
    missing.push({ kind: 'ClusterRoleBinding', reason: words.cluster! });
    missing.push({
      kind: 'ClusterRole',
      reason: `${words.cluster!} (only the ClusterRoles your RoleBindings use are shown)`,
    });
  }
  return { ...restricted, missing };
}
