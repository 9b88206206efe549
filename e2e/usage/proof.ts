// The usage proof's pieces that do not depend on the engine: the audit log read as plain JSON (the
// oracle the reader is held to: one request per auditID, at its final stage's line), manifests
// applied on the API server as kubectl would, and the requests a lost permission stands for.
import { readFile } from 'node:fs/promises';
import type { AccessRequest, DiffPermission } from '@/lib/rbac';
import { collectionPath, type KubeObject } from '@/scripts/control-plane/apply';
import { adminFetch, type ControlPlane } from '@/scripts/control-plane/control-plane';

type Cp = Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>;

/** Per auditID, the line (from 1) of its final stage (ResponseComplete or Panic), else of its last stage. */
export async function finalLines(logPath: string): Promise<Map<string, number>> {
  const final = new Map<string, { line: number; done: boolean }>();
  const lines = (await readFile(logPath, 'utf8')).split('\n');
  lines.forEach((text, i) => {
    if (text === '') return;
    const e = JSON.parse(text) as { auditID: string; stage: string };
    const done = e.stage === 'ResponseComplete' || e.stage === 'Panic';
    if (!final.get(e.auditID)?.done) final.set(e.auditID, { line: i + 1, done });
  });
  return new Map([...final].map(([id, f]) => [id, f.line]));
}

/** Where an object lives on the API server (its collection, then its name). */
const objectUrl = (o: KubeObject) =>
  `${collectionPath(o, o.metadata.namespace)}/${encodeURIComponent(o.metadata.name)}`;

/**
 * Applies manifests as `kubectl apply` would for these kinds: creates what is not there, replaces
 * what is (with the stored resourceVersion, so the update is of what was read).
 */
export async function applyManifests(cp: Cp, objects: readonly KubeObject[]): Promise<void> {
  for (const o of objects) {
    const url = objectUrl(o);
    const current = await adminFetch(cp, url);
    const version = (current.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
    const res =
      current.status === 404
        ? await adminFetch(cp, collectionPath(o, o.metadata.namespace), { method: 'POST', body: o })
        : await adminFetch(cp, url, {
            method: 'PUT',
            body: { ...o, metadata: { ...o.metadata, resourceVersion: version } },
          });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`apply ${o.kind} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export async function deleteObjects(cp: Cp, objects: readonly KubeObject[]): Promise<void> {
  for (const o of objects) {
    const res = await adminFetch(cp, objectUrl(o), { method: 'DELETE' });
    if (res.status !== 200) throw new Error(`delete ${o.kind} ${objectUrl(o)}: ${res.status}`);
  }
}

/**
 * The requests a lost permission stands for: each verb, on each of its names (or none), in its
 * namespace (or, cluster-wide, with none: all namespaces, as a ClusterRoleBinding grants them).
 */
export function lostRequests(p: DiffPermission): AccessRequest[] {
  if (p.nonResourceURL !== undefined)
    return p.verbs.map((verb) => ({ kind: 'nonResource', verb, path: p.nonResourceURL ?? '' }));
  const [resource = '', subresource = ''] = (p.resource ?? '').split('/');
  const names = p.resourceNames?.length ? p.resourceNames : [''];
  return p.verbs.flatMap((verb) =>
    names.map((name) => ({
      kind: 'resource' as const,
      verb,
      group: p.apiGroup ?? '',
      resource,
      subresource,
      name,
      namespace: p.namespace ?? '',
    })),
  );
}

const bindingUrl = (ref: { kind: string; name: string; namespace?: string }) =>
  ref.kind === 'RoleBinding'
    ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${ref.namespace}/rolebindings/${encodeURIComponent(ref.name)}`
    : `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${encodeURIComponent(ref.name)}`;

/** Deletes bindings, returning them as they were stored (to put back with `restoreObjects`). */
export async function deleteBindings(
  cp: Cp,
  refs: readonly { kind: string; name: string; namespace?: string }[],
): Promise<KubeObject[]> {
  const gone: KubeObject[] = [];
  for (const ref of refs) {
    const url = bindingUrl(ref);
    const stored = await adminFetch(cp, url);
    const res = await adminFetch(cp, url, { method: 'DELETE' });
    if (res.status !== 200) throw new Error(`delete ${url}: ${res.status}`);
    gone.push(stored.body as KubeObject);
  }
  return gone;
}

/** Creates objects again as they were, without what the server set on them. */
export async function restoreObjects(cp: Cp, objects: readonly KubeObject[]): Promise<void> {
  for (const o of objects) {
    const { name, namespace, labels, annotations } = o.metadata;
    const body = { ...o, metadata: { name, namespace, labels, annotations } };
    const res = await adminFetch(cp, collectionPath(o, namespace), { method: 'POST', body });
    if (res.status !== 201) throw new Error(`restore ${o.kind} ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
