export function SourceBadge({ description, readAt, demo }: { description: string; readAt: string; demo: boolean }) {
  const time = new Date(readAt).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  return (
    <p className="flex min-w-0 items-center gap-2 text-sm text-slate-600 dark:text-slate-300" aria-label="Data source">
      <span
        title={description}
        className={
          'truncate ' +
          (demo
            ? 'rounded-full bg-amber-100 px-2.5 py-0.5 font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200'
            : 'rounded-full bg-sky-100 px-2.5 py-0.5 font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-200')
        }
      >
        {description}
      </span>
      <span className="whitespace-nowrap">read {time}</span>
    </p>
  );
}
