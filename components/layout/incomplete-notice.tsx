import type { Completeness } from '@/lib/rbac';

/**
 * Next to an answer computed without some kinds: what was not read and why. RBAC only grants, so
 * the missing data can only add subjects or permissions, never take one away.
 */
export function IncompleteNotice({
  completeness,
  what,
  text,
}: {
  completeness: Completeness;
  what: string;
  /** Instead of the sentence about missing grants, when the answer is not a list of grants. */
  text?: string;
}) {
  if (completeness.complete) return null;
  return (
    <div
      role="alert"
      aria-label="Incomplete answer"
      className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p>
        <strong className="font-semibold">Incomplete:</strong>{' '}
        {text ??
          `${what} was computed without some data, so it may be missing grants (RBAC only grants: what was not read can only add to it).`}
      </p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {completeness.missing.map((m) => (
          <li key={m.kind + m.reason}>
            <span className="font-medium">{m.kind}</span>: <span className="font-mono">{m.reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
