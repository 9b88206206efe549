import { AutoForm } from '@/components/layout/auto-form';
import type { Metadata } from 'next';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { ExportLinks } from '@/components/layout/export-links';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { Pager } from '@/components/layout/pager';
import { withCurrentData } from '@/components/layout/with-current-data';
import { RiskTable } from '@/components/risks/risk-table';
import { SeverityBadge } from '@/components/risks/severity-badge';
import { SeverityLegend } from '@/components/risks/severity-legend';
import {
  FINDING_RULES,
  objectLabel,
  SEVERITIES,
  subjectText,
  type BindingRef,
  type Engine,
  type Finding,
  type FindingCounts,
  type FindingGroup,
  type RoleRef,
  type Severity,
} from '@/lib/rbac';
import {
  findingFilterQuery,
  findingMatch,
  parseFindingFilter,
  parseRisksView,
  type FindingFilter,
  type RisksView,
} from '@/lib/web/findings-filter';
import { bindingHref, roleHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';
import type { SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Risks' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<SearchParams> };

export default async function RisksPage({ searchParams }: Props) {
  const params = await searchParams;
  const { filter, problems } = parseFindingFilter(params);
  const { view, problems: viewProblems } = parseRisksView(params);
  return withCurrentData(({ engine, context }) => {
    const risks = engine.risks.status();
    const counts = engine.findingCounts(filter.builtin);
    const page = engine.findingGroups({
      ...findingMatch(filter),
      by: view.by,
      sort: view.sort,
      order: view.order,
      offset: pageOffset(params, PAGE_SIZE),
      limit: PAGE_SIZE,
    });
    const href = (f: FindingFilter, v: RisksView, extra: Record<string, string> = {}) =>
      `/risks${findingFilterQuery(f, extra, v)}`;
    const at = { ...view, open: undefined };
    const pageParam: Record<string, string> = page.offset > 0 ? { page: String(page.offset / PAGE_SIZE + 1) } : {};
    return (
      // As wide as the inventories: the table is dense.
      <div className="mx-auto max-w-7xl px-4 py-6 md:px-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Risks</h1>
          <ExportLinks api={`/api/findings${findingFilterQuery(filter)}`} context={context} />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Who can become cluster-admin and how, the grants that let a subject become another, and risky bindings. Every
          step is computed with the API server&apos;s own checks; each finding names the grants behind it.
        </p>
        <IncompleteNotice completeness={engine.completeness('paths')} what="These findings" />
        <RiskStatusNotice status={risks} />
        {[...problems, ...viewProblems].length > 0 && (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
            Ignored: {[...problems, ...viewProblems].join('; ')}.
          </p>
        )}
        {/* Computing: no counts, no table (empty, they would read as "no findings"). */}
        {risks.state !== 'computing' && (
          <>
            <SeverityCounts
              counts={counts}
              severity={filter.severity}
              href={(s) => href({ ...filter, severity: s }, at)}
            />
            <Grouping view={view} href={(by) => href(filter, { by, sort: view.sort, order: view.order })} />
            <FindingsFilterForm filter={filter} view={view} builtinCount={counts.builtin} />
            <p role="status" className="mt-4 text-sm text-slate-600 dark:text-slate-400">
              {page.findings.toLocaleString('en')} finding{page.findings === 1 ? '' : 's'} in{' '}
              {page.total.toLocaleString('en')} {view.by === 'subject' ? 'subjects and objects' : 'finding kinds'}
              {page.total === 0 && ': no finding matches'}.
            </p>
            <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              <RiskTable
                by={view.by}
                groups={page.items}
                sort={view.sort}
                order={view.order ?? (view.sort === 'name' ? 'asc' : 'desc')}
                sortHref={(sort, order) =>
                  href(filter, { by: view.by, sort, ...(order !== defaultOrder(sort) && { order }) })
                }
                open={view.open}
                toggleHref={(key) => href(filter, { ...view, open: view.open === key ? undefined : key }, pageParam)}
                allHref={(g) =>
                  href(allFilter(filter, g), { by: view.by === 'subject' ? 'kind' : 'subject', sort: 'severity' })
                }
                objectHref={(f) => objectHref(f, engine)}
              />
            </div>
            <Pager page={page} size={PAGE_SIZE} href={(n) => href(filter, at, { page: String(n) })} noun="groups" />
          </>
        )}
        <SeverityLegend />
      </div>
    );
  });
}

const defaultOrder = (sort: RisksView['sort']) => (sort === 'name' ? 'asc' : 'desc');

/** A group's findings listed the other way: a subject's by kind, a kind's by subject. */
function allFilter(filter: FindingFilter, g: FindingGroup): FindingFilter {
  if (g.id) return { ...filter, id: g.id };
  if (g.subject) return { ...filter, subject: subjectText(g.subject) };
  return g.object ? { ...filter, subject: `${g.object.kind} ${objectLabel(g.object)}` } : filter;
}

function SeverityCounts(props: {
  counts: FindingCounts;
  severity: Severity | undefined;
  href: (s: Severity) => string;
}) {
  const { counts, severity, href } = props;
  return (
    <ul aria-label="Findings by severity" className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
      {SEVERITIES.map((s) => (
        <li key={s}>
          <Link
            href={href(s)}
            aria-current={severity === s ? 'true' : undefined}
            className={`block rounded-lg border p-3 hover:border-slate-400 ${severity === s ? 'border-slate-900 dark:border-white' : 'border-slate-200 dark:border-slate-800'} bg-white dark:bg-slate-900`}
          >
            <SeverityBadge severity={s} />
            <span className="mt-2 block text-2xl font-semibold tabular-nums">{counts.severities[s]}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

const GROUPINGS: [RisksView['by'], string][] = [
  ['subject', 'By subject'],
  ['kind', 'By finding kind'],
];

function Grouping({ view, href }: { view: RisksView; href: (by: RisksView['by']) => string }) {
  return (
    <nav aria-label="Group findings" className="mt-4 flex gap-1 text-sm">
      {GROUPINGS.map(([by, label]) => (
        <Link
          key={by}
          href={href(by)}
          aria-current={view.by === by ? 'page' : undefined}
          className={`rounded-md px-3 py-1.5 ${view.by === by ? 'bg-slate-900 text-white dark:bg-white dark:text-slate-900' : 'border border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800'}`}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}

const FIELD = 'rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950';

function FindingsFilterForm(props: { filter: FindingFilter; view: RisksView; builtinCount: number }) {
  const { filter, view, builtinCount } = props;
  const { severity, id, builtin, namespace, subject } = filter;
  return (
    <AutoForm label="Filter findings" className="mt-4 flex flex-wrap items-end gap-3 text-sm">
      <ContextField />
      {/* The view stays as it is when a filter changes (AutoForm leaves defaults out of the URL). */}
      {view.by !== 'subject' && <input type="hidden" name="by" value={view.by} />}
      {view.sort !== 'severity' && <input type="hidden" name="sort" value={view.sort} />}
      {view.order && <input type="hidden" name="order" value={view.order} />}
      <label className="flex flex-col gap-1">
        Severity
        <select name="severity" defaultValue={severity} className={FIELD}>
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex max-w-full flex-col gap-1">
        Finding kind
        <select name="id" defaultValue={id} className={`w-72 max-w-full ${FIELD}`}>
          <option value="">any</option>
          {FINDING_RULES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        Namespace
        <input name="namespace" defaultValue={namespace} className={`w-40 ${FIELD}`} />
      </label>
      <label className="flex flex-col gap-1">
        Subject or object
        <input name="subject" type="search" defaultValue={subject} className={`w-48 ${FIELD}`} />
      </label>
      <label className="flex items-center gap-2 pb-1">
        <input type="checkbox" name="builtin" value="show" defaultChecked={builtin} />
        Include Kubernetes&apos; own ({builtinCount})
      </label>
    </AutoForm>
  );
}

function objectHref(f: Finding, engine: Engine): string | undefined {
  const o = f.object;
  if (!o || o.kind === 'Pod') return undefined;
  if (o.kind === 'Role' || o.kind === 'ClusterRole') return roleHref(o as RoleRef);
  const binding = o as BindingRef;
  return engine.binding(binding) ? bindingHref(binding) : undefined;
}
