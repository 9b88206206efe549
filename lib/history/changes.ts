// The RBAC changes the app has seen, per cluster, newest first: which bindings and roles were
// created, changed or deleted in one batch, and who gained and lost what. Subjects that moved alike
// are one group with one list (the engine's groupedDiff), so a binding naming 5,000 users costs one
// list and 5,000 names. Bounded by size, not count: each entry's size is estimated once, as the JSON
// it is listed as; the oldest entries go when the history is over its budget, and an entry over its
// cap keeps its counts and what fits, and says what it left out. Paths are left to /diff and the
// CLI: two attack graphs per watch batch would cost seconds on a large cluster.
import {
  groupedDiff,
  objectKey,
  pageOf,
  type ChangedObject,
  type DiffGroup,
  type Engine,
  type GroupPermission,
  type Page,
  type RbacObjectRef,
  type SubjectRef,
} from '@/lib/rbac';

/** What one history may hold, as estimated: the oldest entries go first. */
export const HISTORY_BUDGET = 16 * 1024 * 1024;
/** What one entry may hold: past it, the entry keeps its counts and what fits, and says what it left out. */
export const ENTRY_CAP = 2 * 1024 * 1024;
/** What one answer listing entries may hold: fewer entries on the page past it (at least one). */
export const LISTING_BUDGET = 4 * 1024 * 1024;
/** Subjects of a group named in the listing; the rest page by entry. */
export const SUBJECTS_LISTED = 10;

/** A grant as kept: the binding, role and rule index; `subject` only when it is a group the members are in. */
export type KeptGrant = Pick<GroupPermission['grants'][number], 'binding' | 'role' | 'ruleIndex' | 'subject'>;
export type KeptPermission = Omit<GroupPermission, 'grants'> & { grants: KeptGrant[] };

export interface ChangeGroup {
  /** How many subjects moved alike, by kind. */
  size: number;
  kinds: Partial<Record<SubjectRef['kind'], number>>;
  /** The subjects kept, in subject order (all of them unless `dropped.subjects`). */
  subjects: SubjectRef[];
  gained: KeptPermission[];
  lost: KeptPermission[];
  /** What the entry's cap left out of this group. */
  dropped?: Dropped;
}

export interface Dropped {
  subjects: number;
  gained: number;
  lost: number;
}

export interface ChangeCounts {
  objects: number;
  /** Subjects that gained or lost a permission. */
  subjects: number;
  gaining: number;
  losing: number;
  /** Permissions gained and lost, summed over subjects. */
  gained: number;
  lost: number;
  groups: number;
}

export interface ChangeEntry {
  id: number;
  /** ISO time the batch was applied. */
  at: string;
  /** Seen on reconnecting after an outage: it happened at some time between these (ISO), not at `at`. */
  seenOnRecovery?: { from: string; to: string };
  objects: ChangedObject[];
  counts: ChangeCounts;
  groups: ChangeGroup[];
  /** What the entry's cap left out (the counts still cover it): objects and whole groups; each group says its own. */
  dropped?: { objects: number; groups: number };
  /** The entry's estimated size (its JSON, every subject listed). */
  bytes: number;
}

/**
 * A change of one object as a source reports it (lib/k8s/live/reflector.ts's ObjectChange has this
 * shape): the object before and after, either absent when it was created or deleted.
 */
export interface ObjectChange {
  kind: string;
  before?: { value: unknown };
  after?: { value: unknown };
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function rbacObject(change: ObjectChange): ChangedObject | undefined {
  // Every change carries the object before or after it (reflector.ts): its ref, never its key re-read.
  const object = change.after ?? change.before;
  if (!RBAC_KINDS.has(change.kind) || !object) return undefined;
  const { name, namespace } = object.value as { name: string; namespace?: string };
  return {
    kind: change.kind as RbacObjectRef['kind'],
    name,
    ...(namespace && { namespace }),
    action: !change.before ? 'created' : !change.after ? 'deleted' : 'changed',
  };
}

/** The batch's RBAC objects, coalesced: created then changed is a creation; created then deleted, nothing. */
export function changedRbacObjects(changes: readonly ObjectChange[]): ChangedObject[] {
  const byKey = new Map<string, ChangedObject>();
  for (const c of changes) {
    const o = rbacObject(c);
    if (!o) continue;
    const key = objectKey(o);
    const earlier = byKey.get(key);
    if (earlier?.action === 'created' && o.action === 'deleted') byKey.delete(key);
    else byKey.set(key, earlier?.action === 'created' ? earlier : o);
  }
  return [...byKey.values()];
}

const size = (value: unknown) => JSON.stringify(value).length + 1;

const keptPermission = (p: GroupPermission): KeptPermission => ({
  ...p,
  grants: p.grants.map(({ binding, role, ruleIndex, subject }) => ({
    binding,
    role,
    ruleIndex,
    ...(subject && { subject }),
  })),
});

function countsOf(objects: number, groups: readonly DiffGroup[]): ChangeCounts {
  const c: ChangeCounts = { objects, subjects: 0, gaining: 0, losing: 0, gained: 0, lost: 0, groups: groups.length };
  for (const g of groups) {
    const n = g.subjects.length;
    c.subjects += n;
    if (g.gained.length > 0) c.gaining += n;
    if (g.lost.length > 0) c.losing += n;
    c.gained += n * g.gained.length;
    c.lost += n * g.lost.length;
  }
  return c;
}

/** Items taken in order while their sizes fit in `room.left`. */
function fitting<T, U>(items: readonly T[], room: { left: number }, keep: (item: T) => U): U[] {
  const out: U[] = [];
  for (const item of items) {
    const kept = keep(item);
    const bytes = size(kept);
    if (bytes > room.left) break;
    room.left -= bytes;
    out.push(kept);
  }
  return out;
}

function kindsOf(subjects: readonly SubjectRef[]): ChangeGroup['kinds'] {
  const kinds: ChangeGroup['kinds'] = {};
  for (const s of subjects) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
  return kinds;
}

/** One group as kept: its subjects first (who moved), then what they gained, then what they lost, while room lasts. */
function keptGroup(g: DiffGroup, room: { left: number }): ChangeGroup {
  const subjects = fitting(g.subjects, room, (s) => s);
  const gained = fitting(g.gained, room, keptPermission);
  const lost = fitting(g.lost, room, keptPermission);
  const dropped = {
    subjects: g.subjects.length - subjects.length,
    gained: g.gained.length - gained.length,
    lost: g.lost.length - lost.length,
  };
  const head = { size: g.subjects.length, kinds: kindsOf(g.subjects), subjects, gained, lost };
  return dropped.subjects + dropped.gained + dropped.lost > 0 ? { ...head, dropped } : head;
}

const GROUP_OVERHEAD = 120;

/** The groups that fit in the entry's room, most dangerous first; a group that does not start to fit is dropped whole. */
function keptGroups(groups: readonly DiffGroup[], room: { left: number }): ChangeGroup[] {
  const out: ChangeGroup[] = [];
  for (const g of groups) {
    if (room.left < GROUP_OVERHEAD) break;
    room.left -= GROUP_OVERHEAD;
    out.push(keptGroup(g, room));
  }
  return out;
}

export interface RecordOptions {
  /** The batch was seen on recovering from an outage (ms since epoch). */
  outage?: { since: number; until: number };
}

/** The entry for a batch, within the cap: objects first (at most a quarter of it), then groups. */
export function entryOf(id: number, at: Date, objects: ChangedObject[], diff: DiffGroup[], opts: RecordOptions) {
  const room = { left: ENTRY_CAP / 4 };
  const keptObjects = fitting(objects, room, (o) => o);
  room.left += ENTRY_CAP - ENTRY_CAP / 4 - 400;
  const groups = keptGroups(diff, room);
  const dropped = { objects: objects.length - keptObjects.length, groups: diff.length - groups.length };
  const entry: ChangeEntry = {
    id,
    at: at.toISOString(),
    ...(opts.outage && {
      seenOnRecovery: {
        from: new Date(opts.outage.since).toISOString(),
        to: new Date(opts.outage.until).toISOString(),
      },
    }),
    objects: keptObjects,
    counts: countsOf(objects.length, diff),
    groups,
    ...(dropped.objects + dropped.groups > 0 && { dropped }),
    bytes: 0,
  };
  entry.bytes = size(entry);
  return entry;
}

export interface HistoryUsage {
  entries: number;
  /** The entries' estimated size, and what the history may hold. */
  bytes: number;
  budget: number;
  /** Entries let go to stay within the budget, since the history began. */
  evicted: number;
}

/** Where a history's entries are also kept (lib/web wires the store on disk): told of each one added and let go. */
export interface HistorySink {
  added(entry: ChangeEntry): void;
  evicted(ids: readonly number[]): void;
}

/** Whether a value read back from a store has an entry's shape (a row of another version is skipped). */
export function isChangeEntry(v: unknown): v is ChangeEntry {
  const e = v as Partial<ChangeEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'number' &&
    typeof e.at === 'string' &&
    typeof e.bytes === 'number' &&
    Array.isArray(e.objects) &&
    Array.isArray(e.groups) &&
    typeof e.counts === 'object'
  );
}

export class ChangeHistory {
  private entries: ChangeEntry[] = [];
  private next = 1;
  private bytes = 0;
  private evicted = 0;

  /** `kept`: entries read back from a store, newest first; ids go on after the newest. */
  constructor(
    private readonly budget = HISTORY_BUDGET,
    private readonly sink?: HistorySink,
    kept: readonly ChangeEntry[] = [],
  ) {
    for (const e of kept) {
      this.entries.push(e);
      this.bytes += e.bytes;
      this.next = Math.max(this.next, e.id + 1);
    }
    this.evict();
  }

  /** The oldest entries go while the history is over its budget (the newest always stays). */
  private evict(): void {
    const gone: number[] = [];
    while (this.bytes > this.budget && this.entries.length > 1) {
      const e = this.entries.pop()!;
      this.bytes -= e.bytes;
      this.evicted++;
      gone.push(e.id);
    }
    if (gone.length > 0) this.sink?.evicted(gone);
  }

  /** Records a batch if it touched RBAC objects; pods, service accounts and namespaces are not RBAC changes. */
  record(
    before: Engine,
    after: Engine,
    changes: readonly ObjectChange[],
    at: Date,
    opts: RecordOptions = {},
  ): ChangeEntry | undefined {
    const objects = changedRbacObjects(changes);
    if (objects.length === 0) return undefined;
    const { groups } = groupedDiff(before, after, { changed: objects });
    const entry = entryOf(this.next++, at, objects, groups, opts);
    this.entries.unshift(entry);
    this.bytes += entry.bytes;
    this.sink?.added(entry);
    this.evict();
    return entry;
  }

  /** Newest first. */
  list(): readonly ChangeEntry[] {
    // A copy: a CSV streamed while a batch lands must not see entries move under its cursor.
    return [...this.entries];
  }

  entry(id: number): ChangeEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  usage(): HistoryUsage {
    return { entries: this.entries.length, bytes: this.bytes, budget: this.budget, evicted: this.evicted };
  }
}

/** An entry as listed: each group with its first subjects named (the rest page by entry). */
export function listedEntry(e: ChangeEntry, shown = SUBJECTS_LISTED) {
  return {
    id: e.id,
    at: e.at,
    ...(e.seenOnRecovery && { seenOnRecovery: e.seenOnRecovery }),
    objects: e.objects,
    counts: e.counts,
    groups: e.groups.map((g) => ({ ...g, subjects: g.subjects.slice(0, shown) })),
    ...(e.dropped && { dropped: e.dropped }),
  };
}

/** A page of entries: `limit` at most, and fewer when their size would pass `budget` (never none). */
export function entriesPage(
  entries: readonly ChangeEntry[],
  offset: number,
  limit: number,
  budget = LISTING_BUDGET,
): Page<ChangeEntry> {
  const page = pageOf(entries, offset, limit);
  let bytes = 0;
  const fit = page.items.findIndex((e) => (bytes += e.bytes) > budget);
  if (fit < 0) return page;
  const n = Math.max(1, fit);
  return pageOf(entries, page.offset, n);
}

/** A subject of an entry, with the number of its group (from 1, as `?group=` and the CSV count them). */
export type EntrySubject = SubjectRef & { group: number };

/** An entry's kept subjects, group after group (or group number `group`'s), paged without copying them all. */
export function entrySubjects(e: ChangeEntry, offset: number, limit: number, group?: number): Page<EntrySubject> {
  const groups =
    group === undefined ? e.groups.map((g, i) => [i + 1, g] as const) : [[group, e.groups[group - 1]!] as const];
  const total = groups.reduce((n, [, g]) => n + g.subjects.length, 0);
  const items: EntrySubject[] = [];
  let skip = Math.max(0, offset);
  for (const [i, g] of groups) {
    if (skip >= g.subjects.length) {
      skip -= g.subjects.length;
      continue;
    }
    for (const s of g.subjects.slice(skip, skip + limit - items.length)) items.push({ ...s, group: i });
    skip = 0;
    if (items.length >= limit) break;
  }
  const start = Math.min(Math.max(0, offset), total);
  const end = start + items.length;
  return { total, offset: start, items, ...(end < total && { next: end }) };
}

/** One history per context, of the API server it reads: a context pointed at another server starts another. */
export class ClusterHistories {
  private byContext = new Map<string, { server: string; history: ChangeHistory }>();

  /** `create`: a history for a context's server (one read back from a store); an empty one by default. */
  constructor(
    private readonly budget = HISTORY_BUDGET,
    private readonly create = (_context: string, _server: string, budget: number) => new ChangeHistory(budget),
  ) {}

  /** The history of `server` for `context`; the one of a server the context no longer reads is let go. */
  of(context: string, server: string): ChangeHistory {
    const kept = this.byContext.get(context);
    if (kept?.server === server) return kept.history;
    const history = this.create(context, server, this.budget);
    this.byContext.set(context, { server, history });
    return history;
  }

  /** What /changes shows: the history of the server the context reads now, if any. */
  current(context: string, server: string | undefined): ChangeHistory | undefined {
    const kept = this.byContext.get(context);
    return kept && kept.server === server ? kept.history : undefined;
  }
}
