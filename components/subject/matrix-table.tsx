'use client';
import { useRef, useState } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { bindingHref, roleHref } from '@/lib/web/links';
import type { CompactMatrix } from '@/lib/reports/compact-matrix';
import { Breakable } from '@/components/layout/breakable';

function groupTitle(group: string): string {
  return group === '' ? 'core' : group === '*' ? 'every API group' : group;
}

interface Open {
  resource: string;
  verb: string;
  cell: NonNullable<CompactMatrix['groups'][number]['rows'][number]['cells'][number]>;
}

export function MatrixTable({
  matrix,
  caption,
  id,
  narrow = false,
}: {
  matrix: CompactMatrix;
  caption: string;
  id: string;
  /** In a side panel: a narrower resource column, so the verbs fit beside it. */
  narrow?: boolean;
}) {
  const [open, setOpen] = useState<Open | undefined>(undefined);
  const popover = useRef<HTMLDivElement>(null);
  const show = (o: Open) => {
    setOpen(o);
    popover.current?.showPopover();
  };
  const hide = () => popover.current?.hidePopover();
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
        {matrix.groups.map(({ group, rows }) => (
          <tbody key={group}>
            {matrix.groups.length > 1 && (
              <tr>
                <th
                  scope="colgroup"
                  colSpan={matrix.verbs.length + 1}
                  className="bg-slate-50 px-2 pt-2 pb-1 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase dark:bg-slate-800/50 dark:text-slate-400"
                >
                  {groupTitle(group)}
                </th>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.resource} className="border-t border-slate-100 dark:border-slate-800">
                <th
                  scope="row"
                  className="sticky left-0 bg-white px-2 py-1 text-left font-mono font-normal dark:bg-slate-900"
                >
                  <span className={`block break-words ${narrow ? 'max-w-[10rem]' : 'max-w-[14rem]'}`}>
                    {row.resource === '*' ? '* (all)' : <Breakable text={row.resource} />}
                  </span>
                </th>
                {row.cells.map((cell, vi) => {
                  const verb = matrix.verbs[vi]!;
                  if (!cell)
                    return (
                      <td
                        key={verb}
                        className="px-1 py-1 text-center text-slate-300 dark:text-slate-600"
                        aria-label={`${verb} ${row.resource}: no`}
                      >
                        ·
                      </td>
                    );
                  const only = cell.names.length > 0 ? ` (only ${cell.names.join(', ')})` : '';
                  return (
                    <td key={verb} className="px-1 py-1 text-center align-top">
                      <button
                        type="button"
                        onClick={() => show({ resource: row.resource, verb, cell })}
                        className={`cursor-pointer rounded px-1 font-semibold ${
                          cell.dangerous
                            ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300'
                            : 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-300'
                        }`}
                        aria-label={`${verb} ${row.resource}: yes${only}${cell.dangerous ? ', dangerous' : ''}; show why`}
                      >
                        {cell.names.length ? 'names' : '✓'}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {matrix.nonResource.length > 0 && <h4 className="mt-3 text-xs font-semibold">Non-resource URLs</h4>}
      {matrix.nonResource.length > 0 && (
        <ul className="mt-1 text-xs">
          {matrix.nonResource.map((n) => (
            <li key={n.url} className="font-mono break-words">
              {n.url}: {n.verbs.join(', ')}
            </li>
          ))}
        </ul>
      )}
      <div
        ref={popover}
        id={id}
        popover="auto"
        role="dialog"
        aria-label={open ? `Why ${open.verb} ${open.resource}` : 'Why'}
        className="m-auto w-[min(28rem,90vw)] rounded-lg border border-slate-200 bg-white p-4 text-left text-sm text-slate-900 shadow-xl backdrop:bg-slate-950/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {open && (
          <>
            <p className="font-semibold">
              Why <span className="font-mono">{open.verb}</span>{' '}
              <span className="font-mono break-words">{open.resource}</span>
              {open.cell.dangerous && (
                <span className="ml-2 text-xs font-medium text-red-700 dark:text-red-400">dangerous</span>
              )}
            </p>
            {open.cell.names.length > 0 && (
              <p className="mt-1 text-xs">Only the objects named {open.cell.names.join(', ')}.</p>
            )}
            <ul className="mt-2 space-y-1 text-xs">
              {open.cell.grants.map((i) => {
                const g = matrix.grants[i]!;
                return (
                  <li key={i} className="break-words">
                    <Link className="text-sky-700 underline dark:text-sky-400" href={bindingHref(g.binding)}>
                      {g.binding.kind} {g.binding.name}
                    </Link>{' '}
                    →{' '}
                    <Link className="text-sky-700 underline dark:text-sky-400" href={roleHref(g.role)}>
                      {g.roleText}
                    </Link>
                    , rule {g.ruleIndex}
                    {g.via ? ` (via Group ${g.via})` : ''}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <button
          type="button"
          onClick={hide}
          className="mt-3 rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600"
        >
          Close
        </button>
      </div>
    </div>
  );
}
