// Work in slices: a long computation written as a generator that yields between units of work (each
// yield: how far along it is, 0 to 1), so a caller may run it to the end at once (the CLI, tests:
// runWork) or a little at a time between other work (the web server's risk builds,
// lib/web/risk-builds.ts). The result is the same either way: slicing never changes an answer.

/** A computation that yields its progress (0 to 1) between units of work and returns its result. */
export type Work<T> = Generator<number, T, undefined>;

/** Runs work to the end, at once. */
export function runWork<T>(work: Work<T>): T {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

/** Work that reports its progress as the part [from, to] of a larger whole. */
export function* within<T>(work: Work<T>, from: number, to: number): Work<T> {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
    yield from + (to - from) * r.value;
  }
}

/** Calls `each` on every item, yielding after every `every` items. */
export function* eachOf<T>(items: readonly T[], each: (item: T, i: number) => void, every = 256): Work<void> {
  for (let i = 0; i < items.length; i++) {
    each(items[i] as T, i);
    if ((i + 1) % every === 0) yield (i + 1) / items.length;
  }
}

/** Merges two sorted runs of `from` into `to` at [lo, hi), taking from the left one on ties (stable). */
function* mergeRuns<T>(
  from: T[],
  to: T[],
  lo: number,
  mid: number,
  hi: number,
  cmp: (a: T, b: T) => number,
): Work<void> {
  let i = lo;
  let j = mid;
  for (let k = lo; k < hi; k++) {
    to[k] = j >= hi || (i < mid && cmp(from[i] as T, from[j] as T) <= 0) ? (from[i++] as T) : (from[j++] as T);
    if ((k - lo + 1) % 8192 === 0) yield 0;
  }
}

/**
 * The items sorted as Array.prototype.sort sorts them (stably), in slices: runs of `run` sorted at
 * once, then merged pairwise. Sorting 300,000 findings at once took a few hundred milliseconds, too
 * long for one slice.
 */
export function* sortWork<T>(items: readonly T[], cmp: (a: T, b: T) => number, run = 4096): Work<T[]> {
  let from = items.slice();
  const n = from.length;
  for (let lo = 0; lo < n; lo += run) {
    const sorted = from.slice(lo, lo + run).sort(cmp);
    for (let k = 0; k < sorted.length; k++) from[lo + k] = sorted[k] as T;
    yield 0;
  }
  let to = new Array<T>(n);
  for (let width = run; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width)
      yield* mergeRuns(from, to, lo, Math.min(lo + width, n), Math.min(lo + 2 * width, n), cmp);
    [from, to] = [to, from];
  }
  return from;
}
