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
