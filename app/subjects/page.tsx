import type { Metadata } from 'next';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { INVENTORY_PAGE_SIZE, InventoryView, type Column } from '@/components/inventory/inventory-view';
import { ContextLink as Link } from '@/components/layout/context-link';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { linkClass } from '@/components/layout/page-container';
import { SeverityBadge } from '@/components/risks/severity-badge';
import { findingRule, subjectText, type Engine, type SubjectRow } from '@/lib/rbac';
import { inventoryQuery, inventoryState } from '@/lib/web/inventory-params';
import { namespaceHref, subjectHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';

import { withCurrentData } from '@/components/layout/with-current-data';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Subjects' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SubjectsPage({ searchParams }: Props) {
  const sp = await searchParams;
  return withCurrentData(async (data) => {
    const { engine } = data;
    const state = inventoryState('subjects', sp);
    const page = engine.inventory.subjects({
      ...inventoryQuery(state),
      offset: pageOffset(sp, INVENTORY_PAGE_SIZE),
      limit: INVENTORY_PAGE_SIZE,
    });
    const columns: Column<'subjects', SubjectRow>[] = [
      {
        label: 'Name',
        sort: 'name',
        cell: (s) => (
          <Link href={subjectHref(s.ref)} className={`font-mono ${linkClass}`}>
            {s.ref.name}
          </Link>
        ),
      },
      { label: 'Kind', cell: (s) => s.ref.kind },
      {
        label: 'Namespace',
        sort: 'namespace',
        wide: true,
        cell: (s) =>
          s.ref.kind === 'ServiceAccount' ? (
            <Link href={namespaceHref(s.ref.namespace)} className={`font-mono ${linkClass}`}>
              {s.ref.namespace}
            </Link>
          ) : (
            <span className="text-slate-500 dark:text-slate-400">—</span>
          ),
      },
      { label: 'Bindings', sort: 'bindings', numeric: true, cell: (s) => s.bindings },
      { label: 'Namespaces', sort: 'namespaces', numeric: true, wide: true, cell: (s) => s.namespaces },
      { label: 'Pods', sort: 'pods', numeric: true, wide: true, cell: (s) => s.pods ?? '—' },
      { label: 'Risk', sort: 'risk', cell: (s) => <RiskCell engine={engine} row={s} /> },
      { label: 'Danger', sort: 'danger', wide: true, cell: (s) => <DangerBadges ids={s.dangers} /> },
    ];
    return (
      <InventoryView
        list="subjects"
        title="Service accounts, users and groups"
        noun="subjects"
        state={state}
        page={page}
        columns={columns}
        rowKey={(s) => `${s.ref.kind}/${s.ref.kind === 'ServiceAccount' ? s.ref.namespace : ''}/${s.ref.name}`}
        context={data.context}
      >
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every identity the cluster names: service accounts that exist or that pods run as, and the users and groups
          bindings name. Bindings and dangers count what names it directly; its page adds what its groups grant. Risk is
          its worst finding (a finding granted through a group is the group&apos;s).
        </p>
        <IncompleteNotice completeness={engine.completeness('view')} what="This list" />
      </InventoryView>
    );
  });
}

/** A subject's severity (its worst finding's) and that finding, a link to its findings on /risks. */
function RiskCell({ engine, row }: { engine: Engine; row: SubjectRow }) {
  if (engine.risks.status().state === 'computing')
    return <span className="text-slate-600 dark:text-slate-400">computing</span>;
  const risk = engine.subjectRisk(row.ref);
  if (!risk) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  const more = risk.total - 1;
  return (
    <span className="flex min-w-40 flex-wrap items-baseline gap-x-2 gap-y-1">
      <SeverityBadge severity={risk.severity} />
      <Link
        href={`/risks?${new URLSearchParams({ by: 'kind', subject: subjectText(row.ref), ...(risk.worst.builtin && { builtin: 'show' }) })}`}
        className={`text-xs ${linkClass}`}
      >
        {findingRule(risk.worst.id).title}
      </Link>
      {more > 0 && <span className="text-xs text-slate-600 dark:text-slate-400">+{more}</span>}
    </span>
  );
}
