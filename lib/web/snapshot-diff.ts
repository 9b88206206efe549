// The states /diff compares: snapshots in the folder the server is given (RBAC_ATLAS_SNAPSHOT_DIR,
// read by lib/k8s/snapshot-dir.ts) or, without one, the snapshot files beside the snapshot file the
// server shows (no restart needed to compare it with last week's), chosen by name in the URL, or the
// current source as it is now. Each snapshot's engine is built once per read; the last few diffs are kept.
import 'server-only';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { chosenSpec } from '@/lib/k8s/current-source';
import { folderSnapshot, keepLast, snapshotDir, snapshotNames, type FolderSnapshot } from '@/lib/k8s/snapshot-dir';
import { ClusterError } from '@/lib/k8s/source';
import { createEngine, diff, type Engine, type RbacDiff } from '@/lib/rbac';
import { currentData, reviewEngine } from './current';

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
    return { engine: reviewEngine(data.engine), description: `${data.source.description} now`, problems: [] };
  }
  const snapshot = await folderSnapshot(dir, name);
  return snapshot && stateOf(snapshot);
}

/** The diff of two states, with paths; computed once per pair of data versions. */
export function diffOf(before: Engine, after: Engine): RbacDiff {
  const key = `${before.version}:${after.version}`;
  return diffs.get(key) ?? keepLast(diffs, key, diff(before, after, { paths: true }));
}

/** Where /diff finds snapshots: the folder it is given, else the folder of the snapshot file shown. */
export interface DiffFolder {
  dir: string;
  /** How the page names it. */
  label: string;
  /** The snapshot file's own folder: its snapshot files only (a subfolder is not read as a snapshot). */
  filesOnly: boolean;
}

export async function diffFolder(): Promise<DiffFolder | undefined> {
  const dir = snapshotDir();
  if (dir) return { dir, label: 'RBAC_ATLAS_SNAPSHOT_DIR', filesOnly: false };
  const spec = chosenSpec();
  if (spec.kind !== 'snapshot') return undefined;
  const info = await stat(spec.path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const folder = path.dirname(path.resolve(spec.path));
  return { dir: folder, label: `the folder of the snapshot shown (${folder})`, filesOnly: true };
}

/** The names /diff offers from the folder (files only where the folder is the snapshot file's). */
export async function diffNames(folder: DiffFolder): Promise<string[]> {
  const names = await snapshotNames(folder.dir);
  if (!folder.filesOnly) return names;
  const files = await Promise.all(names.map(async (n) => (await stat(path.join(folder.dir, n))).isFile()));
  return names.filter((_, i) => files[i]);
}

/** A state by its URL name, or why there is none (said on the page, never thrown). */
export async function diffSide(name: string): Promise<DiffState | { problem: string }> {
  const folder = await diffFolder();
  if (!folder && name !== CURRENT)
    return { problem: 'no snapshot folder: RBAC_ATLAS_SNAPSHOT_DIR is not set and the source is not a snapshot file' };
  try {
    // A name the page does not offer is not read, whatever the folder holds.
    const offered =
      name === CURRENT || (folder !== undefined && (await diffNames(folder).catch((): string[] => [])).includes(name));
    const state = offered ? await diffState(folder?.dir ?? '', name) : undefined;
    return state ?? { problem: `no snapshot named "${name}" in ${folder?.label ?? 'RBAC_ATLAS_SNAPSHOT_DIR'}` };
  } catch (e) {
    if (e instanceof ClusterError) return { problem: e.message };
    throw e;
  }
}
