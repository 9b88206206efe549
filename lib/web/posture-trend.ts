// The overview's trend: one posture point (findings per severity, who can become cluster-admin)
// per state seen. A live cluster: the points kept per batch (kept-history.ts), across restarts. A
// snapshot in a folder of snapshots (RBAC_ATLAS_SNAPSHOT_DIR, or the served file's own folder): one
// point per file, newest TREND_SNAPSHOTS by modification time, each computed once and kept in the
// store by (path, size, mtime); files not read yet are read in the background, one at a time.
import 'server-only';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { folderSnapshot, snapshotDir, snapshotNames } from '@/lib/k8s/snapshot-dir';
import { contextKey, currentServer } from '@/lib/k8s/current-source';
import { createEngine, posturePoint, type PosturePoint } from '@/lib/rbac';
import type { CurrentData } from './current';
import { historyStore, isPosturePoint, keptPoints } from './kept-history';

/** Snapshot files a trend shows at most: the newest. */
export const TREND_SNAPSHOTS = 30;
/** How long a page waits for snapshot points being read before it shows what it has. */
const WAIT_MS = 1_500;

export interface TrendPoint extends PosturePoint {
  /** The snapshot file, for a folder's trend. */
  label?: string;
}

export interface Trend {
  /** watch: points per batch of a live cluster; snapshots: per file of a folder; now: the current state only. */
  kind: 'watch' | 'snapshots' | 'now';
  /** Oldest first. */
  points: TrendPoint[];
  /** Snapshot files still being read: their points come later. */
  pending: number;
  /** The folder of a snapshot trend. */
  folder?: string;
  /** Files that could not be read, named. */
  problems: string[];
  /** Why history is kept in memory only, or what was set aside (the store's own words). */
  storeProblem?: string;
}

interface SnapshotFile {
  name: string;
  file: string;
  size: number;
  mtime: number;
}

/** The folder whose snapshots make the trend, when the source is a snapshot and the folder holds several. */
async function trendFolder(data: CurrentData): Promise<string | undefined> {
  const spec = data.source.spec;
  if (spec.kind !== 'snapshot') return undefined;
  const named = snapshotDir();
  if (named) return named;
  const own = await stat(spec.path).catch(() => undefined);
  if (!own?.isFile()) return undefined;
  const dir = path.dirname(spec.path);
  const names = await snapshotNames(dir).catch(() => []);
  return names.length > 1 ? dir : undefined;
}

/** The folder's snapshots, newest TREND_SNAPSHOTS by modification time, oldest first. */
async function snapshotFiles(dir: string): Promise<SnapshotFile[]> {
  const files: SnapshotFile[] = [];
  for (const name of await snapshotNames(dir)) {
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => undefined);
    if (s) files.push({ name, file, size: s.size, mtime: s.mtimeMs });
  }
  return files.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name)).slice(-TREND_SNAPSHOTS);
}

const reading = new Map<string, Promise<void>>();
const unreadable = new Map<string, string>();
const fileKey = (f: SnapshotFile) => `${f.file}\0${f.size}\0${f.mtime}`;

/** Reads one snapshot's posture into the store; a file that cannot be read is remembered and named. */
async function readPoint(dir: string, f: SnapshotFile): Promise<void> {
  try {
    const snapshot = await folderSnapshot(dir, f.name);
    if (!snapshot) return;
    const point = posturePoint(createEngine(snapshot.model), new Date(f.mtime));
    historyStore().addSnapshotPoint(f.file, f.size, f.mtime, point);
  } catch (e) {
    unreadable.set(fileKey(f), `${f.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

let queue: Promise<void> = Promise.resolve();

/** Queues the files not read yet, one at a time (a posture costs a second at 1,000 namespaces). */
function readInBackground(dir: string, files: readonly SnapshotFile[]): Promise<void> {
  for (const f of files) {
    const key = fileKey(f);
    if (reading.has(key)) continue;
    queue = queue.then(() => readPoint(dir, f));
    reading.set(
      key,
      queue.finally(() => reading.delete(key)),
    );
  }
  return queue;
}

async function snapshotTrend(dir: string): Promise<Trend> {
  const files = await snapshotFiles(dir);
  const store = historyStore();
  const kept = (f: SnapshotFile) => {
    const p = store.snapshotPoint(f.file, f.size, f.mtime);
    return isPosturePoint(p) ? { ...p, label: f.name } : undefined;
  };
  const missing = files.filter((f) => !kept(f) && !unreadable.has(fileKey(f)));
  if (missing.length > 0) {
    const done = readInBackground(dir, missing);
    await Promise.race([done, new Promise((r) => setTimeout(r, WAIT_MS))]);
  }
  const points = files.flatMap((f) => kept(f) ?? []);
  const problems = files.flatMap((f) => unreadable.get(fileKey(f)) ?? []);
  return {
    kind: 'snapshots',
    points,
    pending: files.length - points.length - problems.length,
    folder: dir,
    problems,
    ...storeProblem(),
  };
}

const storeProblem = () => {
  const problem = historyStore().problem;
  return problem ? { storeProblem: problem } : {};
};

export async function postureTrend(data: CurrentData): Promise<Trend> {
  const folder = await trendFolder(data).catch(() => undefined);
  if (folder) return snapshotTrend(folder);
  const key = contextKey(data.context);
  const server = currentServer(key);
  const now = posturePoint(data.engine, new Date(data.source.readAt));
  if (!server) return { kind: 'now', points: [now], pending: 0, problems: [], ...storeProblem() };
  const points = keptPoints(key, server);
  return { kind: 'watch', points: points.length > 0 ? points : [now], pending: 0, problems: [], ...storeProblem() };
}
