// Why not: for a request the authorizer denies, the bindings that nearly allow it. Each near miss
// is one thing away from a yes: a rule of a binding that applies and reaches the request's
// namespace, failing on exactly one of the attributes rbac.go's RuleAllows compares
// (pkg/apis/rbac/v1/evaluation_helpers.go: verb, API group, resource/subresource, resource name,
// non-resource URL); or a binding whose rule allows the request but that does not reach it (a
// RoleBinding of another namespace; a RoleBinding for a request at cluster scope, which
// VisitRulesFor never reads RoleBindings for); or a binding that would apply but for one thing (its
// roleRef names a role that does not exist; a subject naming the identity in another namespace or
// as another kind, which appliesToUser in rule.go compares exactly). Computed only when asked:
// canI's walk is unchanged.
import { writtenRole, type BindingIndex, type ResolvedBinding } from './bindings';
import {
  apiGroupMatches,
  combinedResource,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  verbMatches,
} from './match';
import { canI } from './can-i';
import { splitServiceAccountUsername } from '../model/identity';
import { selectorMatches } from '../model/labels';
import type { BindingRef, ObjectRef, SubjectRef } from '../model/refs';
import { bindingsAllowing, requestNamespace, visitSubjectBindings } from './walk';
import { firstApplyingSubject, subjectRefOf } from './subjects';
import type { SubjectIndex } from '../indexes/subject-index';
import type { AccessRequest, Identity, PolicyRule, Subject } from '../model/types';

/**
 * What is one thing off, in rank order (NEAR_MISS_KINDS): rule attributes first, the narrowest
 * first (a missing resource name or verb is the smallest widening of a rule that already names the
 * resource; a resource or API group widens it to another type), then what is off in the binding.
 */
export type NearMissKind =
  | 'resourceName'
  | 'verb'
  | 'nonResourceURL'
  | 'resource'
  | 'apiGroup'
  | 'namespace'
  | 'clusterScope'
  | 'subjectNamespace'
  | 'subjectKind'
  | 'missingRole';

export const NEAR_MISS_KINDS: readonly NearMissKind[] = [
  'resourceName',
  'verb',
  'nonResourceURL',
  'resource',
  'apiGroup',
  'namespace',
  'clusterScope',
  'subjectNamespace',
  'subjectKind',
  'missingRole',
];

/** At most this many near misses are named, the best ranked first. */
export const NEAR_MISSES_SHOWN = 10;

export interface NearMiss {
  kind: NearMissKind;
  binding: BindingRef;
  /** The role the binding names, as written (for missingRole: the one that does not exist). */
  role: ObjectRef;
  /** The rule one attribute off, or the rule that allows the request where the binding is off. */
  ruleIndex?: number;
  rule?: PolicyRule;
  /** The binding's subject that applies; for subjectNamespace and subjectKind, the one that nearly does. */
  subject: Subject;
  /** subjectNamespace and subjectKind: the subject that would apply in its place. */
  fixedSubject?: SubjectRef;
  /** rule kinds and namespace: the request the binding does allow, the one attribute changed. */
  allows?: AccessRequest;
  /** rule kinds: the rule as the fix leaves it (the request's value added, or resourceNames removed). */
  fixedRule?: PolicyRule;
  /**
   * rule kinds, when the role aggregates (its rules are the aggregation controller's copies, and an
   * edit of them is undone): the ClusterRole and rule it copies, where the fix goes.
   */
  fixIn?: { role: ObjectRef; ruleIndex: number };
}

export interface WhyNot {
  /** The best ranked, at most NEAR_MISSES_SHOWN. */
  nearMisses: NearMiss[];
  /** How many were found in all. */
  total: number;
}

const NONE: WhyNot = { nearMisses: [], total: 0 };

/**
 * The near misses for a request canI denies (none for one it allows, system:masters included),
 * ranked by kind (NEAR_MISS_KINDS), then in the authorizer's walk order of bindings, then by rule.
 */
export function whyNot(
  index: BindingIndex,
  subjects: SubjectIndex,
  identity: Identity,
  request: AccessRequest,
  limit = NEAR_MISSES_SHOWN,
): WhyNot {
  if (canI(index, identity, request).allowed) return NONE;
  const found: { miss: NearMiss; seq: number }[] = [];
  const add = (bound: ResolvedBinding) => (miss: NearMiss) => found.push({ miss, seq: bound.seq });
  const source = (bound: ResolvedBinding, rule: PolicyRule) => aggregatedSource(index, bound, rule);
  visitSubjectBindings(subjects, identity, (bound, subject) =>
    applyingMisses(bound, subject, request, add(bound), source),
  );
  for (const { bound, rules } of bindingsAllowing(index, request, true))
    subjectMisses(bound, rules[0]!, identity, add(bound));
  const rank = (m: NearMiss) => NEAR_MISS_KINDS.indexOf(m.kind);
  found.sort(
    (a, b) => rank(a.miss) - rank(b.miss) || a.seq - b.seq || (a.miss.ruleIndex ?? 0) - (b.miss.ruleIndex ?? 0),
  );
  return { nearMisses: found.slice(0, limit).map((f) => f.miss), total: found.length };
}

/** Whether the walk reads a binding for a request in `namespace` (bindings.ts bindingsReaching). */
const reaches = (bound: ResolvedBinding, namespace: string) =>
  bound.binding.kind === 'ClusterRoleBinding' || (namespace !== '' && bound.namespace === namespace);

/** The near misses of a binding that applies to the identity. */
function applyingMisses(
  bound: ResolvedBinding,
  subject: Subject,
  request: AccessRequest,
  add: (m: NearMiss) => void,
  source: (bound: ResolvedBinding, rule: PolicyRule) => NearMiss['fixIn'],
): void {
  const base = { binding: bound.binding, role: writtenRole(bound), subject };
  const namespace = requestNamespace(request);
  if (bound.dangling) {
    if (reaches(bound, namespace) && canCreateRole(bound, request)) add({ kind: 'missingRole', ...base });
    return;
  }
  bound.rules.forEach((rule, ruleIndex) => {
    if (reaches(bound, namespace)) {
      const off = oneOff(rule, request);
      if (!off) return;
      const fixIn = source(bound, rule);
      add({
        kind: off.kind,
        ...base,
        ruleIndex,
        rule,
        ...(off.allows && { allows: off.allows }),
        fixedRule: fixedRule(off.kind, rule, request),
        ...(fixIn && { fixIn }),
      });
    } else if (ruleAllows(rule, request)) {
      // A RoleBinding whose rule allows the request, read only in its own namespace.
      if (request.kind !== 'resource' || namespace === '') add({ kind: 'clusterScope', ...base, ruleIndex, rule });
      else add({ kind: 'namespace', ...base, ruleIndex, rule, allows: { ...request, namespace: bound.namespace } });
    }
  });
}

/**
 * Whether creating the role a dangling roleRef names would make it grant: a ClusterRole, or a Role
 * in a RoleBinding's namespace for a resource request (a Role cannot name non-resource URLs,
 * pkg/apis/rbac/validation ValidatePolicyRule). A ClusterRoleBinding naming a Role never resolves.
 */
function canCreateRole(bound: ResolvedBinding, request: AccessRequest): boolean {
  if (bound.roleRef.kind === 'ClusterRole') return true;
  return bound.roleRef.kind === 'Role' && bound.namespace !== '' && request.kind === 'resource';
}

type Off = { kind: NearMissKind; allows?: AccessRequest };

/** The one attribute a rule fails on, and the request it allows with that attribute changed; undefined when 0 or 2+. */
export function oneOff(rule: PolicyRule, request: AccessRequest): Off | undefined {
  const offs: Off[] = [];
  if (!verbMatches(rule, request.verb)) offs.push({ kind: 'verb', allows: { ...request, verb: rule.verbs[0]! } });
  if (request.kind === 'nonResource') {
    // A rule of resources only is not one URL away: a rule cannot name both (ValidatePolicyRule).
    if (rule.nonResourceURLs.length === 0) return undefined;
    if (!nonResourceURLMatches(rule, request.path))
      offs.push({ kind: 'nonResourceURL', allows: { ...request, path: rule.nonResourceURLs[0]!.replace(/\*+$/, '') } });
    return offs.length === 1 ? offs[0] : undefined;
  }
  if (rule.resources.length === 0) return undefined;
  if (!apiGroupMatches(rule, request.group))
    offs.push({
      kind: 'apiGroup',
      ...(rule.apiGroups[0] !== undefined && { allows: { ...request, group: rule.apiGroups[0] } }),
    });
  if (!resourceMatches(rule, combinedResource(request.resource, request.subresource), request.subresource))
    offs.push({ kind: 'resource', allows: { ...request, ...resourceIn(rule.resources[0]!, request.resource) } });
  if (!resourceNameMatches(rule, request.name))
    offs.push({ kind: 'resourceName', allows: { ...request, name: rule.resourceNames[0]! } });
  return offs.length === 1 ? offs[0] : undefined;
}

/** The resource and subresource a rule's resource entry allows: "pods/log", "pods", or "*\/scale" of `resource`. */
function resourceIn(entry: string, resource: string): { resource: string; subresource: string } {
  const [main = '', sub = ''] = entry.split('/');
  return { resource: main === '*' ? resource : main, subresource: sub };
}

/** The rule with the one change a rule-level near miss names: the request's value added, or resourceNames removed. */
export function fixedRule(kind: NearMissKind, rule: PolicyRule, request: AccessRequest): PolicyRule {
  const add = (xs: readonly string[], x: string) => [...xs, x];
  if (kind === 'verb') return { ...rule, verbs: add(rule.verbs, request.verb) };
  if (request.kind === 'nonResource') return { ...rule, nonResourceURLs: add(rule.nonResourceURLs, request.path) };
  if (kind === 'apiGroup') return { ...rule, apiGroups: add(rule.apiGroups, request.group) };
  if (kind === 'resource')
    return { ...rule, resources: add(rule.resources, combinedResource(request.resource, request.subresource)) };
  // A request without a name matches only a rule that names none (RuleAllows' ResourceNameMatches).
  return { ...rule, resourceNames: request.name === '' ? [] : add(rule.resourceNames, request.name) };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameRule = (a: PolicyRule, b: PolicyRule) =>
  sameList(a.verbs, b.verbs) &&
  sameList(a.apiGroups, b.apiGroups) &&
  sameList(a.resources, b.resources) &&
  sameList(a.resourceNames, b.resourceNames) &&
  sameList(a.nonResourceURLs, b.nonResourceURLs);

/**
 * Where a rule of an aggregating ClusterRole comes from: the first ClusterRole its selectors match
 * with the same rule (the aggregation controller copies them, pkg/controller/clusterroleaggregation).
 */
function aggregatedSource(index: BindingIndex, bound: ResolvedBinding, rule: PolicyRule): NearMiss['fixIn'] {
  const aggregating = bound.role?.kind === 'ClusterRole' ? index.clusterRoles.get(bound.role.name) : undefined;
  const selectors = aggregating?.aggregationRule?.clusterRoleSelectors;
  if (!aggregating || !selectors) return undefined;
  for (const other of index.clusterRoles.values()) {
    if (other.name === aggregating.name || !selectors.some((sel) => selectorMatches(sel, other.labels))) continue;
    const ruleIndex = other.rules.findIndex((r) => sameRule(r, rule));
    if (ruleIndex >= 0) return { role: { kind: 'ClusterRole', name: other.name }, ruleIndex };
  }
  return undefined;
}

/**
 * The subjects of a binding whose rule `ruleIndex` allows the request, and that applies to nothing
 * the identity is, that name the identity but for one thing: a service account in another namespace
 * (or in none, in a ClusterRoleBinding, where it names nobody), or its name as another kind.
 */
function subjectMisses(bound: ResolvedBinding, ruleIndex: number, identity: Identity, add: (m: NearMiss) => void) {
  if (firstApplyingSubject(identity, bound.subjects, bound.namespace)) return;
  const base = { binding: bound.binding, role: writtenRole(bound), ruleIndex, rule: bound.rules[ruleIndex]! };
  for (const subject of bound.subjects) {
    const near = nearSubject(subject, bound.namespace, identity);
    if (near) add({ ...base, kind: near.kind, subject, fixedSubject: near.fixed });
  }
}

type NearSubject = { kind: 'subjectNamespace' | 'subjectKind'; fixed: SubjectRef };

/** How a subject misses the identity by one thing (rule.go appliesToUser compares kind, name and namespace), and the subject that would apply. */
export function nearSubject(subject: Subject, bindingNamespace: string, identity: Identity): NearSubject | undefined {
  const sa = splitServiceAccountUsername(identity.user);
  const self: SubjectRef = sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: identity.user };
  const ref = subjectRefOf(subject, bindingNamespace);
  const asSelf = { kind: 'subjectKind', fixed: self } as const;
  if (!ref) {
    const namespaceless = subject.kind === 'ServiceAccount' && sa !== undefined && subject.name === sa.name;
    return namespaceless ? { kind: 'subjectNamespace', fixed: self } : undefined;
  }
  if (ref.kind === 'ServiceAccount') {
    if (sa)
      return ref.name === sa.name && ref.namespace !== sa.namespace
        ? { kind: 'subjectNamespace', fixed: self }
        : undefined;
    return ref.name === identity.user ? asSelf : undefined;
  }
  if (ref.kind === 'User') {
    if (identity.groups.includes(ref.name)) return { kind: 'subjectKind', fixed: { kind: 'Group', name: ref.name } };
    return sa && ref.name === sa.name ? asSelf : undefined;
  }
  return ref.name === identity.user || (sa && ref.name === sa.name) ? asSelf : undefined;
}
