import type { Metadata } from 'next';
import { AutoForm } from '@/components/layout/auto-form';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { ExportLinks } from '@/components/layout/export-links';
import { inputClass, mutedClass } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { withCurrentData } from '@/components/layout/with-current-data';
import { NoAuditLog } from '@/components/usage/no-audit-log';
import { UsageListTable } from '@/components/usage/usage-tables';
import { UsageWindowNote } from '@/components/usage/usage-window';
import { pageOf, type Engine } from '@/lib/rbac';
import { pageOffset } from '@/lib/web/paging';
import type { SearchParams } from '@/lib/web/search-params';
import { usageAnswers } from '@/lib/web/usage';
import { parseUsageFilter, USAGE_LISTS, usageQuery, type UsageFilter, type UsageList } from '@/lib/web/usage-filter';
import { LIST_TITLES, usageCounts, usageLists, type UsageLists } from '@/lib/web/usage-lists';
import { readyUsageState, type UsageFeed } from '@/lib/web/usage-source';

export const metadata: Metadata = { title: 'Usage' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<SearchParams> };

export default async function UsagePage({ searchParams }: Props) {
  const params = await searchParams;
  const { filter, problems } = parseUsageFilter(params);
  const usage = await readyUsageState();
  return withCurrentData(({ engine, context }) => {
    return (
      <div className="mx-auto max-w-7xl px-4 py-6 md:px-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
          {'feed' in usage && <ExportLinks api={`/api/usage${usageQuery(filter)}`} context={context} />}
        </div>
        <p className={`mt-1 text-sm ${mutedClass}`}>
          What the API server&apos;s audit log says was used: the grants no request used in the window read, who holds
          dangerous grants it did not use, what was tried and denied, and every request whose attribution by the server
          the engine does not find. Each allowed request used every grant that allows it.
        </p>
        {problems.length > 0 && (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
            Ignored: {problems.join('; ')}.
          </p>
        )}
        {'none' in usage ? (
          <NoAuditLog why={usage.none} />
        ) : (
          <UsageBody engine={engine} filter={filter} params={params} feed={usage.feed} />
        )}
      </div>
    );
  });
}

function UsageBody(props: { engine: Engine; filter: UsageFilter; params: SearchParams; feed: UsageFeed }) {
  const { engine, filter, params, feed } = props;
  const lists = usageLists(engine, usageAnswers(engine, feed), filter);
  const counts = usageCounts(lists);
  const page = pageOf<unknown>(lists[filter.list], pageOffset(params, PAGE_SIZE), PAGE_SIZE);
  const title = LIST_TITLES[filter.list];
  return (
    <>
      <UsageWindowNote
        window={feed.window()}
        problems={feed.problems}
        reading={!feed.read}
        {...(feed.error && { error: feed.error })}
      />
      <Tabs filter={filter} counts={counts} />
      <UsageFilterForm filter={filter} />
      <p role="status" className={`mt-4 text-sm ${mutedClass}`}>
        {filter.list === 'disagreements' ? attributionSummary(lists.disagreements) : summary(filter.list, page.total)}
      </p>
      <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <UsageListTable engine={engine} list={filter.list} rows={page.items as never} title={title} />
      </div>
      <Pager
        page={page}
        size={PAGE_SIZE}
        href={(n) => `/usage${usageQuery(filter, { page: String(n) })}`}
        noun={title.toLowerCase()}
      />
    </>
  );
}

const SUMMARIES: Record<UsageList, [string, string]> = {
  bindings: ['binding no request used in the window', 'bindings no request used in the window'],
  roles: [
    'role no request used in the window (through any binding)',
    'roles no request used in the window (through any binding)',
  ],
  identities: ['identity, most dangerous grants not used first', 'identities, most dangerous grants not used first'],
  denied: ['request shape denied: what was tried and could not', 'request shapes denied: what was tried and could not'],
  disagreements: [
    'attribution the engine does not find as the server said (the true disagreements first, then those the data explains)',
    'attributions the engine does not find as the server said (the true disagreements first, then those the data explains)',
  ],
};

/** The true disagreements (which must be none) counted apart from those the data explains. */
function attributionSummary(checks: UsageLists['disagreements']): string {
  const truly = checks.filter((c) => c.verdict === 'disagrees').length;
  const explained = checks.length - truly;
  return `${truly.toLocaleString('en')} true disagreement${truly === 1 ? '' : 's'} (the engine does not find what the server said: must be none), then ${explained.toLocaleString('en')} the data explains (system:masters, another authorizer, an object no longer there).`;
}

function summary(list: UsageList, n: number): string {
  const [one, many] = SUMMARIES[list];
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}.`;
}

function Tabs({ filter, counts }: { filter: UsageFilter; counts: Record<UsageList, number> }) {
  return (
    <nav aria-label="Usage lists" className="mt-4 flex flex-wrap gap-1 text-sm">
      {USAGE_LISTS.map((list) => (
        <Link
          key={list}
          href={`/usage${usageQuery({ ...filter, list })}`}
          aria-current={filter.list === list ? 'page' : undefined}
          className={`rounded-md px-3 py-1.5 ${filter.list === list ? 'bg-slate-900 text-white dark:bg-white dark:text-slate-900' : 'border border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800'}`}
        >
          {LIST_TITLES[list]} <span className="tabular-nums">({counts[list].toLocaleString('en')})</span>
        </Link>
      ))}
    </nav>
  );
}

function UsageFilterForm({ filter }: { filter: UsageFilter }) {
  return (
    <AutoForm label="Filter usage" className="mt-4 flex flex-wrap items-end gap-3 text-sm">
      <ContextField />
      {filter.list !== 'bindings' && <input type="hidden" name="list" value={filter.list} />}
      <label className="flex flex-col gap-1">
        Name contains
        <input name="q" type="search" defaultValue={filter.q} className={`w-56 ${inputClass}`} />
      </label>
      <label className="flex flex-col gap-1">
        Namespace
        <input name="namespace" defaultValue={filter.namespace} className={`w-40 ${inputClass}`} />
      </label>
      {(filter.list === 'bindings' || filter.list === 'roles') && (
        <label className="flex items-center gap-2 pb-1">
          <input type="checkbox" name="builtin" value="show" defaultChecked={filter.builtin} />
          Include Kubernetes&apos; own
        </label>
      )}
    </AutoForm>
  );
}
