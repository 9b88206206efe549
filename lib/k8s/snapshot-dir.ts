// The folder of snapshots /diff compares (RBAC_ATLAS_SNAPSHOT_DIR). A name from the URL is looked up
// in the folder's own listing, never joined into a path, so a link cannot reach outside the folder.
// Each snapshot is read once per modification time; the last few reads are kept.
import 'server-only';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterModel } from '@/lib/rbac';
import { formatIssue } from './issues';
import { loadSource } from './source';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const MAX_KEPT = 4;

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

/** A snapshot as read from the folder. */
export interface FolderSnapshot {
  model: ClusterModel;
  description: string;
  /** Problems met reading it: named, the rest still compared. */
  problems: string[];
}

const snapshots = new Map<string, { mtime: number; read: Promise<FolderSnapshot> }>();

/** Keeps `value` as the newest of the last MAX_KEPT entries of `map`. */
export function keepLast<V>(map: Map<string, V>, key: string, value: V, max = MAX_KEPT): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
  return value;
}

async function readSnapshot(file: string): Promise<FolderSnapshot> {
  const source = await loadSource({ kind: 'snapshot', path: file });
  return {
    model: source.model,
    description: source.description,
    problems: source.issues.filter((i) => i.severity === 'error').map(formatIssue),
  };
}

/**
 * The snapshot the folder lists under `name`, read once per modification time; undefined when
 * the folder has no such entry. Throws ClusterError when it cannot be read.
 */
export async function folderSnapshot(dir: string, name: string): Promise<FolderSnapshot | undefined> {
  if (!(await snapshotNames(dir)).includes(name)) return undefined;
  const file = path.join(dir, name);
  const mtime = (await stat(file)).mtimeMs;
  const cached = snapshots.get(name);
  if (cached?.mtime === mtime) return cached.read;
  const read = readSnapshot(file);
  keepLast(snapshots, name, { mtime, read });
  read.catch(() => snapshots.delete(name));
  return read;
}
