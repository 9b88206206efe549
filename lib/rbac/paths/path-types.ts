// The vocabulary of attack paths: who is on a path, what a step goes through, and why it is allowed.
import type { TechniqueId } from './techniques';
import type { ImpersonatedActions } from './constrained-impersonation';
import type { PolicyRule, Subject } from '../model/types';
import { type BindingRef, type RoleRef, type SubjectRef } from '../model/refs';

/**
 * Why a step is allowed: a rule of a role, held through a binding naming a subject. A role the
 * path bound itself (ROLE_BIND) has no binding yet: `binding` and `subject` are absent.
 */
export interface PathGrant {
  binding?: BindingRef;
  role: RoleRef;
  ruleIndex: number;
  rule: PolicyRule;
  subject?: Subject;
}

/**
 * A place on a path: an identity, a role held in a scope (bound by the path: `namespace` is the
 * binding's, absent for cluster-wide), or every permission in a namespace (an escalated role).
 */
export type PathNode =
  | SubjectRef
  | { kind: 'Role'; namespace: string; name: string }
  | { kind: 'ClusterRole'; name: string; namespace?: string }
  | { kind: 'Namespace'; name: string };

/** A node that is no identity: a role a path binds, or every permission of a namespace ("*": of every one). */
export type PlaceNode = Exclude<PathNode, SubjectRef>;

export const CLUSTER_ADMIN = 'cluster-admin';
export type PathTarget = typeof CLUSTER_ADMIN | PathNode;

/** What a step goes through on the way: a pod exec'd into, a node reached, a workload created. */
export type Via =
  | { kind: 'Pod'; namespace: string; name: string }
  /**
   * A node: reached by a privileged pod created in `privilegedPodIn` (by the controller of a new
   * workload of resource `privilegedPodBy`, or directly; the namespace first relabelled privileged
   * from the level `relabelledFrom`, NAMESPACE_RELABEL), else through nodes/proxy.
   */
  | {
      kind: 'Node';
      name: string;
      pod?: { namespace: string; name: string };
      privilegedPodIn?: string;
      privilegedPodBy?: string;
      relabelledFrom?: string;
    }
  /** A workload created (POD_CREATE), or an existing one (`name`) updated, known from `pod`'s owner reference. */
  | { kind: 'Workload'; resource: string; namespace: string; name?: string; pod?: string }
  /** An existing binding whose subjects the step changes. */
  | { kind: 'Binding'; binding: BindingRef }
  /** The role the step widens. */
  | { kind: 'Role'; role: RoleRef; bindsFirst?: true };

export interface PathStep {
  technique: TechniqueId;
  from: PathNode;
  to: PathTarget;
  via?: Via;
  grants: PathGrant[];
  /** What the step takes for granted that RBAC objects cannot show. */
  assumes?: string;
  /**
   * Constrained impersonation: what the identity reached may do (its own rules, as far as these
   * allow). The steps after it are made with the same impersonation headers, until one that gives
   * the path an identity of its own (a token, a pod, a binding).
   */
  actions?: ImpersonatedActions;
}

/** A grant's identity: the same rule of the same role through the same binding and subject. */
export function grantKey(g: PathGrant): string {
  const b = g.binding;
  const s = g.subject;
  return JSON.stringify([
    b?.kind ?? '',
    b?.namespace ?? '',
    b?.name ?? '',
    g.role.kind,
    g.role.namespace ?? '',
    g.role.name,
    g.ruleIndex,
    s?.kind ?? '',
    s?.namespace ?? '',
    s?.name ?? '',
  ]);
}

/** Each grant once: one rule can allow two requests of a step (update and escalate on a role). */
export function distinctGrants(grants: readonly PathGrant[]): PathGrant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = grantKey(g);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface AttackPath {
  from: SubjectRef;
  to: PathTarget;
  steps: PathStep[];
  /** For cluster-admin: the grants by which the path's last place holds every permission. */
  holds?: PathGrant[];
  /** The path ends in an identity reached by constrained impersonation: it may do only these actions. */
  limitedTo?: ImpersonatedActions;
}
