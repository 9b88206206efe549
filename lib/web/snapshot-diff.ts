// The states /diff compares: snapshots in the folder the server is given (RBAC_ATLAS_SNAPSHOT_DIR),
// chosen by name in the URL, or the current source as it is now. A name from the URL is looked up
// in the folder's own listing, never joined into a path, so a link cannot reach outside the folder.
// Each snapshot is read once per modification time; the last few diffs are kept.
import 'server-only';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatIssue } from '@/lib/k8s/issues';
import { ClusterError, loadSource } from '@/lib/k8s/source';
import { createEngine, diff, type Engine, type RbacDiff } from '@/lib/rbac';
import { currentData } from './current';

/** The URL's name for the current source (the live cluster now, or whatever the server shows). */
export const CURRENT = 'current';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export function snapshotDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.RBAC_ATLAS_SNAPSHOT_DIR?.trim();
  return dir ? dir : undefined;
}

/** Snapshot files and folders in the folder, by name; hidden entries left out. */
export async function snapshotNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isFile() && EXTENSIONS.has(path.extname(e.name)))))
    .map((e) => e.name)
    .sort();
}

export interface DiffState {
  engine: Engine;
  description: string;
  /** Problems met reading it: named, the rest still compared. */
  problems: string[];
}

const MAX_KEPT = 4;
const snapshots = new Map<string, { mtime: number; state: Promise<DiffState> }>();
const diffs = new Map<string, RbacDiff>();

function keep<V>(map: Map<string, V>, key: string, value: V): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_KEPT) map.delete(map.keys().next().value!);
  return value;
}

async function readState(file: string): Promise<DiffState> {
  const source = await loadSource({ kind: 'snapshot', path: file });
  return {
    engine: createEngine(source.model),
    description: source.description,
    problems: source.issues.filter((i) => i.severity === 'error').map(formatIssue),
  };
}

/** A state by its name in the URL; undefined when the folder has no such entry. */
async function diffState(dir: string, name: string): Promise<DiffState | undefined> {
  if (name === CURRENT) {
    const data = await currentData();
    return { engine: data.engine, description: `${data.source.description} now`, problems: [] };
  }
  if (!(await snapshotNames(dir)).includes(name)) return undefined;
  const file = path.join(dir, name);
  const mtime = (await stat(file)).mtimeMs;
  const cached = snapshots.get(name);
  if (cached?.mtime === mtime) return cached.state;
  const state = readState(file);
  keep(snapshots, name, { mtime, state });
  state.catch(() => snapshots.delete(name));
  return state;
}

/** The diff of two states, with paths; computed once per pair of data versions. */
export function diffOf(before: Engine, after: Engine): RbacDiff {
  const key = `${before.version}:${after.version}`;
  return diffs.get(key) ?? keep(diffs, key, diff(before, after, { paths: true }));
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
