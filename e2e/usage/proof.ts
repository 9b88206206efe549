// The usage proof's pieces that do not depend on the engine: the audit log read as plain JSON (the
// oracle the reader is held to: one request per auditID, at its final stage's line), a right-sizing
// applied on the API server as it says, and the requests a change review's lost permissions stand for.
import { readFile } from 'node:fs/promises';
import { toManifest } from '@/lib/k8s/kinds/objects';
import type { AccessRequest, DiffPermission, Rightsizing } from '@/lib/rbac';
import { createObjects, type KubeObject } from '@/scripts/control-plane/apply';
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

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const bindingUrl = (b: { kind: string; name: string; namespace?: string }) =>
  b.kind === 'RoleBinding'
    ? `${RBAC}/namespaces/${b.namespace}/rolebindings/${encodeURIComponent(b.name)}`
    : `${RBAC}/clusterrolebindings/${encodeURIComponent(b.name)}`;

/** The proposal's new objects as manifests, in an order the API server accepts (roles before bindings). */
export function proposedManifests(r: Rightsizing): KubeObject[] {
  const p = r.proposed;
  return [
    ...p.roles.map((value) => toManifest({ kind: 'Role', value })),
    ...p.clusterRoles.map((value) => toManifest({ kind: 'ClusterRole', value })),
    ...p.roleBindings.map((value) => toManifest({ kind: 'RoleBinding', value })),
    ...p.clusterRoleBindings.map((value) => toManifest({ kind: 'ClusterRoleBinding', value })),
  ] as KubeObject[];
}

/**
 * Applies a right-sizing: creates its objects, then deletes each binding it replaces, or takes the
 * subject's entries out of one that names others too (read now: another subject's right-sizing may
 * have edited it already), deleting it when none are left.
 */
export async function applyRightsizing(cp: Cp, r: Rightsizing): Promise<void> {
  await createObjects(cp, proposedManifests(r));
  for (const edit of r.replaced) {
    const url = bindingUrl(edit.binding);
    const current = await adminFetch(cp, url);
    if (current.status !== 200) throw new Error(`${url}: ${current.status}`);
    const body = current.body as { subjects?: { kind: string; name: string; namespace?: string }[] };
    const same = (a: { kind: string; name: string; namespace?: string }) => (b: typeof a) =>
      a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
    const subjects = (body.subjects ?? []).filter((s) => !edit.removed.some((x) => same(x)(s)));
    const res =
      edit.action === 'deleted' || subjects.length === 0
        ? await adminFetch(cp, url, { method: 'DELETE' })
        : await adminFetch(cp, url, { method: 'PUT', body: { ...body, subjects } });
    if (res.status !== 200) throw new Error(`${edit.action} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
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
