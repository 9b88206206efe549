// Kubernetes' own identities, bindings and roles folded into one chain, and ClusterRoleBindings that
// grant here to subjects elsewhere folded into one node, unless expanded.
import {
  grantDangers,
  grantsOf,
  subjectKey,
  subjectRefOf,
  type Engine,
  type ResolvedBinding,
  type RoleRef,
  type SubjectRef,
} from '@/lib/rbac';
import { builtinGroupNodeId, roleNodeId } from './node-ids';
import type { NamespaceGraph } from './types';

import { GraphBuilder } from './graph-builder';

import { addResources } from './resource-nodes';
import { CLUSTER_BINDINGS_NODE, type Tier } from './view-limits';

/**
 * The built-in chain: identities bound only by built-in bindings and running no pod here (the
 * controllers of kube-system, the control plane's users), the built-in bindings that name only them,
 * and the built-in roles bound only through those. Drawn as three nodes ("14 identities → 14 built-in
 * bindings → 14 built-in roles"): each controller has a role of its own, so grouping per role alone
 * left kube-system a hairball.
 */
export interface BuiltinGroup {
  subjects: Map<string, SubjectRef>;
  bindings: Set<ResolvedBinding>;
  roles: Map<string, RoleRef>;
  /** Every role in the group is one of Kubernetes' own defaults (by content). */
  rolesBuiltin: boolean;
}

export const BUILTIN_IDENTITIES_NODE = builtinGroupNodeId('identities');

const BUILTIN_BINDINGS_NODE = builtinGroupNodeId('bindings');

const BUILTIN_ROLES_NODE = builtinGroupNodeId('roles');

export function builtinGroup(
  engine: Engine,
  namespace: string,
  drawn: readonly (readonly [ResolvedBinding, Tier])[],
  subjects: ReadonlyMap<string, { ref: SubjectRef }>,
): BuiltinGroup | undefined {
  // Each drawn binding's drawn subjects, by key.
  const named = new Map(
    drawn.map(([bound]) => [
      bound,
      bound.subjects.flatMap((s) => {
        const ref = subjectRefOf(s, bound.namespace);
        return ref && subjects.has(subjectKey(ref)) ? [subjectKey(ref)] : [];
      }),
    ]),
  );
  const onlyBuiltin = new Map<string, boolean>();
  for (const [bound, keys] of named)
    for (const key of keys) onlyBuiltin.set(key, (onlyBuiltin.get(key) ?? true) && bound.builtin);
  const runsPods = (ref: SubjectRef) =>
    ref.kind === 'ServiceAccount' && ref.namespace === namespace && engine.podsOf(namespace, ref.name).length > 0;
  const members = new Map<string, SubjectRef>();
  for (const [key, only] of onlyBuiltin) {
    const ref = subjects.get(key)?.ref;
    if (only && ref && ref.kind !== 'Group' && !runsPods(ref)) members.set(key, ref);
  }
  if (members.size < 2) return undefined;
  const bindings = new Set<ResolvedBinding>();
  for (const [bound, keys] of named)
    if (bound.builtin && keys.length > 0 && keys.every((k) => members.has(k))) bindings.add(bound);
  // A role stays its own node when a binding outside the group binds it too.
  const roles = new Map<string, RoleRef>();
  const elsewhere = new Set<string>();
  for (const [bound] of drawn) {
    if (!bound.role) continue;
    const id = roleNodeId(bound.role);
    if (bindings.has(bound)) roles.set(id, bound.role);
    else elsewhere.add(id);
  }
  for (const id of elsewhere) roles.delete(id);
  const rolesBuiltin = [...roles.values()].every((r) => engine.provenance(r) === 'default');
  return { subjects: members, bindings, roles, rolesBuiltin };
}

export function groupMembers(group: BuiltinGroup): NonNullable<NamespaceGraph['builtinGroup']> {
  const byName = <T extends { name: string }>(xs: T[]) => xs.sort((x, y) => x.name.localeCompare(y.name));
  return {
    subjects: byName([...group.subjects.values()]),
    bindings: byName([...group.bindings].map((x) => x.binding)),
    roles: byName([...group.roles.values()]),
  };
}

export function addBuiltinIdentities(b: GraphBuilder, group: BuiltinGroup): void {
  const refs = [...group.subjects.values()];
  const allServiceAccounts = refs.every((r) => r.kind === 'ServiceAccount');
  b.node(
    {
      id: BUILTIN_IDENTITIES_NODE,
      kind: allServiceAccounts ? 'serviceaccount' : 'user',
      label: `${refs.length} built-in ${allServiceAccounts ? 'service accounts' : 'identities'}`,
      count: refs.length,
    },
    0,
  );
}

export function addBuiltinBindingChain(b: GraphBuilder, group: BuiltinGroup): void {
  if (group.bindings.size === 0) return;
  const bindings = [...group.bindings];
  const grants = bindings.flatMap((x) => (x.subjects[0] ? grantsOf(x, x.subjects[0]) : []));
  const dangerous = grants.some((g) => grantDangers(g).length > 0);
  b.node(
    {
      id: BUILTIN_BINDINGS_NODE,
      kind: 'clusterrolebinding',
      label: `${bindings.length} built-in binding${bindings.length === 1 ? '' : 's'}`,
      count: bindings.length,
      dangerous,
    },
    0,
  );
  b.edge(BUILTIN_IDENTITIES_NODE, BUILTIN_BINDINGS_NODE, 'subject-of');
  if (group.roles.size > 0) {
    b.node(
      {
        id: BUILTIN_ROLES_NODE,
        kind: 'clusterrole',
        label: `${group.roles.size} ${group.rolesBuiltin ? 'built-in ' : ''}role${group.roles.size === 1 ? '' : 's'}`,
        count: group.roles.size,
        dangerous,
      },
      1,
    );
    b.edge(BUILTIN_BINDINGS_NODE, BUILTIN_ROLES_NODE, 'binds', { dangerous });
    const grouped = bindings.filter((x) => x.role && group.roles.has(roleNodeId(x.role)));
    const roleGrants = grouped.flatMap((x) => (x.subjects[0] ? grantsOf(x, x.subjects[0]) : []));
    addResources(b, BUILTIN_ROLES_NODE, roleGrants, 'grants', 1, true);
  }
  // A role that a binding outside the group binds too is drawn by that binding; point at it.
  for (const x of bindings)
    if (x.role && !group.roles.has(roleNodeId(x.role))) b.edge(BUILTIN_BINDINGS_NODE, roleNodeId(x.role), 'binds');
}

/** The ClusterRoleBindings that grant here only to subjects elsewhere, as one node and what they grant. */
export function addClusterBindingSummary(b: GraphBuilder, elsewhere: readonly ResolvedBinding[]): void {
  const grants = elsewhere.flatMap((x) => (x.subjects[0] ? grantsOf(x, x.subjects[0]) : []));
  const dangerous = grants.some((g) => grantDangers(g).length > 0);
  b.node(
    {
      id: CLUSTER_BINDINGS_NODE,
      kind: 'clusterrolebinding',
      label: `${elsewhere.length} ClusterRoleBindings (subjects elsewhere)`,
      count: elsewhere.length,
      dangerous,
    },
    3,
  );
  addResources(b, CLUSTER_BINDINGS_NODE, grants, 'grants', 3);
}
