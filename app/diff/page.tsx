import type { Metadata } from 'next';
import { DiffReview } from '@/components/diff/diff-review';
import { AutoForm } from '@/components/layout/auto-form';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { requireViewerAccess } from '@/components/layout/with-current-data';
import { pageOf } from '@/lib/rbac';
import { pageOffset } from '@/lib/web/paging';
import { firstParam } from '@/lib/web/search-params';
import { CURRENT, diffFolder, diffNames, diffOf, diffSide, type DiffFolder } from '@/lib/web/snapshot-diff';

export const metadata: Metadata = { title: 'Diff' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const selectClass =
  'max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950';

async function listing(folder: DiffFolder | undefined): Promise<{ names: string[]; problem?: string }> {
  if (!folder) return { names: [] };
  try {
    return { names: await diffNames(folder) };
  } catch (e) {
    return {
      names: [],
      problem: `${folder.label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
}

export default async function DiffPage({ searchParams }: Props) {
  const closed = await requireViewerAccess();
  if (closed) return closed;
  const params = await searchParams;
  const folder = await diffFolder();
  const { names, problem } = await listing(folder);
  const from = firstParam(params.from);
  const to = firstParam(params.to);
  const choices = [CURRENT, ...names];
  const label = (n: string) => (n === CURRENT ? 'the current source, now' : n);
  return (
    <PageContainer>
      <h1 className="text-2xl font-semibold tracking-tight">Diff</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Two states of a cluster compared: who gains and loses which permissions, and which paths to cluster-admin open
        or close. For a change not yet applied, or snapshots on your machine,{' '}
        <Link href="/what-if" className={linkClass}>
          paste or upload them in What-if
        </Link>{' '}
        (or run <code className="font-mono">rbac-atlas diff --apply</code> on the manifests).
      </p>
      {folder ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Snapshots from {folder.label}.</p>
      ) : (
        <p role="status" className="mt-4 text-sm">
          No snapshot folder here: the server shows no snapshot file and{' '}
          <code className="font-mono">RBAC_ATLAS_SNAPSHOT_DIR</code> is not set.{' '}
          <Link href="/what-if#snapshots" className={linkClass}>
            Upload two snapshots in What-if
          </Link>{' '}
          to compare them now, or start the server with the folder set (
          <code className="font-mono">rbac-atlas snapshot -o DIR/monday.yaml</code> writes one).
        </p>
      )}
      {problem && (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      {folder && (
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
      {folder && from && to && <Comparison from={from} to={to} params={params} />}
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
  const page = pageOf(d.subjects, pageOffset(params, PAGE_SIZE), PAGE_SIZE);
  const query = (n: number) =>
    `/diff?${new URLSearchParams({ from, to, ...(n > 1 && { page: String(n) }) }).toString()}`;
  return (
    <DiffReview
      d={d}
      from={before.description}
      to={after.description}
      shown={page.items}
      more={<Pager page={page} size={PAGE_SIZE} href={query} noun="subjects" />}
      notice={problems.length > 0 && <Problems problems={problems} />}
      drawnQuery={`?${new URLSearchParams({ from, to })}`}
      everything="rbac-atlas diff -o json"
    />
  );
}

function Problems({ problems }: { problems: string[] }) {
  return (
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
  );
}
