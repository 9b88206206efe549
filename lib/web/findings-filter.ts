// What /risks and /api/findings filter by, read once for both: severity, finding kind, namespace,
// and whether Kubernetes' own findings are included. The page's export links carry the same query.
import { z } from 'zod';
import { FINDING_RULES, SEVERITIES, visibleItems, type Finding, type Severity } from '@/lib/rbac';
import { BUILTIN_PARAM, builtinSchema, schemaInput, withDefaults, type Query } from './url-state';

export interface FindingFilter {
  severity?: Severity;
  id?: string;
  namespace?: string;
  builtin: boolean;
}

const findingFilterSchema = z.object({
  severity: z
    .enum(SEVERITIES as [Severity, ...Severity[]], {
      error: (i) => `severity "${String(i.input)}" is not one of ${SEVERITIES.join(', ')}`,
    })
    .optional(),
  id: z
    .string()
    .refine((id) => FINDING_RULES.some((r) => r.id === id), {
      error: (i) => `finding "${String(i.input)}" is not a finding kind`,
    })
    .optional(),
  namespace: z
    .string()
    .transform((s) => s.trim().slice(0, 253))
    .optional(),
  builtin: builtinSchema.optional(),
});

/**
 * /risks and /api/findings read the same schema: each bad value is a problem (the page says it and
 * leaves it out, the API refuses it), and left out of the filter.
 */
export function parseFindingFilter(q: Query): { filter: FindingFilter; problems: string[] } {
  const { value, problems } = withDefaults(findingFilterSchema, schemaInput(q));
  const { severity, id, namespace, builtin } = value;
  return {
    filter: {
      ...(severity && { severity }),
      ...(id && { id }),
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
    ...(f.builtin && { [BUILTIN_PARAM]: 'show' }),
    ...(f.namespace && { namespace: f.namespace }),
    ...extra,
  }).toString();
  return q ? `?${q}` : '';
}
