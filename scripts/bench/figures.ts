// The live benchmark's output: one Markdown table per size (figure, value, goal, pass/miss, as in
// docs/performance.md), and the growth of each figure across the sizes run.
import { median, pct } from './proc';

export interface Figure {
  /** Names the figure across sizes (the growth table's row). */
  label: string;
  /** The figure's number, in `unit`; what the goal and the growth compare. */
  value: number;
  unit: 'ms' | '%' | 'MiB' | 's' | 'x';
  /** What the row shows (defaults to the value and unit). */
  text?: string;
  /** The goal as the issue states it, and the largest value that meets it. */
  goal?: { text: string; max: number };
}

/** Sizes below this are development runs: the issue's goals are stated at 10,000 namespaces. */
export const GOAL_SIZE = 10_000;

const fmt = (value: number, unit: Figure['unit']) =>
  !Number.isFinite(value)
    ? '—'
    : unit === '%'
      ? `${value.toFixed(1)}%`
      : unit === 'x'
        ? `${value.toFixed(2)}x`
        : `${value.toFixed(unit === 's' ? 1 : 0)} ${unit}`;

/** p50 / p95 / max of timings, and how many. */
export function spread(ms: number[]): string {
  if (ms.length === 0) return 'n=0';
  return `${median(ms).toFixed(0)} / ${pct(ms, 95).toFixed(0)} / ${Math.max(...ms).toFixed(0)} ms (n=${ms.length})`;
}

function verdict(f: Figure, namespaces: number): string {
  if (!f.goal || !Number.isFinite(f.value)) return '';
  if (namespaces < GOAL_SIZE) return '(goal at 10k)';
  return f.value <= f.goal.max ? 'pass' : '**miss**';
}

export function figureTable(title: string, namespaces: number, figures: Figure[]): string {
  const rows = figures.map(
    (f) => `| ${f.label} | ${f.text ?? fmt(f.value, f.unit)} | ${f.goal?.text ?? ''} | ${verdict(f, namespaces)} |`,
  );
  return [`| ${title} | measured | goal | |`, '|---|---|---|---|', ...rows].join('\n');
}

/**
 * Each figure at every size, and its growth exponent from the smallest size to the largest
 * (log of the value ratio over log of the size ratio): 1 is linear, below 1 better. Figures that
 * are a share of the baseline (`x`) are left out; a value of 0 has no exponent.
 */
export function growthTable(runs: { namespaces: number; figures: Figure[] }[]): string {
  if (runs.length < 2) return '';
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  const sizeRatio = Math.log(last.namespaces / first.namespaces);
  const header = `| figure | ${runs.map((r) => `${r.namespaces.toLocaleString('en')} ns`).join(' | ')} | growth exponent | linear or better |`;
  const rows = first.figures
    .filter((f) => f.unit !== 'x')
    .map((f) => {
      const values = runs.map((r) => r.figures.find((g) => g.label === f.label)?.value ?? NaN);
      const exponent = Math.log(values[values.length - 1]! / values[0]!) / sizeRatio;
      const known = Number.isFinite(exponent);
      return `| ${f.label} | ${values.map((v) => fmt(v, f.unit)).join(' | ')} | ${known ? exponent.toFixed(2) : '—'} | ${known ? (exponent <= 1.1 ? 'yes' : '**no**') : ''} |`;
    });
  return [header, `|---|${runs.map(() => '---|').join('')}---|---|`, ...rows].join('\n');
}
