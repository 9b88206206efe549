import type { Metadata } from 'next';
import { ProvenanceTag } from '@/components/inventory/provenance-tag';
import { ageColumn } from '@/components/inventory/age';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { INVENTORY_PAGE_SIZE, InventoryView, type Column } from '@/components/inventory/inventory-view';
import { ContextLink as Link } from '@/components/layout/context-link';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { linkClass } from '@/components/layout/page-container';
import type { BindingRow } from '@/lib/rbac';
import { inventoryQuery, inventoryState } from '@/lib/web/inventory-params';
import { bindingHref, namespaceHref, roleHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';

import { withCurrentData } from '@/components/layout/with-current-data';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Bindings' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function BindingsPage({ searchParams }: Props) {
  const sp = await searchParams;
  return withCurrentData(async (data) => {
    const { engine } = data;
    const state = inventoryState('bindings', sp);
    const page = engine.inventory.bindings({
      ...inventoryQuery(state),
      offset: pageOffset(sp, INVENTORY_PAGE_SIZE),
      limit: INVENTORY_PAGE_SIZE,
    });
    // Ages as of when the data was read, like everything else the page says.
    const now = Date.parse(data.source.readAt);
    const columns: Column<'bindings', BindingRow>[] = [
      {
        label: 'Name',
        sort: 'name',
        cell: (b) => (
          <span className="inline-flex flex-wrap items-center gap-1.5">
            <Link href={bindingHref(b.ref)} className={`font-mono ${linkClass}`}>
              {b.ref.name}
            </Link>
            {b.provenance !== 'own' && !(b.provenance === 'default' && !b.builtin) && (
              <ProvenanceTag provenance={b.provenance} />
            )}
          </span>
        ),
      },
      { label: 'Kind', cell: (b) => b.ref.kind, wide: true },
      {
        label: 'Namespace',
        sort: 'namespace',
        cell: (b) =>
          b.ref.namespace ? (
            <Link href={namespaceHref(b.ref.namespace)} className={`font-mono ${linkClass}`}>
              {b.ref.namespace}
            </Link>
          ) : (
            <span className="text-slate-500 dark:text-slate-400">cluster-wide</span>
          ),
      },
      {
        label: 'Role',
        sort: 'role',
        cell: (b) =>
          b.dangling ? (
            <span className="font-mono text-amber-800 dark:text-amber-300" title={b.dangling}>
              {b.role.kind} {b.role.name} (missing)
            </span>
          ) : (
            <Link href={roleHref(b.role)} className={`font-mono ${linkClass}`}>
              {b.role.kind === 'ClusterRole' ? 'ClusterRole ' : 'Role '}
              {b.role.name}
            </Link>
          ),
      },
      { label: 'Subjects', sort: 'subjects', numeric: true, cell: (b) => b.subjects },
      { label: 'Danger', sort: 'danger', cell: (b) => <DangerBadges ids={b.dangers} /> },
      ...ageColumn<'bindings', BindingRow>(page.items, now),
    ];
    return (
      <InventoryView
        list="bindings"
        title="RoleBindings and ClusterRoleBindings"
        noun="bindings"
        state={state}
        page={page}
        columns={columns}
        rowKey={(b) => `${b.ref.kind}/${b.ref.namespace ?? ''}/${b.ref.name}`}
        context={data.context}
      >
        <IncompleteNotice completeness={engine.completeness('view')} what="This list" />
      </InventoryView>
    );
  });
}
