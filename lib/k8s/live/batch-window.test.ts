// The batching rule on a fake clock: pod changes alone coalesce into one window of `pods`; any
// other change closes the window by its own rule from when it arrived, never later.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BatchWindow, type BatchBounds, type BatchTimer } from './batch-window';

/** Timers that fire only when the test moves the clock past them, in order. */
function fakeTimer(): BatchTimer & { advanceTo(t: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    set(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clear(handle) {
      timers = timers.filter((t) => t !== handle);
    },
    advanceTo(t) {
      for (;;) {
        const next = timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((x) => x !== next);
        now = next.at;
        next.fn();
      }
      now = t;
    },
  };
}

interface Case {
  name: string;
  bounds?: BatchBounds;
  /** How long the batch before the first change took (the usual wait is twice it). */
  lastBatchMs?: number;
  /** Changes: when, and whether a pod's. */
  changes: [at: number, kind: 'pod' | 'rbac'][];
  /** When the batches close. */
  closes: number[];
}

const DEFAULT: BatchBounds = { min: 50, max: 1000 };
const pods = (from: number, to: number, every: number) =>
  Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i): [number, 'pod'] => [from + i * every, 'pod']);

const cases: Case[] = [
  { name: 'an RBAC change alone: after min', changes: [[0, 'rbac']], closes: [50] },
  { name: 'ten pod changes a second coalesce into one batch', changes: pods(0, 900, 100), closes: [1000] },
  {
    name: 'pod changes for 3 s at 10 a second: one batch a second',
    changes: pods(0, 2900, 100),
    closes: [1000, 2000, 3000],
  },
  {
    name: 'an RBAC change in an open pod window is not delayed: the window closes at its rule',
    changes: [...pods(0, 300, 100), [320, 'rbac'], ...pods(400, 900, 100)],
    closes: [370, 1400],
  },
  {
    name: 'pod changes join an open RBAC window without delaying it',
    changes: [
      [0, 'rbac'],
      [20, 'pod'],
      [40, 'pod'],
    ],
    closes: [50],
  },
  {
    name: 'the usual wait grows with the last batch (twice it)',
    lastBatchMs: 200,
    changes: [[0, 'rbac']],
    closes: [400],
  },
  { name: 'the usual wait stops at max', lastBatchMs: 5000, changes: [[0, 'rbac']], closes: [1000] },
  {
    name: 'a pod window is never shorter than the usual wait',
    bounds: { min: 50, max: 1000, pods: 300 },
    lastBatchMs: 200,
    changes: [[0, 'pod']],
    closes: [400],
  },
  {
    name: 'an RBAC change whose rule ends after the pod window closes with it',
    lastBatchMs: 400,
    changes: [
      [0, 'pod'],
      [500, 'rbac'],
    ],
    closes: [1000],
  },
  { name: 'the pod wait is max unless given', bounds: { min: 1, max: 5 }, changes: [[0, 'pod']], closes: [5] },
  {
    name: 'a given pod wait',
    bounds: { min: 50, max: 1000, pods: 250 },
    changes: pods(0, 400, 100),
    closes: [250, 550],
  },
];

describe('BatchWindow', () => {
  for (const c of cases)
    test(c.name, () => {
      const timer = fakeTimer();
      const closes: number[] = [];
      const window = new BatchWindow(c.bounds ?? DEFAULT, () => closes.push(timer.now()), timer);
      window.took(c.lastBatchMs ?? 0);
      for (const [at, kind] of c.changes) {
        timer.advanceTo(at);
        window.add(kind === 'pod');
      }
      timer.advanceTo(10_000);
      assert.deepEqual(closes, c.closes);
    });

  test('stop closes no window', () => {
    const timer = fakeTimer();
    let closed = 0;
    const window = new BatchWindow(DEFAULT, () => closed++, timer);
    window.add(true);
    window.stop();
    timer.advanceTo(10_000);
    assert.equal(closed, 0);
  });
});
