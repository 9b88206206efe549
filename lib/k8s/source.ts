// Where the data comes from. Every source produces the same thing: a model, the problems found on
// the way, and a description of the source for the header and the CLI.
import path from 'node:path';
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

/** The bundled demo cluster (built-in roles captured from a real API server plus team namespaces), relative to the project root. */
export const DEMO_SNAPSHOT = 'lib/k8s/demo/cluster.yaml';

/** `projectRoot` locates the bundled demo: the server runs from the project root, the CLI passes its own. */
export async function loadSource(spec: SourceSpec, projectRoot = process.cwd()): Promise<LoadedSource> {
  const snap = await readSnapshot(spec.kind === 'demo' ? path.join(projectRoot, DEMO_SNAPSHOT) : spec.path);
  return {
    spec,
    model: snap.model,
    issues: [
      ...snap.issues,
      ...snap.skippedFiles.map((file): SourceIssue => ({
        file,
        severity: 'warning',
        message: 'not a .yaml, .yml or .json file; skipped',
      })),
    ],
    skippedKinds: snap.skippedKinds,
    readAt: new Date().toISOString(),
    description: spec.kind === 'demo' ? 'demo data' : `snapshot ${spec.path}`,
  };
}
