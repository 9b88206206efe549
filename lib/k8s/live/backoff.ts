// How long a watch waits before trying again, as client-go's reflector waits
// (k8s.io/client-go/tools/cache/reflector.go: wait.NewExponentialBackoffManager(800ms, 30s, 2m,
// 2.0, 1.0)): each wait doubles from `initialMs`, with up to as much again at random so that many
// watches do not retry together, capped at `maxMs`; the steps start over only once no wait has been
// asked for during `resetMs` (a watch that stayed healthy that long).

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  resetMs: number;
}

export const WATCH_BACKOFF: BackoffOptions = { initialMs: 800, maxMs: 30_000, resetMs: 120_000 };

export class Backoff {
  private step = 0;
  private lastAsked = -Infinity;

  constructor(
    private readonly opts: BackoffOptions = WATCH_BACKOFF,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** The next wait starts from `initialMs` again. */
  reset(): void {
    this.step = 0;
  }

  /** The next wait, in ms. */
  next(): number {
    const now = this.now();
    if (now - this.lastAsked > this.opts.resetMs) this.step = 0;
    this.lastAsked = now;
    const { initialMs, maxMs } = this.opts;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.step++, 30));
    return Math.min(maxMs, base * (1 + this.random()));
  }
}

/**
 * Time as a reflector sees it (now, jitter, waits): the real one by default, a scripted one in
 * tests, so that backoff and polling are checked without waiting them out.
 */
export interface Clock {
  now(): number;
  random(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms).unref();
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};
