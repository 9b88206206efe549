import type { Metadata } from 'next';
import { AutoForm } from '@/components/layout/auto-form';
import { PermissionLines } from '@/components/changes/permission-lines';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { PathFlow } from '@/components/risks/path-flow';
import { pageOf, subjectKey, subjectLabel, type RbacDiff, type SubjectDiff } from '@/lib/rbac';
import { diffCounts, objectText } from '@/lib/reports/diff-report';
import { namespaceHref, subjectHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';
import { firstParam } from '@/lib/web/search-params';
import { CURRENT, diffOf, diffSide, snapshotDir, snapshotNames } from '@/lib/web/snapshot-diff';

export const metadata: Metadata = { title: 'Diff' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;
const PATHS_SHOWN = 10;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const selectClass =
  'max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950';

async function listing(dir: string | undefined): Promise<{ names: string[]; problem?: string }> {
  if (!dir) return { names: [] };
  try {
    return { names: await snapshotNames(dir) };
  } catch (e) {
    return {
      names: [],
      problem: `RBAC_ATLAS_SNAPSHOT_DIR cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
}

export default async function DiffPage({ searchParams }: Props) {
  const params = await searchParams;
  const dir = snapshotDir();
  const { names, problem } = await listing(dir);
  const from = firstParam(params.from);
  const to = firstParam(params.to);
  const choices = [CURRENT, ...names];
  const label = (n: string) => (n === CURRENT ? 'the current source, now' : n);
  return (
    <PageContainer>
      <h1 className="text-2xl font-semibold tracking-tight">Diff</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Two states of a cluster compared: who gains and loses which permissions, and which paths to cluster-admin open
        or close. For a change not yet applied, run <code className="font-mono">rbac-atlas diff --apply</code> on its
        manifests.
      </p>
      {!dir && (
        <p role="status" className="mt-4 text-sm">
          No snapshot folder: start the server with <code className="font-mono">RBAC_ATLAS_SNAPSHOT_DIR</code> set to a
          folder of snapshots (<code className="font-mono">rbac-atlas snapshot -o DIR/monday.yaml</code>) to compare
          them with each other or with the current source.
        </p>
      )}
      {problem && (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      {dir && (
        <AutoForm label="Compare" className="mt-4 flex flex-wrap items-end gap-3 text-sm">
          <ContextField />
          {(['from', 'to'] as const).map((field) => (
            <label key={field} className="flex max-w-full flex-col gap-1">
              {field === 'from' ? 'Before' : 'After'}
              <select name={field} defaultValue={field === 'from' ? from : to} className={selectClass}>
                <option value="">choose…</option>
                {choices.map((n) => (
                  <option key={n} value={n}>
                    {label(n)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </AutoForm>
      )}
      {dir && from && to && <Comparison from={from} to={to} params={params} />}
    </PageContainer>
  );
}

async function Comparison({
  from,
  to,
  params,
}: {
  from: string;
  to: string;
  params: Record<string, string | string[] | undefined>;
}) {
  const [before, after] = await Promise.all([diffSide(from), diffSide(to)]);
  const problems = [before, after].flatMap((s) => ('problem' in s ? [s.problem] : s.problems));
  if ('problem' in before || 'problem' in after)
    return (
      <ul role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    );
  const d = diffOf(before.engine, after.engine);
  const c = diffCounts(d);
  const page = pageOf(d.subjects, pageOffset(params, PAGE_SIZE), PAGE_SIZE);
  const query = (n: number) =>
    `/diff?${new URLSearchParams({ from, to, ...(n > 1 && { page: String(n) }) }).toString()}`;
  return (
    <section aria-label="Differences" className="mt-6">
      <p className="text-sm">
        <span className="font-medium">{before.description}</span> →{' '}
        <span className="font-medium">{after.description}</span>
      </p>
      {problems.length > 0 && (
        <details className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          <summary className="cursor-pointer">
            {problems.length} problem(s) reading the snapshots (the rest compared)
          </summary>
          <ul className="mt-1 ml-4 list-disc">
            {problems.slice(0, 20).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
        <Figure label="objects changed" value={d.objects.length} />
        <Figure label="subjects gaining" value={c.gaining} />
        <Figure label="gaining something dangerous" value={c.dangerous} tone={c.dangerous > 0 ? 'warn' : undefined} />
        <Figure label="subjects losing" value={c.losing} />
        <Figure label="new paths to cluster-admin" value={c.opened} tone={c.opened > 0 ? 'bad' : undefined} />
      </dl>
      {d.objects.length > 0 && (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer font-medium">Objects ({d.objects.length})</summary>
          <ul className="mt-1 ml-4 font-mono text-xs">
            {d.objects.map((o) => (
              <li key={objectText(o)}>{objectText(o)}</li>
            ))}
          </ul>
        </details>
      )}
      <Paths d={d} />
      {d.subjects.length === 0 ? (
        <p role="status" className="mt-6 text-sm">
          No subject gains or loses a permission.
        </p>
      ) : (
        <>
          <h2 className="mt-6 text-lg font-semibold">Who gains and loses what</h2>
          <ol aria-label="Subjects" className="mt-2 space-y-3">
            {page.items.map((s) => (
              <SubjectItem key={subjectKey(s.subject)} s={s} from={from} to={to} d={d} />
            ))}
          </ol>
          <Pager page={page} size={PAGE_SIZE} href={query} noun="subjects" />
        </>
      )}
    </section>
  );
}

function Figure({ label, value, tone }: { label: string; value: number; tone?: 'warn' | 'bad' }) {
  const color =
    tone === 'bad'
      ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
      : tone === 'warn'
        ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
        : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';
  return (
    <div className={`rounded-lg border p-3 ${color}`}>
      <dt className="text-xs">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString('en')}</dd>
    </div>
  );
}

function Paths({ d }: { d: RbacDiff }) {
  if (!d.paths || (d.paths.opened.length === 0 && d.paths.closed.length === 0)) return null;
  return (
    <>
      {d.paths.opened.length > 0 && (
        <>
          <h2 className="mt-6 text-lg font-semibold text-red-800 dark:text-red-300">
            Paths to cluster-admin opened ({d.paths.opened.length})
          </h2>
          <ol aria-label="Paths opened" className="mt-2 space-y-3">
            {d.paths.opened.slice(0, PATHS_SHOWN).map((p) => (
              <li
                key={subjectKey(p.from)}
                className="rounded-lg border border-red-200 bg-white p-3 dark:border-red-900 dark:bg-slate-900"
              >
                <PathFlow path={p} />
              </li>
            ))}
          </ol>
          {d.paths.opened.length > PATHS_SHOWN && (
            <p className="mt-2 text-sm">
              and {d.paths.opened.length - PATHS_SHOWN} more (rbac-atlas diff -o json lists them all)
            </p>
          )}
        </>
      )}
      {d.paths.closed.length > 0 && (
        <p className="mt-4 text-sm">
          <span className="font-medium text-emerald-800 dark:text-emerald-300">
            Paths to cluster-admin closed ({d.paths.closed.length}):
          </span>{' '}
          {d.paths.closed.slice(0, PATHS_SHOWN).map((p, i) => (
            <span key={subjectKey(p.from)}>
              {i > 0 && ', '}
              <Link href={subjectHref(p.from)} className={`font-mono ${linkClass}`}>
                {subjectLabel(p.from)}
              </Link>
            </span>
          ))}
          {d.paths.closed.length > PATHS_SHOWN && ` and ${d.paths.closed.length - PATHS_SHOWN} more`}
        </p>
      )}
    </>
  );
}

function SubjectItem({ s, from, to, d }: { s: SubjectDiff; from: string; to: string; d: RbacDiff }) {
  const key = subjectKey(s.subject);
  const path = d.paths?.opened.find((p) => subjectKey(p.from) === key);
  // Where it is drawn: its own namespace (a service account's, where its cluster bindings show), then where it changed.
  const own = s.subject.kind === 'ServiceAccount' ? [s.subject.namespace] : [];
  const namespaces = [
    ...new Set([...own, ...[...s.gained, ...s.lost].flatMap((p) => (p.namespace ? [p.namespace] : []))]),
  ];
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <p>
        {s.subject.kind}{' '}
        <Link href={subjectHref(s.subject)} className={`font-mono ${linkClass}`}>
          {subjectLabel(s.subject)}
        </Link>{' '}
        <span className="text-slate-600 dark:text-slate-400">
          gained {s.gained.length}, lost {s.lost.length}
        </span>
        {path && (
          <span className="ml-2 rounded bg-red-100 px-1 text-xs font-medium text-red-900 dark:bg-red-950 dark:text-red-200">
            new path to cluster-admin
          </span>
        )}
      </p>
      <PermissionLines label="gained" perms={s.gained} />
      <PermissionLines label="lost" perms={s.lost} />
      {namespaces.length > 0 && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          See it drawn:{' '}
          {namespaces.slice(0, 5).map((ns, i) => (
            <span key={ns}>
              {i > 0 && ', '}
              <Link href={namespaceHref(ns, `?${new URLSearchParams({ from, to })}`)} className={linkClass}>
                {ns}
              </Link>
            </span>
          ))}
          {namespaces.length > 5 && ` and ${namespaces.length - 5} more`}
        </p>
      )}
    </li>
  );
}
