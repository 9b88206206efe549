// What every view answers from: the current source of the request's context and its engine. Live
// sources get a new engine after every batch of changes, made when the batch lands (so requests
// never wait for it) from the previous one and the batch's changes (updateEngine), and each batch's
// RBAC changes go into the history of the context's cluster: a kubeconfig edited to point at
// another API server starts another history (and drops the first).
import 'server-only';
import { headers } from 'next/headers';
import {
  chosenSpec,
  contextKey,
  currentServer,
  currentSource,
  currentStatus,
  isLive,
  onBatch,
} from '@/lib/k8s/current-source';
import type { CacheBatch, CacheSnapshot, CacheStatus } from '@/lib/k8s/live/cluster-cache';
import { ClusterError } from '@/lib/k8s/source';
import type { LoadedSource } from '@/lib/k8s/source';
import { createEngine, isFullScope, updateEngine, type ClusterModel, type Engine, type ViewScope } from '@/lib/rbac';
import { ClusterHistories, HISTORY_BUDGET } from '@/lib/history/changes';
import { keptHistory, schedulePoint } from './kept-history';
import { CONTEXT_HEADER } from './context';
import { riskBuilds } from './risk-builds';
import {
  AccessRefused,
  restrictedData,
  sourceFreeAccess,
  viewerAccess,
  viewerScopeOf,
  type ViewerAccess,
} from './viewer-scope';
export { CLUSTER_WORDS, EVERYTHING_WORDS } from './access-gates';
import { authMode, currentViewer } from './viewer';

interface ViewState {
  engines: WeakMap<LoadedSource, Engine>;
  histories: ClusterHistories;
  /** By context: the engine of the last batch, the snapshot it answers for, and the server it was read from. */
  latest: Map<string, Latest>;
}

interface Latest {
  server: string;
  snapshot: CacheSnapshot;
  engine: Engine;
}

// One per process, shared by every bundle that includes this module (see current-source.ts).
const STATE = Symbol.for('rbac-atlas.views');
const shared = globalThis as { [STATE]?: ViewState };
const fresh = shared[STATE] === undefined;
const { engines, histories, latest } = (shared[STATE] ??= {
  engines: new WeakMap(),
  // Read back from the store when a context's server is first seen (kept-history.ts).
  histories: new ClusterHistories(HISTORY_BUDGET, keptHistory),
  latest: new Map(),
});

/** The source's engine, made when first asked; its risk answers are built off the request path (risk-builds.ts). */
function engineOf(source: LoadedSource, context: string, previous?: Engine): Engine {
  let engine = engines.get(source);
  if (!engine) {
    engine = createEngine(source.model, previous);
    engines.set(source, engine);
    riskBuilds().submit(context, engine);
  }
  return engine;
}

/** What the model carries besides its objects: a change of either is not in the batch's changes. */
const sameSettings = (a: ClusterModel, b: ClusterModel) =>
  JSON.stringify([a.missing, a.kubernetes]) === JSON.stringify([b.missing, b.kubernetes]);

/**
 * The engine of a batch's source: the last one when only the issues changed (the same model and
 * discovery), the last one updated with the changes when the batch follows it, else a new one.
 */
function batchEngine(batch: CacheBatch, source: LoadedSource, context: string, last: Latest | undefined): Engine {
  let engine = engines.get(source);
  if (engine) return engine;
  const { model, cluster } = batch.snapshot;
  if (last?.snapshot.model === model && last.snapshot.cluster === cluster) engine = last.engine;
  else if (last && batch.previous === last.snapshot && !batch.reordered && sameSettings(last.snapshot.model, model))
    engine = updateEngine(last.engine, model, batch.modelChanges);
  else engine = createEngine(model, last?.engine);
  engines.set(source, engine);
  if (engine !== last?.engine) riskBuilds().submit(context, engine);
  return engine;
}

if (fresh)
  onBatch((context, batch, source, server) => {
    const last = latest.get(context);
    // A batch from another server is that cluster's first state, not a change of this one.
    const same = last?.server === server ? last : undefined;
    const before = same?.engine;
    const after = batchEngine(batch, source, context, same);
    latest.set(context, { server, snapshot: batch.snapshot, engine: after });
    const history = histories.of(context, server);
    const newest = () => (latest.get(context)?.server === server ? latest.get(context)?.engine : undefined);
    // The first state of a cluster is a point of its trend, and so is every batch that changed RBAC.
    if (!before) return schedulePoint(context, server, newest);
    if (batch.changes.length === 0) return;
    const at = new Date(batch.snapshot.at);
    if (history.record(before, after, batch.changes, at, batch.outage && { outage: batch.outage }))
      schedulePoint(context, server, newest);
  });

/**
 * The engine a change review compares (what-if, /diff against now, a fix's effect): its attack paths
 * must be this model's, never a previous version's or none (a path opened would read as none).
 * While they are built, the review waits: a ClusterError, answered 503 and said on the page.
 */
export function reviewEngine(engine: Engine): Engine {
  const status = engine.risks.status();
  if (status.state === 'current') return engine;
  const progress = Math.floor(status.progress * 100);
  throw new ClusterError(
    `a change review compares attack paths, and this version's are still being computed (${progress}% done): ask again in a moment`,
  );
}

/** The context the request asked for (`?context=`, carried by the proxy), or undefined for the default. */
export async function requestContext(): Promise<string | undefined> {
  return (await headers()).get(CONTEXT_HEADER) || undefined;
}

export interface CurrentData {
  source: LoadedSource;
  engine: Engine;
  /** Live sources: syncing, live or stale. */
  status?: CacheStatus;
  context?: string;
  /** In `token` mode: who is looking and what they may see; `source` and `engine` are restricted to it. */
  access?: ViewerAccess;
}

/**
 * The request's data. In `token` mode, the one place a viewer's access is applied: an address they
 * may not open throws AccessRefused (401/403, with the permission it needs), and everything else
 * answers from the source and engine restricted to what they may see (viewer-scope.ts).
 */
export async function currentData(context?: string): Promise<CurrentData> {
  const ctx = context ?? (await requestContext());
  // Before the source is read: a view the viewer is denied is refused even when it cannot be read.
  await sourceFreeAccess(ctx);
  const source = await currentSource(ctx);
  const status = currentStatus(ctx);
  const key = contextKey(ctx);
  const engine = engineOf(source, key);
  const access = await viewerAccess(engine, ctx);
  const seen = access ? restrictedData(source, engine, key, access) : { source, engine };
  return { ...seen, ...(status && { status }), ...(ctx && { context: ctx }), ...(access && { access }) };
}

/**
 * For pages: the data, the reason the source could not be read, or why the viewer may not see it
 * (shown, never thrown). With an error, `shown` says whether the viewer's access was still shown to
 * open the address (sourceFreeAccess): a page that reads no current data may then answer; else it
 * shows the error and nothing else (fail closed).
 */
export async function currentDataOrError(): Promise<
  CurrentData | { error: string; shown: boolean } | { refused: AccessRefused }
> {
  try {
    return await currentData();
  } catch (e) {
    if (e instanceof ClusterError) return { error: e.message, shown: await shownWithoutSource() };
    if (e instanceof AccessRefused) return { refused: e };
    throw e;
  }
}

/** Whether the reviews alone showed that the viewer may open the address, without the source's data (never on a failed check). */
async function shownWithoutSource(): Promise<boolean> {
  try {
    return (await sourceFreeAccess(await requestContext())) === 'shown';
  } catch {
    return false;
  }
}

/**
 * Whether what no scope restricts (the change history and trend, the audit log, snapshots) may be
 * shown with this data: always in `none` mode; in `token` mode only to a viewer who sees everything.
 */
export function seesEverything(data: CurrentData): boolean {
  return !data.access || isFullScope(data.access.scope.scope);
}

/** Whether the cluster-wide views (attack paths, ClusterRoleBindings) may be shown with this data. */
export function seesCluster(data: CurrentData): boolean {
  return !data.access || data.access.scope.scope.cluster;
}

/**
 * In `token` mode, what the viewer's access shows (components/layout/access-refusals.tsx marks
 * every link to what it refuses, with why). Undefined in `none` mode, or when the source cannot be
 * read (its pages say why).
 */
export async function linkScope(): Promise<ViewScope | undefined> {
  // No viewer (the sign-in page): nothing to mark, and the source is not read for them.
  if (authMode() === 'none' || !(await currentViewer())) return undefined;
  const ctx = await requestContext();
  try {
    return (await viewerScopeOf(engineOf(await currentSource(ctx), contextKey(ctx)), ctx))?.scope;
  } catch (e) {
    if (e instanceof ClusterError) return undefined;
    throw e;
  }
}

/** The changes seen in `context` on the API server it reads now (none for snapshot and demo sources). */
export function changeHistory(context?: string) {
  const key = contextKey(context);
  return histories.current(key, currentServer(key));
}

/** Whether the server watches a live cluster (a snapshot or the demo has no changes to watch). */
export function watching(): boolean {
  return isLive(chosenSpec());
}

// What the pages show of the source itself, from the one module that reaches it.
export { availableContexts } from '@/lib/k8s/current-source';
export { formatIssue, formatSkippedKinds, type SourceIssue } from '@/lib/k8s/issues';
