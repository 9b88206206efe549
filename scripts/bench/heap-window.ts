// Whether the app's memory stays flat under a long churn: the mixed churn (its RoleBindings
// created and deleted, so the world stays the same size) for BENCH_HEAP_MINUTES, the main thread's
// heap (heap-probe.mjs) and RSS (/proc) sampled every 10 s, the first minute's median against the
// last minute's. The heap is the figure; RSS also counts worker threads and what V8 has not returned.
import { atRate, mixed, RbacChanges } from './churn';
import type { Figure } from './figures';
import type { LiveWorld } from './live-world';
import { median, memory } from './proc';

const EVERY_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function heapWindow(world: LiveWorld, minutes: number): Promise<Figure[]> {
  const samples: { at: number; heap: number; rss: number }[] = [];
  const t0 = performance.now();
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      // A server that died has no /proc entry: NaN, and the ratio says so.
      const rss = await memory(world.app.pid).then(
        (m) => m.rss,
        () => NaN,
      );
      const heap = await world.heapUsed();
      samples.push({ at: performance.now() - t0, heap, rss });
      await sleep(EVERY_MS);
    }
  })();
  await atRate(100, minutes * 60, mixed(world.standIn, new RbacChanges(), false));
  stop = true;
  await sampler;
  const end = performance.now() - t0;
  const first = samples.filter((s) => s.at < 60_000);
  const last = samples.filter((s) => s.at >= end - 60_000);
  const ratio = (key: 'heap' | 'rss'): Figure => {
    const a = median(first.map((s) => s[key]));
    const b = median(last.map((s) => s[key]));
    return {
      label: `${key === 'heap' ? 'heap used (main thread)' : 'RSS'} over ${minutes} min of mixed churn: last minute / first`,
      value: (b / a - 1) * 100,
      unit: '%',
      text: `${a.toFixed(0)} → ${b.toFixed(0)} MiB (${(b / a).toFixed(2)}x; medians of ${first.length} and ${last.length} samples)`,
      ...(key === 'heap' && { goal: { text: '≤ 10% growth', max: 10 } }),
    };
  };
  return [ratio('heap'), ratio('rss')];
}
