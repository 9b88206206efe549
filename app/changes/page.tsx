import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { ExportLinks } from '@/components/layout/export-links';
import { PermissionLines } from '@/components/changes/permission-lines';
import { SourceErrorPage } from '@/components/layout/source-error';
import { chosenSpec, isLive } from '@/lib/k8s/current-source';
import { pageOf, subjectLabel, type ChangedObject, type Engine } from '@/lib/rbac';
import { HISTORY_LIMIT, type ChangeEntry } from '@/lib/views/changes';
import { changeHistory, currentDataOrError } from '@/lib/views/current';
import { bindingHref, roleHref, subjectHref } from '@/lib/views/links';
import { pageOffset } from '@/lib/views/paging';

export const metadata: Metadata = { title: 'Changes' };

const PAGE_SIZE = 25;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ChangesPage({ searchParams }: Props) {
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { engine, context } = data;
  const page = pageOf(changeHistory(context), pageOffset(await searchParams, PAGE_SIZE), PAGE_SIZE);
  return (
    <PageContainer>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Changes</h1>
        {page.total > 0 && <ExportLinks api="/api/changes" context={data.context} />}
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        RBAC changes seen since this server started watching, newest first (the last {HISTORY_LIMIT} kept), and who
        gained or lost which permissions through each.
      </p>
      {!isLive(chosenSpec()) && (
        <p role="status" className="mt-4 text-sm">
          This source ({data.source.description}) does not change: changes are recorded while watching a live cluster.
        </p>
      )}
      {isLive(chosenSpec()) && page.total === 0 && (
        <p role="status" className="mt-4 text-sm">
          No Role, ClusterRole, RoleBinding or ClusterRoleBinding has been created, changed or deleted since the first
          read.
        </p>
      )}
      <ol aria-label="Changes" className="mt-4 space-y-4">
        {page.items.map((entry) => (
          <ChangeItem key={entry.id} entry={entry} engine={engine} />
        ))}
      </ol>
      <Pager page={page} size={PAGE_SIZE} href={(n) => `/changes?page=${n}`} noun="changes" />
    </PageContainer>
  );
}

function objectHref(o: ChangedObject, engine: Engine): string | undefined {
  if (o.action === 'deleted') return undefined;
  const ns = o.namespace ? { namespace: o.namespace } : {};
  if (o.kind === 'Role' || o.kind === 'ClusterRole') return roleHref({ kind: o.kind, name: o.name, ...ns });
  const ref = { kind: o.kind, name: o.name, ...ns };
  return engine.binding(ref) ? bindingHref(ref) : undefined;
}

function ChangeItem({ entry, engine }: { entry: ChangeEntry; engine: Engine }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
        <time dateTime={entry.at}>{entry.at.replace('T', ' ').slice(0, 19)} UTC</time>
      </p>
      <ul className="mt-1 text-sm">
        {entry.objects.map((o) => {
          const href = objectHref(o, engine);
          const name = `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
          return (
            <li key={`${o.kind} ${name}`}>
              <span className="font-medium">{o.action}</span> {o.kind}{' '}
              {href ? (
                <Link href={href} className={`font-mono ${linkClass}`}>
                  {name}
                </Link>
              ) : (
                <span className="font-mono">{name}</span>
              )}
            </li>
          );
        })}
      </ul>
      {entry.subjects.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No subject gained or lost a permission.</p>
      ) : (
        <ul className="mt-2 space-y-2 text-sm">
          {entry.subjects.map((s) => (
            <li key={`${s.subject.kind} ${subjectLabel(s.subject)}`}>
              {s.subject.kind}{' '}
              <Link href={subjectHref(s.subject)} className={`font-mono ${linkClass}`}>
                {subjectLabel(s.subject)}
              </Link>
              <PermissionLines label="gained" perms={s.gained} />
              <PermissionLines label="lost" perms={s.lost} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
