// The risk answers (attack paths, findings: seconds at 10,000 namespaces) built off the request path.
// Each context's newest engine is handed over as it is made; from then on no request computes its
// risk answers: they are built here in slices of at most SLICE_MS on the main thread, with
// setImmediate between slices so requests and watch events are served meanwhile, and a request
// reads the last complete answers (the engine's own, else a previous engine's) with what it is
// (engine.risks.status(), said by lib/reports/risk-status.ts).
//
// One build at a time, all contexts together. A build runs to its end even when a newer engine of
// its context arrives (abandoning it would starve the answers under constant churn: they would
// never complete); the newest engine waiting is built next and the ones between are never built
// (coalesced). After each build the builder idles COOL_DOWN times the build's busy time, so under
// constant RBAC churn risk builds take at most 1 / (1 + COOL_DOWN) = 20% of a core; only an engine
// with nothing complete to serve ("computing": a live cluster's first batches while it syncs) is
// built without waiting.
//
// A build that would exhaust the heap is stopped instead (HEAP_STOP): at 10,000 namespaces the risk
// answers take some 300 MiB of heap over the model's, and a server under a small memory limit would
// otherwise die in a crash loop after every start. The answers then say why there are none, and the
// next engine tries again after at least RETRY_MS.
import { getHeapStatistics } from 'node:v8';
import type { Engine, Work } from '@/lib/rbac';

export interface BuildClock {
  now(): number;
  /** Runs after what is queued now (I/O, requests): setImmediate. */
  next(run: () => void): void;
  after(ms: number, run: () => void): void;
}

export const SERVER_CLOCK: BuildClock = {
  now: () => performance.now(),
  next: (run) => setImmediate(run),
  after: (ms, run) => setTimeout(run, ms).unref(),
};

/** The heap in use and its limit, in bytes. */
export type HeapReading = () => { used: number; limit: number };

const SERVER_HEAP: HeapReading = () => {
  const h = getHeapStatistics();
  return { used: h.used_heap_size, limit: h.heap_size_limit };
};

/** A build stops when, after a slice, the heap in use passes this share of its limit. */
export const HEAP_STOP = 0.9;
/** The least wait after a stopped build before the next one. */
export const RETRY_MS = 60_000;

const MiB = 2 ** 20;

/** Why a build stopped, as the pages say it. */
export function heapProblem({ used, limit }: ReturnType<HeapReading>): string {
  return `building them took the server's heap to ${Math.round(used / MiB)} MiB of its ${Math.round(limit / MiB)} MiB limit, so they were stopped rather than let the server run out of memory; give it more memory (docs/deploy.md says how much for a cluster's size)`;
}

/**
 * The longest a slice runs before other work gets its turn (a unit may run over it). A request
 * takes several turns of the event loop (routing, rendering, streaming), each waiting for at most
 * one slice: at 15 ms, requests during a 10,000-namespace build took 130 ms at the median.
 */
export const SLICE_MS = 5;
/** Idle after a build for this many times its busy time: builds take at most 20% of a core. */
export const COOL_DOWN = 4;
/**
 * An engine's first slice runs as it is handed over, this long: a small cluster's risks (the demo's
 * take a few ms) are complete with its engine, a large one's are built in slices.
 */
export const FIRST_SLICE_MS = 50;

export interface BuildOptions {
  sliceMs: number;
  coolDown: number;
  firstSliceMs: number;
  /** Builds are held (a test hook: every answer stays "computing"). */
  held: boolean;
  heap: HeapReading;
}

const DEFAULTS: BuildOptions = {
  sliceMs: SLICE_MS,
  coolDown: COOL_DOWN,
  firstSliceMs: FIRST_SLICE_MS,
  held: false,
  heap: SERVER_HEAP,
};

interface Running {
  engine: Engine;
  work: Work<void>;
  /** Time spent in its slices (ms). */
  busy: number;
}

export class RiskBuilds {
  /** By context: the newest engine waiting for its build. */
  private readonly wanted = new Map<string, Engine>();
  private running: Running | undefined;
  private cooledAt = 0;
  /** After a stopped build: no build before this, whatever the engine. */
  private retryAt = 0;
  /** When the slice scheduled will run, if one is; `token` tells it from one a sooner slice replaced. */
  private pendingDue: number | undefined;
  private token = 0;
  private readonly clock: BuildClock;
  private readonly options: BuildOptions;

  constructor(clock: BuildClock = SERVER_CLOCK, options: Partial<BuildOptions> = {}) {
    this.clock = clock;
    this.options = { ...DEFAULTS, ...options };
  }

  /** `engine`, the newest of context `key`: its risk answers are built here from now on, never on a request. */
  submit(key: string, engine: Engine): void {
    engine.risks.defer();
    if (engine.risks.status().state === 'current') return;
    if (!this.running && !this.options.held && this.clock.now() >= this.idleUntil(engine)) {
      this.running = { engine, work: engine.risks.work(), busy: 0 };
      this.run(this.options.firstSliceMs);
    } else this.wanted.set(key, engine);
    this.wake();
  }

  /** Nothing built or waiting (tests). */
  get idle(): boolean {
    return !this.running && this.wanted.size === 0;
  }

  /**
   * Schedules the next slice, when the next build may run (idleUntil); a slice already scheduled
   * for later gives way to a sooner one (an engine with nothing to serve never waits a cool-down).
   */
  private wake(): void {
    if (this.options.held || this.idle) return;
    const next = this.running?.engine ?? this.nextWanted()?.[1];
    const due = Math.max(this.clock.now(), next ? this.idleUntil(next) : 0);
    if (this.pendingDue !== undefined && this.pendingDue <= due) return;
    const token = ++this.token;
    this.pendingDue = due;
    const slice = () => {
      if (token !== this.token) return;
      this.pendingDue = undefined;
      this.running ??= this.take();
      if (this.running) this.run(this.options.sliceMs);
      this.wake();
    };
    const wait = due - this.clock.now();
    if (wait > 0) this.clock.after(wait, slice);
    else this.clock.next(slice);
  }

  /** Runs the build under way for `ms` or to its end; at its end, the cool-down starts. */
  private run(ms: number): void {
    const run = this.running;
    if (!run) return;
    const start = this.clock.now();
    let done = false;
    try {
      while (!done && this.clock.now() - start < ms) done = run.work.next().done === true;
    } catch (e) {
      // A bug in a build must not take the server down: its answers say it failed, the next engine tries again.
      run.engine.risks.stop(`their build failed (${e instanceof Error ? e.message : String(e)})`);
      console.error('rbac-atlas: a risk build failed:', e);
      this.retryAt = this.clock.now() + RETRY_MS;
      done = true;
    }
    run.busy += this.clock.now() - start;
    if (!done && !this.heapFull(run)) return;
    this.running = undefined;
    this.cooledAt = this.clock.now() + run.busy * this.options.coolDown;
  }

  /** Whether the heap is too full to go on: the build is then stopped, and said (see the file's head). */
  private heapFull(run: Running): boolean {
    const heap = this.options.heap();
    if (heap.used <= HEAP_STOP * heap.limit) return false;
    run.work.return();
    run.engine.risks.stop(heapProblem(heap));
    this.retryAt = this.clock.now() + Math.max(RETRY_MS, run.busy * this.options.coolDown);
    return true;
  }

  /** When the next build of `engine` may start: after the cool-down, or at once when it has nothing to serve. */
  private idleUntil(engine: Engine): number {
    return Math.max(this.retryAt, engine.risks.status().state === 'computing' ? 0 : this.cooledAt);
  }

  /** The engine to build next: one with nothing to serve first, else the longest waiting. */
  private nextWanted(): [string, Engine] | undefined {
    let first: [string, Engine] | undefined;
    for (const entry of this.wanted) {
      if (entry[1].risks.status().state === 'computing') return entry;
      first ??= entry;
    }
    return first;
  }

  private take(): Running | undefined {
    const next = this.nextWanted();
    if (!next) return undefined;
    const [key, engine] = next;
    this.wanted.delete(key);
    if (this.clock.now() < this.idleUntil(engine)) {
      this.wanted.set(key, engine);
      return undefined;
    }
    return { engine, work: engine.risks.work(), busy: 0 };
  }
}

// One per process, shared by every bundle that includes this module (as current.ts's state).
const BUILDS = Symbol.for('rbac-atlas.risk-builds');
const shared = globalThis as { [BUILDS]?: RiskBuilds };

/** The server's risk builds; RBAC_ATLAS_HOLD_RISKS=1 holds them (end-to-end tests of "computing"). */
export function riskBuilds(): RiskBuilds {
  return (shared[BUILDS] ??= new RiskBuilds(SERVER_CLOCK, { held: process.env.RBAC_ATLAS_HOLD_RISKS === '1' }));
}
