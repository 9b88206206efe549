// Answers of the API server kept briefly: SubjectAccessReviews per viewer (here) and TokenReviews
// per token (lib/web/auth/review-cache.ts). A review costs a round trip to the API server, and a page asks the same few on every request.
// Brief (RBAC_ATLAS_AUTH_CACHE_SECONDS, 30 by default), so a permission taken away stops showing its
// views within that time; bounded, so many viewers cannot grow the server's memory without limit
// (the oldest entry goes first).

/** One key per viewer: everything a review is asked for (user, uid, groups, extra), in a set order. */
export function viewerKey(viewer: {
  username: string;
  uid?: string;
  groups: readonly string[];
  extra?: Readonly<Record<string, readonly string[]>>;
}): string {
  const extra = Object.entries(viewer.extra ?? {})
    .map(([k, v]) => [k, [...v].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([viewer.username, viewer.uid ?? '', [...viewer.groups].sort(), extra]);
}

export class TimedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    // Read when called, not bound once, so a test's mocked Date is the clock.
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` for `ttlMs` (the cache's own time unless given); 0 or less keeps nothing. */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, until: this.now() + ttlMs });
    // Map order is insertion order: the first key is the oldest written.
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets the entries whose key `matches`, or every entry. */
  forget(matches: (key: string) => boolean = () => true): void {
    for (const key of this.entries.keys()) if (matches(key)) this.entries.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * One answer made at a time per key: callers asking while it is being made share its promise (a
 * page asks for the same viewer's scope from its layout, header and body at once). Forgotten once
 * settled, so a failure is asked again by the next caller.
 */
export class SharedFlights<V> {
  private readonly pending = new Map<string, Promise<V>>();

  run(key: string, make: () => Promise<V>): Promise<V> {
    const running = this.pending.get(key);
    if (running) return running;
    const made = make().finally(() => this.pending.delete(key));
    this.pending.set(key, made);
    return made;
  }

  get size(): number {
    return this.pending.size;
  }
}
