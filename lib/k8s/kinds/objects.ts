// API objects (from a snapshot file or a live cluster) validated and turned into the engine's model
// types, and back into manifests, for any of the seven kinds (each kind's module: index.ts).
import { formatZodError, isObject, shared, type Manifest } from './common';
import { KIND_API, KINDS, kindOf, type KnownKind, type ParsedObject } from './index';

export { KIND_API, KNOWN_KINDS, NAMESPACED, type KnownKind, type ParsedObject, type PodObject } from './index';

export function apiVersionOf(kind: KnownKind): string {
  const { group, version } = KIND_API[kind];
  return group ? `${group}/${version}` : version;
}

/** The URL path that lists a kind cluster-wide or, for namespaced kinds, in one namespace. */
export function listPath(kind: KnownKind, namespace?: string): string {
  const { group, version, resource } = KIND_API[kind];
  const root = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${resource}` : `${root}/${resource}`;
}

/** The kind RBAC Atlas reads, or undefined for any other kind (counted and skipped by the caller). */
export function knownKind(kind: string, apiVersion: string): KnownKind | undefined {
  if (!Object.hasOwn(KINDS, kind)) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return KIND_API[kind as KnownKind].group === group ? (kind as KnownKind) : undefined;
}

/**
 * Validates one object of a known kind. A namespaced object without a namespace is in
 * `defaultNamespace`, as `kubectl apply` would put it.
 */
export function parseObject(
  kind: KnownKind,
  raw: unknown,
  defaultNamespace: string,
): { ok: true; object: ParsedObject; warning?: string } | { ok: false; message: string } {
  const one = kindOf(kind);
  const plain = isObject(raw) ? one.plain?.(raw) : undefined;
  const result = plain ? { success: true as const, data: plain } : one.schema.safeParse(raw);
  if (!result.success) return { ok: false, message: formatZodError(result.error) };
  const namespace = shared(result.data.metadata.namespace || defaultNamespace);
  const object = { kind, value: one.toModel(result.data, namespace) } as ParsedObject;
  const warning = one.warning?.(result.data);
  return { ok: true, object, ...(warning && { warning }) };
}

/** The object as an API manifest with only the fields RBAC Atlas reads: parseObject reads it back the same. */
export function toManifest(o: ParsedObject): Manifest {
  return { apiVersion: apiVersionOf(o.kind), kind: o.kind, ...kindOf(o.kind).toManifest(o.value) };
}
