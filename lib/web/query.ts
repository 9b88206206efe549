// The request fields of who-can and can-i as URL query parameters (the API and the who-can page
// share them): verb, resource, group, subresource, name, namespace (absent: all namespaces /
// cluster scope) or path (a non-resource URL); can-i adds user and groups. The names are resolved
// as kubectl resolves them (lib/rbac/model/request-parse.ts), unless literal=true asks for them as given.
import { z } from 'zod';
import { impersonatedIdentity, type AccessRequest, type Identity } from '@/lib/rbac';
import { resolveRequest, type DiscoveredTypes, type Resolution } from '@/lib/rbac/model/request-parse';
import { firstValues, type SearchParams } from '@/lib/web/search-params';
import { issuesText, type Parsed } from './url-state';

const field = (max: number, re: RegExp, what: string) => z.string().trim().max(max).regex(re, what).optional();

const requestSchema = z
  .object({
    verb: z
      .string({ error: 'verb is required' })
      .trim()
      .min(1, 'verb is required')
      .max(64)
      // Colons: constrained impersonation's impersonate:<mode> and impersonate-on:<mode>:<verb>.
      .regex(/^[a-zA-Z*][a-zA-Z*:-]*$/, 'verb: letters, -, : or *'),
    resource: field(
      253,
      /^[a-zA-Z0-9*][a-zA-Z0-9.*-]*(\/[a-z0-9*][a-z0-9.*\/-]*)?$/,
      'resource: a resource type such as secrets, secret, sa or deployments.apps, optionally /subresource, or *',
    ),
    group: field(253, /^[a-z0-9.*-]*$/, 'group: an API group such as apps, or empty for the core group'),
    // Lowercase, digits, dots, dashes and slashes: a userextras key (`userextras/scopes.example.com`)
    // is the subresource of constrained and legacy impersonation's extra check.
    subresource: field(
      253,
      /^([a-z0-9][a-z0-9.\/-]*)?$/,
      'subresource: lowercase letters, such as log or exec (or a user-extra key)',
    ),
    name: field(253, /^[a-zA-Z0-9.:_-]*$/, 'name: an object name'),
    namespace: field(63, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace: a DNS label'),
    path: field(1024, /^\/\S*$/, 'path: a non-resource URL starting with /'),
    literal: z.enum(['true', 'false'], { error: 'literal: true or false' }).optional(),
  })
  .refine((q) => q.resource || q.path, {
    message: 'resource or path is required: a resource such as pods, or a non-resource URL such as /healthz',
  })
  .refine((q) => !(q.resource && q.path), { message: 'give either resource or path (a non-resource URL), not both' });

const canISchema = z.object({
  user: z.string({ error: 'user is required' }).trim().min(1, 'user is required').max(512),
  groups: z.string().max(4096).optional(),
});

export type { Parsed };

/**
 * The request a query asks, resolved (or as given, with literal=true) with the live cluster's
 * discovered types when there are some; unknown names are warnings.
 */
export function parseRequestQuery(
  params: URLSearchParams | SearchParams,
  discovered?: DiscoveredTypes,
): Parsed<Resolution & { literal: boolean }> {
  const r = requestSchema.safeParse(firstValues(params));
  if (!r.success) return { ok: false, error: issuesText(r.error) };
  const { literal, ...q } = r.data;
  const resolution = resolveRequest(q, { literal: literal === 'true', discovered });
  if ('error' in resolution) return { ok: false, error: resolution.error };
  return { ok: true, value: { ...resolution, literal: literal === 'true' } };
}

/**
 * As the API takes a request: an unknown verb or resource is a 400 that names the parameter, the
 * value and the closest known name, unless literal=true (then it is answered, with warnings).
 */
export function parseApiRequestQuery(
  params: URLSearchParams | SearchParams,
  discovered?: DiscoveredTypes,
): Parsed<Resolution> {
  const r = parseRequestQuery(params, discovered);
  if (!r.ok || r.value.literal || r.value.unknown.length === 0) return r;
  const what = r.value.unknown.map((u) => `${u.parameter}: ${u.message}`).join('; ');
  return { ok: false, error: `${what}. Add literal=true to check the request as given.` };
}

/**
 * The query parameters of a request as answered, so that asking them again gives the same answer:
 * with literal=true when resolving them again would not (a name no table knows, or a rule's own
 * spelling such as core `deployments`).
 */
export function requestQuery(request: AccessRequest): URLSearchParams {
  const q =
    request.kind === 'nonResource'
      ? new URLSearchParams({ verb: request.verb, path: request.path })
      : new URLSearchParams({ verb: request.verb, resource: request.resource });
  if (request.kind === 'resource')
    for (const key of ['group', 'subresource', 'name', 'namespace'] as const)
      if (request[key]) q.set(key, request[key]);
  const again = parseRequestQuery(q);
  const same =
    again.ok && again.value.unknown.length === 0 && JSON.stringify(again.value.request) === JSON.stringify(request);
  if (!same) q.set('literal', 'true');
  return q;
}

/** user and groups (comma-separated) become the identity `--as`/`--as-group` would: a service account gets its groups. */
export function parseIdentityQuery(params: URLSearchParams | SearchParams): Parsed<Identity> {
  const r = canISchema.safeParse(firstValues(params));
  if (!r.success) return { ok: false, error: issuesText(r.error) };
  const groups = (r.data.groups ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return { ok: true, value: impersonatedIdentity(r.data.user, groups) };
}
