import { SEVERITIES, type Severity } from '@/lib/rbac';
import { SEVERITY_CLASS } from './severity';

/** A severity as one word on its colour: the engine's model, the same on every page. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap uppercase ${SEVERITY_CLASS[severity]}`}
    >
      {severity}
    </span>
  );
}

/** Counts per severity as table cells, a dash for none so the non-zero ones stand out. */
export function SeverityCountCells({ counts }: { counts: Readonly<Record<Severity, number>> }) {
  return SEVERITIES.map((s) => (
    <td key={s} className="hidden px-2 py-2 text-right tabular-nums sm:table-cell">
      {counts[s] > 0 ? counts[s].toLocaleString('en') : <span className="text-slate-500 dark:text-slate-400">—</span>}
    </td>
  ));
}
