// One severity model for every surface (badges, /risks, /subjects, the overview, SARIF, the CLI).
// A finding's severity is its rule's (finding-rules.ts, with the techniques' as data); a danger
// label speaks for the finding kind about the same request shapes, and so has that kind's severity;
// a subject's severity is its worst finding's. Nothing here reads a name or a label.
import type { DangerId } from './danger';
import { findingRule, type FindingId } from './finding-rules';
import type { Severity } from '../paths/techniques';

/** What each severity means, and how code-scanning dashboards are told it (SARIF level, security-severity). */
export interface SeverityLevel {
  meaning: string;
  sarif: 'error' | 'warning' | 'note';
  securitySeverity: string;
}

export const SEVERITY_LEVELS: Readonly<Record<Severity, SeverityLevel>> = {
  critical: {
    meaning:
      'Someone holds every permission, or can get it: a path to cluster-admin, a danger granted to every caller or ' +
      "slipped into Kubernetes' own roles.",
    sarif: 'error',
    securitySeverity: '9.5',
  },
  high: {
    meaning: 'A step to another identity or to cluster-wide data: impersonation, bind or escalate, tokens, webhooks.',
    sarif: 'error',
    securitySeverity: '8.0',
  },
  medium: {
    meaning: 'A step inside a namespace (pods, workloads) or a grant broader than it needs to be.',
    sarif: 'warning',
    securitySeverity: '5.5',
  },
  low: { meaning: 'Hygiene: grants nothing dangerous today, may later.', sarif: 'note', securitySeverity: '3.0' },
};

/**
 * The cluster-admin rule, as the legend and the docs say it. Holding every permission is never
 * ranked below a path to it: RBAC Atlas cannot tell a deliberate break-glass admin from a mistake,
 * and a name or label that says "deliberate" is one anyone who may create bindings can write.
 */
export const CLUSTER_ADMIN_RULE =
  'Holding every permission (cluster-admin) is critical, the same as a path to it, and is listed first: a path ' +
  'to cluster-admin never outranks holding it. No name or label lowers either, since anyone who may create ' +
  'bindings can write them; a deliberate break-glass admin is recorded as an exception (audit --exceptions).';

/** The finding kind each danger label speaks for: the one about the same request shapes. */
export const DANGER_FINDINGS: Readonly<Record<DangerId, FindingId>> = {
  wildcard: 'WILDCARD',
  escalate: 'ROLE_ESCALATE',
  bind: 'ROLE_BIND',
  impersonate: 'IMPERSONATE',
  'create-pods': 'POD_CREATE',
  'patch-pods': 'POD_PATCH',
  'update-workloads': 'WORKLOAD_UPDATE',
  'relabel-namespaces': 'NAMESPACE_RELABEL',
  'read-secrets': 'SECRETS_READ',
  'cluster-admin': 'CLUSTER_ADMIN_BINDING',
};

/** A danger label's severity: its finding kind's (the one a rule catalogue shows). */
export function dangerSeverity(id: DangerId): Severity {
  return findingRule(DANGER_FINDINGS[id]).severity;
}

/**
 * The kinds listed first among findings (and subjects) of the same severity, in this order: holding
 * every permission, then a path to it. Every other kind follows, by id.
 */
export const LEADING_FINDINGS: readonly FindingId[] = ['CLUSTER_ADMIN_BINDING', 'PATH_TO_CLUSTER_ADMIN'];

/** A kind's place among findings of one severity: the leading kinds first. */
export function findingPrecedence(id: FindingId): number {
  const i = LEADING_FINDINGS.indexOf(id);
  return i < 0 ? LEADING_FINDINGS.length : i;
}
