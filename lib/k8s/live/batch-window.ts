// When the cache's next batch closes. A change opens a window; the changes that arrive while it is
// open join it. Its length grows with the time the last batch took (twice it, between min and max),
// so a slow cluster makes fewer, larger batches. A window that holds only pod changes stays open
// longer (`pods`, the max by default): pods change all the time and each batch has a fixed cost
// (the model's pods array, the engine's update, the server's listeners), so ten phase flips a second
// are one batch, not ten; a pod a second late is nothing to an admin's view. Any other change (RBAC,
// a ServiceAccount, a Namespace, a kind that failed or recovered) closes the window as soon as its
// own rule says, from when it arrived: a pod window never delays it.

export interface BatchBounds {
  min: number;
  max: number;
  /** The wait of a window that holds only pod changes (at least the usual one); `max` by default. */
  pods?: number;
}

/** What the window needs of time (a fake in tests). */
export interface BatchTimer {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const SYSTEM_TIMER: BatchTimer = {
  now: () => performance.now(),
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class BatchWindow {
  /** When the open window closes (undefined: none open). */
  private due: number | undefined;
  private handle: unknown;
  private lastBatchMs = 0;

  constructor(
    private readonly bounds: BatchBounds,
    private readonly close: () => void,
    private readonly timer: BatchTimer = SYSTEM_TIMER,
  ) {}

  /** The usual wait: twice the last batch's time, within the bounds. */
  private wait(): number {
    return Math.min(this.bounds.max, Math.max(this.bounds.min, 2 * this.lastBatchMs));
  }

  /**
   * Something to publish arrived: `pod` when it is a pod's change. The window closes at the
   * earliest time any of its changes asks for.
   */
  add(pod: boolean): void {
    const wait = pod ? Math.max(this.bounds.pods ?? this.bounds.max, this.wait()) : this.wait();
    const due = this.timer.now() + wait;
    if (this.due !== undefined && this.due <= due) return;
    if (this.due !== undefined) this.timer.clear(this.handle);
    this.due = due;
    this.handle = this.timer.set(() => this.fire(), wait);
  }

  /** How long the batch just made took: the next windows follow it. */
  took(ms: number): void {
    this.lastBatchMs = ms;
  }

  stop(): void {
    if (this.due !== undefined) this.timer.clear(this.handle);
    this.due = undefined;
  }

  private fire(): void {
    this.due = undefined;
    this.close();
  }
}
