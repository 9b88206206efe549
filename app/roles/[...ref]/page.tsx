import type { Metadata } from 'next';
import { ProvenanceTag } from '@/components/inventory/provenance-tag';
import { ContextLink as Link } from '@/components/layout/context-link';
import { pageParam, roleFromSegments, roleHref } from '@/lib/web/links';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { RuleTable } from '@/components/role/rule-table';
import { RoleDangers } from '@/components/role/role-dangers';
import { RuleFilters } from '@/components/role/rule-filters';
import { BINDINGS_PAGE_SIZE, WhereBound } from '@/components/role/where-bound';
import { dangerCounts, filterRuleRows, parseRuleFilter, ruleFilterQuery, type RuleFilter } from '@/lib/web/role-rules';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import {
  pageOf,
  roleLabel,
  ruleTable,
  type ClusterRole,
  type Completeness,
  type Page,
  type Role,
  type RoleRef,
  type RoleRow,
  type RuleRow,
} from '@/lib/rbac';
import { pageOffset, pairedPageHrefs } from '@/lib/web/paging';
import { withCurrentData } from '@/components/layout/with-current-data';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { ExportLinks } from '@/components/layout/export-links';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ ref: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: roleFromSegments((await params).ref)?.name ?? 'Role' };
}

/** Rule rows on one page: a role may hold thousands of rules (#25: 20,000 made a 44 MB page). */
const RULES_PAGE_SIZE = 100;

/**
 * A role, the answer first: its dangers (with how many rows carry each), where it is bound and to
 * whom, then its rules, dangerous rows first and filterable (`filter=`, `danger=only`).
 */
export default async function RolePage({ params, searchParams }: Props) {
  const ref = roleFromSegments((await params).ref.map(pageParam));
  const sp = await searchParams;
  return withCurrentData(({ engine, context }) => {
    const role = ref && engine.role(ref);
    const completeness = engine.completeness('view');
    const unreadable = ref && completeness.missing.filter((m) => m.kind === ref.kind);
    if (ref && !role && unreadable && unreadable.length > 0) return <UnreadableRole role={ref} missing={unreadable} />;
    if (!ref || !role) notFound();
    const all = engine.bindingsOf(ref);
    const bindings = pageOf(all, pageOffset(sp, BINDINGS_PAGE_SIZE), BINDINGS_PAGE_SIZE);
    const table = ruleTable(role.rules);
    const filter = parseRuleFilter(sp);
    const kept = filterRuleRows(table, filter);
    const rules = pageOf(kept, pageOffset(sp, RULES_PAGE_SIZE, 'rules'), RULES_PAGE_SIZE);
    const base = roleHref(ref);
    const hrefs = pairedPageHrefs(
      base,
      { offset: bindings.offset, size: BINDINGS_PAGE_SIZE },
      { offset: rules.offset, size: RULES_PAGE_SIZE },
    );
    const withFilter = (href: string) => withQuery(href, ruleFilterQuery(filter));
    const api = `/api${base}`;
    const label = roleLabel(ref);
    const aggregationRule = 'aggregationRule' in role ? role.aggregationRule : undefined;
    return (
      <PageContainer>
        <Breadcrumbs
          items={[{ label: 'Roles', href: '/roles' }, { label: ref.kind, href: `/roles?kind=${ref.kind}` }, { label }]}
        />
        <h1 className="font-mono text-2xl font-semibold break-words">{label}</h1>
        <RoleSummary kind={ref.kind} role={role} row={engine.inventory.roleRow(ref)} bindings={all.length} />
        <RoleDangers counts={dangerCounts(table)} base={base} />
        <IncompleteNotice completeness={completeness} what="Where this role is bound" />
        <WhereBound
          all={all}
          page={bindings}
          label={label}
          api={api}
          context={context}
          href={(n) => `${withFilter(hrefs.first(n))}#bound-title`}
        />
        <RulesSection
          rows={{ all: table, kept, page: rules }}
          filter={filter}
          base={base}
          context={context}
          caption={`Rules of ${ref.kind} ${label}`}
          pageHref={(n) => `${withFilter(hrefs.second(n))}#rules-title`}
          aggregated={aggregationRule !== undefined}
        />
        {ref.kind === 'ClusterRole' && (
          <Aggregation aggregates={engine.aggregatedInto(ref.name)} aggregatedBy={engine.aggregatedBy(ref.name)} />
        )}
      </PageContainer>
    );
  });
}

/** The rules: filter, the table (dangerous rows first), its pager. */
function RulesSection(props: {
  rows: { all: readonly RuleRow[]; kept: readonly RuleRow[]; page: Page<RuleRow> };
  filter: RuleFilter;
  base: string;
  context?: string;
  caption: string;
  pageHref: (n: number) => string;
  aggregated: boolean;
}) {
  const { rows, filter, base, context, caption, pageHref, aggregated } = props;
  return (
    <section className="mt-6" aria-labelledby="rules-title">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="rules-title" className="text-lg font-semibold">
          What it grants
        </h2>
        <ExportLinks api={`/api${base}`} context={context} what="rules" />
      </div>
      <RuleFilters filter={filter} shown={rows.kept.length} total={rows.all.length} clearHref={`${base}#rules-title`} />
      {rows.kept.length === 0 && rows.all.length > 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No rule row matches the filter.</p>
      ) : (
        <RuleTable rows={rows.page.items} caption={caption} />
      )}
      <Pager page={rows.page} size={RULES_PAGE_SIZE} href={pageHref} noun="rule rows" />
      {aggregated && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Aggregated: its rules are filled in by the controller manager from the ClusterRoles its aggregationRule
          selects; RBAC Atlas reads the stored rules, as the authorizer does.
        </p>
      )}
    </section>
  );
}

/** A link with more parameters: the rule filter kept across the pagers. */
function withQuery(href: string, extra: URLSearchParams): string {
  if (extra.size === 0) return href;
  const [path, query = ''] = href.split('?');
  const q = new URLSearchParams(query);
  for (const [k, v] of extra) q.set(k, v);
  return `${path}?${q.toString()}`;
}

function RoleSummary(props: { kind: string; role: Role | ClusterRole; row: RoleRow | undefined; bindings: number }) {
  const { kind, role, row, bindings } = props;
  const aggregationRule = 'aggregationRule' in role ? role.aggregationRule : undefined;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span>{kind}</span>
      <ProvenanceTag provenance={row?.provenance} />
      {aggregationRule && <Tag>aggregated</Tag>}
      <span>
        · {role.rules.length.toLocaleString('en')} rule{role.rules.length === 1 ? '' : 's'} · bound by{' '}
        {bindings.toLocaleString('en')} binding{bindings === 1 ? '' : 's'}
      </span>
    </p>
  );
}

/** A role that is not in the data because its kind could not be read: unknown, not a 404. */
function UnreadableRole({ role: ref, missing }: { role: RoleRef; missing: Completeness['missing'] }) {
  return (
    <PageContainer>
      <h1 className="font-mono text-2xl font-semibold">{roleLabel(ref)}</h1>
      <IncompleteNotice
        completeness={{ complete: false, missing }}
        what={ref.kind}
        text={`${ref.kind}s could not be read, so whether this one exists, and what it grants, is unknown.`}
      />
    </PageContainer>
  );
}

function Aggregation({
  aggregates,
  aggregatedBy,
}: {
  aggregates: readonly { name: string }[];
  aggregatedBy: readonly { name: string }[];
}) {
  if (aggregates.length === 0 && aggregatedBy.length === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="text-lg font-semibold">Aggregation</h2>
      <ClusterRoleLinks label="Aggregates" roles={aggregates} />
      <ClusterRoleLinks label="Aggregated into" roles={aggregatedBy} />
    </section>
  );
}

function Tag({ children }: { children: React.ReactNode }) {
  return (
    <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100">
      {children}
    </span>
  );
}

function ClusterRoleLinks({ label, roles }: { label: string; roles: readonly { name: string }[] }) {
  if (roles.length === 0) return null;
  return (
    <p className="text-sm">
      {label}:{' '}
      {roles.map((r, i) => (
        <span key={r.name}>
          {i > 0 && ', '}
          <Link className={`font-mono ${linkClass}`} href={roleHref({ kind: 'ClusterRole', name: r.name })}>
            {r.name}
          </Link>
        </span>
      ))}
    </p>
  );
}
