import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { subjectLabel, subjectRefOf, type ResolvedBinding } from '@/lib/rbac';
import { bindingHref, subjectHref } from '@/lib/web/links';

/**
 * A binding's subjects, each a link to its page; one that names nobody says so. Past `limit`, how
 * many more, linked to the binding's page, which lists them all page by page.
 */
export function SubjectLinks({
  binding,
  limit = 20,
  offset,
}: {
  binding: ResolvedBinding;
  limit?: number;
  /** One page of them, from this index: the page's pager says how many and links to the rest. */
  offset?: number;
}) {
  const shown = binding.subjects.slice(offset ?? 0, (offset ?? 0) + limit);
  const more = offset === undefined ? binding.subjects.length - shown.length : 0;
  return (
    <ul className="space-y-0.5 text-xs">
      {shown.map((s, i) => {
        const r = subjectRefOf(s, binding.namespace);
        return (
          <li key={(offset ?? 0) + i} className="break-words">
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
      {more > 0 && (
        <li>
          …{' '}
          <Link className={linkClass} href={`${bindingHref(binding.binding)}#subjects`}>
            and {more.toLocaleString('en')} more
          </Link>
        </li>
      )}
    </ul>
  );
}
