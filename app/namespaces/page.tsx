import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { AutoForm } from '@/components/layout/auto-form';
import { inputClass, linkClass } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { withCurrentData } from '@/components/layout/with-current-data';
import { SourceNotices } from '@/components/layout/source-notices';
import { ClusterCounts } from '@/components/layout/cluster-counts';
import {
  SEVERITIES,
  type Engine,
  type NamespaceSort,
  type NamespaceSummary,
  type Page,
  type RiskTotals,
  type Severity,
} from '@/lib/rbac';
import { namespaceListQuery, namespaceListState, type NamespaceList } from '@/lib/web/namespace-list';
import { SEVERITY_CLASS } from '@/components/risks/severity';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { namespaceHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';
import type { SearchParams } from '@/lib/web/search-params';
import { SortHeader } from '@/components/layout/sort-header';
import { ExportLinks } from '@/components/layout/export-links';

export const dynamic = 'force-dynamic';

/** Namespaces on one page, whatever the cluster's size. */
const PAGE_SIZE = 50;

const COLUMNS: { sort: NamespaceSort; label: string }[] = [
  { sort: 'name', label: 'Namespace' },
  { sort: 'serviceAccounts', label: 'Service accounts' },
  { sort: 'pods', label: 'Pods' },
  { sort: 'roleBindings', label: 'RoleBindings' },
  { sort: 'subjects', label: 'Subjects bound' },
  { sort: 'risk', label: 'Risks' },
];

const listHref = (s: NamespaceList, page = 1) => `/namespaces${namespaceListQuery(s, page)}`;

export default async function NamespacesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const state = namespaceListState(sp);
  return withCurrentData(({ source, engine, context }) => {
    const page = engine.namespaces({
      ...state,
      offset: pageOffset(sp, PAGE_SIZE),
      limit: PAGE_SIZE,
    });
    return (
      <div className="mx-auto max-w-6xl px-6 py-8">
        <SourceNotices demo={source.spec.kind === 'demo'} issues={source.issues} skippedKinds={source.skippedKinds} />
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Namespaces</h1>
          <ExportLinks api={`/api/namespaces${namespaceListQuery(state)}`} context={context} />
        </div>
        <IncompleteNotice completeness={engine.completeness('view')} what="This list" />
        <ClusterCounts counts={engine.counts} linkNamespaces={false} />
        <RiskStatusNotice status={engine.risks.status()} />
        {engine.risks.status().state !== 'computing' && <RiskSummary totals={engine.riskTotals()} />}
        <NamespaceFilter state={state} />
        <NamespaceTable state={state} page={page} engine={engine} />
        <Pager page={page} size={PAGE_SIZE} href={(n) => listHref(state, n)} noun="namespaces" />
      </div>
    );
  });
}

function NamespaceFilter({ state }: { state: NamespaceList }) {
  return (
    <AutoForm label="Filter namespaces" className="mt-4 flex max-w-md items-end gap-2">
      <ContextField />
      <label className="block flex-1 text-sm">
        <span className="text-slate-600 dark:text-slate-400">Namespaces whose name contains</span>
        <input
          type="search"
          name="filter"
          defaultValue={state.filter}
          placeholder="e.g. payments"
          className={inputClass}
        />
      </label>
      {state.sort !== 'name' && <input type="hidden" name="sort" value={state.sort} />}
      {state.order !== 'asc' && <input type="hidden" name="order" value={state.order} />}
      {state.filter && (
        <Link className={`pb-1.5 text-sm ${linkClass}`} href={listHref({ ...state, filter: '' })}>
          Clear
        </Link>
      )}
    </AutoForm>
  );
}

function NamespaceTable({
  state,
  page,
  engine,
}: {
  state: NamespaceList;
  page: Page<NamespaceSummary>;
  engine: Engine;
}) {
  return (
    <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            {COLUMNS.map((c) => (
              <SortHeader
                key={c.sort}
                label={c.label}
                active={state.sort === c.sort}
                order={state.order}
                first={c.sort === 'name' ? 'asc' : 'desc'}
                href={(order) => listHref({ ...state, sort: c.sort, order })}
                className={`px-4 py-2 font-medium ${c.sort === 'name' ? '' : 'text-right'}`}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {page.items.map((ns) => (
            <tr key={ns.name} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <th scope="row" className="px-4 py-2 font-mono font-normal">
                <Link href={namespaceHref(ns.name)} className="text-sky-700 hover:underline dark:text-sky-400">
                  {ns.name}
                </Link>
              </th>
              <td className="px-4 py-2 text-right tabular-nums">{ns.serviceAccounts}</td>
              <td className="px-4 py-2 text-right tabular-nums">{ns.pods}</td>
              <td className="px-4 py-2 text-right tabular-nums">{ns.roleBindings}</td>
              <td className="px-4 py-2 text-right tabular-nums">{ns.subjects}</td>
              <td className="px-4 py-2 text-right">
                {engine.risks.status().state === 'computing' ? (
                  <span className="text-slate-600 dark:text-slate-400">computing</span>
                ) : (
                  <RiskCounts namespace={ns.name} counts={engine.riskCounts(ns.name)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 && (
        <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
          {state.filter ? `No namespace name contains “${state.filter}”.` : 'No namespaces.'}
        </p>
      )}
    </div>
  );
}

const AMBER =
  'rounded bg-amber-100 px-2 py-0.5 text-amber-900 ring-1 ring-amber-300 ring-inset hover:underline dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800';
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The cluster's risks in one line, each severity a link to /risks; what passes for Kubernetes' own and is not, first. */
function RiskSummary({ totals }: { totals: RiskTotals }) {
  const shown = SEVERITIES.filter((s) => totals.severities[s] > 0);
  return (
    <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      {totals.modifiedDefaults > 0 && (
        <Link href="/risks?id=MODIFIED_DEFAULT" className={AMBER}>
          {plural(totals.modifiedDefaults, 'Kubernetes default changed', 'Kubernetes defaults changed')}
        </Link>
      )}
      {totals.impostors > 0 && (
        <Link href="/risks?id=BUILTIN_IMPOSTOR" className={AMBER}>
          {plural(totals.impostors, "object named like Kubernetes' own", "objects named like Kubernetes' own")}
        </Link>
      )}
      <span className="text-slate-600 dark:text-slate-400">
        {shown.length === 0 ? 'No risks of the cluster’s own' : 'Risks:'}
      </span>
      {shown.map((s) => (
        <Link key={s} href={`/risks?severity=${s}`} className={`rounded px-1.5 py-0.5 text-xs ${SEVERITY_CLASS[s]}`}>
          {totals.severities[s].toLocaleString('en')} {s}
        </Link>
      ))}
      <span className="text-slate-500 dark:text-slate-400">(Kubernetes&apos; own defaults not counted)</span>
    </div>
  );
}

function RiskCounts({ namespace, counts }: { namespace: string; counts: Readonly<Record<Severity, number>> }) {
  const shown = SEVERITIES.filter((s) => counts[s] > 0);
  if (shown.length === 0) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <span className="inline-flex gap-1">
      {shown.map((s) => (
        <Link
          key={s}
          href={`/risks?namespace=${encodeURIComponent(namespace)}&severity=${s}`}
          title={`${counts[s]} ${s} finding${counts[s] === 1 ? '' : 's'}`}
          className={`rounded px-1.5 py-0.5 text-xs font-semibold tabular-nums ${SEVERITY_CLASS[s]}`}
        >
          {counts[s]} {s}
        </Link>
      ))}
    </span>
  );
}
