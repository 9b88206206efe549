import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { ExportLinks } from '@/components/layout/export-links';
import {
  ChangeItem,
  DroppedNote,
  entryHref,
  kindsText,
  SubjectLink,
  type ItemCaps,
} from '@/components/changes/change-item';
import { PermissionLines, type LineCaps } from '@/components/changes/permission-lines';
import { pageOf, type Engine } from '@/lib/rbac';
import { entrySubjects, type ChangeEntry, type HistoryUsage } from '@/lib/history/changes';
import { changeHistory, watching } from '@/lib/web/current';
import { withCurrentData } from '@/components/layout/with-current-data';
import { pageOffset } from '@/lib/web/paging';
import { changesView } from '@/lib/web/changes-query';

export const metadata: Metadata = { title: 'Changes' };

const PAGE_SIZE = 10;
const GROUPS_PAGE = 5;
const SUBJECTS_PAGE = 200;

// Each view draws a bounded part of what is kept, so that every page stays well under 500 KB.
const LISTED: ItemCaps = {
  groups: 2,
  subjects: 5,
  objects: 10,
  lines: { shown: 6, folded: 0, targets: 6, targetsFolded: 0 },
};
const ENTRY: ItemCaps = {
  groups: GROUPS_PAGE,
  subjects: 10,
  objects: 100,
  lines: { shown: 8, folded: 12, targets: 6, targetsFolded: 12 },
};
const GROUP_LINES: LineCaps = { shown: 8, folded: 24, targets: 6, targetsFolded: 24 };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ChangesPage({ searchParams }: Props) {
  return withCurrentData(async (data) => {
    const params = await searchParams;
    const history = changeHistory(data.context);
    const entryId = changesView(params).entry;
    if (entryId !== undefined)
      return <EntryPage id={entryId} entry={history?.entry(entryId)} engine={data.engine} params={params} />;
    const all = history?.list() ?? [];
    const page = pageOf(all, pageOffset(params, PAGE_SIZE), PAGE_SIZE);
    return (
      <PageContainer>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Changes</h1>
          {page.total > 0 && <ExportLinks api="/api/changes" context={data.context} />}
        </div>
        <Intro usage={history?.usage()} />
        {!watching() && (
          <p role="status" className="mt-4 text-sm">
            No changes here: this source ({data.source.description}) does not change, and changes are recorded while
            watching a live cluster. To see what changed between two states,{' '}
            <Link href="/diff" className={linkClass}>
              compare snapshots in Diff
            </Link>
            ; to see what a change would do, or to compare two snapshot files you hold,{' '}
            <Link href="/what-if" className={linkClass}>
              paste or upload them in What-if
            </Link>
            .
          </p>
        )}
        {watching() && page.total === 0 && (
          <p role="status" className="mt-4 text-sm">
            No Role, ClusterRole, RoleBinding or ClusterRoleBinding has been created, changed or deleted since the first
            read.
          </p>
        )}
        <ol aria-label="Changes" className="mt-4 space-y-4">
          {page.items.map((e) => (
            <ChangeItem key={e.id} entry={e} engine={data.engine} caps={LISTED} />
          ))}
        </ol>
        <Pager page={page} size={PAGE_SIZE} href={(n) => `/changes?page=${n}`} noun="changes" />
      </PageContainer>
    );
  });
}

function Intro({ usage }: { usage?: HistoryUsage }) {
  const mb = (b: number) => (b < 1024 * 1024 ? `${Math.ceil(b / 1024)} KB` : `${(b / 1024 / 1024).toFixed(1)} MB`);
  return (
    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
      RBAC changes seen on this cluster since this server started watching it, newest first, and who gained or lost
      which permissions through each: subjects that moved alike are one group.
      {usage &&
        ` ${usage.entries.toLocaleString('en')} kept, ${mb(usage.bytes)} of ${mb(usage.budget)}` +
          (usage.evicted > 0 ? `; the ${usage.evicted.toLocaleString('en')} oldest let go to stay within it.` : '.')}
    </p>
  );
}

type Params = Record<string, string | string[] | undefined>;

function EntryPage({ id, entry, engine, params }: { id: number; entry?: ChangeEntry; engine: Engine; params: Params }) {
  return (
    <PageContainer>
      <p className="text-sm">
        <Link href="/changes" className={linkClass}>
          ← Changes
        </Link>
      </p>
      {entry ? (
        <EntryView entry={entry} engine={engine} params={params} />
      ) : (
        <p role="status" className="mt-4 text-sm">
          Change {id} is not kept: the history lets the oldest changes go to stay within its size budget.
        </p>
      )}
    </PageContainer>
  );
}

/** One change: its groups a page at a time, or one group with its subjects a page at a time. */
function EntryView({ entry, engine, params }: { entry: ChangeEntry; engine: Engine; params: Params }) {
  const n = changesView(params).group;
  const group = n === undefined ? undefined : entry.groups[n - 1];
  if (n !== undefined && group) return <GroupView entry={entry} n={n} params={params} />;
  const groups = pageOf(entry.groups, pageOffset(params, GROUPS_PAGE), GROUPS_PAGE);
  return (
    <>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Change {entry.id}</h1>
      <ol aria-label="Change" className="mt-4 space-y-4">
        <ChangeItem entry={entry} engine={engine} caps={ENTRY} page={{ first: groups.offset, groups: groups.items }} />
      </ol>
      <Pager page={groups} size={GROUPS_PAGE} href={(p) => `${entryHref(entry.id)}&page=${p}`} noun="groups" />
    </>
  );
}

function GroupView({ entry, n, params }: { entry: ChangeEntry; n: number; params: Params }) {
  const group = entry.groups[n - 1]!;
  const page = entrySubjects(entry, pageOffset(params, SUBJECTS_PAGE), SUBJECTS_PAGE, n);
  return (
    <>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">
        Change {entry.id}, group {n}
      </h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {kindsText(group.kinds)}, alike: the same permissions gained and lost, through the same grants.
      </p>
      <div className="text-sm">
        <PermissionLines label="gained" perms={group.gained} caps={GROUP_LINES} />
        <PermissionLines label="lost" perms={group.lost} caps={GROUP_LINES} />
        {group.dropped && <DroppedNote dropped={group.dropped} />}
      </div>
      <h2 className="mt-4 text-lg font-semibold">
        {group.size.toLocaleString('en')} {group.size === 1 ? 'subject' : 'subjects'}
        {group.dropped && group.dropped.subjects > 0 && ` (${group.dropped.subjects.toLocaleString('en')} not kept)`}
      </h2>
      <ul aria-label="Subjects" className="mt-2 grid gap-x-6 text-sm sm:grid-cols-2 lg:grid-cols-3">
        {page.items.map((s, i) => (
          <li key={i}>
            <SubjectLink subject={s} />
          </li>
        ))}
      </ul>
      <Pager page={page} size={SUBJECTS_PAGE} href={(p) => `${entryHref(entry.id, n)}&page=${p}`} noun="subjects" />
    </>
  );
}
