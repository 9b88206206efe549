// Label selector matching (k8s.io/apimachinery/pkg/apis/meta/v1 LabelSelectorAsSelector): which
// ClusterRoles an aggregationRule gathers (aggregation.ts, and the relations the views show).
import type { LabelSelector, LabelSelectorRequirement, Labels } from './types';

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && req.values.includes(labels[req.key] ?? '');
    case 'NotIn':
      return !has || !req.values.includes(labels[req.key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** An empty selector matches everything, as in Kubernetes. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  return (
    Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v) &&
    selector.matchExpressions.every((req) => requirementMatches(req, labels))
  );
}
