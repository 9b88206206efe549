import type { BindingIndex } from './bindings';
import type { Grant } from './grants';
import { PRIVILEGED_GROUP } from '../model/identity';
import { ruleAllows } from './match';
import { firstApplyingSubject } from './subjects';
import type { AccessRequest, Identity } from '../model/types';
import { bindingsAllowing, grantOf, requestNamespace, visitRulesFor } from './walk';

export interface CanIAnswer {
  allowed: boolean;
  /** Every RBAC grant that allows the request. */
  grants: Grant[];
  /** In system:masters: allowed by the API server whatever RBAC says. */
  superuser?: true;
}

/** The API server's decision for one identity and request (system:masters, then RBAC), with all of its reasons. */
export function canI(index: BindingIndex, identity: Identity, request: AccessRequest): CanIAnswer {
  const grants: Grant[] = [];
  // Every allowing rule, not only the first (rbac.go stops there): the answer lists all its reasons.
  visitRulesFor(index, identity, requestNamespace(request), (bound, subject, rule, ruleIndex) => {
    if (ruleAllows(rule, request)) grants.push(grantOf(bound, subject, ruleIndex));
  });
  if (identity.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, grants, superuser: true };
  return { allowed: grants.length > 0, grants };
}

/**
 * canI's decision for many identities at once (a graph's thousands of folded subjects): each
 * binding's rules are read once for all of them, and an identity is allowed when some binding
 * that allows the request applies to it (or it is in system:masters), as the authorizer decides.
 */
export function allowedFor(index: BindingIndex, identities: readonly Identity[], request: AccessRequest): boolean[] {
  const allowing = bindingsAllowing(index, request, true).map((a) => a.bound);
  return identities.map(
    (identity) =>
      identity.groups.includes(PRIVILEGED_GROUP) ||
      allowing.some((b) => firstApplyingSubject(identity, b.subjects, b.namespace) !== undefined),
  );
}
