// Pod (core/v1, namespaced): who it runs as and whether its token is mounted (the attack paths'
// "run as a pod's service account"), and its controller, from which the workloads that create it are
// known without reading them. The token default comes from its service account (model-builder.ts).
import { z } from 'zod';
import { subjectKey, type Pod, type PodOwner, type ProjectedToken, type ServiceAccount } from '@/lib/rbac';
import { podVolumes, tokensBeside, volumesManifest, volumesWarning } from './pod-volumes';
import {
  formatZodError,
  isObject,
  meta,
  metadata,
  nullishOf,
  plainLabels,
  plainUid,
  shared,
  uid,
  uidOf,
  type KindModule,
  type Manifest,
} from './common';

/** A pod as read, before its service account's automount default is known. */
export interface PodObject {
  namespace: string;
  name: string;
  uid?: string;
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  phase?: string;
  nodeName?: string;
  owner?: PodOwner;
  templateHash?: string;
  secretVolumes?: string[];
  /** Every token it projects, the automounted one included (pod-volumes.ts tokensBeside). */
  projectedTokens?: readonly ProjectedToken[];
}

const schema = z.object({
  // Checked on its own (ownerOf): a malformed owner reference is a warning, the pod is kept. A pod's
  // creation time is not kept: not parsing it changes nothing (its schema never fails, `.catch`).
  metadata: metadata.omit({ creationTimestamp: true }).extend({ uid, ownerReferences: z.unknown().optional() }),
  spec: z
    .object({
      serviceAccountName: z.string().nullish(),
      serviceAccount: z.string().nullish(),
      automountServiceAccountToken: z.boolean().nullish(),
      nodeName: z.string().nullish(),
      // Checked on its own (pod-volumes.ts): volumes that do not parse are a warning, the pod is kept.
      volumes: z.unknown().optional(),
    })
    .nullish(),
  status: z.object({ phase: z.string().nullish() }).nullish(),
});

const ownerReferences = z
  .array(z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), controller: z.boolean().nullish() }))
  .nullish();

type OwnerReference = { apiVersion: string; kind: string; name: string; controller?: boolean | null };

/**
 * What `ownerReferences` accepts, checked without zod (every pod has owners, and zod's parse of them
 * was a tenth of reading a snapshot): true exactly when its parse succeeds, and then the fields read
 * are the same. Anything else goes to zod, which says what is wrong.
 */
function plainOwners(v: unknown): v is OwnerReference[] | null | undefined {
  if (v === undefined || v === null) return true;
  if (!Array.isArray(v)) return false;
  return v.every(
    (r: unknown) =>
      typeof r === 'object' &&
      r !== null &&
      !Array.isArray(r) &&
      typeof (r as OwnerReference).apiVersion === 'string' &&
      typeof (r as OwnerReference).kind === 'string' &&
      typeof (r as OwnerReference).name === 'string' &&
      [undefined, null, true, false].includes((r as OwnerReference).controller),
  );
}

const TEMPLATE_HASH = 'pod-template-hash';

const GROUP_VERSION: Record<string, string> = { '': 'v1', apps: 'apps/v1', batch: 'batch/v1' };

/**
 * The pod's controller (at most one owner reference has controller: true, apimachinery's
 * GetControllerOf) and the Deployment controller's template-hash label.
 */
function ownerOf(m: { labels: Record<string, string>; ownerReferences?: unknown }): {
  owner?: PodOwner;
  templateHash?: string;
} {
  const owners = plainOwners(m.ownerReferences) ? m.ownerReferences : ownerReferences.safeParse(m.ownerReferences).data;
  const ref = owners?.find((r) => r.controller === true);
  const hash = m.labels[TEMPLATE_HASH];
  if (!ref) return {};
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return {
    owner: { group: shared(group), kind: shared(ref.kind), name: shared(ref.name) },
    ...(hash && { templateHash: shared(hash) }),
  };
}

/**
 * A pod whose owner references do not parse is kept without an owner, and said: the workload that
 * owns it is then unknown, so WORKLOAD_UPDATE cannot go through it.
 */
function ownersWarning(m: { ownerReferences?: unknown }): string | undefined {
  if (plainOwners(m.ownerReferences)) return undefined;
  const parsed = ownerReferences.safeParse(m.ownerReferences);
  if (parsed.success) return undefined;
  const problem = formatZodError(parsed.error);
  return (
    `metadata.ownerReferences${problem.startsWith('[') ? '' : ': '}${problem}: the pod is read without its owner, ` +
    'so the workload that owns it is not known (no WORKLOAD_UPDATE step through it)'
  );
}

type PodData = z.infer<typeof schema>;

/** The spec's fields the schema reads, when each is absent, null or of its type (or no spec). */
function plainSpec(spec: unknown): spec is PodData['spec'] {
  if (spec === undefined || spec === null) return true;
  if (!isObject(spec)) return false;
  return (
    nullishOf(spec.serviceAccountName, 'string') &&
    nullishOf(spec.serviceAccount, 'string') &&
    nullishOf(spec.automountServiceAccountToken, 'boolean') &&
    nullishOf(spec.nodeName, 'string')
  );
}

/**
 * The schema's output for a pod as the API server writes it, checked without zod (150,000 pods at
 * 10,000 namespaces): exactly the schema's checks, the fields it keeps (spec and status are the
 * pod's own objects: toModel reads only what was checked). Undefined: zod decides.
 */
function plain(raw: Record<string, unknown>): PodData | undefined {
  const { metadata: m, spec, status } = raw;
  if (!isObject(m) || typeof m.name !== 'string' || m.name.length === 0) return undefined;
  if (m.namespace !== undefined && typeof m.namespace !== 'string') return undefined;
  const labels = plainLabels(m.labels);
  if (!labels || !plainSpec(spec)) return undefined;
  if (status !== undefined && status !== null && !(isObject(status) && nullishOf(status.phase, 'string')))
    return undefined;
  const metadata = {
    name: m.name,
    namespace: m.namespace,
    labels,
    uid: plainUid(m.uid),
    ownerReferences: m.ownerReferences,
  };
  return { metadata, spec, status: status as PodData['status'] };
}

function toManifest(p: PodObject): Manifest {
  const labels = p.templateHash ? { [TEMPLATE_HASH]: p.templateHash } : undefined;
  const metadata = meta(p.name, labels, p.namespace, undefined, p.uid);
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
    metadata,
    spec: {
      serviceAccountName: p.serviceAccountName,
      ...(p.automountServiceAccountToken !== undefined && {
        automountServiceAccountToken: p.automountServiceAccountToken,
      }),
      ...(p.nodeName && { nodeName: p.nodeName }),
      ...((p.secretVolumes || p.projectedTokens) && { volumes: volumesManifest(p) }),
    },
    ...(p.phase && { status: { phase: p.phase } }),
  };
}

export const podKind: KindModule<'Pod', typeof schema, PodObject> = {
  kind: 'Pod',
  api: { group: '', version: 'v1', resource: 'pods' },
  namespaced: true,
  schema,
  plain,
  toModel: (d, namespace) => ({
    namespace,
    name: d.metadata.name,
    ...uidOf(d.metadata),
    // spec.serviceAccount is the deprecated alias of serviceAccountName; the API server defaults both to "default".
    serviceAccountName: shared(d.spec?.serviceAccountName || d.spec?.serviceAccount || 'default'),
    ...(d.spec?.automountServiceAccountToken != null && {
      automountServiceAccountToken: d.spec.automountServiceAccountToken,
    }),
    ...(d.status?.phase && { phase: shared(d.status.phase) }),
    ...(d.spec?.nodeName && { nodeName: shared(d.spec.nodeName) }),
    ...ownerOf(d.metadata),
    ...podVolumes(d.spec?.volumes),
  }),
  warning: (d) => {
    const problems = [ownersWarning(d.metadata), volumesWarning(d.spec?.volumes)].filter(Boolean);
    return problems.length > 0 ? problems.join('; ') : undefined;
  },
  toManifest,
  addTo: ({ pods }, p) => void pods.push(p),
  of: (model) => model.pods,
};

/** The one key of a service account, for looking up its token automount. */
export const serviceAccountKey = (namespace: string, name: string) =>
  subjectKey({ kind: 'ServiceAccount', namespace, name });

/** A pod as the model holds it: its automountServiceAccountToken wins; else its service account's; else Kubernetes' default, true. */
export function resolvePod(p: PodObject, saAutomount: boolean | undefined): Pod {
  const automount = p.automountServiceAccountToken ?? saAutomount ?? true;
  const tokens = tokensBeside(p.projectedTokens, automount);
  return {
    namespace: p.namespace,
    name: p.name,
    ...(p.uid && { uid: p.uid }),
    serviceAccountName: p.serviceAccountName,
    automountServiceAccountToken: automount,
    ...(p.phase && { phase: p.phase }),
    ...(p.nodeName && { nodeName: p.nodeName }),
    ...(p.owner && { owner: p.owner }),
    ...(p.templateHash && { templateHash: p.templateHash }),
    ...(p.secretVolumes && { secretVolumes: p.secretVolumes }),
    ...(tokens && { projectedTokens: tokens }),
  };
}

/** Service accounts' automount defaults by namespace, then name (of a duplicate, the later). */
export type AutomountByNamespace = Map<string, Map<string, boolean | undefined>>;

export function automountByNamespace(serviceAccounts: Iterable<ServiceAccount>): AutomountByNamespace {
  const out: AutomountByNamespace = new Map();
  for (const sa of serviceAccounts) {
    let names = out.get(sa.namespace);
    if (!names) out.set(sa.namespace, (names = new Map()));
    names.set(sa.name, sa.automountServiceAccountToken);
  }
  return out;
}

/**
 * Every pod resolved (resolvePod) with its service account's automount; looked up by namespace and
 * name, not by a key string made for each of 150,000 pods.
 */
export function resolvePodTokens(pods: readonly PodObject[], saAutomount: AutomountByNamespace): Pod[] {
  return pods.map((p) => resolvePod(p, saAutomount.get(p.namespace)?.get(p.serviceAccountName)));
}
