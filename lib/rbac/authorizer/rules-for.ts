import type { BindingIndex, DanglingBinding } from './bindings';
import type { Grant } from './grants';
import type { Identity } from '../model/types';
import { bindingsReaching } from './bindings';
import { grantsOf, visitBindings } from './walk';

export interface RulesForAnswer {
  /** One grant per rule that applies to the identity in the namespace (rule and why together). */
  grants: Grant[];
  /** Bindings that name the identity but whose role is missing: the list may be incomplete. */
  dangling: DanglingBinding[];
}

/** The effective rules of an identity in `namespace` ("" for cluster scope), like `kubectl auth can-i --list`. */
export function rulesFor(index: BindingIndex, identity: Identity, namespace: string): RulesForAnswer {
  const grants: Grant[] = [];
  const dangling: DanglingBinding[] = [];
  visitBindings(bindingsReaching(index, namespace), identity, (bound, subject) => {
    if (bound.dangling) dangling.push(bound.dangling);
    grants.push(...grantsOf(bound, subject));
  });
  return { grants, dangling };
}
