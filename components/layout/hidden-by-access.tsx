import { EVERYTHING_WORDS } from '@/lib/web/current';

/**
 * In place of a part of a page the viewer's access does not show (whole-cluster data no scope
 * restricts, such as the change history and the audit log; attack paths without the cluster-wide
 * views): said, never left silently out.
 */
export function HiddenByAccess({
  what,
  because = EVERYTHING_WORDS,
  className = '',
}: {
  what: string;
  /** Why, with the permission it needs (default: whole-cluster data). */
  because?: string;
  className?: string;
}) {
  return (
    <section
      aria-label={`${what}: hidden by your access`}
      className={`rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400 ${className}`}
    >
      <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{what}</h2>
      <p className="mt-1">Hidden by your access: {because}.</p>
    </section>
  );
}
