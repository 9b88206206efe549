// Creates objects on the local control plane through its REST API (a test and demo tool, not product
// code: the product never writes to a cluster).
import { parseAllDocuments } from 'yaml';
import { builtinByName } from '@/lib/rbac/model/resource-types';
import { adminFetch, type ControlPlane } from './control-plane';

type Cp = Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>;
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export function collectionPath(obj: Pick<KubeObject, 'apiVersion' | 'kind'>, namespace?: string): string {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const type = builtinByName(obj.kind.toLowerCase(), group);
  if (!type) throw new Error(`no REST path known for ${obj.kind} in ${obj.apiVersion}`);
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return type.namespaced ? `${base}/namespaces/${namespace ?? 'default'}/${type.plural}` : `${base}/${type.plural}`;
}

export function parseManifests(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

/** Creates each object, retrying while its namespace or service account is still being set up. */
export async function createObjects(cp: Cp, objects: readonly KubeObject[], timeoutMs = 60_000): Promise<void> {
  for (const obj of objects) {
    const url = collectionPath(obj, obj.metadata.namespace);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await adminFetch(cp, url, { method: 'POST', body: obj });
      if (res.status === 201 || res.status === 409) break;
      if (Date.now() > deadline) {
        throw new Error(
          `create ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
