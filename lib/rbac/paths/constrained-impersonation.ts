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
import { builtinByName } from '../model/resource-types';
import { IMPERSONATION_MODES, impersonateOnVerb, type ImpersonationMode } from '../model/impersonation-verbs';

export { IMPERSONATION_MODES, type ImpersonationMode };

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

const actionVerb = impersonateOnVerb;

/** The verbs a request can have (RequestInfo): a resource request's, and the HTTP methods of others. */
const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
const URL_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** A create or deletecollection of a collection carries no name when it is authorized: resourceNames never allow it. */
const NAMELESS = new Set(['create', 'deletecollection']);

/**
 * The verbs a rule allows as impersonate-on:<mode>:<verb> that some request can have: "*" is RBAC's
 * only wildcard (a literal `impersonate-on:<mode>:*` allows nothing), a verb only handlers check
 * (bind, escalate, approve…) is never a request's, a create narrowed by name matches none, and a
 * RoleBinding allows neither cluster-scoped resources nor URLs.
 */
function actionVerbs(
  rule: PolicyRule,
  mode: ImpersonationMode,
  held?: Pick<Held, 'scope' | 'namespacedOnly'>,
): string[] {
  const prefix = actionVerb(mode, '');
  const namespaced = held !== undefined && (held.scope !== '' || held.namespacedOnly === true);
  const urls = rule.nonResourceURLs.length > 0 && !namespaced;
  const resources =
    rule.resources.length > 0 && rule.apiGroups.some((g) => rule.resources.some((r) => reachable(g, r, namespaced)));
  // A create on a subresource (a TokenRequest, an exec) names its object.
  const named = rule.resources.some((r) => r === '*' || r.includes('/'));
  const usable = (v: string) =>
    (urls && URL_VERBS.has(v)) ||
    (resources && RESOURCE_VERBS.has(v) && (rule.resourceNames.length === 0 || !NAMELESS.has(v) || named));
  return rule.verbs.flatMap((v) => {
    if (v === '*') return urls || resources ? ['*'] : [];
    const verb = v.startsWith(prefix) ? v.slice(prefix.length) : undefined;
    return verb !== undefined && usable(verb) ? [verb] : [];
  });
}

/** Whether a request for a rule's resource can be held where the rule is: a cluster-scoped type needs a ClusterRoleBinding. */
function reachable(group: string, resource: string, namespaced: boolean): boolean {
  if (!namespaced || resource === '*' || group === '*') return true;
  const type = builtinByName(resource.split('/')[0]!, group);
  return type === undefined || type.namespaced;
}

/** The requester's impersonate-on rules for a mode that some request can match, wherever held. */
export function actionSources(held: readonly Held[], mode: ImpersonationMode): ActionSource[] {
  const out: ActionSource[] = [];
  for (const h of held) {
    const candidates = h.probes.impersonateOn;
    if (!candidates) continue;
    const ruleIndexes = candidates.filter((i) => actionVerbs(h.rules[i]!, mode, h).length > 0);
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
        verbs: actionVerbs(r, mode, held),
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

/** The names the action rules allowing a shape allow together (RBAC allows when any rule does). */
function actionNames(actions: readonly PolicyRule[], mode: ImpersonationMode, shape: Shape): Names | undefined {
  const allowing = actions.filter((a) => allowsAction(a, mode, shape));
  if (allowing.length === 0) return undefined;
  if (allowing.some((a) => a.resourceNames.length === 0)) return 'any';
  return [...new Set(allowing.flatMap((a) => a.resourceNames))];
}

/** The first shape of a probe a target rule allows and the action rules allow too, with the names both allow. */
function matchBoth(
  names: Names,
  actions: readonly PolicyRule[],
  mode: ImpersonationMode,
  shapes: readonly Shape[],
): Omit<RuleMatch, 'ruleIndex'> | undefined {
  for (const shape of shapes) {
    const allowed = actionNames(actions, mode, shape);
    const both = allowed && (allowed === 'any' ? names : intersectNames(names, allowed));
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
      const m = own.length > 0 ? matchBoth(names, actions, mode, own) : undefined;
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
