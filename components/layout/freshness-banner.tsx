import type { CacheStatus } from '@/lib/k8s/cluster-cache';

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** On every page while the API server does not answer: the data shown is the last seen, and since when. */
export function FreshnessBanner({ status }: { status: CacheStatus | undefined }) {
  if (status?.state !== 'stale') return null;
  return (
    <div
      role="alert"
      aria-label="Stale data"
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <strong className="font-semibold">
        Stale since {status.since ? `${clock(status.since)} UTC` : 'a moment ago'}, reconnecting.
      </strong>{' '}
      The API server stopped answering; what you see is the last data read.{' '}
      <span className="font-mono text-xs">{status.reason}</span>
    </div>
  );
}
