// A live cluster held in memory: one reflector per kind (per namespace for namespace-scoped
// installs), their changes gathered into short batches, and after each batch that changed
// something a new model for the engine, kept per change (live-model.ts), with the batch's changes.
// Requests read the last model and never wait for the network; the cache says how fresh it is
// (syncing, live, stale since when and why) and which kinds it could not read.
import { aggregateClusterRoles, type ClusterModel, type MissingKind, type ModelChange } from '@/lib/rbac';
import { BatchWindow, type BatchBounds } from './batch-window';
import { DiscoveryReader, type ClusterInfo } from './discovery';
import { serverKubeVersion } from '@/lib/rbac/model/kube-version';
import { missingFromIssues, type SourceIssue } from '../issues';
import { KIND_API, KNOWN_KINDS, NAMESPACED, type ParsedObject } from '../kinds/objects';
import { LiveModel } from './live-model';
import { Reflector, type ObjectChange, type ReflectorOptions } from './reflector';
import { ServerHealth, type HealthOptions } from './server-health';
import type { Transport } from './transport';

export interface CacheOptions extends ReflectorOptions {
  /** Namespaced kinds only in these namespaces; Namespaces and ClusterRoleBindings are then not read. */
  namespaces?: readonly string[];
  /** List once and stop (the CLI): no watches, no retries. */
  once?: boolean;
  /**
   * Bounds of the wait that gathers changes into one batch; it grows with the time a batch takes.
   * A batch of pod changes only waits `pods` (batch-window.ts).
   */
  batchMs?: BatchBounds;
  /**
   * How long an aggregating ClusterRole's stored rules may differ from what it selects before it is
   * said (the controller fills them within milliseconds); 0 with `once`.
   */
  aggregationGraceMs?: number;
  /** How often discovery is read again (an unchanged document is a 304); 60 s by default. */
  discoveryMs?: number;
  /** When and how the server is probed while watches are quiet. */
  health?: HealthOptions;
  /** Where the moves between live and stale are said, once each (stderr by default). */
  log?: (line: string) => void;
}

/** Batches made this soon after a recovery still carry what the reconnecting watches brought. */
const RECOVERY_WINDOW_MS = 2000;

/** An aggregating ClusterRole whose stored rules differ from what its aggregationRule selects, since when. */
interface Unreconciled {
  stored: number;
  gathered: number;
  added: number;
  extra: number;
  /** Some ClusterRoles were not read when it was computed: the roles it selects may be among them. */
  partial: boolean;
  since: number;
}

export type CacheState = 'syncing' | 'live' | 'stale';

export interface CacheStatus {
  state: CacheState;
  /** Stale: when the outage started (held until the source is healthy again). */
  since?: number;
  reason?: string;
  /** Every reflector has listed once (or failed for good): the first model exists. */
  settled: boolean;
}

export interface CacheSnapshot {
  model: ClusterModel;
  issues: SourceIssue[];
  /** When this model was made (ms since epoch). */
  at: number;
  /** The parsed objects, for `rbac-atlas snapshot`. */
  objects(): ParsedObject[];
  /** The cluster's version and discovered resource types, when the transport can read them. */
  cluster?: ClusterInfo;
}

export interface CacheBatch {
  snapshot: CacheSnapshot;
  /** The snapshot the changes lead from; absent for the first. */
  previous?: CacheSnapshot;
  /**
   * The objects that changed, as read, net over the batch (an object changed and changed back is
   * not there); empty for the first snapshot (the initial sync is not a change).
   */
  changes: ObjectChange[];
  /** The same changes as the model sees them (a pod with its effective token automount): what updates the engine. */
  modelChanges: ModelChange[];
  /** Objects moved in the model's order without a change (live-model.ts): the engine is built afresh. */
  reordered?: boolean;
  /**
   * The changes were seen on recovering from an outage (a relist or a resumed watch): they happened
   * at some time between `since` and `until` (ms since epoch), not when the batch was made.
   */
  outage?: { since: number; until: number };
}

/** The server answered, but not this kind: forbidden, or not served. The other kinds may still be read. */
function kindRefused(status: number | undefined): boolean {
  return status === 403 || status === 404;
}

export class ClusterCache {
  private readonly reflectors: Reflector[];
  private readonly live: LiveModel;
  private readonly notRead: MissingKind[] = [];
  private snapshot: CacheSnapshot | undefined;
  private pending: ObjectChange[] = [];
  private dirty = false;
  private readonly window: BatchWindow;
  private readonly listeners = new Set<(batch: CacheBatch) => void>();
  private readonly waiters: (() => void)[] = [];
  private readonly pollMs: number;
  private unreconciled = new Map<string, Unreconciled>();
  /** Whether ClusterRoles were missing when the aggregation was last checked. */
  private aggregationPartial: boolean | undefined;
  private aggregationTimer: NodeJS.Timeout | undefined;
  private readonly discovery: DiscoveryReader | undefined;
  private readonly health: ServerHealth | undefined;
  /** The once-mode probe has answered (or there is none). */
  private probed: boolean;
  private stale: { since: number; reason: string } | undefined;
  private recovered: { since: number; until: number } | undefined;
  /** The server stopped answering ready at this time (the probe's verdict), until it answers again. */
  private serverDownSince: number | undefined;

  constructor(
    transport: Transport,
    private readonly where: string,
    private readonly opts: CacheOptions = {},
  ) {
    this.window = new BatchWindow(opts.batchMs ?? { min: 50, max: 1000 }, () => this.flush());
    this.pollMs = opts.pollMs ?? 30_000;
    const sink = { changed: (c: ObjectChange) => this.changed(c), state: () => this.stateChanged() };
    const { health } = transport;
    this.health =
      health &&
      new ServerHealth(
        (signal) => health.call(transport, signal),
        () => this.stateChanged(),
        {
          // A caller's shorter bound (the CLI's --timeout) bounds the probe too.
          ...(opts.timeoutMs !== undefined && { probeTimeoutMs: Math.min(5000, opts.timeoutMs) }),
          ...opts.health,
        },
      );
    this.probed = !(health && opts.once);
    // A change of discovery (a CustomResourceDefinition added) publishes a new snapshot, as a change of an object does.
    const { document, lines } = transport;
    this.discovery =
      document &&
      new DiscoveryReader(
        { document: document.bind(transport), ...(lines && { lines: lines.bind(transport) }) },
        () => this.stateChanged(),
        {
          once: opts.once ?? false,
          ...(opts.discoveryMs !== undefined && { intervalMs: opts.discoveryMs }),
          ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
        },
      );
    const only = opts.namespaces;
    this.reflectors = [];
    for (const kind of KNOWN_KINDS) {
      if (only && NAMESPACED.has(kind)) {
        for (const ns of only) this.reflectors.push(new Reflector(kind, ns, transport, sink, where, opts, this.health));
      } else if (only && kind !== 'ClusterRole') {
        this.notRead.push({
          kind,
          reason: `not read: a namespace-scoped install (namespaces ${only.join(', ')}) cannot list ${kind === 'Namespace' ? 'namespaces' : 'ClusterRoleBindings'}`,
        });
      } else this.reflectors.push(new Reflector(kind, undefined, transport, sink, where, opts, this.health));
    }
    this.live = new LiveModel(this.reflectors);
  }

  start(): void {
    for (const r of this.reflectors) r.start(this.opts.once ?? false);
    void this.discovery?.start().then(() => this.stateChanged());
    void this.health?.start(this.opts.once).then(() => {
      this.probed = true;
      this.stateChanged();
    });
  }

  stop(): void {
    this.health?.stop();
    this.window.stop();
    clearTimeout(this.aggregationTimer);
    this.discovery?.stop();
    for (const r of this.reflectors) r.stop();
    this.listeners.clear();
  }

  /** The last model, or undefined before the first sync. */
  current(): CacheSnapshot | undefined {
    return this.snapshot;
  }

  subscribe(listener: (batch: CacheBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the first model exists (every reflector has listed once, or failed). */
  settled(): Promise<CacheSnapshot> {
    if (this.snapshot) return Promise.resolve(this.snapshot);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.snapshot!)));
  }

  status(): CacheStatus {
    const settled = this.snapshot !== undefined;
    if (!settled) return { state: 'syncing', settled };
    this.evaluate();
    if (!this.stale) return { state: 'live', settled };
    return { state: 'stale', since: this.stale.since, reason: this.stale.reason, settled };
  }

  /**
   * Why the data may be old now: the server does not answer ready, or a kind that was read lost its
   * watch (one never read is missing, not stale; one that may only be listed is polled, not stale).
   */
  private staleReason(): string | undefined {
    const health = this.health?.state;
    if (health && !health.healthy) return health.reason;
    const broken = this.reflectors.filter((r) => r.state.synced && r.state.error && !r.state.watchForbidden);
    if (broken.length === 0) return undefined;
    return broken.reduce((a, b) => (a.state.error!.since <= b.state.error!.since ? a : b)).state.error!.message;
  }

  /** When the server answers again after an outage, the watches that heard nothing since it began start again. */
  private resumeSilentWatches(): void {
    const health = this.health?.state;
    if (!health) return;
    if (!health.healthy) this.serverDownSince ??= health.since;
    else if (this.serverDownSince !== undefined) {
      for (const r of this.reflectors) r.resumeIfSilentSince(this.serverDownSince);
      this.serverDownSince = undefined;
      // The server may have been upgraded while it was away: its version and gates are read again.
      this.discovery?.reconnected();
    }
  }

  /** Holds the start of an outage until the source is healthy again, and says each move once. */
  private evaluate(): void {
    const reason = printable(this.staleReason());
    const now = Date.now();
    if (reason && !this.stale) {
      this.stale = { since: now, reason };
      this.log(`rbac-atlas: ${this.where}: stale since ${new Date(now).toISOString()}: ${reason}`);
    } else if (reason && this.stale) this.stale.reason = reason;
    else if (!reason && this.stale) {
      const { since } = this.stale;
      this.stale = undefined;
      this.recovered = { since, until: now };
      this.log(
        `rbac-atlas: ${this.where}: live again after ${((now - since) / 1000).toFixed(1)} s stale (since ${new Date(since).toISOString()})`,
      );
    }
  }

  private log(line: string): void {
    // A one-shot read (the CLI) says it in its answer's warnings instead.
    if (this.opts.once) return;
    (this.opts.log ?? ((l: string) => console.warn(l)))(line);
  }

  /** The outage a batch made now recovers from: the current one, or one that ended a moment ago. */
  private outage(): CacheBatch['outage'] {
    if (this.stale) return { since: this.stale.since, until: Date.now() };
    if (this.recovered && Date.now() - this.recovered.until <= RECOVERY_WINDOW_MS) return this.recovered;
    return undefined;
  }

  /** Every reflector's phase, for readiness and diagnostics. */
  reflectorStates() {
    return this.reflectors.map((r) => ({ kind: r.kind, namespace: r.namespace, ...r.state }));
  }

  /** Nothing could be read and no kind was merely forbidden: the cluster itself is the problem. */
  unreachable(): string | undefined {
    const states = this.reflectors.map((r) => r.state);
    if (states.some((s) => s.synced || kindRefused(s.error?.status))) return undefined;
    return states.find((s) => s.error)?.error?.message;
  }

  private changed(change: ObjectChange): void {
    this.dirty = true;
    if (this.snapshot) this.pending.push(change);
    this.schedule(change.kind === 'Pod');
  }

  private stateChanged(): void {
    this.resumeSilentWatches();
    this.evaluate();
    if (!this.snapshot && this.allSettled()) this.flush();
    // A kind that recovers or fails for good changes what is missing: publish even without changes.
    else if (this.snapshot) {
      this.dirty = true;
      this.schedule();
    }
  }

  private allSettled(): boolean {
    return (
      this.probed && this.reflectors.every((r) => r.state.synced || r.state.error) && (this.discovery?.settled ?? true)
    );
  }

  /** Opens a batch window, or closes the open one sooner (`pod`: a pod's change, which may wait longer). */
  private schedule(pod = false): void {
    if (this.snapshot) this.window.add(pod);
  }

  /** A new snapshot when the batch changed the model, the issues or what discovery says; else nothing. */
  private flush(): void {
    if (!this.dirty && this.snapshot) return;
    const started = performance.now();
    this.dirty = false;
    const pending = this.pending;
    this.pending = [];
    const previous = this.snapshot;
    const batch = this.build(pending);
    if (batch) {
      this.snapshot = batch.snapshot;
      const outage = batch.changes.length > 0 ? this.outage() : undefined;
      for (const listener of this.listeners)
        listener({ ...batch, ...(previous && { previous }), ...(outage && { outage }) });
    }
    this.window.took(performance.now() - started);
    for (const w of this.waiters.splice(0)) w();
  }

  private build(pending: readonly ObjectChange[]): Omit<CacheBatch, 'previous' | 'outage'> | undefined {
    const missing = this.missing();
    const cluster = this.discovery?.current();
    // The version the answers model: the server's own (the nearest modelled when outside 1.30–1.36),
    // with the gates its /metrics reports; the default when /version could not be read.
    const kubernetes = cluster?.version ? serverKubeVersion(cluster.version, cluster.features) : undefined;
    const { model, changes, objects, reordered } = this.live.next(pending, {
      missing,
      ...(kubernetes && { kubernetes }),
    });
    // Rechecked when ClusterRoles change, and when they stop (or start) being read in full: a
    // reflector that fails, or an invalid ClusterRole, changes what the check can know.
    const partial = missing.some((m) => m.kind === 'ClusterRole');
    if (!this.snapshot || objects.some((c) => c.kind === 'ClusterRole') || partial !== this.aggregationPartial)
      this.checkAggregation(model, partial);
    const issues = this.issues(cluster);
    const last = this.snapshot;
    if (last && last.model === model && last.cluster === cluster && sameIssues(last.issues, issues)) return undefined;
    const reflectors = this.reflectors;
    const snapshot: CacheSnapshot = {
      model,
      issues,
      at: Date.now(),
      objects: () => reflectors.flatMap((r) => [...r.items.values()]),
      ...(cluster && { cluster }),
    };
    return { snapshot, changes: objects, modelChanges: changes, ...(reordered && { reordered }) };
  }

  /** What the source says of itself: aggregation not reconciled, objects not valid, kinds not read or only listed. */
  private issues(cluster: ClusterInfo | undefined): SourceIssue[] {
    const issues: SourceIssue[] = this.aggregationIssues();
    for (const r of this.reflectors) {
      issues.push(...r.invalid.values());
      if (!r.state.synced && r.state.error)
        issues.push({ file: this.where, object: r.kind, severity: 'error', message: r.state.error.message });
      if (r.state.watchForbidden)
        issues.push({
          file: this.where,
          object: r.kind,
          severity: 'warning',
          message: `these credentials may list but not watch ${KIND_API[r.kind].resource}${r.namespace ? ` in ${r.namespace}` : ''}: it is listed again every ${Math.round(this.pollMs / 1000)} s; grant verb watch for changes within seconds`,
        });
    }
    for (const message of cluster?.problems ?? []) issues.push({ file: this.where, severity: 'warning', message });
    return issues;
  }

  /**
   * The engine keeps the stored rules (the authorizer reads them; the conformance proofs compare with
   * SubjectAccessReview), but a stored list that differs from what the aggregation controller
   * (lib/rbac/authorizer/aggregation.ts) would write, and keeps differing, is said: a controller that is not
   * running, or a role it cannot sync. Computed when ClusterRoles change or stop being read in full.
   */
  private checkAggregation(model: ClusterModel, partial: boolean): void {
    const now = Date.now();
    this.aggregationPartial = partial;
    const { differences } = aggregateClusterRoles(model.clusterRoles, { keepStored: partial });
    const next = new Map<string, Unreconciled>();
    for (const d of differences)
      next.set(d.name, {
        stored: d.stored,
        gathered: d.gathered,
        added: d.added,
        extra: d.extra,
        partial,
        since: this.unreconciled.get(d.name)?.since ?? now,
      });
    this.unreconciled = next;
  }

  /** The differences older than the grace; a younger one is looked at again when its grace ends. */
  private aggregationIssues(): SourceIssue[] {
    const grace = this.opts.once ? 0 : (this.opts.aggregationGraceMs ?? 5000);
    const now = Date.now();
    const issues: SourceIssue[] = [];
    let wait = Infinity;
    for (const [name, u] of this.unreconciled) {
      const left = u.since + grace - now;
      if (left > 0) {
        wait = Math.min(wait, left);
        continue;
      }
      issues.push({
        file: this.where,
        object: `ClusterRole ${name}`,
        severity: 'warning',
        message: liveAggregationMessage(u),
      });
    }
    clearTimeout(this.aggregationTimer);
    this.aggregationTimer = undefined;
    if (wait !== Infinity && !this.opts.once)
      this.aggregationTimer = setTimeout(() => {
        if (this.unreconciled.size === 0) return;
        this.dirty = true;
        this.schedule();
      }, wait + 1).unref();
    return issues;
  }

  /** Kinds not read at all, or not everywhere: answers that depend on them say so. */
  private missing(): MissingKind[] {
    const missing = [...this.notRead];
    // An object the server gave that does not validate here is not in the model: its kind may be short.
    missing.push(...missingFromIssues(this.reflectors.flatMap((r) => [...r.invalid.values()])));
    const only = this.opts.namespaces;
    for (const kind of KNOWN_KINDS) {
      const failed = this.reflectors.filter((r) => r.kind === kind && !r.state.synced && r.state.error);
      if (failed.length > 0) missing.push({ kind, reason: failed[0]!.state.error!.message });
      else if (only && NAMESPACED.has(kind))
        missing.push({
          kind,
          reason: `read only in ${only.join(', ')} (a namespace-scoped install)`,
          readIn: [...only],
        });
    }
    return missing;
  }
}

/** Issues are few and small (one per object the server gave that does not validate, at most). */
function sameIssues(a: readonly SourceIssue[], b: readonly SourceIssue[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A reason as it may be shown in every answer, header, log line and banner: one line of printable
 * text, not too long (an exec credential plugin's stderr, a server's Status message can be anything).
 */
function printable(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  const line = reason.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** A live aggregated ClusterRole unlike what its selectors gather: which way, since when, and what answers use. */
function liveAggregationMessage(u: Unreconciled): string {
  const ways = [
    u.added > 0 && `${u.added} selected but not stored`,
    u.extra > 0 && `${u.extra} stored but not selected`,
  ]
    .filter(Boolean)
    .join(', ');
  const partial = u.partial ? '; some ClusterRoles were not read, and the roles it selects may be among them' : '';
  return `its stored rules (${u.stored}) differ from what its aggregationRule selects (${u.gathered}${ways && `: ${ways}`}) since ${new Date(u.since).toISOString()}${partial}; answers use the stored rules, as the authorizer does, until the aggregation controller writes them (is kube-controller-manager running?)`;
}
