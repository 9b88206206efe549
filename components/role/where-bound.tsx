// Where a role is bound: each binding, where it grants, and the subjects it names, linked. On a
// role's page it comes before the rules: who holds it is the first thing asked of a role.
import { ContextLink as Link } from '@/components/layout/context-link';
import { ExportLinks } from '@/components/layout/export-links';
import { linkClass } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { SubjectLinks } from '@/components/role/subject-links';
import { bindingKey, type Engine, type Page } from '@/lib/rbac';
import { bindingHref, namespaceHref } from '@/lib/web/links';

/** Bindings on one page of a role's. */
export const BINDINGS_PAGE_SIZE = 100;

type RoleBindings = ReturnType<Engine['bindingsOf']>;

export function WhereBound(props: {
  all: RoleBindings;
  page: Page<RoleBindings[number]>;
  label: string;
  api: string;
  context?: string;
  href: (n: number) => string;
}) {
  const { all, page, label, api, context, href } = props;
  const inNamespaces = new Set(all.map((b) => b.namespace)).size;
  return (
    <section className="mt-6" aria-labelledby="bound-title">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="bound-title" className="text-lg font-semibold">
          Where it is bound: {all.length.toLocaleString('en')} binding{all.length === 1 ? '' : 's'}
          {inNamespaces > 1 && ` (${inNamespaces.toLocaleString('en')} namespaces and cluster-wide)`}
        </h2>
        {all.length > 0 && <ExportLinks api={`${api}?table=bindings`} context={context} what="bindings" />}
      </div>
      {all.length === 0 && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          No binding names it: it grants nothing to anyone.
        </p>
      )}
      {all.length > 0 && <BindingsTable bindings={page.items} label={label} />}
      <Pager page={page} size={BINDINGS_PAGE_SIZE} href={href} noun="bindings" />
    </section>
  );
}

function BindingsTable({ bindings: items, label }: { bindings: RoleBindings; label: string }) {
  return (
    <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Bindings of {label}</caption>
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Binding
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Grants in
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Subjects
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr
              key={bindingKey(b.binding)}
              className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
            >
              <th scope="row" className="px-3 py-2 font-normal break-words">
                <Link href={bindingHref(b.binding)} className={`font-mono ${linkClass}`}>
                  {b.binding.name}
                </Link>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{b.binding.kind}</span>
              </th>
              <td className="px-3 py-2">
                {b.namespace ? (
                  <Link href={namespaceHref(b.namespace)} className={`font-mono ${linkClass}`}>
                    {b.namespace}
                  </Link>
                ) : (
                  'every namespace and the cluster'
                )}
                {b.dangling && (
                  <span className="block text-xs text-amber-800 dark:text-amber-300">
                    grants nothing: {b.dangling.reason}
                  </span>
                )}
              </td>
              <td className="px-3 py-2">
                <SubjectLinks binding={b} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
