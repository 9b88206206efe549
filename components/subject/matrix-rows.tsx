// The rows of one API group of a permission matrix: a resource each, a cell per verb; an allowed
// cell is a button that opens its why.
import { Breakable } from '@/components/layout/breakable';
import type { CompactMatrix } from '@/lib/reports/compact-matrix';
import type { WhyOpen } from './matrix-why';

function groupTitle(group: string): string {
  return group === '' ? 'core' : group === '*' ? 'every API group' : group;
}

type Group = CompactMatrix['groups'][number];
type Row = Group['rows'][number];

export function MatrixGroup({
  group: { group, rows },
  verbs,
  titled,
  narrow,
  onOpen,
}: {
  group: Group;
  verbs: readonly string[];
  /** The group's title row, when the matrix has more than one group. */
  titled: boolean;
  narrow: boolean;
  onOpen: (o: WhyOpen) => void;
}) {
  return (
    <tbody>
      {titled && (
        <tr>
          <th
            scope="colgroup"
            colSpan={verbs.length + 1}
            className="bg-slate-50 px-2 pt-2 pb-1 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase dark:bg-slate-800/50 dark:text-slate-400"
          >
            {groupTitle(group)}
          </th>
        </tr>
      )}
      {rows.map((row) => (
        <MatrixRow key={row.resource} row={row} verbs={verbs} narrow={narrow} onOpen={onOpen} />
      ))}
    </tbody>
  );
}

function MatrixRow({
  row,
  verbs,
  narrow,
  onOpen,
}: {
  row: Row;
  verbs: readonly string[];
  narrow: boolean;
  onOpen: (o: WhyOpen) => void;
}) {
  return (
    <tr className="border-t border-slate-100 dark:border-slate-800">
      <th scope="row" className="sticky left-0 bg-white px-2 py-1 text-left font-mono font-normal dark:bg-slate-900">
        <span className={`block break-words ${narrow ? 'max-w-[10rem]' : 'max-w-[14rem]'}`}>
          {row.resource === '*' ? '* (all)' : <Breakable text={row.resource} />}
        </span>
      </th>
      {row.cells.map((cell, vi) => {
        const verb = verbs[vi]!;
        return cell ? (
          <AllowedCell key={verb} resource={row.resource} verb={verb} cell={cell} onOpen={onOpen} />
        ) : (
          <td
            key={verb}
            className="px-1 py-1 text-center text-slate-300 dark:text-slate-600"
            aria-label={`${verb} ${row.resource}: no`}
          >
            ·
          </td>
        );
      })}
    </tr>
  );
}

function AllowedCell({ resource, verb, cell, onOpen }: WhyOpen & { onOpen: (o: WhyOpen) => void }) {
  const only = cell.names.length > 0 ? ` (only ${cell.names.join(', ')})` : '';
  return (
    <td className="px-1 py-1 text-center align-top">
      <button
        type="button"
        onClick={() => onOpen({ resource, verb, cell })}
        className={`cursor-pointer rounded px-1 font-semibold ${
          cell.dangerous
            ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300'
            : 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-300'
        }`}
        aria-label={`${verb} ${resource}: yes${only}${cell.dangerous ? ', dangerous' : ''}; show why`}
      >
        {cell.names.length ? 'names' : '✓'}
      </button>
    </td>
  );
}
