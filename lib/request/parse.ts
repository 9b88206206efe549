// Turns kubectl-style arguments (`get pods/name`, `deploy.apps`, `/metrics`) into the authorizer's
// request attributes, the way `kubectl auth can-i` does (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go).
import type { AccessRequest } from '@/lib/rbac';
import { BUILTIN_GROUPS, builtinByName, type ResourceType } from '@/lib/rbac/resource-types';

export interface RequestArgs {
  verb: string;
  /** TYPE, TYPE/NAME, or a non-resource URL starting with "/". */
  target: string;
  subresource?: string;
  /** "" for all namespaces. */
  namespace: string;
}

export type ParsedRequest =
  { ok: true; request: AccessRequest; warnings: string[]; type?: ResourceType } | { ok: false; error: string };

const RESOURCE_VERBS = new Set([
  '*',
  'get',
  'delete',
  'list',
  'create',
  'update',
  'patch',
  'watch',
  'proxy',
  'redirect',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  'escalate',
  'approve',
  'sign',
]);
const NON_RESOURCE_VERBS = new Set(['*', 'get', 'put', 'post', 'head', 'options', 'delete', 'patch']);
const VERSION = /^v\d+((alpha|beta)\d+)?$/;

interface Resolved {
  resource: string;
  group: string;
  type?: ResourceType;
  warning?: string;
}

/** "pods", "deploy", "deployments.apps", "deployments.v1.apps", "widgets.example.com", "*". */
export function resolveResourceType(arg: string): Resolved | { error: string } {
  const name = arg.toLowerCase();
  if (name === '*') return { resource: '*', group: '' };
  const dot = name.indexOf('.');
  if (dot < 0) {
    const type = builtinByName(name);
    if (type) return { resource: type.plural, group: type.group, type };
    return {
      error: `unknown resource type "${arg}": use a built-in type (pods, deploy, sa, ...) or RESOURCE.GROUP for any other, e.g. ${name}.example.com`,
    };
  }
  const resource = name.slice(0, dot);
  let group = name.slice(dot + 1);
  // RESOURCE.VERSION.GROUP is fully specified; the version plays no part in authorization.
  const [first, ...rest] = group.split('.');
  if (rest.length > 0 && VERSION.test(first ?? '') && builtinByName(resource, rest.join('.'))) group = rest.join('.');
  const type = builtinByName(resource, group);
  if (type) return { resource: type.plural, group, type };
  const warning = BUILTIN_GROUPS.has(group)
    ? `the built-in group "${group || 'core'}" has no resource type "${resource}"; checking it as given`
    : undefined;
  return { resource, group, ...(warning && { warning }) };
}

export function parseRequest(args: RequestArgs): ParsedRequest {
  const warnings: string[] = [];
  const subresource = args.subresource ?? '';
  if (args.verb === '') return { ok: false, error: 'a verb is required' };
  if (args.target.startsWith('/')) {
    if (subresource !== '') return { ok: false, error: '--subresource can not be used with a non-resource URL' };
    if (!NON_RESOURCE_VERBS.has(args.verb)) warnings.push(`verb "${args.verb}" is not a known non-resource verb`);
    return { ok: true, request: { kind: 'nonResource', verb: args.verb, path: args.target }, warnings };
  }
  const slash = args.target.indexOf('/');
  const typeArg = slash < 0 ? args.target : args.target.slice(0, slash);
  const name = slash < 0 ? '' : args.target.slice(slash + 1);
  if (typeArg === '') return { ok: false, error: 'a resource type is required' };
  const resolved = resolveResourceType(typeArg);
  if ('error' in resolved) return { ok: false, error: resolved.error };
  if (resolved.warning) warnings.push(resolved.warning);
  if (!RESOURCE_VERBS.has(args.verb)) warnings.push(`verb "${args.verb}" is not a known verb`);
  if (resolved.type && !resolved.type.namespaced && args.namespace !== '') {
    warnings.push(`resource "${resolved.type.plural}" is not namespace scoped`);
  }
  return {
    ok: true,
    request: {
      kind: 'resource',
      verb: args.verb,
      group: resolved.group,
      resource: resolved.resource,
      subresource,
      name,
      namespace: args.namespace,
    },
    warnings,
    ...(resolved.type && { type: resolved.type }),
  };
}
