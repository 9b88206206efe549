import { bindingsReaching, type BindingIndex } from './bindings';
import { grantsOf, type Grant } from './grants';
import { ruleAllows } from './match';
import { firstApplyingSubject } from './subjects';
import type { AccessRequest, Identity } from './types';

export interface CanIAnswer {
  allowed: boolean;
  /** Every grant that allows the request; empty when denied. */
  grants: Grant[];
}

export function requestNamespace(request: AccessRequest): string {
  return request.kind === 'resource' ? request.namespace : '';
}

/** The RBAC authorizer's decision for one identity and request, with all of its reasons. */
export function canI(index: BindingIndex, identity: Identity, request: AccessRequest): CanIAnswer {
  const grants: Grant[] = [];
  for (const bound of bindingsReaching(index, requestNamespace(request))) {
    const subject = firstApplyingSubject(identity, bound.subjects, bound.namespace);
    if (subject) grants.push(...grantsOf(bound, subject, (rule) => ruleAllows(rule, request)));
  }
  return { allowed: grants.length > 0, grants };
}
