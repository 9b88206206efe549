// The request as the authorizer saw it, recovered from an audit event. The event's `verb` and
// `objectRef` are the authorizer's attributes (k8s.io/apiserver pkg/audit/request.go,
// LogRequestMetadata: ev.Verb = attribs.GetVerb(), ObjectRef from attribs), with one exception:
// LogRequestObject (same file, called by handlers/create.go) fills an empty objectRef.name and
// namespace from the *created object*, so for `create` they are read back from the URL, as
// pkg/endpoints/request/requestinfo.go (NewRequestInfo) parsed it.
import type { AccessRequest } from '@/lib/rbac';
import type { AuditEvent } from './schema';

/** requestinfo.go: the default RequestInfoFactory's prefixes (genericapiserver config.go). */
const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_PREFIXES = new Set(['api']);
/** requestinfo.go `namespaceSubresources`: /namespaces/{ns}/status is the namespace's own subresource. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** The path of a request URI, decoded as Go's url.URL.Path is (the URI is written escaped). */
export function uriPath(requestURI: string): string {
  const q = requestURI.indexOf('?');
  const raw = q < 0 ? requestURI : requestURI.slice(0, q);
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // the server accepted it as written; keep it as written
  }
}

/** requestinfo.go splitPath: the path's segments, without empty ends. */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/**
 * A POST's namespace and name as NewRequestInfo parses them from the path (the authorizer's view):
 * `/api/v1/namespaces/ns/pods` → ns, ""; `/api/v1/namespaces` → "", "";
 * `/api/v1/namespaces/ns/serviceaccounts/sa/token` → ns, sa.
 */
export function createTarget(requestURI: string): { namespace: string; name: string } {
  let parts = splitPath(uriPath(requestURI));
  const none = { namespace: '', name: '' };
  if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return none;
  parts = parts.slice(GROUPLESS_PREFIXES.has(parts[0]!) ? 2 : 3); // prefix, [group,] version
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1]!;
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  return { namespace, name: parts[1] ?? '' };
}

/**
 * The AccessRequest the authorizer was asked about. A resource request has an objectRef
 * (LogRequestMetadata sets one only when attribs.IsResourceRequest()); a non-resource one is the
 * URL's path with the lowercased method as its verb (requestinfo.go: Verb = strings.ToLower(method),
 * Path = req.URL.Path).
 */
export function authorizedRequest(ev: AuditEvent): AccessRequest {
  const ref = ev.objectRef;
  if (!ref) return { kind: 'nonResource', verb: ev.verb, path: uriPath(ev.requestURI) };
  const fromUrl = ev.verb === 'create' ? createTarget(ev.requestURI) : undefined;
  return {
    kind: 'resource',
    verb: ev.verb,
    // The audit ObjectReference omits an empty apiGroup: absent is the core group "".
    group: ref.apiGroup ?? '',
    resource: ref.resource ?? '',
    subresource: ref.subresource ?? '',
    // requestinfo.go: for the namespaces resource the namespace is the name (/api/v1/namespaces/x),
    // which attribs carry already; a list with fieldSelector=metadata.name=x has name x, likewise.
    name: fromUrl ? fromUrl.name : (ref.name ?? ''),
    namespace: fromUrl ? fromUrl.namespace : (ref.namespace ?? ''),
  };
}
