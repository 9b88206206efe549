// The change history and posture points kept across restarts: lib/k8s/history-store.ts does the
// I/O; this wires it to the histories lib/web/current.ts keeps per context, and records a posture
// point per batch (findings cost seconds on a large cluster, so a point is taken a little after a
// batch, at most one a minute, from the newest engine then; the engine keeps them for the overview).
import 'server-only';
import { openHistoryStore, type HistoryStore } from '@/lib/k8s/history-store';
import { ChangeHistory, isChangeEntry, type HistorySink } from '@/lib/history/changes';
import { posturePoint, type Engine, type PosturePoint } from '@/lib/rbac';

/** Time after a batch before its posture point is taken: a burst of batches makes one point. */
export const POINT_DELAY_MS = 2_000;
/** At most a point a minute per cluster: a posture costs seconds at 10,000 namespaces, and churn never stops. */
export const POINT_INTERVAL_MS = 60_000;

const STORE = Symbol.for('rbac-atlas.history-store');
const shared = globalThis as { [STORE]?: HistoryStore };

/** The process's store, opened when first asked (never at import: a build must not write). */
export function historyStore(): HistoryStore {
  return (shared[STORE] ??= openHistoryStore());
}

/** A cluster as history keys it: the context and the API server it reads (the same context pointed elsewhere is another). */
export function clusterKey(context: string, server: string): string {
  return `${context}\u0000${server}`;
}

/** A history for a context's server, holding what the store kept of it, writing what it records. */
export function keptHistory(context: string, server: string, budget: number): ChangeHistory {
  const store = historyStore();
  const key = clusterKey(context, server);
  const sink: HistorySink = {
    added: (e) => store.addEntry(key, { id: e.id, bytes: e.bytes, value: e }),
    evicted: (ids) => store.removeEntries(key, ids),
  };
  const kept = store
    .entries(key)
    .map((e) => e.value)
    .filter(isChangeEntry);
  return new ChangeHistory(budget, sink, kept);
}

export function isPosturePoint(v: unknown): v is PosturePoint {
  const p = v as Partial<PosturePoint> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.at === 'string' &&
    typeof p.admins === 'number' &&
    typeof p.severities === 'object'
  );
}

/** The cluster's posture points, oldest first. */
export function keptPoints(context: string, server: string): PosturePoint[] {
  return historyStore().points(clusterKey(context, server)).filter(isPosturePoint);
}

const pending = new Map<string, ReturnType<typeof setTimeout>>();
const taken = new Map<string, number>();

/** Takes the cluster's posture point POINT_DELAY_MS after a batch (and a minute after the last), from the newest engine then. */
export function schedulePoint(context: string, server: string, newest: () => Engine | undefined): void {
  const key = clusterKey(context, server);
  // One timer at a time: batches landing meanwhile are in the newest engine it reads (churn never starves it).
  if (pending.has(key)) return;
  const delay = Math.max(POINT_DELAY_MS, (taken.get(key) ?? 0) + POINT_INTERVAL_MS - Date.now());
  const timer = setTimeout(() => {
    pending.delete(key);
    const engine = newest();
    if (!engine) return;
    // A point counts findings: never none while they are computed (risk-builds.ts). Under churn the
    // newest engine's own are seldom complete, so a previous version's are taken, dated when made.
    const status = engine.risks.status();
    if (status.state === 'computing') return schedulePoint(context, server, newest);
    taken.set(key, Date.now());
    const point = posturePoint(engine, status.state === 'previous' ? new Date(status.asOf) : new Date());
    historyStore().addPoint(key, point.at, point);
  }, delay);
  timer.unref?.();
  pending.set(key, timer);
}

/** Where history is kept, and why it is kept in memory only (or what was set aside), for the notices. */
export function historyState(): { file: string; problem?: string } {
  const { file, problem } = historyStore();
  return { file, ...(problem && { problem }) };
}
