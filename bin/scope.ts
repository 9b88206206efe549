import { UsageError } from './errors';

export interface ScopeFlags {
  namespace?: string;
  allNamespaces?: boolean;
}

/** -n NS, or "" for -A (all namespaces), or "default" as kubectl does without a kubeconfig namespace. */
export function namespaceFrom(flags: ScopeFlags): string {
  if (flags.allNamespaces && flags.namespace) throw new UsageError('use either -n NAMESPACE or -A, not both');
  if (flags.allNamespaces) return '';
  return flags.namespace ?? 'default';
}
