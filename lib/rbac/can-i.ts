import { bindingsReaching, type BindingIndex } from './bindings';
import { grantsOf, type Grant } from './grants';
import { PRIVILEGED_GROUP } from './identity';
import { ruleAllows } from './match';
import { firstApplyingSubject } from './subjects';
import type { AccessRequest, Identity } from './types';

export interface CanIAnswer {
  allowed: boolean;
  /** Every RBAC grant that allows the request. */
  grants: Grant[];
  /** In system:masters: allowed by the API server whatever RBAC says. */
  superuser?: true;
}

export function requestNamespace(request: AccessRequest): string {
  return request.kind === 'resource' ? request.namespace : '';
}

/** The API server's decision for one identity and request (system:masters, then RBAC), with all of its reasons. */
export function canI(index: BindingIndex, identity: Identity, request: AccessRequest): CanIAnswer {
  const grants: Grant[] = [];
  for (const bound of bindingsReaching(index, requestNamespace(request))) {
    const subject = firstApplyingSubject(identity, bound.subjects, bound.namespace);
    if (subject) grants.push(...grantsOf(bound, subject, (rule) => ruleAllows(rule, request)));
  }
  if (identity.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, grants, superuser: true };
  return { allowed: grants.length > 0, grants };
}

/**
 * canI's decision for many identities at once (a graph's thousands of folded subjects): each
 * binding's rules are read once for all of them, and an identity is allowed when some binding
 * that allows the request applies to it (or it is in system:masters), as the authorizer decides.
 */
export function allowedFor(index: BindingIndex, identities: readonly Identity[], request: AccessRequest): boolean[] {
  const allowing = bindingsReaching(index, requestNamespace(request)).filter((b) =>
    b.rules.some((rule) => ruleAllows(rule, request)),
  );
  return identities.map(
    (identity) =>
      identity.groups.includes(PRIVILEGED_GROUP) ||
      allowing.some((b) => firstApplyingSubject(identity, b.subjects, b.namespace) !== undefined),
  );
}
