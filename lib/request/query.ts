// The request fields of who-can and can-i as URL query parameters (the API and the who-can page
// share them): verb, resource, group, subresource, name, namespace (absent: all namespaces /
// cluster scope) or path (a non-resource URL); can-i adds user and groups.
import { z } from 'zod';
import { impersonatedIdentity, type AccessRequest, type Identity } from '@/lib/rbac';
import { firstValues, type SearchParams } from '@/lib/views/search-params';

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
  .refine((q) => q.resource || q.path, {
    message: 'resource or path is required: a resource such as pods, or a non-resource URL such as /healthz',
  })
  .refine((q) => !(q.resource && q.path), { message: 'give either resource or path (a non-resource URL), not both' });

const canISchema = z.object({
  user: z.string({ error: 'user is required' }).trim().min(1, 'user is required').max(512),
  groups: z.string().max(4096).optional(),
});

function message(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.join('.');
      return i.message.includes(':') || !where || i.message.startsWith(where) ? i.message : `${where}: ${i.message}`;
    })
    .join('; ');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseRequestQuery(params: URLSearchParams | SearchParams): Parsed<AccessRequest> {
  const r = requestSchema.safeParse(firstValues(params));
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
export function parseIdentityQuery(params: URLSearchParams | SearchParams): Parsed<Identity> {
  const r = canISchema.safeParse(firstValues(params));
  if (!r.success) return { ok: false, error: message(r.error) };
  const groups = (r.data.groups ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return { ok: true, value: impersonatedIdentity(r.data.user, groups) };
}
