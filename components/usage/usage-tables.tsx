// The tables of /usage, one per list: every name from the log is text React escapes, every object
// links to its page, and every "never used" sits under the window it is true for (UsageWindowNote).
import type { ReactNode } from 'react';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, mutedClass } from '@/components/layout/page-container';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { bindingLabel, describeRequest, roleLabel, subjectLabel } from '@/lib/rbac';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';
import type { BindingUse, Disagreement, IdentityRank, RequestUse, RoleUse } from '@/lib/web/usage';
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
                <th key={c.label} scope="row" className="px-3 py-2 font-normal break-words">
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.label} className={`px-3 py-2 break-words ${c.numeric ? 'text-right tabular-nums' : ''}`}>
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
  <span className={`font-mono text-xs ${mutedClass}`}>
    {w.file}:{w.line}
  </span>
);

const BINDING_COLUMNS: Column<BindingUse>[] = [
  {
    label: 'Binding',
    cell: (b) => (
      <Link href={bindingHref(b.binding)} className={`font-mono ${linkClass}`}>
        {bindingLabel(b.binding)}
      </Link>
    ),
  },
  { label: 'Kind', cell: (b) => b.binding.kind },
  {
    label: 'Role',
    cell: (b) =>
      b.role ? (
        <Link href={roleHref(b.role)} className={`font-mono ${linkClass}`}>
          {b.role.kind} {roleLabel(b.role)}
        </Link>
      ) : (
        <span className={mutedClass}>missing</span>
      ),
  },
];

const ROLE_COLUMNS: Column<RoleUse>[] = [
  {
    label: 'Role',
    cell: (r) => (
      <Link href={roleHref(r.role)} className={`font-mono ${linkClass}`}>
        {roleLabel(r.role)}
      </Link>
    ),
  },
  { label: 'Kind', cell: (r) => r.role.kind },
  { label: 'Bindings', numeric: true, cell: (r) => r.bindings.toLocaleString('en') },
];

const IDENTITY_COLUMNS: Column<IdentityRank>[] = [
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
    cell: (i) => (
      <span className="flex flex-wrap items-center gap-2">
        <span className="tabular-nums">{i.unusedDangerous.length.toLocaleString('en')}</span>
        <DangerBadges ids={[...new Set(i.unusedDangerous.flatMap((g) => g.dangers))]} />
      </span>
    ),
  },
  { label: 'Requests', numeric: true, cell: (i) => i.requests.toLocaleString('en') },
  { label: 'Denied', numeric: true, cell: (i) => i.denied.toLocaleString('en') },
  {
    label: 'Last request',
    cell: (i) => (i.last === undefined ? <span className={mutedClass}>none in the window</span> : auditTime(i.last)),
  },
  {
    label: 'Right-size',
    cell: (i) =>
      i.subject.kind === 'Group' ? null : (
        <Link href={rightsizeHref({ subject: i.subject })} className={linkClass}>
          Propose roles
        </Link>
      ),
  },
];

const DENIED_COLUMNS: Column<RequestUse>[] = [
  { label: 'Identity', cell: (r) => <span className="font-mono">{r.identity.user}</span> },
  { label: 'What it tried', cell: (r) => <span className="font-mono">{describeRequest(r.request)}</span> },
  { label: 'Times', numeric: true, cell: (r) => r.denied.toLocaleString('en') },
  { label: 'Last', cell: (r) => auditTime(r.last) },
  { label: 'Where', cell: (r) => where(r.where) },
];

const DISAGREEMENT_COLUMNS: Column<Disagreement>[] = [
  { label: 'Where', cell: (d) => where(d.where) },
  { label: 'Identity', cell: (d) => <span className="font-mono">{d.identity.user}</span> },
  { label: 'Request', cell: (d) => <span className="font-mono">{describeRequest(d.request)}</span> },
  { label: 'Server said', cell: (d) => <span className="font-mono text-xs">{d.reason || '(no reason)'}</span> },
  { label: 'Finding', cell: (d) => d.message },
];

/** The table of one list's page of rows. */
export function UsageListTable({ list, rows, title }: { list: UsageList; rows: UsageLists[UsageList]; title: string }) {
  switch (list) {
    case 'bindings':
      return (
        <Table
          title={title}
          columns={BINDING_COLUMNS}
          rows={rows as BindingUse[]}
          rowKey={(b) => bindingLabel(b.binding) + b.binding.kind}
        />
      );
    case 'roles':
      return (
        <Table
          title={title}
          columns={ROLE_COLUMNS}
          rows={rows as RoleUse[]}
          rowKey={(r) => r.role.kind + roleLabel(r.role)}
        />
      );
    case 'identities':
      return (
        <Table
          title={title}
          columns={IDENTITY_COLUMNS}
          rows={rows as IdentityRank[]}
          rowKey={(i) => i.subject.kind + subjectLabel(i.subject)}
        />
      );
    case 'denied':
      return (
        <Table
          title={title}
          columns={DENIED_COLUMNS}
          rows={rows as RequestUse[]}
          rowKey={(r, i) => `${i}:${r.where.file}:${r.where.line}`}
        />
      );
    case 'disagreements':
      return (
        <Table
          title={title}
          columns={DISAGREEMENT_COLUMNS}
          rows={rows as Disagreement[]}
          rowKey={(d, i) => `${i}:${d.where.file}:${d.where.line}`}
        />
      );
  }
}
