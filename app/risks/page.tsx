import { AutoForm } from '@/components/layout/auto-form';
import type { Metadata } from 'next';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { withCurrentData } from '@/components/layout/with-current-data';
import { GrantLine, PathFlow } from '@/components/risks/path-flow';
import { SEVERITY_CLASS } from '@/components/risks/severity';
import { FixLink } from '@/components/fix/fix-link';
import {
  objectLabel,
  FINDING_RULES,
  SEVERITIES,
  pageOf,
  subjectLabel,
  type BindingRef,
  type Engine,
  type Finding,
  type FindingCounts,
  type Severity,
  type RoleRef,
} from '@/lib/rbac';
import { ExportLinks } from '@/components/layout/export-links';
import {
  filterFindings,
  findingFilterQuery,
  parseFindingFilter,
  visibleFindings,
  type FindingFilter,
} from '@/lib/web/findings-filter';
import { bindingHref, namespaceHref, roleHref, subjectHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';
import type { SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Risks' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

type Props = { searchParams: Promise<SearchParams> };

export default async function RisksPage({ searchParams }: Props) {
  const params = await searchParams;
  const { filter, problems } = parseFindingFilter(params);
  return withCurrentData(({ engine, context }) => {
    const visible = visibleFindings(engine.findings(), filter);
    const counts = engine.findingCounts(filter.builtin);
    const page = pageOf(filterFindings(visible, filter), pageOffset(params, PAGE_SIZE), PAGE_SIZE);
    const query = (extra: Record<string, string>) => `/risks${findingFilterQuery(filter, extra)}`;
    return (
      <PageContainer>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Risks</h1>
          <ExportLinks api={`/api/findings${findingFilterQuery(filter)}`} context={context} />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Who can become cluster-admin and how, the grants that let a subject become another, and risky bindings. Every
          step is computed with the API server&apos;s own checks; each finding names the grants behind it.
        </p>
        <IncompleteNotice completeness={engine.completeness('paths')} what="These findings" />
        {problems.length > 0 && (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
            Ignored: {problems.join('; ')}.
          </p>
        )}
        <SeverityCounts counts={counts} severity={filter.severity} query={query} />
        <FindingsFilterForm filter={filter} builtinCount={counts.builtin} />
        {page.total === 0 && (
          <p role="status" className="mt-6 text-sm">
            No finding matches.
          </p>
        )}
        <ol aria-label="Findings" className="mt-4 space-y-3">
          {page.items.map((f, i) => (
            <FindingItem key={`${page.offset + i}`} finding={f} objectHref={objectHref(f, engine)} />
          ))}
        </ol>
        <Pager page={page} size={PAGE_SIZE} href={(n) => query({ page: String(n) })} noun="findings" />
      </PageContainer>
    );
  });
}

function SeverityCounts(props: {
  counts: FindingCounts;
  severity: Severity | undefined;
  query: (extra: Record<string, string>) => string;
}) {
  const { counts, severity, query } = props;
  return (
    <ul aria-label="Findings by severity" className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
      {SEVERITIES.map((s) => (
        <li key={s}>
          <Link
            href={query({ severity: s })}
            aria-current={severity === s ? 'true' : undefined}
            className={`block rounded-lg border p-3 hover:border-slate-400 ${severity === s ? 'border-slate-900 dark:border-white' : 'border-slate-200 dark:border-slate-800'} bg-white dark:bg-slate-900`}
          >
            <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${SEVERITY_CLASS[s]}`}>{s}</span>
            <span className="mt-2 block text-2xl font-semibold tabular-nums">{counts.severities[s]}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function FindingsFilterForm({ filter, builtinCount }: { filter: FindingFilter; builtinCount: number }) {
  const { severity, id, builtin, namespace } = filter;
  return (
    <AutoForm label="Filter findings" className="mt-4 flex flex-wrap items-end gap-3 text-sm">
      <ContextField />
      <label className="flex flex-col gap-1">
        Severity
        <select
          name="severity"
          defaultValue={severity}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
        >
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex max-w-full flex-col gap-1">
        Finding
        <select
          name="id"
          defaultValue={id}
          className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
        >
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
        <input
          name="namespace"
          defaultValue={namespace}
          className="w-40 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
        />
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

function FindingItem({ finding: f, objectHref }: { finding: Finding; objectHref: string | undefined }) {
  const rule = FINDING_RULES.find((r) => r.id === f.id)!;
  const o = f.object;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${SEVERITY_CLASS[f.severity]}`}>
          {f.severity}
        </span>
        <span className="text-xs font-medium text-slate-600 dark:text-slate-400" title={rule.description}>
          {rule.title}
        </span>
        {f.builtin && <span className="text-xs text-slate-500">Kubernetes&apos; own</span>}
        {f.namespace && (
          <Link href={namespaceHref(f.namespace)} className={`text-xs ${linkClass}`}>
            {f.namespace}
          </Link>
        )}
      </div>
      <p className="mt-2 text-sm break-words">
        {f.subject && (
          <Link href={subjectHref(f.subject)} className={`font-mono font-medium ${linkClass}`}>
            {f.subject.kind} {subjectLabel(f.subject)}
          </Link>
        )}
        {!f.subject && o && o.kind !== 'Pod' && objectHref && (
          <Link href={objectHref} className={`font-mono font-medium ${linkClass}`}>
            {o.kind} {objectLabel(o)}
          </Link>
        )}{' '}
        {f.title}
      </p>
      {f.path && (
        <div className="mt-2">
          <PathFlow path={f.path} />
        </div>
      )}
      {!f.path && f.grants.length > 0 && (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
            {f.grants.length} grant{f.grants.length === 1 ? '' : 's'} behind it
          </summary>
          <ul className="mt-1 space-y-1">
            {f.grants.map((g, j) => (
              <GrantLine key={j} g={g} />
            ))}
          </ul>
        </details>
      )}
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        Fix: {f.remediation} <FixLink finding={f} />
      </p>
    </li>
  );
}
