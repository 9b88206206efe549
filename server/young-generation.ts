// The young generation's size, set by the entry point itself (no user option needed). Node 24 lets
// V8 grow it to 128 MiB on a machine with memory to spare (two semi-spaces of 64 MiB, sized from the
// machine, not the container), and reading a 10,000-namespace snapshot, whose objects all survive,
// grows it to that at once: a quarter of the resident memory after load. V8 sizes the semi-spaces
// only at start (`--max-semi-space-size` set later does nothing), but reads its growth factor at
// each growth: once the young generation reaches the cap the factor is 1 (no growth), and back to
// V8's 2 when a memory-reducing GC has shrunk it below. The cap is the chart's
// (`--max-semi-space-size=16`); a user's own semi-space option wins.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

export const YOUNG_GENERATION_CAP_MIB = 32;

/** Whether the process was started with its own semi-space option (then it is left alone). */
export function ownSemiSpaceOption(execArgv: readonly string[], nodeOptions = ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--((max|min)[-_])?semi[-_]space/.test(a));
}

/** The growth factor for a young generation of `sizeBytes`: V8's 2 below the cap, 1 (no growth) at it. */
export function growthFactor(sizeBytes: number, capMiB = YOUNG_GENERATION_CAP_MIB): 1 | 2 {
  return sizeBytes >= capMiB * 2 ** 20 ? 1 : 2;
}

export function capYoungGeneration(env: NodeJS.ProcessEnv = process.env): void {
  if (ownSemiSpaceOption(process.execArgv, env.NODE_OPTIONS)) return;
  let current: number | undefined;
  const check = () => {
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const factor = growthFactor(young?.space_size ?? 0);
    if (factor !== current) v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
    current = factor;
  };
  check();
  new PerformanceObserver(check).observe({ entryTypes: ['gc'] });
}
