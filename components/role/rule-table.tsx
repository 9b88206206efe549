import { mutedClass } from '@/components/layout/page-container';
import { Breakable } from '@/components/layout/breakable';
import type { RuleRow } from '@/lib/rbac';

/**
 * A role's rules as `kubectl describe` lays them out: resource, resource names, verbs, and the
 * danger of each row in words. Long names wrap at their dots and slashes, never mid-word.
 * `narrow` (a side panel): two columns, the names and the danger under the resource.
 */
export function RuleTable({
  rows,
  caption,
  narrow = false,
}: {
  rows: readonly RuleRow[];
  caption: string;
  narrow?: boolean;
}) {
  if (rows.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No rules: it grants nothing.</p>;
  if (narrow) return <NarrowRuleTable rows={rows} caption={caption} />;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full table-fixed text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col className="w-[30%]" />
          <col className="w-[16%]" />
          <col className="w-[30%]" />
          <col className="w-[24%]" />
        </colgroup>
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Resource
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Resource names
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Verbs
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Danger
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={rowKey(r)}
              className={`border-b border-slate-100 align-top last:border-0 dark:border-slate-800 ${r.dangers.length > 0 ? 'bg-red-50/60 dark:bg-red-950/20' : ''}`}
            >
              <th scope="row" className="px-3 py-1.5 font-mono text-xs font-normal">
                <What row={r} />
              </th>
              <td className="px-3 py-1.5 font-mono text-xs">
                {r.resourceNames.length > 0 ? (
                  <Breakable text={r.resourceNames.join(', ')} />
                ) : (
                  <span className={mutedClass}>all</span>
                )}
              </td>
              <td className="px-3 py-1.5">
                <Verbs verbs={r.verbs} />
              </td>
              <td className="px-3 py-1.5 text-xs text-red-800 dark:text-red-300">
                {r.dangers.length === 0 ? (
                  <span className={mutedClass}>—</span>
                ) : (
                  <ul className="space-y-0.5">
                    {r.dangers.map((d) => (
                      <li key={d.id}>{d.title}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const rowKey = (r: RuleRow) => `${r.resource}|${r.nonResourceURL ?? ''}|${r.resourceNames.join(',')}`;

function What({ row }: { row: RuleRow }) {
  return (
    <>
      <Breakable text={row.nonResourceURL ?? (row.resource === '*' ? '* (all resources)' : row.resource)} />
      {row.nonResourceURL && <span className="ml-1 font-sans text-slate-500 dark:text-slate-400">(URL)</span>}
    </>
  );
}

function Verbs({ verbs }: { verbs: readonly string[] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {verbs.map((v) => (
        <span
          key={v}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800 dark:text-slate-200"
        >
          {v}
        </span>
      ))}
    </span>
  );
}

function NarrowRuleTable({ rows, caption }: { rows: readonly RuleRow[]; caption: string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          <th scope="col" className="py-1 pr-2 font-medium">
            Resource
          </th>
          <th scope="col" className="py-1 font-medium">
            Verbs
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
            <th scope="row" className="w-2/5 py-1 pr-2 font-mono text-xs font-normal">
              <What row={r} />
              {r.resourceNames.length > 0 && (
                <span className="block text-slate-500 dark:text-slate-400">
                  only <Breakable text={r.resourceNames.join(', ')} />
                </span>
              )}
              {r.dangers.length > 0 && (
                <span className="block font-sans text-red-800 dark:text-red-300">
                  {r.dangers.map((d) => d.title).join('; ')}
                </span>
              )}
            </th>
            <td className="py-1">
              <Verbs verbs={r.verbs} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
