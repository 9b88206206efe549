// A namespace view's state, all of it in the URL: validated once here, for the page and the API.
import { z } from 'zod';
import { NODE_KINDS_FILTER, type KindFilter, type ViewOptions } from '@/lib/graph/view-options';
import { builtinSchema, schemaInput, type Query } from './url-state';

export { NODE_KINDS_FILTER, type KindFilter };

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

export const viewParamsSchema = z.object({
  mode: z.enum(['structure', 'access']).default('structure'),
  layout: z.enum(['layered', 'force']).default('layered'),
  builtin: builtinSchema.default('hide'),
  ungranted: z.enum(['show', 'hide']).default('show'),
  kinds: csv(NODE_KINDS_FILTER as unknown as readonly [KindFilter, ...KindFilter[]]).optional(),
  verb: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-zA-Z*:-]*$/, 'a verb is letters, -, : or *')
    .optional(),
  resource: z
    .string()
    .trim()
    .max(253)
    .regex(/^[a-zA-Z0-9.*/-]*$/, 'a resource is like secrets, secret, sa, pods/exec or deployments.apps')
    .optional(),
  /** Service accounts whose pods are shown one by one instead of grouped. */
  expand: z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .optional(),
  node: z.string().max(600).optional(),
  view: z.enum(['graph', 'list']).default('graph'),
  /** A diff view (with `to`): the state before and after, as /diff names them (a snapshot, or "current"). */
  from: z.string().max(255).optional(),
  to: z.string().max(255).optional(),
});

export type ViewParams = z.infer<typeof viewParamsSchema>;

/** The URL's view and the graph's options are one shape: a field added to one and not the other fails here. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const VIEW_PARAMS_ARE_VIEW_OPTIONS: Same<ViewParams, ViewOptions> = true;

/**
 * From a page's searchParams or an API's query: one value each, empty ones dropped; checkbox
 * groups repeat their name (kinds=pods&kinds=roles): those are lists. `system=show`, the
 * built-ins' old spelling here, is read as `builtin=show`.
 */
export function parseViewParams(raw: Query) {
  return viewParamsSchema.safeParse(schemaInput(raw, ['kinds']));
}

/** The URL query of a view, defaults left out so links stay short. */
export function viewQuery(p: Partial<ViewParams>): string {
  const defaults = viewParamsSchema.parse({});
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const value = Array.isArray(v) ? v.join(',') : String(v);
    if ((defaults as Record<string, unknown>)[k] === v) continue;
    q.set(k, value);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
