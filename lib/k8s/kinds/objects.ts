// Schemas for the seven kinds RBAC Atlas reads, the one place where API objects (from a snapshot
// file or a live cluster) are validated and turned into the engine's model types.
import { z } from 'zod';
import type {
  ClusterRole,
  ClusterRoleBinding,
  Namespace,
  PodOwner,
  PolicyRule,
  Role,
  RoleBinding,
  ServiceAccount,
} from '@/lib/rbac';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

// Only shown (as an age): a timestamp that does not parse is left out rather than failing the object.
const creationTimestamp = z
  .union([z.string(), z.date()])
  .nullish()
  .transform((v) => {
    const t = v instanceof Date ? v : v ? new Date(v) : undefined;
    return t && !Number.isNaN(t.getTime()) ? t.toISOString().replace(/\.000Z$/, 'Z') : undefined;
  })
  .catch(undefined);

const metadata = z.object({
  name: z.string({ error: 'metadata.name is required' }).min(1, 'metadata.name must not be empty'),
  namespace: z.string().optional(),
  labels,
  creationTimestamp,
});

const createdOf = (m: { creationTimestamp?: string | undefined }) =>
  m.creationTimestamp ? { created: m.creationTimestamp } : {};

const policyRule = z.object({
  verbs: z.array(z.string(), { error: 'verbs is required' }).min(1, 'verbs must not be empty'),
  apiGroups: stringList,
  resources: stringList,
  resourceNames: stringList,
  nonResourceURLs: stringList,
}) satisfies z.ZodType<PolicyRule>;

const rules = z
  .array(policyRule)
  .nullish()
  .transform((v) => v ?? []);

const subject = z.object({
  kind: z.enum(['ServiceAccount', 'User', 'Group'], {
    error: (iss) => `must be ServiceAccount, User or Group, got ${JSON.stringify(iss.input)}`,
  }),
  name: z.string().min(1, 'must not be empty'),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});

const roleRef = z.object(
  {
    kind: z.enum(['Role', 'ClusterRole'], {
      error: (iss) => `must be Role or ClusterRole, got ${JSON.stringify(iss.input)}`,
    }),
    name: z.string().min(1, 'must not be empty'),
    apiGroup: z.string().default(RBAC_GROUP),
  },
  { error: 'roleRef is required' },
);

const ownerReferences = z
  .array(z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), controller: z.boolean().nullish() }))
  .nullish();

const labelSelector = z.object({
  matchLabels: labels,
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.string(), values: stringList }))
    .nullish()
    .transform((v) => v ?? []),
});

const subjects = z
  .array(subject)
  .nullish()
  .transform((v) => v ?? []);

const schemas = {
  Namespace: z.object({ metadata }),
  ServiceAccount: z.object({ metadata, automountServiceAccountToken: z.boolean().nullish() }),
  Pod: z.object({
    // Checked on its own (ownersOf): a malformed owner reference is a warning, the pod is kept.
    metadata: metadata.extend({ ownerReferences: z.unknown().optional() }),
    spec: z
      .object({
        serviceAccountName: z.string().nullish(),
        serviceAccount: z.string().nullish(),
        automountServiceAccountToken: z.boolean().nullish(),
        nodeName: z.string().nullish(),
      })
      .nullish(),
    status: z.object({ phase: z.string().nullish() }).nullish(),
  }),
  Role: z.object({ metadata, rules }),
  ClusterRole: z.object({
    metadata,
    rules,
    aggregationRule: z
      .object({
        clusterRoleSelectors: z
          .array(labelSelector)
          .nullish()
          .transform((v) => v ?? []),
      })
      .nullish(),
  }),
  RoleBinding: z.object({ metadata, roleRef, subjects }),
  ClusterRoleBinding: z.object({ metadata, roleRef, subjects }),
} as const;

type Data<K extends keyof typeof schemas> = z.infer<(typeof schemas)[K]>;

export type KnownKind = keyof typeof schemas;

/** Where each kind is served: its API group, version and resource (the URL plural). */
export const KIND_API: Record<KnownKind, { group: string; version: string; resource: string }> = {
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts' },
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Role: { group: RBAC_GROUP, version: 'v1', resource: 'roles' },
  ClusterRole: { group: RBAC_GROUP, version: 'v1', resource: 'clusterroles' },
  RoleBinding: { group: RBAC_GROUP, version: 'v1', resource: 'rolebindings' },
  ClusterRoleBinding: { group: RBAC_GROUP, version: 'v1', resource: 'clusterrolebindings' },
};

export const KNOWN_KINDS = Object.keys(KIND_API) as KnownKind[];

export const NAMESPACED: ReadonlySet<KnownKind> = new Set(['ServiceAccount', 'Pod', 'Role', 'RoleBinding']);

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
  if (!Object.hasOwn(schemas, kind)) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return KIND_API[kind as KnownKind].group === group ? (kind as KnownKind) : undefined;
}

/** A pod as read, before its service account's automount default is known. */
export interface PodObject {
  namespace: string;
  name: string;
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  phase?: string;
  nodeName?: string;
  owner?: PodOwner;
  templateHash?: string;
}

export type ParsedObject =
  | { kind: 'Namespace'; value: Namespace }
  | { kind: 'ServiceAccount'; value: ServiceAccount }
  | { kind: 'Pod'; value: PodObject }
  | { kind: 'Role'; value: Role }
  | { kind: 'ClusterRole'; value: ClusterRole }
  | { kind: 'RoleBinding'; value: RoleBinding }
  | { kind: 'ClusterRoleBinding'; value: ClusterRoleBinding };

function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
        .join('');
      return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

const TEMPLATE_HASH = 'pod-template-hash';

/**
 * The pod's controller (at most one owner reference has controller: true, apimachinery's
 * GetControllerOf) and the Deployment controller's template-hash label, from which the workloads
 * that create the pod are known without reading them.
 */
function ownerOf(m: { labels: Record<string, string>; ownerReferences?: unknown }): {
  owner?: PodOwner;
  templateHash?: string;
} {
  const parsed = ownerReferences.safeParse(m.ownerReferences);
  const ref = parsed.success ? parsed.data?.find((r) => r.controller === true) : undefined;
  const hash = m.labels[TEMPLATE_HASH];
  if (!ref) return {};
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return { owner: { group, kind: ref.kind, name: ref.name }, ...(hash && { templateHash: hash }) };
}

const GROUP_VERSION: Record<string, string> = { '': 'v1', apps: 'apps/v1', batch: 'batch/v1' };

type Converters = {
  [K in KnownKind]: (data: Data<K>, namespace: string) => Extract<ParsedObject, { kind: K }>['value'];
};

const convert: Converters = {
  Namespace: (d) => ({ name: d.metadata.name, labels: d.metadata.labels }),
  ServiceAccount: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    ...createdOf(d.metadata),
    ...(d.automountServiceAccountToken != null && { automountServiceAccountToken: d.automountServiceAccountToken }),
  }),
  Pod: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    // spec.serviceAccount is the deprecated alias of serviceAccountName; the API server defaults both to "default".
    serviceAccountName: d.spec?.serviceAccountName || d.spec?.serviceAccount || 'default',
    ...(d.spec?.automountServiceAccountToken != null && {
      automountServiceAccountToken: d.spec.automountServiceAccountToken,
    }),
    ...(d.status?.phase && { phase: d.status.phase }),
    ...(d.spec?.nodeName && { nodeName: d.spec.nodeName }),
    ...ownerOf(d.metadata),
  }),
  Role: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    labels: d.metadata.labels,
    rules: d.rules,
    ...createdOf(d.metadata),
  }),
  ClusterRole: (d) => ({
    name: d.metadata.name,
    labels: d.metadata.labels,
    rules: d.rules,
    ...createdOf(d.metadata),
    ...(d.aggregationRule && { aggregationRule: d.aggregationRule }),
  }),
  RoleBinding: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    labels: d.metadata.labels,
    roleRef: d.roleRef,
    subjects: d.subjects,
    ...createdOf(d.metadata),
  }),
  ClusterRoleBinding: (d) => ({
    name: d.metadata.name,
    labels: d.metadata.labels,
    roleRef: d.roleRef,
    subjects: d.subjects,
    ...createdOf(d.metadata),
  }),
};

/**
 * Validates one object of a known kind. A namespaced object without a namespace is in
 * `defaultNamespace`, as `kubectl apply` would put it.
 */
export function parseObject<K extends KnownKind>(
  kind: K,
  raw: unknown,
  defaultNamespace: string,
): { ok: true; object: ParsedObject; warning?: string } | { ok: false; message: string } {
  const result = (schemas[kind] as unknown as z.ZodType<Data<K>>).safeParse(raw);
  if (!result.success) return { ok: false, message: formatZodError(result.error) };
  const namespace = result.data.metadata.namespace || defaultNamespace;
  const object = { kind, value: convert[kind](result.data, namespace) } as ParsedObject;
  const warning = kind === 'Pod' ? ownersWarning(result.data.metadata as { ownerReferences?: unknown }) : undefined;
  return { ok: true, object, ...(warning && { warning }) };
}

/**
 * A pod whose owner references do not parse is kept without an owner, and said: the workload that
 * owns it is then unknown, so WORKLOAD_UPDATE cannot go through it.
 */
function ownersWarning(m: { ownerReferences?: unknown }): string | undefined {
  const parsed = ownerReferences.safeParse(m.ownerReferences);
  if (parsed.success) return undefined;
  const problem = formatZodError(parsed.error);
  return (
    `metadata.ownerReferences${problem.startsWith('[') ? '' : ': '}${problem}: the pod is read without its owner, ` +
    'so the workload that owns it is not known (no WORKLOAD_UPDATE step through it)'
  );
}

type Manifest = Record<string, unknown>;

function meta(
  name: string,
  labels: Record<string, string> | undefined,
  namespace?: string,
  created?: string,
): Manifest {
  return {
    name,
    ...(namespace !== undefined && { namespace }),
    ...(labels && Object.keys(labels).length > 0 && { labels }),
    ...(created && { creationTimestamp: created }),
  };
}

/** The object as an API manifest with only the fields RBAC Atlas reads: parseObject reads it back the same. */
export function toManifest(o: ParsedObject): Manifest {
  const head = { apiVersion: apiVersionOf(o.kind), kind: o.kind };
  switch (o.kind) {
    case 'Namespace':
      return { ...head, metadata: meta(o.value.name, o.value.labels) };
    case 'ServiceAccount': {
      const sa = o.value;
      return {
        ...head,
        metadata: meta(sa.name, undefined, sa.namespace, sa.created),
        ...(sa.automountServiceAccountToken !== undefined && {
          automountServiceAccountToken: sa.automountServiceAccountToken,
        }),
      };
    }
    case 'Pod': {
      const p = o.value;
      const metadata = meta(p.name, p.templateHash ? { [TEMPLATE_HASH]: p.templateHash } : undefined, p.namespace);
      if (p.owner)
        metadata.ownerReferences = [
          {
            apiVersion: GROUP_VERSION[p.owner.group] ?? `${p.owner.group}/v1`,
            kind: p.owner.kind,
            name: p.owner.name,
            controller: true,
          },
        ];
      return {
        ...head,
        metadata,
        spec: {
          serviceAccountName: p.serviceAccountName,
          ...(p.automountServiceAccountToken !== undefined && {
            automountServiceAccountToken: p.automountServiceAccountToken,
          }),
          ...(p.nodeName && { nodeName: p.nodeName }),
        },
        ...(p.phase && { status: { phase: p.phase } }),
      };
    }
    case 'Role':
      return {
        ...head,
        metadata: meta(o.value.name, o.value.labels, o.value.namespace, o.value.created),
        rules: o.value.rules,
      };
    case 'ClusterRole':
      return {
        ...head,
        metadata: meta(o.value.name, o.value.labels, undefined, o.value.created),
        rules: o.value.rules,
        ...(o.value.aggregationRule && { aggregationRule: o.value.aggregationRule }),
      };
    case 'RoleBinding':
      return {
        ...head,
        metadata: meta(o.value.name, o.value.labels, o.value.namespace, o.value.created),
        roleRef: o.value.roleRef,
        subjects: o.value.subjects,
      };
    case 'ClusterRoleBinding':
      return {
        ...head,
        metadata: meta(o.value.name, o.value.labels, undefined, o.value.created),
        roleRef: o.value.roleRef,
        subjects: o.value.subjects,
      };
  }
}
