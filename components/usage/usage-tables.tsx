// The tables of /usage, one per list: every name from the log is text React escapes, every object
// links to its page, and every "never used" sits under the window it is true for (UsageWindowNote).
import type { ReactNode } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, mutedClass } from '@/components/layout/page-container';
import { DangerBadges } from '@/components/inventory/danger-badges';
import {
  bindingLabel,
  describeRequest,
  roleLabel,
  subjectLabel,
  type AttributionCheck,
  type BindingUse,
  type Engine,
  type RankedIdentity,
  type ObjectUse,
  type RoleRef,
  type ShapeUsage,
} from '@/lib/rbac';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import type { UsageLists } from '@/lib/web/usage-lists';
import type { UsageList } from '@/lib/web/usage-filter';
import { rightsizeHref } from '@/lib/web/usage-filter';
import { auditTime } from '@/lib/web/usage-words';

interface Column<T> {
  label: string;
  numeric?: boolean;
  cell: (row: T) => ReactNode;
}

function Table<T>(props: {
  title: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (r: T, i: number) => string;
}) {
  const { title, columns, rows, rowKey } = props;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{title}</caption>
      <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={`px-3 py-2 font-medium ${c.numeric ? 'text-right' : ''}`}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, ri) => (
          <tr key={rowKey(row, ri)} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
            {columns.map((c, i) =>
              i === 0 ? (
                <th key={c.label} scope="row" className="px-3 py-2 font-normal [overflow-wrap:anywhere]">
                  {c.cell(row)}
                </th>
              ) : (
                <td
                  key={c.label}
                  className={`px-3 py-2 [overflow-wrap:anywhere] ${c.numeric ? 'text-right tabular-nums' : ''}`}
                >
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const where = (w: { file: string; line: number }) => (
  <span className={`font-mono text-xs [overflow-wrap:anywhere] ${mutedClass}`}>
    {w.file}:{w.line}
  </span>
);

function bindingColumns(engine: Engine): Column<BindingUse>[] {
  return [
    {
      label: 'Binding',
      cell: (b) => (
        <Link href={bindingHref(b.ref)} className={`font-mono ${linkClass}`}>
          {bindingLabel(b.ref)}
        </Link>
      ),
    },
    { label: 'Kind', cell: (b) => b.ref.kind },
    {
      label: 'Role',
      cell: (b) => {
        const bound = engine.binding(b.ref);
        if (bound?.role)
          return (
            <Link href={roleHref(bound.role)} className={`font-mono ${linkClass}`}>
              {bound.role.kind} {roleLabel(bound.role)}
            </Link>
          );
        return <span className={mutedClass}>{bound?.dangling ? `missing: ${bound.dangling.reason}` : 'missing'}</span>;
      },
    },
    { label: 'Provenance', cell: (b) => (b.builtin ? "Kubernetes' own" : '') },
  ];
}

const ROLE_COLUMNS: Column<ObjectUse<RoleRef>>[] = [
  {
    label: 'Role',
    cell: (r) => (
      <Link href={roleHref(r.ref)} className={`font-mono ${linkClass}`}>
        {roleLabel(r.ref)}
      </Link>
    ),
  },
  { label: 'Kind', cell: (r) => r.ref.kind },
];

const IDENTITY_COLUMNS: Column<RankedIdentity>[] = [
  {
    label: 'Identity',
    cell: (i) => (
      <Link href={subjectHref(i.subject)} className={`font-mono ${linkClass}`}>
        {i.subject.kind} {subjectLabel(i.subject)}
      </Link>
    ),
  },
  {
    label: 'Dangerous grants not used',
    cell: (i) => {
      return (
        <span className="flex flex-wrap items-center gap-2">
          <span className="tabular-nums">{i.unusedDangerous.toLocaleString('en')}</span>
          <DangerBadges ids={i.dangers} />
        </span>
      );
    },
  },
  { label: 'Grants', numeric: true, cell: (i) => i.grants.toLocaleString('en') },
  { label: 'Requests', numeric: true, cell: (i) => i.requests.toLocaleString('en') },
  { label: 'Denied', numeric: true, cell: (i) => i.denied.toLocaleString('en') },
  { label: 'Last request', cell: (i) => (i.seen && i.last !== undefined ? auditTime(i.last) : 'none in the window') },
  {
    label: 'Right-size',
    cell: (i) => (
      <Link href={rightsizeHref({ subject: i.subject })} className={linkClass}>
        Propose roles
      </Link>
    ),
  },
];

const DENIED_COLUMNS: Column<ShapeUsage>[] = [
  { label: 'Identity', cell: (s) => <span className="font-mono">{s.identity.user}</span> },
  { label: 'What it tried', cell: (s) => <span className="font-mono">{describeRequest(s.request)}</span> },
  { label: 'Times', numeric: true, cell: (s) => s.denied.toLocaleString('en') },
  { label: 'Last', cell: (s) => auditTime(s.last) },
  { label: 'Where', cell: (s) => where(s.lastWhere) },
];

const VERDICT_CLASS: Record<string, string> = {
  disagrees: 'font-semibold text-red-700 dark:text-red-400',
};

const DISAGREEMENT_COLUMNS: Column<AttributionCheck>[] = [
  { label: 'Where', cell: (d) => where(d.where) },
  {
    label: 'Verdict',
    cell: (d) => <span className={`whitespace-nowrap ${VERDICT_CLASS[d.verdict] ?? ''}`}>{d.verdict}</span>,
  },
  { label: 'Identity', cell: (d) => <span className="font-mono">{d.identity.user}</span> },
  { label: 'Request', cell: (d) => <span className="font-mono">{describeRequest(d.request)}</span> },
  { label: 'Server said', cell: (d) => <span className="font-mono text-xs">{d.reason || '(no reason)'}</span> },
  { label: 'Why', cell: (d) => d.message },
  { label: 'Events', numeric: true, cell: (d) => d.events.toLocaleString('en') },
];

/** The table of one list's page of rows. */
export function UsageListTable(props: { engine: Engine; list: UsageList; rows: UsageLists[UsageList]; title: string }) {
  const { engine, list, rows, title } = props;
  const key = (_: unknown, i: number) => String(i);
  switch (list) {
    case 'bindings':
      return <Table title={title} columns={bindingColumns(engine)} rows={rows as BindingUse[]} rowKey={key} />;
    case 'roles':
      return <Table title={title} columns={ROLE_COLUMNS} rows={rows as ObjectUse<RoleRef>[]} rowKey={key} />;
    case 'identities':
      return <Table title={title} columns={IDENTITY_COLUMNS} rows={rows as RankedIdentity[]} rowKey={key} />;
    case 'denied':
      return <Table title={title} columns={DENIED_COLUMNS} rows={rows as ShapeUsage[]} rowKey={key} />;
    case 'disagreements':
      return <Table title={title} columns={DISAGREEMENT_COLUMNS} rows={rows as AttributionCheck[]} rowKey={key} />;
  }
}
