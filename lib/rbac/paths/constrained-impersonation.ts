// Constrained impersonation (KEP-5284: alpha in 1.35, beta and on by default in 1.36), after
// apiserver pkg/endpoints/filters/impersonation/mode.go. A request with impersonation headers is
// tried against each mode in turn (associated-node, arbitrary-node, serviceaccount, user-info,
// legacy); the first that allows it wins. A constrained mode asks two things of the requester:
// `impersonate:<mode>` on whom it acts as (authentication.k8s.io users, groups, serviceaccounts,
// nodes), and `impersonate-on:<mode>:<verb>` on the impersonated request's own attributes. So
// what an identity reached this way may do is the intersection of its own rules with the
// requester's impersonate-on rules: a partial identity.
import { nonResourceURLMatches, verbMatches } from '../authorizer/match';
import { grantOf, type Held, type Names, type RoleProbes, type RuleMatch } from '../findings/capabilities';
import { EVERY_URL, ruleMatchesShape, type Shape, type ShapeId } from '../findings/request-shapes';
import type { PathGrant } from './path-types';
import type { PolicyRule } from '../model/types';

export type ImpersonationMode = 'associated-node' | 'arbitrary-node' | 'serviceaccount' | 'user-info';

export const IMPERSONATION_MODES: readonly ImpersonationMode[] = [
  'associated-node',
  'arbitrary-node',
  'serviceaccount',
  'user-info',
];

/** One rule of what a partial identity may do: an impersonate-on rule with its `impersonate-on:<mode>:` taken off. */
export interface ActionRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  /** Where the rule is held: a namespace, or "" everywhere (cluster scope too unless namespacedOnly). */
  namespace: string;
  namespacedOnly?: boolean;
}

/** What an identity reached by constrained impersonation may do, and why. */
export interface ImpersonatedActions {
  mode: ImpersonationMode;
  rules: ActionRule[];
}

/** The requester's rules that can allow impersonate-on:<mode>:<verb>, held where they are. */
export interface ActionSource {
  held: Held;
  ruleIndexes: number[];
}

const actionVerb = (mode: ImpersonationMode, verb: string) => `impersonate-on:${mode}:${verb}`;

/** The verbs a rule allows as impersonate-on:<mode>:<verb>: "*" for every verb ("*" is RBAC's only wildcard). */
function actionVerbs(rule: PolicyRule, mode: ImpersonationMode): string[] {
  const prefix = actionVerb(mode, '');
  return rule.verbs.flatMap((v) => (v === '*' ? ['*'] : v.startsWith(prefix) ? [v.slice(prefix.length)] : []));
}

/** The requester's impersonate-on rules for a mode, wherever held. */
export function actionSources(held: readonly Held[], mode: ImpersonationMode): ActionSource[] {
  const out: ActionSource[] = [];
  for (const h of held) {
    const candidates = h.probes.impersonateOn;
    if (!candidates) continue;
    const ruleIndexes = candidates.filter((i) => actionVerbs(h.rules[i]!, mode).length > 0);
    if (ruleIndexes.length > 0) out.push({ held: h, ruleIndexes });
  }
  return out;
}

/** The actions as the API shows them, and the grants that allow them. */
export function describeActions(
  mode: ImpersonationMode,
  sources: readonly ActionSource[],
): { actions: ImpersonatedActions; grants: PathGrant[] } {
  const rules: ActionRule[] = [];
  const grants: PathGrant[] = [];
  for (const { held, ruleIndexes } of sources)
    for (const i of ruleIndexes) {
      const r = held.rules[i]!;
      rules.push({
        verbs: actionVerbs(r, mode),
        apiGroups: [...r.apiGroups],
        resources: [...r.resources],
        resourceNames: [...r.resourceNames],
        nonResourceURLs: [...r.nonResourceURLs],
        namespace: held.scope,
        ...(held.namespacedOnly && { namespacedOnly: true }),
      });
      grants.push(grantOf(held, i));
    }
  return { actions: { mode, rules }, grants };
}

/** Where rules held at two scopes both apply: the narrower scope, or none. */
function commonScope(a: Held, b: Held): Pick<Held, 'scope' | 'namespacedOnly'> | undefined {
  if (a.scope !== '' && b.scope !== '' && a.scope !== b.scope) return undefined;
  const scope = a.scope === '' ? b.scope : a.scope;
  const namespacedOnly = scope === '' && (a.namespacedOnly === true || b.namespacedOnly === true);
  return { scope, ...(namespacedOnly && { namespacedOnly: true }) };
}

function intersectNames(a: Names, b: readonly string[]): Names | undefined {
  if (b.length === 0) return a;
  const names = a === 'any' ? [...b] : a.filter((n) => b.includes(n));
  return names.length > 0 ? names : undefined;
}

/** Whether an impersonate-on rule allows the request shape as an action of the mode (rbac.go RuleAllows, the verb prefixed). */
function allowsAction(rule: PolicyRule, mode: ImpersonationMode, [verb, ...rest]: Shape): boolean {
  return ruleMatchesShape(rule, [actionVerb(mode, verb), ...rest]);
}

/** The first shape of a probe a target rule allows and an action rule allows too, with the names both allow. */
function matchBoth(
  rule: PolicyRule,
  names: Names,
  actions: readonly PolicyRule[],
  mode: ImpersonationMode,
  shapes: readonly Shape[],
): Omit<RuleMatch, 'ruleIndex'> | undefined {
  for (const shape of shapes)
    for (const a of actions) {
      if (!allowsAction(a, mode, shape)) continue;
      const both = intersectNames(names, a.resourceNames);
      if (both) return { names: both, shape };
    }
  return undefined;
}

/** A target's probes as far as the actions allow them. */
function filteredProbes(
  target: Held,
  actions: readonly PolicyRule[],
  mode: ImpersonationMode,
  shapes: Readonly<Record<ShapeId, readonly Shape[]>>,
): RoleProbes {
  const out: RoleProbes = {};
  target.rules.forEach((rule, ruleIndex) => {
    const names: Names = rule.resourceNames.length === 0 ? 'any' : rule.resourceNames;
    for (const id of Object.keys(shapes) as ShapeId[]) {
      const own = shapes[id].filter((s) => ruleMatchesShape(rule, s));
      const m = own.length > 0 ? matchBoth(rule, names, actions, mode, own) : undefined;
      if (m) (out[id] ??= []).push({ ruleIndex, ...m });
    }
    const anyUrl = (r: PolicyRule, verb: string) => verbMatches(r, verb) && nonResourceURLMatches(r, EVERY_URL.path);
    if (anyUrl(rule, EVERY_URL.verb) && actions.some((a) => anyUrl(a, actionVerb(mode, EVERY_URL.verb))))
      (out.everyUrl ??= []).push({ ruleIndex, names: 'any', shape: ['', '', '', ''] });
  });
  return out;
}

/**
 * What an identity holding `target` may do when impersonated through `mode` by a requester whose
 * impersonate-on rules are `sources`: each of its rules where both it and an action rule apply
 * (scope and names intersected).
 */
export function partialHeld(
  target: readonly Held[],
  sources: readonly ActionSource[],
  mode: ImpersonationMode,
  shapes: Readonly<Record<ShapeId, readonly Shape[]>>,
): Held[] {
  const out: Held[] = [];
  for (const h of target)
    for (const src of sources) {
      const scope = commonScope(h, src.held);
      if (!scope) continue;
      const actions = src.ruleIndexes.map((i) => src.held.rules[i]!);
      const probes = filteredProbes(h, actions, mode, shapes);
      if (Object.keys(probes).length === 0) continue;
      out.push({
        ...scope,
        probes,
        rules: h.rules,
        ...(h.role && { role: h.role }),
        ...(h.binding && { binding: h.binding }),
        ...(h.subject && { subject: h.subject }),
      });
    }
  return out;
}
