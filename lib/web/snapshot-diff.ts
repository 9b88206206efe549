// The states /diff compares: snapshots in the folder the server is given (RBAC_ATLAS_SNAPSHOT_DIR,
// read by lib/k8s/snapshot-dir.ts), chosen by name in the URL, or the current source as it is now.
// Each snapshot's engine is built once per read; the last few diffs are kept.
import 'server-only';
import { folderSnapshot, keepLast, snapshotDir, snapshotNames, type FolderSnapshot } from '@/lib/k8s/snapshot-dir';
import { ClusterError } from '@/lib/k8s/source';
import { createEngine, diff, type Engine, type RbacDiff } from '@/lib/rbac';
import { currentData } from './current';

export { snapshotDir, snapshotNames };

/** The URL's name for the current source (the live cluster now, or whatever the server shows). */
export const CURRENT = 'current';

export interface DiffState {
  engine: Engine;
  description: string;
  /** Problems met reading it: named, the rest still compared. */
  problems: string[];
}

const states = new WeakMap<FolderSnapshot, DiffState>();
const diffs = new Map<string, RbacDiff>();

function stateOf(snapshot: FolderSnapshot): DiffState {
  let state = states.get(snapshot);
  if (!state) {
    state = { engine: createEngine(snapshot.model), description: snapshot.description, problems: snapshot.problems };
    states.set(snapshot, state);
  }
  return state;
}

/** A state by its name in the URL; undefined when the folder has no such entry. */
async function diffState(dir: string, name: string): Promise<DiffState | undefined> {
  if (name === CURRENT) {
    const data = await currentData();
    return { engine: data.engine, description: `${data.source.description} now`, problems: [] };
  }
  const snapshot = await folderSnapshot(dir, name);
  return snapshot && stateOf(snapshot);
}

/** The diff of two states, with paths; computed once per pair of data versions. */
export function diffOf(before: Engine, after: Engine): RbacDiff {
  const key = `${before.version}:${after.version}`;
  return diffs.get(key) ?? keepLast(diffs, key, diff(before, after, { paths: true }));
}

/** A state by its URL name, or why there is none (said on the page, never thrown). */
export async function diffSide(name: string): Promise<DiffState | { problem: string }> {
  const dir = snapshotDir();
  if (!dir && name !== CURRENT) return { problem: 'no snapshot folder: RBAC_ATLAS_SNAPSHOT_DIR is not set' };
  try {
    const state = await diffState(dir ?? '', name);
    return state ?? { problem: `no snapshot named "${name}" in RBAC_ATLAS_SNAPSHOT_DIR` };
  } catch (e) {
    if (e instanceof ClusterError) return { problem: e.message };
    throw e;
  }
}
