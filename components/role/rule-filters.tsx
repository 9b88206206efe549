// The rule table's filter: words and "dangerous only", applied as they change, kept in the URL.
import { AutoForm } from '@/components/layout/auto-form';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { inputClass, linkClass } from '@/components/layout/page-container';
import type { RuleFilter } from '@/lib/web/role-rules';

export function RuleFilters({
  filter,
  shown,
  total,
  clearHref,
}: {
  filter: RuleFilter;
  shown: number;
  total: number;
  clearHref: string;
}) {
  const filtered = filter.filter !== '' || filter.dangerous;
  return (
    <AutoForm
      label="Filter rules"
      className="mb-2 flex flex-wrap items-end gap-x-5 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <ContextField />
      <label className="block w-full sm:w-72">
        <span className="text-slate-600 dark:text-slate-400">Rows containing</span>
        <input
          type="search"
          name="filter"
          defaultValue={filter.filter}
          placeholder="e.g. secrets, delete"
          className={inputClass}
          autoComplete="off"
        />
      </label>
      <label className="inline-flex items-center gap-1.5 py-1">
        <input type="checkbox" name="danger" value="only" defaultChecked={filter.dangerous} />
        Dangerous only
      </label>
      <p className="py-1 text-slate-600 dark:text-slate-400" aria-live="polite">
        {filtered
          ? `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} rows`
          : `${total.toLocaleString('en')} rows, dangerous first`}
        {filtered && (
          <>
            {' · '}
            <Link href={clearHref} className={linkClass}>
              Show all
            </Link>
          </>
        )}
      </p>
    </AutoForm>
  );
}
