// Whether the API server is there at all, for one cache. Watches alone cannot tell: a hung server,
// a black-holed connection and a stopped etcd all look like a quiet cluster (TCP keep-alive is
// answered by the kernel of a stopped process and by any relay). So while nothing has been heard
// for `quietMs`, or a request failed in a way that may be the server's, the server's /readyz is
// asked with a short timeout. While it does not answer ready, the cache is stale with its reason,
// and watches do not retry on their own: only the probe knocks, a few seconds apart, so that many
// watches do not hammer a struggling server (Priority and Fairness expects clients to back off);
// the moment it answers, every waiting watch is let go.
import { Backoff, type BackoffOptions } from './backoff';
import type { Health } from './transport';

export interface HealthOptions {
  /** Probe when no byte has been heard from the server for this long. */
  quietMs?: number;
  /** One probe's bound. */
  probeTimeoutMs?: number;
  /** Between probes while the server is down: short, so that recovery is seen within seconds. */
  downBackoff?: BackoffOptions;
  /** Least time between two retries of any of the cache's watches (a shared limit). */
  retrySpacingMs?: number;
}

/** `reachable`: the server answers, not ready; watches then keep their own backoff rather than wait. */
export type HealthState = { healthy: true } | { healthy: false; reason: string; since: number; reachable: boolean };

const HEALTH_DEFAULTS: Required<HealthOptions> = {
  quietMs: 5_000,
  probeTimeoutMs: 5_000,
  downBackoff: { initialMs: 500, maxMs: 3_000, resetMs: Infinity },
  retrySpacingMs: 50,
};

export class ServerHealth {
  state: HealthState = { healthy: true };
  private lastHeard = Date.now();
  private probing = false;
  private suspected = false;
  /** "Not ready" answers in a row while data still flows. */
  private strikes = 0;
  private once = false;
  private timer: NodeJS.Timeout | undefined;
  private nextProbe = 0;
  private nextSlot = 0;
  private readonly down: Backoff;
  private readonly recovered = new Set<() => void>();
  private readonly opts: Required<HealthOptions>;
  private readonly abort = new AbortController();

  constructor(
    private readonly probe: (signal: AbortSignal) => Promise<Health>,
    private readonly changed: () => void,
    opts: HealthOptions = {},
  ) {
    this.opts = { ...HEALTH_DEFAULTS, ...opts };
    this.down = new Backoff(this.opts.downBackoff);
  }

  /** Checks often whether a probe is due; `once` (the CLI): one probe now, no more. */
  start(once = false): Promise<void> {
    this.once = once;
    if (once) return this.check();
    const every = Math.min(1000, this.opts.quietMs, this.opts.downBackoff.initialMs);
    this.timer = setInterval(() => this.tick(), every).unref();
    return Promise.resolve();
  }

  stop(): void {
    clearInterval(this.timer);
    this.abort.abort();
    for (const wake of this.recovered) wake();
  }

  /** Bytes arrived from the server (an event, a bookmark, a page). */
  heard(): void {
    this.lastHeard = Date.now();
  }

  /** A request failed in a way that may be the server's: ask it now rather than at the next quiet tick. */
  suspect(): void {
    if (!this.state.healthy) return;
    this.suspected = true;
    void this.tick();
  }

  /**
   * Resolves when a watch may try again: after `delayMs` if the server is healthy then; while it
   * is not, when it recovers (the watch's own backoff is the probe's then). Retries of all watches
   * are spaced by `retrySpacingMs`.
   */
  async whenRetry(delayMs: number, signal: AbortSignal): Promise<void> {
    if (!this.unreachable()) await this.sleep(delayMs, signal);
    while (this.unreachable() && !signal.aborted) await this.untilRecovered(signal);
    const now = Date.now();
    this.nextSlot = Math.max(now, this.nextSlot + this.opts.retrySpacingMs);
    await this.sleep(this.nextSlot - now, signal);
  }

  private unreachable(): boolean {
    return !this.state.healthy && !this.state.reachable;
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    if (this.probing) return;
    if (this.state.healthy && !this.suspected && (now - this.lastHeard < this.opts.quietMs || now < this.nextProbe))
      return;
    if (!this.state.healthy && now < this.nextProbe) return;
    await this.check();
  }

  private async check(): Promise<void> {
    this.probing = true;
    this.suspected = false;
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.probeTimeoutMs)]);
    const answer = await this.ask(signal);
    this.probing = false;
    if (this.abort.signal.aborted) return;
    const now = Date.now();
    if (answer.ok) {
      this.heard();
      this.strikes = 0;
      this.nextProbe = now + Math.max(this.opts.quietMs, answer.retryAfterMs ?? 0);
      this.down.reset();
      this.set({ healthy: true });
      return;
    }
    this.nextProbe = now + this.down.next();
    if (this.forgiven(answer, now)) return;
    const since = this.state.healthy ? now : this.state.since;
    this.set({ healthy: false, reason: answer.reason, since, reachable: answer.answered });
  }

  /** The probe's answer, or a timeout when it does not settle in time (an exec credential plugin that hangs). */
  private ask(signal: AbortSignal): Promise<Health> {
    const timedOut = new Promise<Health>((resolve) =>
      signal.addEventListener(
        'abort',
        () =>
          resolve({
            ok: false,
            reason: `the API server gave no answer to /readyz within ${this.opts.probeTimeoutMs / 1000} s`,
            answered: false,
          }),
        { once: true },
      ),
    );
    const asked = this.probe(signal).catch((e: unknown): Health => ({
      ok: false,
      reason: e instanceof Error ? e.message : String(e),
      answered: false,
    }));
    return Promise.race([asked, timedOut]);
  }

  /**
   * A first "not ready" while the watches still bring data may be one server of several (behind a
   * load balancer) leaving: asked again at once, and only a second in a row is an outage. Silence
   * and a "not ready" answer, or no answer at all, are one at once.
   */
  private forgiven(answer: Extract<Health, { ok: false }>, now: number): boolean {
    const flowing = now - this.lastHeard < this.opts.quietMs;
    if (!answer.answered || !this.state.healthy || this.once || !flowing || this.strikes++ > 0) return false;
    this.suspected = true;
    return true;
  }

  private set(state: HealthState): void {
    const before = this.state;
    this.state = state;
    // A server that answers again, even "not ready", lets the waiting watches go back to their own backoff.
    if (!this.unreachable()) for (const wake of this.recovered) wake();
    if (before.healthy !== state.healthy || (!before.healthy && !state.healthy && before.reason !== state.reason))
      this.changed();
  }

  private untilRecovered(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.recovered.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.recovered.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
