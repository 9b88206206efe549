'use client';
// Anything unexpected: say so plainly and offer a retry, instead of a blank page.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        This view could not be shown. The server log has the details{error.digest ? ` (reference ${error.digest})` : ''}
        .
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
      >
        Try again
      </button>
    </div>
  );
}
