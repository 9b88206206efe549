import type { Metadata } from 'next';
import { ObjectYamlView } from '@/components/yaml/object-yaml-view';
import { ProvenanceTag } from '@/components/inventory/provenance-tag';
import { notFound } from 'next/navigation';
import { Age } from '@/components/inventory/age';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { ContextLink as Link } from '@/components/layout/context-link';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { withCurrentData } from '@/components/layout/with-current-data';
import { RuleTable } from '@/components/role/rule-table';
import { SubjectLinks } from '@/components/role/subject-links';
import { Pager } from '@/components/layout/pager';
import {
  bindingLabel,
  pageOf,
  ruleTable,
  type BindingRef,
  type BindingRow,
  type Page,
  type ResolvedBinding,
} from '@/lib/rbac';
import { bindingNodeId } from '@/lib/graph/node-ids';
import { pageOffset, pairedPageHrefs } from '@/lib/web/paging';
import { bindingFromSegments, bindingHref, nodeInGraphHref, namespaceHref, pageParam, roleHref } from '@/lib/web/links';
import { ExportLinks } from '@/components/layout/export-links';
import { BindingUsageView } from '@/components/usage/binding-usage';
import { bindingUsers, usageAnswers } from '@/lib/web/usage';
import { readyUsageState, type UsageState } from '@/lib/web/usage-source';
import { seesEverything } from '@/lib/web/current';
import { HiddenByAccess } from '@/components/layout/hidden-by-access';
import { bindingKey, type Engine } from '@/lib/rbac';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ ref: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Subjects and rule rows on one page: a binding may name thousands, a role hold thousands of rules (#25). */
const SUBJECTS_PAGE_SIZE = 100;
const RULES_PAGE_SIZE = 100;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: bindingFromSegments((await params).ref)?.name ?? 'Binding' };
}

export default async function BindingPage({ params, searchParams }: Props) {
  const ref = bindingFromSegments((await params).ref.map(pageParam));
  const sp = await searchParams;
  const usage = await readyUsageState();
  return withCurrentData((data) => {
    const { engine, context, source } = data;
    const bound = ref && engine.binding(ref);
    if (!ref || !bound) notFound();
    const label = bindingLabel(ref);
    const role = bound.role && engine.role(bound.role);
    const subjects = pageOf(bound.subjects, pageOffset(sp, SUBJECTS_PAGE_SIZE), SUBJECTS_PAGE_SIZE);
    const rules = pageOf(role ? ruleTable(role.rules) : [], pageOffset(sp, RULES_PAGE_SIZE, 'rules'), RULES_PAGE_SIZE);
    const hrefs = pairedPageHrefs(
      bindingHref(ref),
      { offset: subjects.offset, size: SUBJECTS_PAGE_SIZE },
      { offset: rules.offset, size: RULES_PAGE_SIZE },
    );
    return (
      <PageContainer>
        <Breadcrumbs
          items={[
            { label: 'Bindings', href: '/bindings' },
            { label: ref.kind, href: `/bindings?kind=${ref.kind}` },
            { label },
          ]}
        />
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="font-mono text-2xl font-semibold break-words">{label}</h1>
          <ExportLinks api={`/api${bindingHref(ref)}`} context={context} />
        </div>
        <BindingSummary bound={bound} row={engine.inventory.bindingRow(ref)} readAt={source.readAt} />
        <IncompleteNotice completeness={engine.completeness('view', ref.namespace)} what="This binding's page" />
        <dl className="mt-6 grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[10rem_1fr] dark:border-slate-800 dark:bg-slate-900">
          <dt className="text-slate-600 dark:text-slate-400">Role</dt>
          <dd>
            <BoundRole bound={bound} />
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">Grants in</dt>
          <dd>
            <GrantsIn binding={ref} />
          </dd>
          <dt id="subjects" className="text-slate-600 dark:text-slate-400">
            Subjects ({bound.subjects.length.toLocaleString('en')})
          </dt>
          <dd>
            <PagedSubjects bound={bound} page={subjects} href={(n) => `${hrefs.first(n)}#subjects`} />
          </dd>
        </dl>
        {role && (
          <section className="mt-6" aria-labelledby="grants-title">
            <h2 id="grants-title" className="mb-2 text-lg font-semibold">
              What it grants {ref.namespace ? `in ${ref.namespace}` : 'everywhere'}
            </h2>
            <RuleTable rows={rules.items} caption={`What ${label} grants`} />
            <Pager
              page={rules}
              size={RULES_PAGE_SIZE}
              href={(n) => `${hrefs.second(n)}#grants-title`}
              noun="rule rows"
            />
          </section>
        )}
        {seesEverything(data) ? (
          <BindingUse engine={engine} binding={ref} usage={usage} />
        ) : (
          'feed' in usage && <HiddenByAccess what="Use in the audit log" className="mt-6" />
        )}
        <ObjectYamlView objectRef={ref} />
      </PageContainer>
    );
  });
}

/** Who used it in the audit log's window and when last, or never in it; nothing without a log. */
function BindingUse({ engine, binding, usage }: { engine: Engine; binding: BindingRef; usage: UsageState }) {
  if (!('feed' in usage)) return null;
  const answers = usageAnswers(engine, usage.feed);
  const key = bindingKey(binding);
  return (
    <BindingUsageView
      use={answers.bindings.find((b) => bindingKey(b.ref) === key)}
      by={bindingUsers(answers, binding)}
      window={usage.feed.window()}
    />
  );
}

function BindingSummary({
  bound,
  row,
  readAt,
}: {
  bound: ResolvedBinding;
  row: BindingRow | undefined;
  readAt: string;
}) {
  const ref = bound.binding;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span>{ref.kind}</span>
      <ProvenanceTag
        provenance={bound.builtin ? 'default' : bound.provenance === 'default' ? undefined : bound.provenance}
      />
      {row?.created && (
        <span>
          · created <Age created={row.created} now={Date.parse(readAt)} /> ago
        </span>
      )}
      {row && row.dangers.length > 0 && <DangerBadges ids={row.dangers} />}
    </p>
  );
}

function BoundRole({ bound }: { bound: ResolvedBinding }) {
  return (
    <>
      {bound.role ? (
        <Link href={roleHref(bound.role)} className={`font-mono ${linkClass}`}>
          {bound.role.kind} {bound.role.name}
        </Link>
      ) : (
        <span className="font-mono">
          {bound.roleRef.kind} {bound.roleRef.name}
        </span>
      )}
      {bound.dangling && (
        <p role="status" className="mt-1 text-amber-800 dark:text-amber-300">
          Dangling: {bound.dangling.reason}, so this binding grants nothing. Creating that role would grant its rules to
          every subject below at once.
        </p>
      )}
    </>
  );
}

function GrantsIn({ binding: ref }: { binding: BindingRef }) {
  return ref.namespace ? (
    <>
      namespace{' '}
      <Link href={namespaceHref(ref.namespace)} className={`font-mono ${linkClass}`}>
        {ref.namespace}
      </Link>{' '}
      ·{' '}
      <Link href={nodeInGraphHref(ref.namespace, bindingNodeId(ref))} className={linkClass}>
        show it in the namespace graph
      </Link>
    </>
  ) : (
    'every namespace, and cluster-scoped resources (nodes, namespaces, …) and URLs'
  );
}

/** One page of the binding's subjects, counted by kind when they do not fit one page. */
function PagedSubjects({
  bound,
  page,
  href,
}: {
  bound: ResolvedBinding;
  page: Page<unknown>;
  href: (pageNumber: number) => string;
}) {
  if (bound.subjects.length === 0)
    return <span className="text-slate-600 dark:text-slate-400">none: it grants nothing to anyone</span>;
  return (
    <>
      {bound.subjects.length > SUBJECTS_PAGE_SIZE && <KindCounts subjects={bound.subjects} />}
      <SubjectLinks binding={bound} offset={page.offset} limit={SUBJECTS_PAGE_SIZE} />
      <Pager page={page} size={SUBJECTS_PAGE_SIZE} href={href} noun="subjects" />
    </>
  );
}

/** How many subjects of each kind, above a long list. */
function KindCounts({ subjects }: { subjects: readonly { kind: string }[] }) {
  const counts = new Map<string, number>();
  for (const s of subjects) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  return (
    <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">
      {[...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, n]) => `${n.toLocaleString('en')} ${kind}`)
        .join(' · ')}
    </p>
  );
}
