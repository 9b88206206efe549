// What /risks and /api/findings filter by, read once for both: severity, finding kind, namespace,
// subject text, and whether Kubernetes' own findings are included; and how /risks shows them (grouped
// by subject or by kind, sorted, one group open). The page's export links carry the same query.
import { z } from 'zod';
import {
  FINDING_GROUP_BYS,
  FINDING_GROUP_SORTS,
  FINDING_RULES,
  findingMatches,
  SEVERITIES,
  type Finding,
  type FindingGroupBy,
  type FindingGroupSort,
  type FindingMatch,
  type Severity,
} from '@/lib/rbac';
import { BUILTIN_PARAM, builtinSchema, schemaInput, withDefaults, type Query } from './url-state';

export interface FindingFilter {
  severity?: Severity;
  id?: string;
  namespace?: string;
  /** Part of the subject's (or object's) kind and name. */
  subject?: string;
  builtin: boolean;
}

/** How /risks shows the filtered findings. `order` is absent for the sort's own default. */
export interface RisksView {
  by: FindingGroupBy;
  sort: FindingGroupSort;
  order?: 'asc' | 'desc';
  /** The key of the one group shown open. */
  open?: string;
}

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as [T, ...T[]], {
    error: (i) => `${name} "${String(i.input)}" is not one of ${values.join(', ')}`,
  });

const text = z.string().transform((s) => s.trim().slice(0, 253));

const findingFilterSchema = z.object({
  severity: oneOf('severity', SEVERITIES).optional(),
  id: z
    .string()
    .refine((id) => FINDING_RULES.some((r) => r.id === id), {
      error: (i) => `finding "${String(i.input)}" is not a finding kind`,
    })
    .optional(),
  namespace: text.optional(),
  subject: text.optional(),
  builtin: builtinSchema.optional(),
});

const risksViewSchema = z.object({
  by: oneOf('by', FINDING_GROUP_BYS).optional(),
  sort: oneOf('sort', FINDING_GROUP_SORTS).optional(),
  order: oneOf('order', ['asc', 'desc'] as const).optional(),
  open: z
    .string()
    .transform((s) => s.slice(0, 600))
    .optional(),
});

/**
 * /risks and /api/findings read the same schema: each bad value is a problem (the page says it and
 * leaves it out, the API refuses it), and left out of the filter.
 */
export function parseFindingFilter(q: Query): { filter: FindingFilter; problems: string[] } {
  const { value, problems } = withDefaults(findingFilterSchema, schemaInput(q));
  const { severity, id, namespace, subject, builtin } = value;
  return {
    filter: {
      ...(severity && { severity }),
      ...(id && { id }),
      ...(namespace && { namespace }),
      ...(subject && { subject }),
      builtin: builtin === 'show',
    },
    problems,
  };
}

/** The grouping, sort and open group of /risks (the API's `by`, `sort` and `order` too). */
export function parseRisksView(q: Query): { view: RisksView; problems: string[] } {
  const { value, problems } = withDefaults(risksViewSchema, schemaInput(q));
  return {
    view: {
      by: value.by ?? 'subject',
      sort: value.sort ?? 'severity',
      ...(value.order && { order: value.order }),
      ...(value.open && { open: value.open }),
    },
    problems,
  };
}

/** The filter as the engine reads it (engine.findingGroups, findingMatches). */
export function findingMatch(f: FindingFilter): FindingMatch {
  const { subject, ...rest } = f;
  return { ...rest, ...(subject && { text: subject }) };
}

/** Kubernetes' own left out unless asked for. */
export function visibleFindings(all: readonly Finding[], f: FindingFilter): Finding[] {
  return f.builtin ? [...all] : all.filter((x) => !x.builtin);
}

/** Severity, kind, namespace and subject: the engine's one filter. */
export function filterFindings(visible: readonly Finding[], f: FindingFilter): Finding[] {
  return visible.filter(findingMatches({ ...findingMatch(f), builtin: true }));
}

/** The filter and view as a query string ('' or `?…`), defaults left out. */
export function findingFilterQuery(f: FindingFilter, extra: Record<string, string> = {}, view?: RisksView): string {
  const q = new URLSearchParams({
    ...(view && view.by !== 'subject' && { by: view.by }),
    ...(f.severity && { severity: f.severity }),
    ...(f.id && { id: f.id }),
    ...(f.builtin && { [BUILTIN_PARAM]: 'show' }),
    ...(f.namespace && { namespace: f.namespace }),
    ...(f.subject && { subject: f.subject }),
    ...(view && view.sort !== 'severity' && { sort: view.sort }),
    ...(view?.order && { order: view.order }),
    ...(view?.open && { open: view.open }),
    ...extra,
  }).toString();
  return q ? `?${q}` : '';
}
