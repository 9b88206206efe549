import { historyState } from '@/lib/web/kept-history';

/** Said on the overview and /changes when history cannot be kept across restarts: the path and the error. */
export function HistoryNotice() {
  const { problem } = historyState();
  if (!problem) return null;
  return (
    <p
      role="status"
      aria-label="History store"
      className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <strong className="font-semibold">History not kept across restarts:</strong> {problem}. Set{' '}
      <code className="font-mono">RBAC_ATLAS_DATA_DIR</code> to a writable directory to keep it.
    </p>
  );
}
