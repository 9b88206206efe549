// What a fix is: the objects to apply and to delete (each as the model holds it, so its manifest can
// be written and read back), why this change, and what else it changes or cannot change.
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding, ServiceAccount } from '../model/types';

export type RoleObject = { kind: 'Role'; value: Role } | { kind: 'ClusterRole'; value: ClusterRole };

export type BindingObject =
  { kind: 'RoleBinding'; value: RoleBinding } | { kind: 'ClusterRoleBinding'; value: ClusterRoleBinding };

export type FixObject = RoleObject | BindingObject | { kind: 'ServiceAccount'; value: ServiceAccount };

export interface ModelChange {
  apply: FixObject[];
  /** Each object as it is now: deleted by kind, namespace and name. */
  delete: FixObject[];
}

/** Which change: narrow the role, take the subject out of the binding, or change the object itself. */
export type FixChoice = 'role' | 'binding' | 'object';

export const FIX_CHOICES: readonly FixChoice[] = ['role', 'binding', 'object'];

export interface Fix {
  choice: FixChoice;
  change: ModelChange;
  /** What the change does, in one sentence. */
  why: string;
  /** What else it changes, or what it cannot change. */
  notes: string[];
  /**
   * The change only takes these labels off its one applied object: said as `kubectl label KEY-`,
   * since `kubectl apply` without them removes a label only when its last-applied annotation has it.
   */
  labelsRemoved?: string[];
  /**
   * The change only takes these Secrets out of its one service account's `.secrets`: said as a patch
   * (apply would not remove a list the token controller wrote) and each Secret's delete.
   */
  secretsRemoved?: string[];
}

export interface FixAnswer {
  fix?: Fix;
  /** The other change that also removes it (a binding change beside a narrowed role). */
  alternative?: Fix;
  /** Why there is no change to propose, when there is none. */
  none?: string;
}
