// Writes what a live source read as a snapshot file that `--snapshot` and RBAC_ATLAS_SNAPSHOT read back.
import { stringify } from 'yaml';
import type { LiveRead } from './live';

export function snapshotYaml(live: LiveRead, description: string, readAt: string): string {
  const items = live.objects.flatMap((o) => o.items);
  const header = `# RBAC Atlas snapshot of ${description}, read ${readAt}.\n# Kinds: ${live.objects.map((o) => `${o.kind} (${o.items.length})`).join(', ')}. Never Secrets.\n`;
  return header + stringify({ apiVersion: 'v1', kind: 'List', items }, { lineWidth: 0 });
}
