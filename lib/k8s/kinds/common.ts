// What the seven kinds share: object metadata, policy rules, subjects and role references as the API
// serves them (k8s.io/api rbac/v1 and core/v1), the shape of one kind's module, and the manifest
// helpers. Each kind's own knowledge is in its module (namespace.ts, pod.ts, …), listed by index.ts.
import { z } from 'zod';
import type { ClusterModel, ModelKind, PolicyRule } from '@/lib/rbac';
import type { PodObject } from './pod';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

// JSON.parse makes a new string for every value longer than 10 characters: at 150,000 pods each
// pod's "ServiceAccount", "rbac.authorization.k8s.io", namespace and node would be its own copy.
// The words many objects repeat are kept once. Bounded: past the limit the table starts again
// (a later copy is then only not shared; equal strings are equal either way).
const SHARED_LIMIT = 100_000;
const sharedStrings = new Map<string, string>();

/** The one kept copy of `s` (the same characters). */
export function shared<T extends string | undefined>(s: T): T {
  if (s === undefined) return s;
  const kept = sharedStrings.get(s);
  if (kept !== undefined) return kept as T;
  if (sharedStrings.size >= SHARED_LIMIT) sharedStrings.clear();
  sharedStrings.set(s, s);
  return s;
}

/** A list's words replaced, in place, by their shared copies (a rule's verbs, groups, resources). */
export function sharedList(values: string[]): string[] {
  for (let i = 0; i < values.length; i++) values[i] = shared(values[i]!);
  return values;
}

/** Labels' values replaced, in place, by their shared copies (keys are JSON.parse's own, already shared). */
export function sharedLabels(labels: Record<string, string>): Record<string, string> {
  for (const k in labels) labels[k] = shared(labels[k]!);
  return labels;
}

/** A rule's lists with their words shared (in place): verbs, groups and resources repeat across roles. */
export function sharedRules<T extends PolicyRule[]>(rules: T): T {
  for (const r of rules) {
    sharedList(r.verbs);
    sharedList(r.apiGroups);
    sharedList(r.resources);
  }
  return rules;
}

/** A role reference or subject with its kind, API group and namespace shared (in place). */
export function sharedRef<T extends { kind: string; apiGroup?: string; namespace?: string }>(ref: T): T {
  ref.kind = shared(ref.kind);
  if (ref.apiGroup !== undefined) ref.apiGroup = shared(ref.apiGroup);
  if (ref.namespace !== undefined) ref.namespace = shared(ref.namespace);
  return ref;
}

export const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

export const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

/** A creation time as kept: ISO, without zero milliseconds; undefined when absent or not a time. */
function creationTime(v: string | Date | null | undefined): string | undefined {
  const t = v instanceof Date ? v : v ? new Date(v) : undefined;
  return t && !Number.isNaN(t.getTime()) ? t.toISOString().replace(/\.000Z$/, 'Z') : undefined;
}

// Only shown (as an age): a timestamp that does not parse is left out rather than failing the object.
const creationTimestamp = z.union([z.string(), z.date()]).nullish().transform(creationTime).catch(undefined);

type Metadata = z.infer<typeof metadata>;

/**
 * What the `metadata` schema gives, without zod, for metadata in the API server's shape (the same
 * checks; labels as plainLabels takes them); undefined sends the object to zod.
 */
export function plainMetadata(m: unknown): Metadata | undefined {
  if (!isObject(m) || typeof m.name !== 'string' || m.name.length === 0) return undefined;
  if (m.namespace !== undefined && typeof m.namespace !== 'string') return undefined;
  const labels = plainLabels(m.labels);
  if (!labels) return undefined;
  const t = m.creationTimestamp;
  // Anything but a string or a time is what the schema's `.catch` leaves out.
  const created = typeof t === 'string' || t instanceof Date || t == null ? creationTime(t) : undefined;
  return { name: m.name, namespace: m.namespace, labels, creationTimestamp: created };
}

export const metadata = z.object({
  name: z.string({ error: 'metadata.name is required' }).min(1, 'metadata.name must not be empty'),
  namespace: z.string().optional(),
  labels,
  creationTimestamp,
});

/** An object as zod's z.object takes it: not null, not an array. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value zod's `.nullish()` of `type` accepts: absent, null, or of that type. */
export const nullishOf = (v: unknown, type: 'string' | 'boolean') => v === undefined || v === null || typeof v === type;

/**
 * Labels as the `labels` schema gives them, when they are in the shape every API object's labels
 * have (absent, or an object of strings): the same object, not a copy; {} when absent. Undefined
 * for anything else (zod then says what is wrong, or takes what it takes: it skips a "__proto__"
 * key, and an own "constructor" changes its plain-object check), so the answer is zod's either way.
 */
export function plainLabels(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return {};
  if (!isObject(v) || Object.hasOwn(v, '__proto__') || Object.hasOwn(v, 'constructor')) return undefined;
  // zod's record takes plain objects only: a YAML 1.1 timestamp (Date), !!set (Set) or !!omap (Map)
  // has no own keys and would pass as no labels where the schema refuses the object.
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const k in v) if (typeof v[k] !== 'string') return undefined;
  return v as Record<string, string>;
}

export const createdOf = (m: { creationTimestamp?: string | undefined }) =>
  m.creationTimestamp ? { created: m.creationTimestamp } : {};

/**
 * metadata.uid, kept for pods and service accounts only: a bound service-account token names the
 * object it is bound to by name and uid (k8s.io/kubernetes pkg/serviceaccount claims.go), and only
 * the uid tells a pod from a later one of the same name. Only matched, never required: one that is
 * not a non-empty string is left out (`.catch`) rather than failing the object.
 */
export const uid = z
  .string()
  .nullish()
  .transform((v) => v || undefined)
  .catch(undefined);

/** What the `uid` schema gives, without zod. */
export const plainUid = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export const uidOf = (m: { uid?: string | undefined }) => (m.uid ? { uid: m.uid } : {});

const policyRule = z.object({
  verbs: z.array(z.string(), { error: 'verbs is required' }).min(1, 'verbs must not be empty'),
  apiGroups: stringList,
  resources: stringList,
  resourceNames: stringList,
  nonResourceURLs: stringList,
}) satisfies z.ZodType<PolicyRule>;

export const rules = z
  .array(policyRule)
  .nullish()
  .transform((v) => v ?? []);

/** Where a kind is served: its API group, version and resource (the URL plural). */
export interface KindApi {
  group: string;
  version: string;
  resource: string;
}

/** The model being assembled: pods wait for their service accounts' automount default. */
export interface ModelDraft {
  model: ClusterModel;
  pods: PodObject[];
}

export type Manifest = Record<string, unknown>;

/**
 * One kind's knowledge: how the API serves it, its schema, and the way between an API object and
 * the engine's model (lib/rbac/model/types.ts), both ways.
 */
export interface KindModule<K extends ModelKind, S extends z.ZodType<{ metadata: { namespace?: string } }>, V> {
  kind: K;
  api: KindApi;
  namespaced: boolean;
  schema: S;
  /**
   * The schema's output without zod, for an object in the shape the API server writes (checked
   * field by field, exactly what the schema checks); undefined sends the object to the schema.
   * Only for kinds a large snapshot holds by the hundred thousand: zod was most of reading them.
   */
  plain?(raw: Record<string, unknown>): z.infer<S> | undefined;
  /** The model object of a validated one; `namespace` is its namespace or the default one. */
  toModel(data: z.infer<S>, namespace: string): V;
  /** A problem with a kept object (said as a warning), if any. */
  warning?(data: z.infer<S>): string | undefined;
  /** The manifest's body after apiVersion and kind: only the fields RBAC Atlas reads. */
  toManifest(value: V): Manifest;
  /** Puts the object in the model being assembled. */
  addTo(draft: ModelDraft, value: V): void;
  /** The objects of this kind a model holds. */
  of(model: ClusterModel): readonly V[];
  /**
   * What-if: the part of an object `kubectl apply` cannot change (a binding's roleRef: binding.ts),
   * as a string to compare, if any.
   */
  immutable?(value: V): string;
}

/** An object's metadata in a manifest, in the order the API server writes it. */
export function meta(
  name: string,
  labels: Record<string, string> | undefined,
  namespace?: string,
  created?: string,
  uid?: string,
) {
  return {
    name,
    ...(namespace !== undefined && { namespace }),
    ...(uid && { uid }),
    ...(labels && Object.keys(labels).length > 0 && { labels }),
    ...(created && { creationTimestamp: created }),
  } as Manifest;
}

/** A zod error as one line, each problem prefixed with its field path. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
        .join('');
      return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
