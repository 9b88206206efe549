// The posture over time as small inline SVG bars (findings per severity, stacked) with the
// cluster-admin count as a line over them, and the same numbers as a table for screen readers
// and for reading exact values. No chart library: a few rectangles and one polyline.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { SEVERITIES, type Severity } from '@/lib/rbac';
import type { Trend, TrendPoint } from '@/lib/web/posture-trend';
import { Section } from './sections';

/** Points drawn at most: the newest. */
export const TREND_DRAWN = 60;
const W = 600;
const H = 120;
const muted = 'text-slate-600 dark:text-slate-400';

const FILL: Record<Severity, string> = {
  critical: 'fill-red-700 dark:fill-red-500',
  high: 'fill-orange-600 dark:fill-orange-500',
  medium: 'fill-amber-400',
  low: 'fill-slate-400 dark:fill-slate-500',
};

const total = (p: TrendPoint) => SEVERITIES.reduce((s, k) => s + p.severities[k], 0);
const when = (p: TrendPoint) => p.label ?? `${p.at.replace('T', ' ').slice(0, 16)} UTC`;

function Bars({ points }: { points: readonly TrendPoint[] }) {
  const max = Math.max(1, ...points.map(total));
  const maxAdmins = Math.max(1, ...points.map((p) => p.admins));
  const slot = W / points.length;
  const bar = Math.max(1, Math.min(24, slot * 0.7));
  const y = (v: number, of: number) => H - (v / of) * (H - 8);
  const line = points.map((p, i) => `${(i + 0.5) * slot},${y(p.admins, maxAdmins)}`).join(' ');
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="h-32 w-full"
      role="img"
      aria-label="Findings per severity and identities that can become cluster-admin, over time"
    >
      {points.map((p, i) => {
        let top = H;
        return (
          <g key={i}>
            <title>{`${when(p)}: ${total(p)} findings, ${p.admins} can become cluster-admin`}</title>
            {SEVERITIES.map((s) => {
              const h = (p.severities[s] / max) * (H - 8);
              top -= h;
              return h > 0 ? (
                <rect key={s} x={(i + 0.5) * slot - bar / 2} y={top} width={bar} height={h} className={FILL[s]} />
              ) : null;
            })}
          </g>
        );
      })}
      {points.length > 1 ? (
        <polyline points={line} fill="none" strokeWidth={2} className="stroke-sky-700 dark:stroke-sky-400" />
      ) : (
        <circle cx={slot / 2} cy={y(points[0]!.admins, maxAdmins)} r={3} className="fill-sky-700 dark:fill-sky-400" />
      )}
    </svg>
  );
}

function Legend() {
  return (
    <p className={`mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs ${muted}`}>
      {SEVERITIES.map((s) => (
        <span key={s} className="inline-flex items-center gap-1">
          <svg viewBox="0 0 10 10" className="h-2.5 w-2.5" aria-hidden="true">
            <rect width="10" height="10" className={FILL[s]} />
          </svg>
          {s}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <svg viewBox="0 0 14 10" className="h-2.5 w-3.5" aria-hidden="true">
          <line x1="0" y1="5" x2="14" y2="5" strokeWidth={2} className="stroke-sky-700 dark:stroke-sky-400" />
        </svg>
        can become cluster-admin (own scale)
      </span>
    </p>
  );
}

function TrendTable({ points }: { points: readonly TrendPoint[] }) {
  return (
    <details className="mt-2 text-sm">
      <summary className={`cursor-pointer ${linkClass}`}>The trend as a table</summary>
      <div className="mt-2 max-h-64 overflow-auto">
        <table className="w-full text-left text-xs tabular-nums" aria-label="Posture over time">
          <thead className={muted}>
            <tr>
              <th scope="col" className="py-1 font-medium">
                When
              </th>
              {SEVERITIES.map((s) => (
                <th key={s} scope="col" className="py-1 text-right font-medium">
                  {s}
                </th>
              ))}
              <th scope="col" className="py-1 text-right font-medium">
                cluster-admin
              </th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((p, i) => (
              <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="py-1 pr-2 font-normal break-all">
                  {when(p)}
                </th>
                {SEVERITIES.map((s) => (
                  <td key={s} className="py-1 text-right">
                    {p.severities[s].toLocaleString('en')}
                  </td>
                ))}
                <td className="py-1 text-right">{p.admins.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function TrendNote({ trend }: { trend: Trend }) {
  const notes: string[] = [];
  if (trend.kind === 'snapshots')
    notes.push(`One point per snapshot in ${trend.folder}, by modification time (the newest 30 at most).`);
  if (trend.kind === 'watch') notes.push('One point each time RBAC changed while watching, kept across restarts.');
  if (trend.kind === 'now')
    notes.push('The current state only: a trend grows while watching a live cluster, or from a folder of snapshots.');
  if (trend.points.length === 1 && trend.kind !== 'now') notes.push('One point so far.');
  if (trend.pending > 0)
    notes.push(`${trend.pending} more snapshot${trend.pending === 1 ? '' : 's'} being read: reload to see them.`);
  if (trend.points.length > TREND_DRAWN)
    notes.push(`The newest ${TREND_DRAWN} of ${trend.points.length} points drawn.`);
  return <p className={`mt-1 text-xs ${muted}`}>{notes.join(' ')}</p>;
}

export function TrendSection({ trend }: { trend: Trend }) {
  const points = trend.points.slice(-TREND_DRAWN);
  return (
    <Section
      id="ov-trend"
      title="Trend"
      href={trend.kind === 'snapshots' ? '/diff' : '/changes'}
      more={trend.kind === 'snapshots' ? 'Compare snapshots' : 'Changes'}
    >
      {points.length > 0 ? (
        <>
          <Bars points={points} />
          {points.length > 1 && (
            <p className={`flex justify-between gap-2 text-xs tabular-nums ${muted}`}>
              <span>{when(points[0]!)}</span>
              <span>{when(points.at(-1)!)}</span>
            </p>
          )}
          <Legend />
          <TrendTable points={points} />
        </>
      ) : (
        <p className={`text-sm ${muted}`}>No point yet.</p>
      )}
      <TrendNote trend={trend} />
      {trend.problems.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-xs text-red-800 dark:text-red-300" aria-label="Snapshots not read">
          {trend.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {trend.kind === 'snapshots' && (
        <p className="mt-1 text-xs">
          <Link href="/diff" className={linkClass}>
            Compare two of them
          </Link>
        </p>
      )}
    </Section>
  );
}
