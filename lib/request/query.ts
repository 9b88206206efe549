// The request fields of who-can and can-i as URL query parameters (the API and the who-can page
// share them): verb, resource, group, subresource, name, namespace (absent: all namespaces /
// cluster scope) or path (a non-resource URL); can-i adds user and groups.
import { z } from 'zod';
import { impersonatedIdentity, type AccessRequest, type Identity } from '@/lib/rbac';

const field = (max: number, re: RegExp, what: string) => z.string().trim().max(max).regex(re, what).optional();

const requestSchema = z
  .object({
    verb: z
      .string({ error: 'verb is required' })
      .trim()
      .min(1, 'verb is required')
      .max(64)
      .regex(/^[a-z*]+$/, 'verb: lowercase letters or *'),
    resource: field(253, /^[a-z0-9*][a-z0-9.*-]*$/, 'resource: a plural resource name such as pods, or *'),
    group: field(253, /^[a-z0-9.*-]*$/, 'group: an API group such as apps, or empty for the core group'),
    subresource: field(64, /^[a-z]*$/, 'subresource: lowercase letters, such as log or exec'),
    name: field(253, /^[a-zA-Z0-9.:_-]*$/, 'name: an object name'),
    namespace: field(63, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace: a DNS label'),
    path: field(1024, /^\/\S*$/, 'path: a non-resource URL starting with /'),
  })
  .refine((q) => Boolean(q.resource) !== Boolean(q.path), {
    message: 'give either resource or path (a non-resource URL), not both',
    path: ['resource'],
  });

const canISchema = z.object({
  user: z.string({ error: 'user is required' }).trim().min(1, 'user is required').max(512),
  groups: z.string().max(4096).optional(),
});

function first(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

function message(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.message.includes(':') || i.path.length === 0 ? i.message : `${i.path.join('.')}: ${i.message}`))
    .join('; ');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseRequestQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Parsed<AccessRequest> {
  const r = requestSchema.safeParse(first(params));
  if (!r.success) return { ok: false, error: message(r.error) };
  const q = r.data;
  if (q.path) return { ok: true, value: { kind: 'nonResource', verb: q.verb, path: q.path } };
  return {
    ok: true,
    value: {
      kind: 'resource',
      verb: q.verb,
      group: q.group ?? '',
      resource: q.resource ?? '',
      subresource: q.subresource ?? '',
      name: q.name ?? '',
      namespace: q.namespace ?? '',
    },
  };
}

/** user and groups (comma-separated) become the identity `--as`/`--as-group` would: a service account gets its groups. */
export function parseIdentityQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Parsed<Identity> {
  const r = canISchema.safeParse(first(params));
  if (!r.success) return { ok: false, error: message(r.error) };
  const groups = (r.data.groups ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return { ok: true, value: impersonatedIdentity(r.data.user, groups) };
}
