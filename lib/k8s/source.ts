// Where the data comes from. Every source produces the same thing: a model, the problems found on
// the way, and a description of the source for the header and the CLI.
import { fileURLToPath } from 'node:url';
import type { ClusterModel } from '@/lib/rbac';
import type { SourceIssue } from './issues';
import { readSnapshot } from './snapshot';

export type SourceSpec = { kind: 'snapshot'; path: string } | { kind: 'demo' };

export interface LoadedSource {
  spec: SourceSpec;
  model: ClusterModel;
  issues: SourceIssue[];
  skippedKinds: Record<string, number>;
  /** ISO time the data was read. */
  readAt: string;
  /** "demo data", "snapshot /path/x.yaml". */
  description: string;
}

/** The bundled demo cluster: built-in roles captured from a real API server plus team namespaces. */
export const DEMO_SNAPSHOT = fileURLToPath(new URL('./demo/cluster.yaml', import.meta.url));

export async function loadSource(spec: SourceSpec): Promise<LoadedSource> {
  const path = spec.kind === 'demo' ? DEMO_SNAPSHOT : spec.path;
  const snap = await readSnapshot(path);
  return {
    spec,
    model: snap.model,
    issues: [
      ...snap.issues,
      ...snap.skippedFiles.map((file): SourceIssue => ({ file, severity: 'warning', message: 'not a .yaml, .yml or .json file; skipped' })),
    ],
    skippedKinds: snap.skippedKinds,
    readAt: new Date().toISOString(),
    description: spec.kind === 'demo' ? 'demo data' : `snapshot ${spec.path}`,
  };
}
