import { mutedClass } from '@/components/layout/page-container';
import { DANGER_RULES, dangerSeverity } from '@/lib/rbac';

// Each label's sentence and its severity (the engine's one model: the finding kind it speaks for).
const RULES = new Map<string, string>(DANGER_RULES.map((d) => [d.id, `${d.title} (${dangerSeverity(d.id)})`]));

/** Danger ids as short red words ("read secrets"), each with its whole sentence as its title. */
export function DangerBadges({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return <span className={mutedClass}>—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {ids.map((id) => {
        const title = RULES.get(id) ?? id;
        return (
          <span
            key={id}
            title={title}
            className="rounded bg-red-50 px-1.5 py-0.5 text-xs whitespace-nowrap text-red-800 ring-1 ring-red-200 ring-inset dark:bg-red-950/60 dark:text-red-300 dark:ring-red-900"
          >
            {title.split(':')[0]}
          </span>
        );
      })}
    </span>
  );
}
