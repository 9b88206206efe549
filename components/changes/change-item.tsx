// One recorded change as /changes draws it: when (and, rebuilt after an outage, between when), the
// objects, the counts, then each group of subjects that moved alike: who (the first few, the rest a
// link away) and what they gained and lost. Every list is bounded, so a page stays small whatever
// the change; what is not drawn is counted and points to where it is.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { PermissionLines, type LineCaps } from '@/components/changes/permission-lines';
import { objectLabel, objectKey, subjectLabel, type ChangedObject, type Engine, type SubjectRef } from '@/lib/rbac';
import type { ChangeEntry, ChangeGroup } from '@/lib/history/changes';
import { bindingHref, roleHref, subjectHref } from '@/lib/web/links';

const muted = 'text-slate-600 dark:text-slate-400';

/** How much of an entry is drawn: groups, subjects per group, objects, and the lines' caps. */
export interface ItemCaps {
  groups: number;
  subjects: number;
  objects: number;
  lines: LineCaps;
}

const utc = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;
const hms = (iso: string) => iso.slice(11, 19);

export const entryHref = (id: number, group?: number) => `/changes?entry=${id}${group ? `&group=${group}` : ''}`;

function objectHref(o: ChangedObject, engine: Engine): string | undefined {
  if (o.action === 'deleted') return undefined;
  const ns = o.namespace ? { namespace: o.namespace } : {};
  if (o.kind === 'Role' || o.kind === 'ClusterRole') return roleHref({ kind: o.kind, name: o.name, ...ns });
  const ref = { kind: o.kind, name: o.name, ...ns };
  return engine.binding(ref) ? bindingHref(ref) : undefined;
}

const NOUNS: Record<SubjectRef['kind'], [string, string]> = {
  User: ['user', 'users'],
  ServiceAccount: ['service account', 'service accounts'],
  Group: ['group', 'groups'],
};

/** "5,000 users", "3 users and 2 service accounts". */
export function kindsText(kinds: ChangeGroup['kinds']): string {
  return (Object.entries(kinds) as [SubjectRef['kind'], number][])
    .map(([kind, n]) => `${n.toLocaleString('en')} ${NOUNS[kind][n === 1 ? 0 : 1]}`)
    .join(' and ');
}

export function SubjectLink({ subject }: { subject: SubjectRef }) {
  return (
    <>
      {subject.kind}{' '}
      <Link href={subjectHref(subject)} className={`font-mono ${linkClass}`}>
        {subjectLabel(subject)}
      </Link>
    </>
  );
}

function Objects({ entry, engine, shown }: { entry: ChangeEntry; engine: Engine; shown: number }) {
  const more = entry.counts.objects - Math.min(shown, entry.objects.length);
  return (
    <ul className="mt-1 text-sm">
      {entry.objects.slice(0, shown).map((o) => {
        const href = objectHref(o, engine);
        const name = objectLabel(o);
        return (
          <li key={objectKey(o)}>
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
      {more > 0 && <li className={muted}>and {more.toLocaleString('en')} more objects</li>}
    </ul>
  );
}

/** Who moved: one subject by name; several by count, the first few named and the rest a link away. */
function Who({ entry, group, n, shown }: { entry: ChangeEntry; group: ChangeGroup; n: number; shown: number }) {
  if (group.size === 1 && group.subjects[0]) return <SubjectLink subject={group.subjects[0]} />;
  const named = group.subjects.slice(0, shown);
  return (
    <>
      <span className="font-medium">{kindsText(group.kinds)}</span>, alike:{' '}
      {named.map((s, i) => (
        <span key={i}>
          {i > 0 && ', '}
          <SubjectLink subject={s} />
        </span>
      ))}
      {group.size > named.length && (
        <>
          {' '}
          <Link href={entryHref(entry.id, n)} className={linkClass}>
            and {(group.size - named.length).toLocaleString('en')} more
          </Link>
        </>
      )}
    </>
  );
}

export function GroupItem(props: { entry: ChangeEntry; group: ChangeGroup; n: number; caps: ItemCaps }) {
  const { group, caps } = props;
  return (
    <li>
      <Who {...props} shown={caps.subjects} />
      <PermissionLines label="gained" perms={group.gained} caps={caps.lines} />
      <PermissionLines label="lost" perms={group.lost} caps={caps.lines} />
      {group.dropped && <DroppedNote dropped={group.dropped} />}
    </li>
  );
}

/** What the entry's cap left out of a group: said where the group is drawn, never silently missing. */
export function DroppedNote({ dropped }: { dropped: NonNullable<ChangeGroup['dropped']> }) {
  return (
    <p role="note" className="ml-4 text-xs text-amber-800 dark:text-amber-300">
      Not kept (the change is over the history&apos;s size cap for one entry): {droppedText(dropped)}. The counts
      include them.
    </p>
  );
}

function droppedText(d: NonNullable<ChangeGroup['dropped']>): string {
  const parts: string[] = [];
  if (d.subjects > 0) parts.push(`${d.subjects.toLocaleString('en')} of these subjects`);
  if (d.gained > 0) parts.push(`${d.gained.toLocaleString('en')} gained permissions`);
  if (d.lost > 0) parts.push(`${d.lost.toLocaleString('en')} lost permissions`);
  return parts.join(', ');
}

/** "1 subject lost permissions.", "5,000 subjects gained permissions, in 1 group that moved alike." */
export function countsText(entry: ChangeEntry): string {
  const c = entry.counts;
  if (c.subjects === 0) return 'No subject gained or lost a permission.';
  const n = (x: number) => x.toLocaleString('en');
  const who = `${n(c.subjects)} ${c.subjects === 1 ? 'subject' : 'subjects'}`;
  const what =
    c.losing === 0
      ? 'gained permissions'
      : c.gaining === 0
        ? 'lost permissions'
        : `gained or lost permissions (${n(c.gaining)} gained, ${n(c.losing)} lost)`;
  const alike =
    c.groups < c.subjects ? `, in ${n(c.groups)} ${c.groups === 1 ? 'group' : 'groups'} that moved alike` : '';
  return `${who} ${what}${alike}.`;
}

/** "Seen on reconnecting: happened between 02:01:10 and 02:03:40 UTC". */
function Recovery({ entry }: { entry: ChangeEntry }) {
  const seen = entry.seenOnRecovery;
  if (!seen) return null;
  return (
    <p className="text-xs text-amber-800 dark:text-amber-300">
      Seen on reconnecting: happened between <time dateTime={seen.from}>{hms(seen.from)}</time> and{' '}
      <time dateTime={seen.to}>{hms(seen.to)}</time> UTC
    </p>
  );
}

/**
 * One change and its first groups; `page`: the change's own page shows the groups from `first`
 * (numbered as the API and the CSV number them) and its pager says the rest.
 */
export function ChangeItem({
  entry,
  engine,
  caps,
  page,
}: {
  entry: ChangeEntry;
  engine: Engine;
  caps: ItemCaps;
  page?: { first: number; groups: readonly ChangeEntry['groups'][number][] };
}) {
  const groups = page ? page.groups : entry.groups.slice(0, caps.groups);
  const first = page?.first ?? 0;
  const moreGroups = page ? 0 : entry.counts.groups - groups.length;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className={`text-xs tabular-nums ${muted}`}>
        <time dateTime={entry.at}>{utc(entry.at)}</time> ·{' '}
        <Link href={entryHref(entry.id)} className={linkClass}>
          change {entry.id}
        </Link>
      </p>
      <Recovery entry={entry} />
      <Objects entry={entry} engine={engine} shown={caps.objects} />
      <p className={`mt-2 text-sm ${muted}`}>{countsText(entry)}</p>
      {groups.length > 0 && (
        <ul className="mt-2 space-y-2 text-sm">
          {groups.map((g, i) => (
            <GroupItem key={first + i} entry={entry} group={g} n={first + i + 1} caps={caps} />
          ))}
        </ul>
      )}
      {moreGroups > 0 && (
        <p className="mt-2 text-sm">
          <Link href={entryHref(entry.id)} className={linkClass}>
            and {moreGroups.toLocaleString('en')} more {moreGroups === 1 ? 'group' : 'groups'}
          </Link>
        </p>
      )}
      {entry.dropped && (
        <p role="note" className="mt-2 text-xs text-amber-800 dark:text-amber-300">
          Not kept (the change is over the history&apos;s size cap for one entry):{' '}
          {entry.dropped.objects.toLocaleString('en')} objects and {entry.dropped.groups.toLocaleString('en')} groups of
          subjects. The counts include them.
        </p>
      )}
    </li>
  );
}
