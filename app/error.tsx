'use client';
// Anything unexpected: say so plainly and offer a retry, instead of a blank page.
import { ContextLink as Link } from '@/components/layout/context-link';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <div
        role="alert"
        className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-8 text-center shadow-sm dark:border-red-900 dark:bg-slate-900"
      >
        <p className="font-mono text-sm font-semibold text-red-700 dark:text-red-400">Error</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">This view could not be shown</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">
          Something failed while answering it. The server log has the details
          {error.digest ? (
            <>
              {' '}
              under reference <span className="font-mono">{error.digest}</span>
            </>
          ) : null}
          . Other views may still work.
        </p>
        <div className="mt-6 flex justify-center gap-3">
          <button
            type="button"
            onClick={reset}
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            Try again
          </button>
          <Link
            href="/"
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Go to namespaces
          </Link>
        </div>
      </div>
    </div>
  );
}
