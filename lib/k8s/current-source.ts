// The source the app shows, chosen once from the server's environment: RBAC_ATLAS_SNAPSHOT if set,
// else RBAC_ATLAS_SOURCE (demo, kubeconfig, in-cluster), else in-cluster in a pod, else the
// kubeconfig (RBAC_ATLAS_CONTEXT picks the default context), else the demo. A live cluster is a
// watch cache per context, started on first use and stopped when idle; requests read the cache and
// never wait for the network once it has synced. A kubeconfig that changes is read again; one that
// disappears is an error, never a switch to other data.
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { CacheBatch, CacheSnapshot, CacheStatus, ClusterCache } from './live/cluster-cache';
import { ClusterError } from './cluster-error';
import type { LiveSpec } from './live/live-source';
import { parseKubeVersion } from '@/lib/rbac/model/kube-version';
import { defaultSourceSpec, loadSource, type LoadedSource, type SourceSpec } from './source';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const env = z.object({
  RBAC_ATLAS_SNAPSHOT: z.string().trim().min(1).optional(),
  RBAC_ATLAS_CONTEXT: z.string().trim().min(1).optional(),
  RBAC_ATLAS_SOURCE: z.enum(['auto', 'demo', 'kubeconfig', 'in-cluster']).default('auto'),
  /** Namespace-scoped installs: read namespaced kinds only here (comma-separated DNS labels). */
  RBAC_ATLAS_NAMESPACES: z
    .string()
    .refine((v) => v.split(',').every((n) => NAME.test(n)), 'comma-separated namespace names')
    .optional(),
  /** A context nobody has asked about for this long stops its watches (the default context never does). */
  RBAC_ATLAS_CONTEXT_IDLE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** How long a request waits for a cache's first sync before answering with what is missing. */
  RBAC_ATLAS_SYNC_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
  /** The Kubernetes version a snapshot or the demo is answered as (a live cluster says its own). */
  RBAC_ATLAS_KUBE_VERSION: z
    .string()
    .transform((text, ctx) => {
      const parsed = parseKubeVersion(text);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
      return 'error' in parsed ? z.NEVER : parsed.minor;
    })
    .optional(),
});

type Env = z.infer<typeof env>;

function parseEnv(vars: NodeJS.ProcessEnv): Env {
  const blank = (v: string | undefined) => (v && v.trim() !== '' ? v : undefined);
  const parsed = env.safeParse(Object.fromEntries(Object.keys(env.shape).map((k) => [k, blank(vars[k])])));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ClusterError(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export function sourceSpecFromEnv(vars: NodeJS.ProcessEnv = process.env): SourceSpec {
  const e = parseEnv(vars);
  const version = e.RBAC_ATLAS_KUBE_VERSION === undefined ? {} : { kubeVersion: e.RBAC_ATLAS_KUBE_VERSION };
  if (e.RBAC_ATLAS_SNAPSHOT) return { kind: 'snapshot', path: e.RBAC_ATLAS_SNAPSHOT, ...version };
  const chosen = e.RBAC_ATLAS_SOURCE;
  const root = vars.RBAC_ATLAS_IN_CLUSTER_ROOT;
  const spec: SourceSpec =
    chosen === 'auto'
      ? defaultSourceSpec(vars)
      : chosen === 'in-cluster' && root
        ? { kind: chosen, root }
        : { kind: chosen };
  if (spec.kind === 'demo') return { ...spec, ...version };
  return spec.kind === 'kubeconfig' && e.RBAC_ATLAS_CONTEXT ? { ...spec, context: e.RBAC_ATLAS_CONTEXT } : spec;
}

/**
 * What a batch of changes produced, for whoever keeps engines and history (lib/views). `server` is
 * the API server the context points at now: a kubeconfig edited to point elsewhere is another cluster.
 */
export type BatchListener = (context: string, batch: CacheBatch, source: LoadedSource, server: string) => void;

interface LiveEntry {
  context: string;
  /** The API server's URL. */
  server: string;
  spec: LiveSpec;
  description: string;
  cache: ClusterCache;
  lastUsed: number;
  /** One LoadedSource per snapshot, so engines and view caches keyed on it are shared. */
  loaded: (snapshot: CacheSnapshot) => LoadedSource;
}

interface State {
  spec?: SourceSpec;
  fixed?: Promise<LoadedSource>;
  live: Map<string, LiveEntry>;
  listeners: Set<BatchListener>;
  /** Why each context's source could not be read the last time it was asked (cleared when it can). */
  problems: Map<string, string>;
  settings?: Env;
  kubeconfig?: { files: string[]; content: string };
  /**
   * The kubeconfig's contexts, read once per version of the file (null: unreadable); `default` is
   * the one shown when the URL names none, and `?context=` with its name shares its cache.
   */
  contexts?: { names: string[]; default: string } | null;
  idleTimer?: NodeJS.Timeout;
}

// Next.js bundles pages and route handlers separately, each with its own copy of this module: the
// caches live on the process, not the module, so that every view shares one set of watches.
const STATE = Symbol.for('rbac-atlas.current-source');
const state: State = ((globalThis as { [STATE]?: State })[STATE] ??= {
  live: new Map(),
  listeners: new Set(),
  problems: new Map(),
});

/** The source kind is chosen once: a kubeconfig that disappears later is an error, not the demo. */
export function chosenSpec(): SourceSpec {
  return (state.spec ??= sourceSpecFromEnv());
}

/** A source error's message; anything else is a bug and goes on up. */
function problemOf(e: unknown): string {
  if (e instanceof ClusterError) return e.message;
  throw e;
}

function specOrProblem(): SourceSpec | { problem: string } {
  try {
    return chosenSpec();
  } catch (e) {
    return { problem: problemOf(e) };
  }
}

/** The environment, parsed once (it does not change while the server runs). */
function settings(): Env {
  return (state.settings ??= parseEnv(process.env));
}

export function isLive(spec: SourceSpec): spec is LiveSpec {
  return spec.kind === 'kubeconfig' || spec.kind === 'in-cluster';
}

export function onBatch(listener: BatchListener): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

function kubeconfigFiles(spec: LiveSpec): string[] {
  if (spec.kind === 'in-cluster') return [];
  if (spec.path) return [spec.path];
  return process.env.KUBECONFIG
    ? process.env.KUBECONFIG.split(path.delimiter).filter(Boolean)
    : [path.join(homedir(), '.kube', 'config')];
}

function readAll(files: string[]): string {
  return files
    .map((f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch {
        return `\u0000missing ${f}`;
      }
    })
    .join('\u0000');
}

/** Polls the kubeconfig files (as kubectl users edit or replace them); on a change, every cache restarts. */
function watchKubeconfig(spec: LiveSpec): void {
  if (state.kubeconfig) return;
  const files = kubeconfigFiles(spec);
  state.kubeconfig = { files, content: readAll(files) };
  const check = () => {
    const content = readAll(files);
    if (content === state.kubeconfig?.content) return;
    state.kubeconfig = { files, content };
    if (state.live.size > 0) console.warn('rbac-atlas: the kubeconfig changed: its contexts are read again');
    stopAll();
  };
  for (const f of files) watchFile(f, { interval: 1000, persistent: false }, check);
}

function stopAll(): void {
  for (const entry of state.live.values()) entry.cache.stop();
  state.live.clear();
  state.contexts = undefined;
}

/** Stops every cache and forgets the chosen source (tests). */
export function resetCurrentSource(): void {
  stopAll();
  for (const f of state.kubeconfig?.files ?? []) unwatchFile(f);
  clearInterval(state.idleTimer);
  state.kubeconfig = undefined;
  state.spec = undefined;
  state.settings = undefined;
  state.fixed = undefined;
  state.problems.clear();
}

function stopIdle(idleSeconds: number, defaultKey: string): void {
  const now = Date.now();
  for (const [key, entry] of state.live)
    if (key !== defaultKey && now - entry.lastUsed > idleSeconds * 1000) {
      entry.cache.stop();
      state.live.delete(key);
    }
}

/** The cache a context's views share: '' for the default one, however it is named. */
export function contextKey(context: string | undefined): string {
  return context && context !== state.contexts?.default ? context : '';
}

/** The kubeconfig's contexts, memoised until the file changes. */
async function kubeconfigContexts(spec: LiveSpec): Promise<{ names: string[]; default: string } | null> {
  if (state.contexts !== undefined) return state.contexts;
  const { kubeContexts } = await import('./live/live-source');
  watchKubeconfig(spec);
  try {
    const { names, current } = kubeContexts(spec);
    state.contexts = { names, default: (spec.kind === 'kubeconfig' && spec.context) || current };
  } catch {
    // Unreadable: starting a cache says why, on the page.
    state.contexts = null;
  }
  return state.contexts;
}

async function liveEntry(spec: LiveSpec, context: string | undefined): Promise<LiveEntry> {
  // Loaded before the lookup, so that finding or creating the entry below never awaits (one cache per context).
  const { startCache, loadedFrom } = await import('./live/live-source');
  const e = settings();
  if (context && spec.kind === 'kubeconfig') await kubeconfigContexts(spec);
  const key = contextKey(context);
  const existing = state.live.get(key);
  if (existing) {
    existing.lastUsed = Date.now();
    return existing;
  }
  watchKubeconfig(spec);
  state.idleTimer ??= setInterval(() => stopIdle(e.RBAC_ATLAS_CONTEXT_IDLE_SECONDS, ''), 30_000).unref();
  const forContext: LiveSpec = key && spec.kind === 'kubeconfig' ? { ...spec, context: key } : spec;
  const only = e.RBAC_ATLAS_NAMESPACES?.split(',');
  const { cache, description, server } = startCache(forContext, only ? { namespaces: only } : {});
  console.warn(`rbac-atlas: ${description}: watching`);
  const entry: LiveEntry = {
    context: key,
    server,
    spec: forContext,
    description,
    cache,
    lastUsed: Date.now(),
    loaded: (snapshot) => {
      let source = loaded.get(snapshot);
      if (!source) loaded.set(snapshot, (source = loadedFrom(forContext, description, snapshot)));
      return source;
    },
  };
  const loaded = new WeakMap<CacheSnapshot, LoadedSource>();
  cache.subscribe((batch) => {
    const source = entry.loaded(batch.snapshot);
    for (const l of state.listeners) l(key, batch, source, server);
  });
  state.live.set(key, entry);
  return entry;
}

function timeout(seconds: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), seconds * 1000).unref());
}

/** Why `context`'s source cannot be read (pages answer 503 with it), or undefined when it can. */
export function sourceProblem(context?: string): Promise<string | undefined> {
  return currentSource(context).then(() => undefined, problemOf);
}

/** Why `context`'s source could not be read when last asked, without asking again (readiness). */
export function lastProblem(context?: string): string | undefined {
  const spec = specOrProblem();
  return 'problem' in spec ? spec.problem : state.problems.get(contextKey(context));
}

/**
 * The data for `context` (the kubeconfig's contexts; undefined: the default one). Snapshot and demo
 * sources are read once. Throws ClusterError when the source cannot be read at all.
 */
export async function currentSource(context?: string): Promise<LoadedSource> {
  try {
    const source = await readSource(context);
    state.problems.delete(contextKey(context));
    return source;
  } catch (e) {
    if (e instanceof ClusterError) state.problems.set(contextKey(context), e.message);
    throw e;
  }
}

async function readSource(context: string | undefined): Promise<LoadedSource> {
  const spec = chosenSpec();
  if (!isLive(spec)) {
    if (context)
      throw new ClusterError(
        `context "${context}" asked for, but the source is ${spec.kind === 'demo' ? 'the demo' : `snapshot ${spec.path}`}: contexts need a kubeconfig`,
      );
    if (!state.fixed) {
      const loaded = loadSource(spec);
      state.fixed = loaded;
      loaded.catch(() => {
        if (state.fixed === loaded) state.fixed = undefined;
      });
    }
    return state.fixed;
  }
  const entry = await liveEntry(spec, context);
  const snapshot =
    entry.cache.current() ??
    (await Promise.race([entry.cache.settled(), timeout(settings().RBAC_ATLAS_SYNC_WAIT_SECONDS)]));
  if (!snapshot)
    throw new ClusterError(`still reading ${entry.description}: the first list of every kind has not finished`);
  const unreachable = entry.cache.unreachable();
  if (unreachable) throw new ClusterError(unreachable);
  return entry.loaded(snapshot);
}

/**
 * The kubeconfig's contexts for the header's picker, and the one shown when the URL names none
 * (RBAC_ATLAS_CONTEXT, else the kubeconfig's current context). Undefined for other sources or an
 * unreadable kubeconfig (the page says why).
 */
export async function availableContexts(): Promise<{ names: string[]; default: string } | undefined> {
  const spec = specOrProblem();
  if ('problem' in spec) return undefined;
  if (spec.kind !== 'kubeconfig') return undefined;
  return (await kubeconfigContexts(spec)) ?? undefined;
}

/** How fresh `context`'s data is; undefined for snapshot and demo sources, or a context not started. */
export function currentStatus(context?: string): CacheStatus | undefined {
  return state.live.get(contextKey(context))?.cache.status();
}

/** The API server `context` reads now (a started live context only). */
export function currentServer(context?: string): string | undefined {
  return state.live.get(contextKey(context))?.server;
}

/** Every watch of `context`, for readiness. */
export function currentReflectors(context?: string) {
  return state.live.get(contextKey(context))?.cache.reflectorStates();
}
