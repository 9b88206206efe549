import { formatIssue, formatSkippedKinds, type SourceIssue } from '@/lib/web/current';

/** The demo banner and every problem found while reading the source: never silently dropped. */
export function SourceNotices({
  demo,
  issues,
  skippedKinds,
}: {
  demo: boolean;
  issues: readonly SourceIssue[];
  skippedKinds: Readonly<Record<string, number>>;
}) {
  const skipped = formatSkippedKinds(skippedKinds);
  return (
    <div className="mb-6 space-y-3">
      {demo && (
        <div
          role="status"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <strong className="font-semibold">Demo data.</strong> No cluster is configured (no in-cluster service account,
          no kubeconfig), so RBAC Atlas shows a bundled demo cluster. Point{' '}
          <code className="font-mono">KUBECONFIG</code> at a cluster, or{' '}
          <code className="font-mono">RBAC_ATLAS_SNAPSHOT</code> at a snapshot file or folder.
        </div>
      )}
      {issues.length > 0 && (
        <div
          role="alert"
          aria-label="Source problems"
          className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
        >
          <p className="font-semibold">
            {issues.length} problem{issues.length === 1 ? '' : 's'} while reading the source; everything else is shown.
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5 font-mono text-xs">
            {issues.slice(0, 20).map((issue, i) => (
              <li key={i}>{formatIssue(issue)}</li>
            ))}
            {issues.length > 20 && <li>… and {issues.length - 20} more</li>}
          </ul>
        </div>
      )}
      {skipped && <p className="text-sm text-slate-600 dark:text-slate-400">{skipped}</p>}
    </div>
  );
}
