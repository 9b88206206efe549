// What a set of rules allows that matters for attack paths: each probe is one list of request shapes
// (request-shapes.ts) the API server authorizes on the way to becoming someone else. A role's probes
// are computed once per role with the authorizer's own matchers; a holder's are its roles' probes at
// their bindings' scope.
import type { ResolvedBinding } from '../authorizer/bindings';
import type { PathGrant } from '../paths/path-types';
import { nonResourceURLMatches, verbMatches } from '../authorizer/match';
import { EVERY_URL, REQUEST_SHAPES, ruleMatchesShape, type Shape, type ShapeId } from './request-shapes';
import type { PolicyRule, Subject } from '../model/types';
import { type BindingRef, type RoleRef } from '../model/refs';

/** Names allowed by a rule: every name, or those listed in resourceNames. */
export type Names = 'any' | readonly string[];

export function namesAllow(names: Names, name: string): boolean {
  return names === 'any' || names.includes(name);
}

export interface RuleMatch {
  ruleIndex: number;
  names: Names;
  /** Which shape of the probe matched first (a workload kind, exec or attach). */
  shape: Shape;
}

export type RoleProbes = Partial<Record<ShapeId, RuleMatch[]>> & {
  everyUrl?: RuleMatch[];
  /** The rules that can allow some impersonate-on:<mode>:<verb> (a verb so prefixed, or "*"): constrained impersonation. */
  impersonateOn?: number[];
};

/** Every probe a role's rules allow, with the names each rule limits it to (shapes: a version's, requestShapes). */
export function roleProbes(
  rules: readonly PolicyRule[],
  shapes: Readonly<Record<ShapeId, readonly Shape[]>> = REQUEST_SHAPES,
): RoleProbes {
  const out: RoleProbes = {};
  rules.forEach((rule, ruleIndex) => {
    const names: Names = rule.resourceNames.length === 0 ? 'any' : rule.resourceNames;
    for (const id of Object.keys(shapes) as ShapeId[]) {
      const shape = shapes[id].find((s) => ruleMatchesShape(rule, s));
      if (shape) (out[id] ??= []).push({ ruleIndex, names, shape });
    }
    if (verbMatches(rule, EVERY_URL.verb) && nonResourceURLMatches(rule, EVERY_URL.path))
      (out.everyUrl ??= []).push({ ruleIndex, names: 'any', shape: ['', '', '', ''] });
    if (rule.verbs.some((v) => v === '*' || v.startsWith('impersonate-on:')))
      (out.impersonateOn ??= []).push(ruleIndex);
  });
  return out;
}

/**
 * Rules held at a scope: "" through a ClusterRoleBinding (every namespace and cluster scope), else
 * one namespace. Plain data, no closures: a 10,000-namespace cluster holds a few hundred thousand.
 */
export interface Held {
  scope: string;
  /** Held in every namespace through one RoleBinding each: scope "" but nothing cluster-scoped. */
  namespacedOnly?: boolean;
  probes: RoleProbes;
  rules: readonly PolicyRule[];
  /** The role these rules are (for ROLE_ESCALATE: a role one is bound to); none for a namespace's every permission. */
  role?: RoleRef;
  /** The binding the rules come through, and its subject that applies; none for a role a path binds. */
  binding?: BindingRef;
  subject?: Subject;
}

/** Stands for "every permission of a namespace", which no role of the cluster is. */
const ANY_ROLE: RoleRef = { kind: 'ClusterRole', name: '*' };

/** Where rule N of a holder came from: the why of a step. */
export function grantOf(h: Held, ruleIndex: number): PathGrant {
  return {
    ...(h.binding && { binding: h.binding }),
    role: h.role ?? ANY_ROLE,
    ruleIndex,
    rule: h.rules[ruleIndex]!,
    ...(h.subject && { subject: h.subject }),
  };
}

/** One allowance of a probe: at a scope, for some names, and why. */
export interface Allowance {
  scope: string;
  namespacedOnly?: boolean;
  names: Names;
  shape: Shape;
  grant: PathGrant;
}

export function allowances(held: readonly Held[], probe: ShapeId | 'everyUrl'): Allowance[] {
  const out: Allowance[] = [];
  for (const h of held)
    for (const m of h.probes[probe] ?? [])
      out.push({
        scope: h.scope,
        ...(h.namespacedOnly && { namespacedOnly: true }),
        names: m.names,
        shape: m.shape,
        grant: grantOf(h, m.ruleIndex),
      });
  return out;
}

/** The first allowance of a namespaced request in `namespace` on `name`. */
export function allowanceFor(list: readonly Allowance[], namespace: string, name: string): Allowance | undefined {
  return list.find((a) => (a.scope === '' || a.scope === namespace) && namesAllow(a.names, name));
}

/** Allowances of cluster-scoped requests: held through a ClusterRoleBinding (a RoleBinding grants only in its namespace). */
export function clusterScoped(list: readonly Allowance[]): Allowance[] {
  return list.filter((a) => a.scope === '' && !a.namespacedOnly);
}

/** A create on a collection carries no name, so a rule limited to resourceNames never allows it. */
export function nameless(list: readonly Allowance[]): Allowance[] {
  return list.filter((a) => a.names === 'any');
}

/** Held rules of a resolved binding, through the subject that applies. */
export function heldOfBinding(bound: ResolvedBinding, subject: Subject, probes: RoleProbes): Held | undefined {
  if (!bound.role) return undefined;
  return { scope: bound.namespace, probes, rules: bound.rules, role: bound.role, binding: bound.binding, subject };
}
