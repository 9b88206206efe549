// The "audit log" section of `npm run bench:scale` (also runnable alone: `tsx
// scripts/bench/audit-bench.mts`): synthetic audit logs of the 1,000-namespace world
// (synthetic-audit.ts), plain and .gz, at 100k events and at BENCH_AUDIT_EVENTS (default 1M, ~1 GB),
// each read by lib/k8s/audit in its own process against a bare line-by-line JSON.parse of the same
// file in the same run (which decompresses too, for .gz); peak memory of each process. The reader
// runs bundled (esbuild, as the CLI ships), so no TypeScript is compiled while it is measured.
//
// Hooks for later rows: `writeSyntheticAuditLog(file, { namespaces, events })` writes a log for any
// world of synthetic-cluster.ts (e.g. the 10k one in scale.mts's loop, to time "rightsize every
// service account"), and `auditLogSection` takes `extraRows`, each called with the 1M log written
// here, before it is removed.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { median, runNode, type Run } from './proc';
import { writeSyntheticAuditLog, type SyntheticAuditCounts } from './synthetic-audit';

const NAMESPACES = Number(process.env.BENCH_AUDIT_NAMESPACES ?? 1000);
const BIG = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);

/** A log written for the section, for rows added later. */
export interface AuditLogAtHand {
  file: string;
  gzFile: string;
  namespaces: number;
  counts: SyntheticAuditCounts;
}
export type AuditRow = (log: AuditLogAtHand, line: (s: string) => void) => Promise<void>;

interface Read {
  ms: number;
  liveMiB: number;
  counted: number;
  events: number;
  lines: number;
  problems: number;
}

/** The reader and the baseline, alternately, `times` times: the medians, and the last reader's answer. */
async function compare(reader: string, file: string, times: number) {
  const base: Run[] = [];
  const read: Run[] = [];
  for (let i = 0; i < times; i++) {
    base.push(await runNode(['scripts/bench/audit-parse-baseline.mjs', file]));
    read.push(await runNode(['--expose-gc', reader, file]));
  }
  const answer = JSON.parse(read.at(-1)!.stdout) as Read;
  const ms = (runs: Run[]) => median(runs.map((r) => r.wallMs));
  const cpu = (runs: Run[]) => median(runs.map((r) => r.cpuMs));
  const mib = (runs: Run[]) => Math.max(...runs.map((r) => r.maxRssMiB));
  return {
    baseMs: ms(base),
    baseCpu: cpu(base),
    baseMiB: mib(base),
    readMs: ms(read),
    readCpu: cpu(read),
    readMiB: mib(read),
    answer,
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function measure(line: (s: string) => void, reader: string, log: AuditLogAtHand, times: number) {
  for (const [what, file] of [
    ['plain', log.file],
    ['.gz', log.gzFile],
  ] as const) {
    const size = (await stat(file)).size / 2 ** 20;
    const r = await compare(reader, file, times);
    const ok =
      r.answer.lines === log.counts.lines && r.answer.events === log.counts.requests && r.answer.problems === 0;
    line(
      `  ${fmt(log.counts.lines / 1000)}k events, ${what} (${fmt(size)} MiB): reader ${fmt(r.readMs)} ms wall, ${fmt(r.readCpu)} ms CPU (${fmt(r.readMs / r.baseMs, 2)}x / ${fmt(r.readCpu / r.baseCpu, 2)}x the baseline's ${fmt(r.baseMs)} / ${fmt(r.baseCpu)} ms), peak ${fmt(r.readMiB)} MiB (baseline ${fmt(r.baseMiB)}), heap kept after the read ${fmt(r.answer.liveMiB)} MiB; ${r.answer.events} requests counted${ok ? '' : ' — MISMATCH with the generator'}${times > 1 ? ` (median of ${times})` : ''}   [goal ≤ 1.5x, ≤ 256 MiB]`,
    );
  }
}

/** The section: 100k and BENCH_AUDIT_EVENTS, plain and .gz; then `extraRows` on the big log. */
export async function auditLogSection(line: (s: string) => void, dir: string, extraRows: AuditRow[] = []) {
  const reader = path.join(dir, 'audit-read.mjs');
  await build({
    entryPoints: ['scripts/bench/audit-read.mts'],
    outfile: reader,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  line('');
  line(
    `== audit log: synthetic, the ${NAMESPACES}-namespace world (lib/k8s/audit, bundled; baseline: read + JSON.parse each line) ==`,
  );
  for (const events of [...new Set([100_000, BIG])]) {
    const file = path.join(dir, `audit-${events}.log`);
    const counts = await writeSyntheticAuditLog(file, { namespaces: NAMESPACES, events, gz: true });
    const log = { file, gzFile: `${file}.gz`, namespaces: NAMESPACES, counts };
    // The big size once (the machine is shared); the small one three times.
    await measure(line, reader, log, events >= 1_000_000 ? 1 : 3);
    if (events === BIG) for (const row of extraRows) await row(log, line);
    await rm(file);
    await rm(log.gzFile);
  }
}

if (process.argv[1]?.endsWith('audit-bench.mts')) {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-audit-bench-'));
  try {
    await auditLogSection((s) => console.log(s), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
