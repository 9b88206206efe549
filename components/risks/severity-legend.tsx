import { CLUSTER_ADMIN_RULE, SEVERITIES, SEVERITY_LEVELS } from '@/lib/rbac';
import { SeverityBadge } from './severity-badge';

/** What each severity means and the cluster-admin rule: the engine's model, in words. */
export function SeverityLegend() {
  return (
    <section
      aria-labelledby="severity-legend"
      className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="severity-legend" className="font-semibold">
        Severities
      </h2>
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        Every finding kind has one severity (some depend on where it holds: cluster-wide, or granted to every caller); a
        danger label on a role has its finding kind&apos;s; a subject&apos;s is its worst finding&apos;s.
      </p>
      <dl className="mt-3 grid gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
        {SEVERITIES.map((s) => (
          <div key={s} className="contents">
            <dt>
              <SeverityBadge severity={s} />
            </dt>
            <dd className="text-slate-700 dark:text-slate-300">{SEVERITY_LEVELS[s].meaning}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-slate-700 dark:text-slate-300">
        <span className="font-medium">Cluster-admin: </span>
        {CLUSTER_ADMIN_RULE}
      </p>
    </section>
  );
}
