// A role's dangers first: each danger its rows carry, with how many, as a chip that filters the
// rule table to those rows.
import { ContextLink as Link } from '@/components/layout/context-link';
import { ruleFilterQuery, type dangerCounts } from '@/lib/web/role-rules';

export function RoleDangers({ counts, base }: { counts: ReturnType<typeof dangerCounts>; base: string }) {
  return (
    <section aria-labelledby="dangers-title" className="mt-4">
      <h2 id="dangers-title" className="text-lg font-semibold">
        {counts.length === 0 ? 'No dangerous grants' : 'Dangers'}
      </h2>
      {counts.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          None of its rules lets a holder become more powerful or read credentials.
        </p>
      ) : (
        <ul className="mt-2 flex flex-wrap gap-2 text-sm" aria-label="Dangers of its rules">
          {counts.map((c) => (
            <li key={c.id}>
              <Link
                href={`${base}?${ruleFilterQuery({ filter: c.title, dangerous: true })}#rules-title`}
                title={c.title}
                className="inline-flex items-center gap-1.5 rounded-full bg-red-50 px-3 py-1 text-red-800 ring-1 ring-red-200 ring-inset hover:ring-red-700 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-900 dark:hover:ring-red-300"
              >
                {c.title.split(':')[0]}
                <span className="rounded-full bg-red-800 px-1.5 text-xs font-semibold text-white dark:bg-red-300 dark:text-red-950">
                  {c.rows.toLocaleString('en')}
                  <span className="sr-only"> rule row{c.rows === 1 ? '' : 's'}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
