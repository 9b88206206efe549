// One kind (in one namespace, or cluster-wide) kept in memory as client-go's reflector keeps it
// (k8s.io/client-go/tools/cache/reflector.go): list in pages, then watch from the list's
// resourceVersion with bookmarks, follow every event, list afresh when the server says the
// resourceVersion is too old (410 Gone), and back off exponentially on errors. Objects are validated
// as they arrive and only the fields the model uses are kept (a pod is five fields). A watch counts
// as established only once the server has answered it; until then the last error stands.
import { Backoff, SYSTEM_CLOCK, type BackoffOptions, type Clock } from './backoff';
import type { SourceIssue } from '../issues';
import { apiVersionOf, KIND_API, listPath, parseObject, type KnownKind, type ParsedObject } from '../kinds/objects';
import type { ServerHealth } from './server-health';
import { ApiError, TransportTimeout, unreachable, type Transport, type WatchEvent } from './transport';

/** `connecting`: listed, its watch asked for but not yet answered. */
export type ReflectorPhase = 'listing' | 'connecting' | 'watching' | 'polling' | 'backoff' | 'stopped';

export interface ReflectorState {
  phase: ReflectorPhase;
  /** A list has completed since start: the store holds the kind. */
  synced: boolean;
  /** The last failure, cleared by the next success. */
  error?: { message: string; status?: number; since: number };
  /** The credentials may list but not watch: the kind is listed again every `pollMs`. */
  watchForbidden?: boolean;
}

export interface ReflectorOptions {
  pageSize?: number;
  /** Per list page. */
  timeoutMs?: number;
  /** Backoff, as client-go's (800 ms doubling to 30 s, with jitter, starting over after 2 healthy minutes). */
  backoff?: BackoffOptions;
  /** How often a kind that may be listed but not watched is listed again. */
  pollMs?: number;
  /** Server-side watch timeout; client-go picks 5–10 minutes at random so watches do not restart together. */
  watchSeconds?: () => number;
  /** Time, jitter and waits (the system's by default). */
  clock?: Clock;
}

export interface ReflectorSink {
  /** Objects added, changed (`before` and `after`) or deleted, in the order the server sent them. */
  changed(change: ObjectChange): void;
  /** The state moved (synced, an error, a recovery). */
  state(): void;
}

export interface ObjectChange {
  kind: KnownKind;
  key: string;
  before?: ParsedObject;
  after?: ParsedObject;
}

type Raw = Record<string, unknown>;

/** How long a watch answered after a failure must go without an ERROR event to count as established. */
const CONFIRM_MS = 500;

function metaOf(raw: Raw): { name?: string; namespace?: string; resourceVersion?: string } {
  return (raw.metadata ?? {}) as { name?: string; namespace?: string; resourceVersion?: string };
}

export class Reflector {
  readonly items = new Map<string, ParsedObject>();
  /**
   * Problems with objects, by key, reported, never silent: those that failed validation (errors,
   * not in `items`) and those kept with a warning (a pod whose owner references do not parse).
   */
  readonly invalid = new Map<string, SourceIssue>();
  state: ReflectorState = { phase: 'listing', synced: false };
  private resourceVersion = '';
  private readonly abort = new AbortController();
  private readonly path: string;
  private readonly opts: Required<Omit<ReflectorOptions, 'backoff' | 'clock'>>;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private watchAbort: AbortController | undefined;
  /** The current watch was ended on purpose, to be started again at once. */
  private resuming = false;
  private lastHeard = 0;

  constructor(
    readonly kind: KnownKind,
    readonly namespace: string | undefined,
    private readonly transport: Transport,
    private readonly sink: ReflectorSink,
    private readonly where: string,
    opts: ReflectorOptions = {},
    /** Shared by the cache's watches: told what is heard, asked when to retry. */
    private readonly health?: ServerHealth,
  ) {
    this.path = listPath(kind, namespace);
    this.opts = {
      pageSize: opts.pageSize ?? 500,
      timeoutMs: opts.timeoutMs ?? 60_000,
      pollMs: opts.pollMs ?? 30_000,
      watchSeconds: opts.watchSeconds ?? (() => 300 + Math.floor(this.clock.random() * 300)),
    };
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.backoff = new Backoff(opts.backoff, this.clock.random, this.clock.now);
  }

  /** `once`: list, then stop (no watch, no retry). */
  start(once = false): void {
    void (once ? this.listOnce() : this.run());
  }

  private async listOnce(): Promise<void> {
    try {
      await this.list();
      this.setState({ phase: 'stopped', synced: true });
    } catch (e) {
      this.failed(e);
      this.setState({ ...this.state, phase: 'stopped' });
    }
  }

  stop(): void {
    this.abort.abort();
    this.setState({ ...this.state, phase: 'stopped' });
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          this.setState({ ...this.state, phase: 'listing' });
          await this.list();
          needList = false;
          this.succeeded('connecting');
        } else if (!this.state.error) this.setState({ ...this.state, phase: 'connecting' });
        const started = this.clock.now();
        let events = 0;
        await this.watch(() => events++);
        // A watch the server ends at once, again and again, must not spin.
        if (events === 0 && this.clock.now() - started < 1000) await this.retryAfter();
      } catch (e) {
        if (this.stopped) return;
        if (this.resuming) {
          this.resuming = false;
          continue;
        }
        if (e instanceof ApiError && e.status === 410) {
          // The resourceVersion is older than the server keeps: list again (reflector.go's
          // isExpiredError); not a failure worth waiting for.
          needList = true;
          continue;
        }
        if (e instanceof ApiError && e.status === 403 && !needList) {
          // May list but not watch: keep the data fresh by listing again every so often, and say so.
          this.setState({ phase: 'polling', synced: true, watchForbidden: true });
          await this.sleep(this.opts.pollMs);
          needList = true;
          continue;
        }
        await this.failedWatchOrList(e, needList);
      }
    }
  }

  /**
   * A watch that went quiet for longer than the server's bookmarks allow is started again at once
   * (the server is asked whether it is there); anything else is a failure, said, and waited out.
   */
  private async failedWatchOrList(e: unknown, listing: boolean): Promise<void> {
    if (mayBeTheServer(e)) this.health?.suspect();
    if (!listing && e instanceof TransportTimeout && e.phase === 'idle' && !this.state.error) {
      await this.retryAfter(0);
      return;
    }
    this.failed(e, listing ? 'list' : 'watch');
    await this.retryAfter(e instanceof ApiError ? e.retryAfterMs : undefined);
  }

  private async list(): Promise<void> {
    const fresh = new Map<string, ParsedObject>();
    const invalid = new Map<string, SourceIssue>();
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]);
      const query: Record<string, string> = { limit: String(this.opts.pageSize) };
      if (token) query.continue = token;
      let index = 0;
      const page = await this.transport.list(
        this.path,
        query,
        (item) => this.accept(item, index++, fresh, invalid),
        signal,
      );
      this.heard();
      resourceVersion = page.resourceVersion;
      token = page.continue;
    } while (token);
    this.replace(fresh, invalid);
    this.resourceVersion = resourceVersion;
  }

  /** Validates one listed item into `into`; an invalid one becomes an issue. */
  private accept(item: unknown, index: number, into: Map<string, ParsedObject>, invalid: Map<string, SourceIssue>) {
    if (typeof item !== 'object' || item === null) {
      invalid.set(`#${index}`, this.issue(`item ${index} is not an object`));
      return;
    }
    const parsed = this.parse(item as Raw);
    if (parsed.object) into.set(parsed.key, parsed.object);
    if (parsed.issue) invalid.set(parsed.key, parsed.issue);
  }

  private parse(
    raw: Raw,
  ): { key: string; object: ParsedObject; issue?: SourceIssue } | { key: string; object?: never; issue: SourceIssue } {
    const { name = '', namespace } = metaOf(raw);
    const key = namespace ? `${namespace}/${name}` : name;
    const result = parseObject(this.kind, { ...raw, kind: this.kind, apiVersion: apiVersionOf(this.kind) }, '');
    const issue = (message: string, severity: SourceIssue['severity']) => ({
      ...this.issue(message),
      severity,
      object: `${this.kind} ${key}`,
    });
    if (result.ok)
      return { key, object: result.object, ...(result.warning && { issue: issue(result.warning, 'warning') }) };
    return { key, issue: issue(result.message, 'error') };
  }

  private issue(message: string): SourceIssue {
    return { file: this.where, object: this.kind, severity: 'error', message };
  }

  /**
   * After a (re)list: the store becomes the list, and every difference is a change, made as the
   * events would have made it (an object kept keeps its place, a new one goes last), so that the
   * watch cache's model, kept per change, stays in the store's order (live-model.ts).
   */
  private replace(fresh: Map<string, ParsedObject>, invalid: Map<string, SourceIssue>): void {
    for (const [key, before] of this.items) {
      const after = fresh.get(key);
      if (!after) {
        this.items.delete(key);
        this.sink.changed({ kind: this.kind, key, before });
      } else if (!sameObject(before, after)) {
        this.items.set(key, after);
        this.sink.changed({ kind: this.kind, key, before, after });
      }
    }
    for (const [key, after] of fresh)
      if (!this.items.has(key)) {
        this.items.set(key, after);
        this.sink.changed({ kind: this.kind, key, after });
      }
    this.invalid.clear();
    for (const [key, value] of invalid) this.invalid.set(key, value);
  }

  private async watch(counted: () => void): Promise<void> {
    const seconds = this.opts.watchSeconds();
    this.watchAbort = new AbortController();
    // The server ends the watch after `seconds`; the transport ends one that goes quiet between bookmarks.
    const timeout = AbortSignal.timeout((seconds + 60) * 1000);
    const signal = AbortSignal.any([this.abort.signal, this.watchAbort.signal, timeout]);
    const query = {
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(seconds),
    };
    let confirm: NodeJS.Timeout | undefined;
    const established = () => {
      clearTimeout(confirm);
      confirm = undefined;
      this.succeeded('watching');
    };
    const opened = () => {
      this.heard();
      // After a failure the server may still refuse the resourceVersion, with an ERROR event (410)
      // inside its 200: the failure stands until a first event, or a moment without one.
      if (!this.state.error) established();
      else confirm = setTimeout(established, CONFIRM_MS);
    };
    const onEvent = (event: WatchEvent) => {
      if (confirm && event.type !== 'ERROR') established();
      this.onEvent(event, counted);
    };
    try {
      await this.transport.watch(this.path, query, onEvent, signal, opened);
    } finally {
      clearTimeout(confirm);
    }
  }

  /**
   * A watch that has heard nothing since `since` (an outage's start) may sit on a connection that
   * died silently (a NAT or load balancer that failed over): it is started again from where it was.
   */
  resumeIfSilentSince(since: number): void {
    if (this.state.phase !== 'watching' || this.lastHeard >= since) return;
    this.resuming = true;
    this.watchAbort?.abort();
  }

  private heard(): void {
    this.lastHeard = this.clock.now();
    this.health?.heard();
  }

  private onEvent(event: WatchEvent, counted: () => void): void {
    counted();
    this.heard();
    if (event.type === 'ERROR') {
      const status = event.object as { code?: number; message?: string; reason?: string };
      throw new ApiError(status.code ?? 500, status.message ?? 'watch error', status.reason);
    }
    const rv = metaOf(event.object).resourceVersion;
    if (event.type !== 'BOOKMARK') this.apply(event);
    if (rv) this.resourceVersion = rv;
  }

  private apply(event: WatchEvent): void {
    const parsed = this.parse(event.object);
    const before = this.items.get(parsed.key);
    if (event.type === 'DELETED') {
      this.invalid.delete(parsed.key);
      if (!before) return;
      this.items.delete(parsed.key);
      this.sink.changed({ kind: this.kind, key: parsed.key, before });
      return;
    }
    if (!parsed.object) {
      this.invalid.set(parsed.key, parsed.issue);
      if (before) {
        this.items.delete(parsed.key);
        this.sink.changed({ kind: this.kind, key: parsed.key, before });
        // An invalid object marks its kind missing: publish that even when nothing was in the store.
      } else this.sink.state();
      return;
    }
    if (parsed.issue) this.invalid.set(parsed.key, parsed.issue);
    else this.invalid.delete(parsed.key);
    // An update of fields the model does not keep (a pod's conditions) is no change: the object held stays.
    if (before && sameObject(before, parsed.object)) return;
    this.items.set(parsed.key, parsed.object);
    this.sink.changed({ kind: this.kind, key: parsed.key, ...(before && { before }), after: parsed.object });
  }

  private succeeded(phase: ReflectorPhase): void {
    this.setState({ phase, synced: true, ...(this.state.watchForbidden && { watchForbidden: true }) });
  }

  private failed(e: unknown, operation: 'list' | 'watch' = 'list'): void {
    const message = describeFailure(e, this.kind, this.namespace, this.transport.server, operation);
    const status = e instanceof ApiError ? e.status : undefined;
    const since = this.state.error?.since ?? this.clock.now();
    this.setState({
      ...this.state,
      phase: 'backoff',
      error: { message, since, ...(status !== undefined && { status }) },
    });
  }

  /** The backoff's next wait (at least `atLeastMs`), or, while the server is down, until it is back. */
  private async retryAfter(atLeastMs?: number): Promise<void> {
    const wait = atLeastMs === 0 ? 0 : Math.max(this.backoff.next(), atLeastMs ?? 0);
    if (this.health) await this.health.whenRetry(wait, this.abort.signal);
    else await this.sleep(wait);
  }

  private sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms, this.abort.signal);
  }

  /** Tells the sink only what changes answers or freshness; a watch renewed every few minutes does not. */
  private setState(state: ReflectorState): void {
    const before = this.state;
    this.state = state;
    const moved =
      before.synced !== state.synced ||
      before.error?.message !== state.error?.message ||
      before.watchForbidden !== state.watchForbidden ||
      (state.phase === 'stopped') !== (before.phase === 'stopped');
    if (moved) this.sink.state();
  }
}

/** Model objects are plain data built in a fixed field order by one converter per kind. */
function sameObject(a: ParsedObject, b: ParsedObject): boolean {
  return JSON.stringify(a.value) === JSON.stringify(b.value);
}

/** A failure the server's state may explain (not one about this kind or these credentials). */
function mayBeTheServer(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status === 429 || e.status >= 500;
}

/** What went wrong, and for a 403 the permission that would fix it. */
export function describeFailure(
  e: unknown,
  kind: KnownKind,
  namespace: string | undefined,
  server: string,
  operation: 'list' | 'watch' = 'list',
): string {
  const { resource, group } = KIND_API[kind];
  const where = namespace ? `in namespace ${namespace}` : 'cluster-wide';
  const doing = `${operation === 'list' ? 'listing' : 'watching'} ${resource} ${where}`;
  if (e instanceof ApiError) {
    if (e.status === 403) {
      const inGroup = group ? `"${group}"` : '"" (core)';
      return `forbidden: these credentials may not ${operation} ${resource} ${where}; grant verbs list and watch on resource "${resource}" in API group ${inGroup}`;
    }
    if (e.status === 401) return `unauthorized: the API server at ${server} rejected these credentials`;
    if (e.status === 429) return `${doing}: the API server at ${server} asked to slow down (HTTP 429: ${e.message})`;
    return `${doing} failed: HTTP ${e.status}: ${e.message}`;
  }
  if (e instanceof TransportTimeout && e.phase === 'idle' && operation === 'watch')
    return `${doing}: no event or bookmark from the API server at ${server} for ${e.ms / 1000} s`;
  const err = e as Error;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `${doing} timed out`;
  return unreachable(server, e);
}
