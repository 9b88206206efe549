import type { BindingRef, RoleRef } from '../model/refs';
import type { PolicyRule, Subject } from '../model/types';

/** One reason for a yes: this binding, naming this subject, binds this role, whose rule N allows it. */
export interface Grant {
  binding: BindingRef;
  role: RoleRef;
  ruleIndex: number;
  rule: PolicyRule;
  /** The binding's subject that applies (for a service account reached through a group: the group). */
  subject: Subject;
}
