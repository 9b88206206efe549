// What the benchmarks read of a process (from /proc, Linux) and how they summarise timings.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/**
 * VmRSS, VmHWM (peak) and RssAnon of a process, in MiB. RssAnon is what a container's memory limit
 * cannot reclaim: the rest of RSS is mapped files (the node binary), which the kernel drops first.
 */
export async function memory(pid: number): Promise<{ rss: number; peak: number; anon: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM'), anon: kb('RssAnon') };
}

/** User plus system CPU time a process has used, in seconds (utime and stime of /proc/PID/stat). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The share of one core a process used while `during` ran. */
export async function cpuShare(pid: number, during: () => Promise<void>): Promise<{ share: number; seconds: number }> {
  const c0 = await cpuSeconds(pid);
  const t0 = performance.now();
  await during();
  const wall = (performance.now() - t0) / 1000;
  return { share: ((await cpuSeconds(pid)) - c0) / wall, seconds: wall };
}

export interface Run {
  wallMs: number;
  maxRssMiB: number;
  /** User + system CPU time of the process (all its threads). */
  cpuMs: number;
  stdout: string;
}

/** Runs node with the peak-memory reporter (max-rss.mjs) preloaded; wall time measured here. */
export function runNode(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', path.join(process.cwd(), 'scripts/bench/max-rss.mjs'), ...args],
      {
        env: { ...process.env, KUBECONFIG: '/nonexistent' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const kib = Number(/max-rss-kib (\d+)/.exec(stderr)?.[1] ?? NaN);
      const cpuMs = Number(/cpu-ms (\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ wallMs: performance.now() - t, maxRssMiB: kib / 1024, cpuMs, stdout });
    });
  });
}
