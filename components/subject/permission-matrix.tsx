import { ContextLink as Link } from '@/components/layout/context-link';
import { roleHref } from '@/lib/views/links';
import { describeBinding, describeRole, describeRule, type PermissionMatrix as Matrix } from '@/lib/rbac';

/** Resource × verb, each allowed cell opening its why: binding → role → rule. */
export function PermissionMatrix({ matrix, caption }: { matrix: Matrix; caption: string }) {
  if (matrix.rows.length === 0 && matrix.nonResource.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No permissions {caption}.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-xs" aria-label={`Permissions ${caption}`}>
        <caption className="sr-only">Permissions {caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 bg-white px-2 py-1 text-left font-medium dark:bg-slate-900">
              Resource
            </th>
            {matrix.verbs.map((v) => (
              <th key={v} scope="col" className="px-1 py-1 text-center font-medium">
                {v}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.resource} className="border-t border-slate-100 dark:border-slate-800">
              <th
                scope="row"
                className="sticky left-0 bg-white px-2 py-1 text-left font-mono font-normal dark:bg-slate-900"
              >
                <span className="block max-w-[12rem] break-all">{row.resource === '*' ? '* (all)' : row.resource}</span>
              </th>
              {matrix.verbs.map((verb) => {
                const cell = row.cells[verb];
                if (!cell)
                  return (
                    <td
                      key={verb}
                      className="px-1 py-1 text-center text-slate-300 dark:text-slate-700"
                      aria-label={`${verb} ${row.resource}: no`}
                    >
                      ·
                    </td>
                  );
                return (
                  <td key={verb} className="relative px-1 py-1 text-center align-top">
                    <details className="group inline-block text-left">
                      <summary
                        className={`cursor-pointer list-none rounded px-1 font-semibold focus-visible:outline-2 focus-visible:outline-sky-500 ${
                          cell.dangerous
                            ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300'
                            : 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-300'
                        }`}
                        aria-label={`${verb} ${row.resource}: yes${cell.resourceNames.length ? ` (only ${cell.resourceNames.join(', ')})` : ''}${cell.dangerous ? ', dangerous' : ''}; show why`}
                      >
                        {cell.resourceNames.length ? 'names' : '✓'}
                      </summary>
                      <div className="absolute z-10 mt-1 w-80 rounded-md border border-slate-200 bg-white p-2 text-left shadow-lg dark:border-slate-700 dark:bg-slate-900">
                        {cell.resourceNames.length > 0 && <p className="mb-1">Only: {cell.resourceNames.join(', ')}</p>}
                        <ul className="space-y-1">
                          {cell.grants.map((g, i) => (
                            <li key={i}>
                              {describeBinding(g.binding)} →{' '}
                              <Link className="text-sky-700 underline dark:text-sky-400" href={roleHref(g.role)}>
                                {describeRole(g.role)}
                              </Link>
                              , rule {g.ruleIndex}: <span className="font-mono">{describeRule(g.rule)}</span>
                              {g.subject.kind === 'Group' ? ` (via Group ${g.subject.name})` : ''}
                            </li>
                          ))}
                        </ul>
                      </div>
                    </details>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {matrix.nonResource.length > 0 && <h4 className="mt-3 text-xs font-semibold">Non-resource URLs</h4>}
      {matrix.nonResource.length > 0 && (
        <ul className="mt-1 text-xs">
          {matrix.nonResource.map((n) => (
            <li key={n.url} className="font-mono">
              {n.url}: {n.verbs.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
