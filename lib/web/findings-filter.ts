// What /risks and /api/findings filter by, read once for both: severity, finding kind, namespace,
// and whether Kubernetes' own findings are included. The page's export links carry the same query.
import { FINDING_RULES, SEVERITIES, visibleItems, type Finding, type Severity } from '@/lib/rbac';

export interface FindingFilter {
  severity?: Severity;
  id?: string;
  namespace?: string;
  builtin: boolean;
}

/** `get` reads one parameter ('' when absent); each bad value is a problem, and left out of the filter. */
export function parseFindingFilter(get: (key: string) => string): { filter: FindingFilter; problems: string[] } {
  const problems: string[] = [];
  const severity = get('severity');
  const id = get('id');
  const namespace = get('namespace').trim().slice(0, 253);
  const builtin = get('builtin');
  const validSeverity = SEVERITIES.find((s) => s === severity);
  if (severity && !validSeverity) problems.push(`severity "${severity}" is not one of ${SEVERITIES.join(', ')}`);
  const validId = FINDING_RULES.find((r) => r.id === id)?.id;
  if (id && !validId) problems.push(`finding "${id}" is not a finding kind`);
  if (builtin && builtin !== 'show' && builtin !== 'hide')
    problems.push(`builtin must be hide or show, got "${builtin}"`);
  return {
    filter: {
      ...(validSeverity && { severity: validSeverity }),
      ...(validId && { id: validId }),
      ...(namespace && { namespace }),
      builtin: builtin === 'show',
    },
    problems,
  };
}

/** Kubernetes' own left out unless asked for; then severity, kind and namespace. */
export function visibleFindings(all: readonly Finding[], f: FindingFilter): Finding[] {
  return visibleItems(all, f.builtin, (x) => x.builtin).shown;
}

export function filterFindings(visible: readonly Finding[], f: FindingFilter): Finding[] {
  return visible.filter(
    (x) =>
      (!f.severity || x.severity === f.severity) &&
      (!f.id || x.id === f.id) &&
      (!f.namespace || x.namespace === f.namespace),
  );
}

/** The filter as a query string ('' or `?…`), defaults left out. */
export function findingFilterQuery(f: FindingFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    ...(f.severity && { severity: f.severity }),
    ...(f.id && { id: f.id }),
    ...(f.builtin && { builtin: 'show' }),
    ...(f.namespace && { namespace: f.namespace }),
    ...extra,
  }).toString();
  return q ? `?${q}` : '';
}
