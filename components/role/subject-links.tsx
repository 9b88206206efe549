import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { subjectLabel, subjectRefOf, type ResolvedBinding } from '@/lib/rbac';
import { subjectHref } from '@/lib/views/links';

/** A binding's subjects, each a link to its page; one that names nobody says so. */
export function SubjectLinks({ binding, limit = 20 }: { binding: ResolvedBinding; limit?: number }) {
  const shown = binding.subjects.slice(0, limit);
  return (
    <ul className="space-y-0.5 text-xs">
      {shown.map((s, i) => {
        const r = subjectRefOf(s, binding.namespace);
        return (
          <li key={i} className="break-words">
            <span className="text-slate-500 dark:text-slate-400">{r?.kind ?? s.kind} </span>
            {r ? (
              <Link className={`font-mono ${linkClass}`} href={subjectHref(r)}>
                {subjectLabel(r)}
              </Link>
            ) : (
              <span className="font-mono">
                {s.name} <span className="font-sans text-amber-800 dark:text-amber-300">(matches nobody)</span>
              </span>
            )}
          </li>
        );
      })}
      {binding.subjects.length > shown.length && <li>… and {binding.subjects.length - shown.length} more</li>}
    </ul>
  );
}
