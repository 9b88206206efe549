import type { Metadata } from 'next';
import { ageColumn } from '@/components/inventory/age';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { ProvenanceTag } from '@/components/inventory/provenance-tag';
import { INVENTORY_PAGE_SIZE, InventoryView, type Column } from '@/components/inventory/inventory-view';
import { ContextLink as Link } from '@/components/layout/context-link';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { linkClass } from '@/components/layout/page-container';
import type { RoleRow } from '@/lib/rbac';
import { inventoryQuery, inventoryState } from '@/lib/web/inventory-params';
import { namespaceHref, roleHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';

import { withCurrentData } from '@/components/layout/with-current-data';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Roles' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RolesPage({ searchParams }: Props) {
  const sp = await searchParams;
  return withCurrentData(async (data) => {
    const { engine } = data;
    const state = inventoryState('roles', sp);
    const page = engine.inventory.roles({
      ...inventoryQuery(state),
      offset: pageOffset(sp, INVENTORY_PAGE_SIZE),
      limit: INVENTORY_PAGE_SIZE,
    });
    // Ages as of when the data was read, like everything else the page says.
    const now = Date.parse(data.source.readAt);
    const columns: Column<'roles', RoleRow>[] = [
      {
        label: 'Name',
        sort: 'name',
        cell: (r) => (
          <span className="inline-flex flex-wrap items-center gap-1.5">
            <Link href={roleHref(r.ref)} className={`font-mono ${linkClass}`}>
              {r.ref.name}
            </Link>
            {r.provenance !== 'own' && <ProvenanceTag provenance={r.provenance} />}
          </span>
        ),
      },
      { label: 'Kind', cell: (r) => r.ref.kind, wide: true },
      {
        label: 'Namespace',
        sort: 'namespace',
        cell: (r) =>
          r.ref.namespace ? (
            <Link href={namespaceHref(r.ref.namespace)} className={`font-mono ${linkClass}`}>
              {r.ref.namespace}
            </Link>
          ) : (
            <span className="text-slate-500 dark:text-slate-400">cluster</span>
          ),
      },
      {
        label: 'Rules',
        sort: 'rules',
        numeric: true,
        cell: (r) => (r.aggregated ? `${r.rules} (aggregated)` : r.rules),
      },
      { label: 'Bindings', sort: 'bindings', numeric: true, cell: (r) => r.bindings },
      { label: 'Danger', sort: 'danger', cell: (r) => <DangerBadges ids={r.dangers} /> },
      ...ageColumn<'roles', RoleRow>(page.items, now),
    ];
    return (
      <InventoryView
        list="roles"
        title="Roles and ClusterRoles"
        noun="roles"
        state={state}
        page={page}
        columns={columns}
        rowKey={(r) => `${r.ref.kind}/${r.ref.namespace ?? ''}/${r.ref.name}`}
        context={data.context}
      >
        <IncompleteNotice completeness={engine.completeness('view')} what="This list" />
      </InventoryView>
    );
  });
}
