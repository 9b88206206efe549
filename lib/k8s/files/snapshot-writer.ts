// Writes what a live source read as a snapshot file that `--snapshot` and RBAC_ATLAS_SNAPSHOT read
// back: the fields RBAC Atlas reads, one manifest per object, never Secrets.
import { stringify } from 'yaml';
import type { MissingKind } from '@/lib/rbac';
import { NOT_READ_ANNOTATION } from './documents';
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
): string {
  const notRead = missing.map((m) => `\n# Not read: ${m.kind}: ${m.reason.replace(/\s+/g, ' ')}`).join('');
  const header = `# RBAC Atlas snapshot of ${description.replace(/\s+/g, ' ')}, read ${readAt}.\n# Objects: ${kindCounts(objects)}. Never Secrets.${notRead}\n`;
  const metadata = missing.length > 0 ? { annotations: { [NOT_READ_ANNOTATION]: JSON.stringify(missing) } } : undefined;
  const list = { apiVersion: 'v1', kind: 'List', ...(metadata && { metadata }), items: objects.map(toManifest) };
  return header + stringify(list, { lineWidth: 0 });
}
