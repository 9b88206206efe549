// The authorizer's rule matchers, one for one with Kubernetes'
// pkg/apis/rbac/v1/evaluation_helpers.go and plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows).
// Matching is exact and case-sensitive; "*" is the only wildcard, except the "*/sub" resource form
// and a trailing "*" on non-resource URLs.
import type { AccessRequest, PolicyRule } from '../model/types';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/**
 * `combined` is "resource" or "resource/subresource". A rule's plain "pods" never covers
 * "pods/log"; "*" covers everything, subresources included; "*\/log" covers any resource's "log".
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return rule.resources.some(
    (r) =>
      r === '*' ||
      r === combined ||
      (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)),
  );
}

/** An empty list allows every name; otherwise the request must carry one of them (list and a nameless create carry none). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** Exact, "*", or a prefix when the rule ends in "*" (every trailing "*" is trimmed, as Go's TrimRight does). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some(
    (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))),
  );
}

export function combinedResource(resource: string, subresource: string): string {
  return subresource === '' ? resource : `${resource}/${subresource}`;
}

export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (request.kind === 'nonResource') return nonResourceURLMatches(rule, request.path);
  return (
    apiGroupMatches(rule, request.group) &&
    resourceMatches(rule, combinedResource(request.resource, request.subresource), request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}
