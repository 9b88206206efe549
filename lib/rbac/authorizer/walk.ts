// The authorizer's one traversal, after plugin/pkg/auth/authorizer/rbac/rbac.go (Authorize, which
// visits until a rule allows) and pkg/registry/rbac/validation/rule.go (VisitRulesFor): the
// ClusterRoleBindings, then the RoleBindings of the request's namespace; in each binding the first
// subject that applies to the user (appliesTo); then each rule of the role it resolves to. can-i,
// rules-for, a subject's permissions and the attack graph's holders walk it here; who-can and
// allowedFor, which ask it for many identities at once, read each binding's allowing rules once.
import { bindingsReaching, type BindingIndex, type ResolvedBinding } from './bindings';
import type { Grant } from './grants';
import { ruleAllows } from './match';
import type { RoleRef } from '../model/refs';
import { bindingsNaming, type SubjectIndex } from '../indexes/subject-index';
import { firstApplyingSubject } from './subjects';
import type { AccessRequest, Identity, PolicyRule, Subject } from '../model/types';

/** A binding that applies, with the subject that applies; return false to stop the walk. */
export type BindingVisitor = (bound: ResolvedBinding, subject: Subject) => boolean | void;

/** A binding whose role resolves: only those have rules. */
export type GrantingBinding = ResolvedBinding & { role: RoleRef };

/** One rule of a binding that applies (rule `ruleIndex` of its role); return false to stop the walk. */
export type RuleVisitor = (
  bound: GrantingBinding,
  subject: Subject,
  rule: PolicyRule,
  ruleIndex: number,
) => boolean | void;

/**
 * VisitRulesFor's outer loop over given bindings (in walk order): each one with a subject that
 * applies to the identity, with its first such subject, as the authorizer reports it. False when stopped.
 */
export function visitBindings(
  bindings: readonly ResolvedBinding[],
  identity: Identity,
  visit: BindingVisitor,
): boolean {
  for (const bound of bindings) {
    const subject = firstApplyingSubject(identity, bound.subjects, bound.namespace);
    if (subject && visit(bound, subject) === false) return false;
  }
  return true;
}

/** Each rule of a binding that applies (none when its role is missing). False when stopped. */
export function visitRules(bound: ResolvedBinding, subject: Subject, visit: RuleVisitor): boolean {
  if (!isGranting(bound)) return true;
  const rules = bound.rules;
  for (let i = 0; i < rules.length; i++) if (visit(bound, subject, rules[i]!, i) === false) return false;
  return true;
}

const isGranting = (bound: ResolvedBinding): bound is GrantingBinding => bound.role !== undefined;

/** VisitRulesFor: every rule that applies to the identity in `namespace` ("" for cluster scope). False when stopped. */
export function visitRulesFor(index: BindingIndex, identity: Identity, namespace: string, visit: RuleVisitor): boolean {
  // bindingsReaching's two lists in its order, walked one after the other rather than copied into
  // one array at every question (right-sizing asks ~10 per service account, three times each). The
  // visitors are written inline: a named closure costs a defineProperty per call under tsx (keepNames).
  return (
    visitBindings(index.clusterBindings, identity, (bound, subject) => visitRules(bound, subject, visit)) &&
    (namespace === '' ||
      visitBindings(index.roleBindingsByNamespace.get(namespace) ?? [], identity, (bound, subject) =>
        visitRules(bound, subject, visit),
      ))
  );
}

/**
 * The same walk in every namespace at once, over only the bindings that name the identity (its
 * user name or one of its groups, from the subject index): what a subject's page and the attack
 * graph's holders ask. False when stopped.
 */
export function visitSubjectBindings(subjects: SubjectIndex, identity: Identity, visit: BindingVisitor): boolean {
  return visitBindings(bindingsNaming(subjects, identity), identity, visit);
}

/** A binding that names an identity, and its subject that applies (the first, as the authorizer reports it). */
export interface BindingNaming {
  bound: ResolvedBinding;
  via: Subject;
}

/** What an identity's grants come through, in the authorizer's walk order, without the grants themselves. */
export function subjectBindings(subjects: SubjectIndex, identity: Identity): BindingNaming[] {
  const out: BindingNaming[] = [];
  visitSubjectBindings(subjects, identity, (bound, via) => {
    out.push({ bound, via });
  });
  return out;
}

/** Rule `ruleIndex` of a resolved binding as a grant through `subject`. */
export function grantOf(bound: GrantingBinding, subject: Subject, ruleIndex: number): Grant {
  return { binding: bound.binding, role: bound.role, ruleIndex, rule: bound.rules[ruleIndex]!, subject };
}

/** Every rule of a resolved binding as a grant through `subject`, kept when `keep` says so. */
export function grantsOf(
  bound: ResolvedBinding,
  subject: Subject,
  keep: (rule: PolicyRule) => boolean = () => true,
): Grant[] {
  const grants: Grant[] = [];
  visitRules(bound, subject, (granting, s, rule, ruleIndex) => {
    if (keep(rule)) grants.push(grantOf(granting, s, ruleIndex));
  });
  return grants;
}

/** A resolved binding and the positions of its rules that allow one request. */
export interface AllowingBinding {
  bound: GrantingBinding;
  rules: number[];
}

/**
 * The walk turned around, for many identities at once (who-can, allowedFor): the bindings reaching
 * the request's namespace whose rules allow it, each binding's rules judged once, not once per
 * subject (a binding naming 5,000 subjects to a role of 20,000 rules was 100 million checks: #25).
 */
export function bindingsAllowing(
  index: BindingIndex,
  request: AccessRequest,
  firstRuleOnly = false,
): AllowingBinding[] {
  const out: AllowingBinding[] = [];
  for (const bound of bindingsReaching(index, requestNamespace(request))) {
    if (!isGranting(bound)) continue;
    const rules: number[] = [];
    for (let i = 0; i < bound.rules.length; i++) {
      if (!ruleAllows(bound.rules[i]!, request)) continue;
      rules.push(i);
      // Whether it allows, not why: the first allowing rule decides (allowedFor).
      if (firstRuleOnly) break;
    }
    if (rules.length > 0) out.push({ bound, rules });
  }
  return out;
}

/** The namespace a request is authorized in: "" for cluster scope, all namespaces and non-resource URLs. */
export function requestNamespace(request: AccessRequest): string {
  return request.kind === 'resource' ? request.namespace : '';
}
