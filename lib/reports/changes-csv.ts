// The change history as CSV, written an entry at a time. A group of one subject puts it on each of
// its permission rows (gained or lost), as a spreadsheet filters best; a group of several lists each
// member on a `member` row and its permissions once, with the group's number, so 5,000 users who
// gained 40 permissions are 5,040 rows, not 200,000. What an entry's cap left out is a `dropped` row.
import type { SubjectRef } from '@/lib/rbac';
import type { ChangeEntry, ChangeGroup, Dropped, KeptPermission } from '@/lib/history/changes';
import { csvLine } from './csv';
import { objectText } from './diff-report';

const HEADER = [
  'at',
  'objects',
  'subjectKind',
  'subjectNamespace',
  'subject',
  'change',
  'verbs',
  'target',
  'namespace',
  'dangers',
  'group',
  'seenFrom',
  'seenTo',
];

const who = (s: SubjectRef) => [s.kind, s.kind === 'ServiceAccount' ? s.namespace : '', s.name];
const NOBODY = ['', '', ''];

const permissionCells = (p: KeptPermission) => [
  p.verbs.join(' '),
  p.target,
  p.namespace ?? '(cluster)',
  p.dangers.join(' '),
];

function droppedText(d: Dropped): string {
  const parts = [
    d.subjects > 0 && `${d.subjects} subjects`,
    d.gained > 0 && `${d.gained} gained permissions`,
    d.lost > 0 && `${d.lost} lost permissions`,
  ].filter(Boolean);
  return `${parts.join(', ')} not kept (the entry is over its size cap)`;
}

function* groupRows(g: ChangeGroup, row: (cells: string[]) => string[]): Generator<string[]> {
  const one = g.size === 1 ? g.subjects[0] : undefined;
  if (!one) for (const s of g.subjects) yield row([...who(s), 'member', '', '', '', '']);
  const subject = one ? who(one) : NOBODY;
  for (const p of g.gained) yield row([...subject, 'gained', ...permissionCells(p)]);
  for (const p of g.lost) yield row([...subject, 'lost', ...permissionCells(p)]);
  if (g.dropped) yield row([...NOBODY, 'dropped', '', droppedText(g.dropped), '', '']);
}

function* entryRows(e: ChangeEntry): Generator<string[]> {
  const head = [e.at, e.objects.map(objectText).join('; ')];
  const seen = [e.seenOnRecovery?.from ?? '', e.seenOnRecovery?.to ?? ''];
  if (e.groups.length === 0 && !e.dropped) yield [...head, ...NOBODY, '', '', '', '', '', '', ...seen];
  for (const [i, g] of e.groups.entries()) yield* groupRows(g, (cells) => [...head, ...cells, String(i + 1), ...seen]);
  if (e.dropped) {
    const what = `${e.dropped.objects} objects and ${e.dropped.groups} groups of subjects not kept (the entry is over its size cap)`;
    yield [...head, ...NOBODY, 'dropped', '', what, '', '', '', ...seen];
  }
}

/** The CSV's text an entry at a time: the server holds one entry's rows, never the whole export. */
export function* changesCsvChunks(entries: readonly ChangeEntry[]): Generator<string> {
  yield csvLine(HEADER);
  for (const e of entries) {
    let text = '';
    for (const r of entryRows(e)) text += csvLine(r);
    yield text;
  }
}

export function changesCsv(entries: readonly ChangeEntry[]): string {
  return [...changesCsvChunks(entries)].join('');
}
