import { UsageError } from './errors';
import { describeRewrite, type Rewrite } from '@/lib/rbac/model/request-parse';
import type { Output } from './output';

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

/** On stderr, before the answer: each name resolved as kubectl does (secret → secrets), then kubectl's warnings. */
export function reportResolution(
  parsed: { resolved: readonly Rewrite[]; warnings: readonly string[] },
  out: Pick<Output, 'err'>,
): void {
  for (const r of parsed.resolved) out.err(`Resolved: ${describeRewrite(r)}`);
  for (const w of parsed.warnings) out.err(`Warning: ${w}`);
}
