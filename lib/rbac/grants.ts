import type { BindingRef, ResolvedBinding, RoleRefResolved } from './bindings';
import type { PolicyRule, Subject } from './types';

/** One reason for a yes: this binding, naming this subject, binds this role, whose rule N allows it. */
export interface Grant {
  binding: BindingRef;
  role: RoleRefResolved;
  ruleIndex: number;
  rule: PolicyRule;
  /** The binding's subject that applies (for a service account reached through a group: the group). */
  subject: Subject;
}

/** Every rule of a resolved binding as a grant through `subject`, kept when `keep` says so. */
export function grantsOf(
  bound: ResolvedBinding,
  subject: Subject,
  keep: (rule: PolicyRule) => boolean = () => true,
): Grant[] {
  const role = bound.role;
  if (!role) return [];
  const grants: Grant[] = [];
  bound.rules.forEach((rule, ruleIndex) => {
    if (keep(rule)) grants.push({ binding: bound.binding, role, ruleIndex, rule, subject });
  });
  return grants;
}
