// Writes what a live source read as a snapshot file that `--snapshot` and RBAC_ATLAS_SNAPSHOT read
// back: the fields RBAC Atlas reads, one manifest per object, never Secrets.
import { stringify } from 'yaml';
import type { KubeVersion, MissingKind } from '@/lib/rbac';
import { KUBERNETES_ANNOTATION, NOT_READ_ANNOTATION, type RecordedKubernetes } from './documents';
import { KNOWN_KINDS, toManifest, type ParsedObject } from '../kinds/objects';

export function kindCounts(objects: readonly ParsedObject[]): string {
  const counts = new Map(KNOWN_KINDS.map((k) => [k, 0]));
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
}

export function snapshotYaml(
  objects: readonly ParsedObject[],
  description: string,
  readAt: string,
  missing: readonly MissingKind[] = [],
  kubernetes?: KubeVersion,
): string {
  const notRead = missing.map((m) => `\n# Not read: ${m.kind}: ${m.reason.replace(/\s+/g, ' ')}`).join('');
  const header = `# RBAC Atlas snapshot of ${description.replace(/\s+/g, ' ')}, read ${readAt}.\n# Objects: ${kindCounts(objects)}. Never Secrets.${notRead}\n`;
  // The server's version (and the gates its /metrics reported) go with the objects: answers from
  // the file model the version they were read from, unless --kube-version says otherwise.
  const recorded: RecordedKubernetes | undefined = kubernetes?.server
    ? { server: kubernetes.server, ...(kubernetes.featuresFrom === 'server' && { features: kubernetes.features }) }
    : undefined;
  const annotations = {
    ...(missing.length > 0 && { [NOT_READ_ANNOTATION]: JSON.stringify(missing) }),
    ...(recorded && { [KUBERNETES_ANNOTATION]: JSON.stringify(recorded) }),
  };
  const metadata = Object.keys(annotations).length > 0 ? { annotations } : undefined;
  const list = { apiVersion: 'v1', kind: 'List', ...(metadata && { metadata }), items: objects.map(toManifest) };
  return header + stringify(list, { lineWidth: 0 });
}
