// The window read, shown wherever a "never used" is: an absence in the log is only an absence
// between its first and last event, in the files read, with the lines that were not events named.
import type { LogProblem, UsageWindow } from '@/lib/rbac/usage/types';
import { windowText } from '@/lib/web/usage-words';

const PROBLEMS_NAMED = 5;

export function UsageWindowNote({
  window: w,
  problems,
  error,
  reading = false,
}: {
  window: UsageWindow;
  problems: readonly LogProblem[];
  error?: string;
  /** The first read of the log is not done: every count is partial. */
  reading?: boolean;
}) {
  return (
    <section
      aria-label="Window read"
      className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <p>{windowText(w)}</p>
      {reading && (
        <p role="status" className="mt-1 text-amber-800 dark:text-amber-300">
          Still reading the log: what is shown is what was read so far.
        </p>
      )}
      {w.files.length > 0 && (
        <p className="mt-1 font-mono text-xs break-words text-slate-600 dark:text-slate-400">
          {w.files.length === 1 ? 'File' : 'Files'} read: {w.files.join(', ')}
        </p>
      )}
      {w.problems > 0 && (
        <div className="mt-2 text-amber-800 dark:text-amber-300">
          <p>
            {w.problems.toLocaleString('en')} line{w.problems === 1 ? ' was' : 's were'} not read as events
            {problems.length > 0 && ', the first:'}
          </p>
          <ul className="mt-1 ml-4 list-disc font-mono text-xs break-words">
            {problems.slice(0, PROBLEMS_NAMED).map((p) => (
              <li key={`${p.where.file}:${p.where.line}`}>
                {p.where.file}:{p.where.line}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-400">
          The log cannot be read now: {error}
        </p>
      )}
    </section>
  );
}
