// What /usage and /api/usage read from a URL, once for both: which list (bindings never used, roles
// never used, identities by unused dangerous grants, denied requests, attribution disagreements),
// a text filter, a namespace, and whether Kubernetes' own bindings and roles are listed; and what
// /usage/rightsize and /api/usage/rightsize right-size (a subject, or a namespace's service accounts).
import { z } from 'zod';
import { parseSubjectText, SUBJECT_TEXT_FORMS, subjectText, type SubjectRef } from '@/lib/rbac';
import { builtinSchema, schemaInput, withDefaults, type Parsed, type Query, issuesText } from './url-state';

export const USAGE_LISTS = ['bindings', 'roles', 'identities', 'denied', 'disagreements'] as const;
export type UsageList = (typeof USAGE_LISTS)[number];

export interface UsageFilter {
  list: UsageList;
  /** Part of a name (binding, role, identity, resource, reason), case-insensitive. */
  q?: string;
  namespace?: string;
  builtin: boolean;
}

const text = z.string().transform((s) => s.trim().slice(0, 253));

const usageSchema = z.object({
  list: z
    .enum(USAGE_LISTS, { error: (i) => `list "${String(i.input)}" is not one of ${USAGE_LISTS.join(', ')}` })
    .optional(),
  q: text.optional(),
  namespace: text.optional(),
  builtin: builtinSchema.optional(),
});

/** A page's reading: a bad value is left at its default and named in `problems`. */
export function parseUsageFilter(q: Query): { filter: UsageFilter; problems: string[] } {
  const { value, problems } = withDefaults(usageSchema, schemaInput(q));
  return { filter: usageFilterOf(value), problems };
}

/** An API's reading: a bad value is refused (400) with its name. */
export function parseUsageApiFilter(q: Query): Parsed<UsageFilter> {
  const parsed = usageSchema.safeParse(schemaInput(q, [], true));
  return parsed.success
    ? { ok: true, value: usageFilterOf(parsed.data) }
    : { ok: false, error: issuesText(parsed.error) };
}

function usageFilterOf(v: z.output<typeof usageSchema>): UsageFilter {
  return {
    list: v.list ?? 'bindings',
    ...(v.q && { q: v.q }),
    ...(v.namespace && { namespace: v.namespace }),
    builtin: v.builtin === 'show',
  };
}

/** The query of a filter (its defaults left out), with extra parameters (a page) after it. */
export function usageQuery(f: UsageFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.list !== 'bindings') q.set('list', f.list);
  if (f.q) q.set('q', f.q);
  if (f.namespace) q.set('namespace', f.namespace);
  if (f.builtin) q.set('builtin', 'show');
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** What right-sizing is asked for: one subject, or every service account of a namespace. */
export type RightsizeTarget = { subject: SubjectRef } | { namespace: string };

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `?subject=` (as the CLI's --subject: SUBJECT_TEXT_FORMS) or `?namespace=`, exactly one. */
export function parseRightsizeTarget(q: Query): Parsed<RightsizeTarget> {
  const input = schemaInput(q, [], true);
  const subject = input.subject?.trim();
  const namespace = input.namespace?.trim();
  if (subject && namespace) return { ok: false, error: 'give subject or namespace, not both' };
  if (namespace !== undefined && namespace !== '')
    return NAMESPACE.test(namespace) && namespace.length <= 63
      ? { ok: true, value: { namespace } }
      : { ok: false, error: `namespace "${namespace.slice(0, 253)}" is not a namespace name` };
  const ref = subject ? parseSubjectText(subject.slice(0, 600)) : undefined;
  if (ref) return { ok: true, value: { subject: ref } };
  return {
    ok: false,
    error: subject
      ? `subject "${subject.slice(0, 253)}" is not one of ${SUBJECT_TEXT_FORMS}`
      : 'give a subject or a namespace',
  };
}

/** The right-sizing page of a target (the API's is the same under /api). */
export function rightsizeHref(target: RightsizeTarget): string {
  const q: Record<string, string> =
    'subject' in target ? { subject: subjectText(target.subject) } : { namespace: target.namespace };
  return `/usage/rightsize?${new URLSearchParams(q)}`;
}
