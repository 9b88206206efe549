// Findings grouped for /risks, the Subjects table and the overview: by what they are about (a
// subject, else the object of a finding about no subject) or by finding kind. The groups are an
// index built once with the findings; a query filters each group's findings, so the counts of a
// page always add up to the findings the same filter lists (/api/findings).
import type { Finding, FindingId, FindingObject } from './finding-rules';
import { findingRule } from './finding-rules';
import { findingPrecedence } from './severity';
import { SEVERITIES, severityRank, type Severity } from '../paths/techniques';
import { objectKey, objectLabel, subjectText, type SubjectRef } from '../model/refs';
import { byNaturalText } from '../model/natural-order';
import { pageOf, type Page } from '../model/page';
import { eachOf, runWork, within, type Work } from '../sliced-work';

export type FindingGroupBy = 'subject' | 'kind';
export const FINDING_GROUP_BYS: readonly FindingGroupBy[] = ['subject', 'kind'];
export type FindingGroupSort = 'severity' | 'name' | 'count';
export const FINDING_GROUP_SORTS: readonly FindingGroupSort[] = ['severity', 'name', 'count'];

/** What findings are counted for one subject (or object), or one kind. */
export interface FindingTally {
  /** The worst finding's severity: the subject's severity. */
  severity: Severity;
  /** The first finding in severity order (holding every permission before a path to it). */
  worst: Finding;
  severities: Record<Severity, number>;
  total: number;
}

export interface FindingGroup extends FindingTally {
  /** objectKey of the subject or object, or the finding id. */
  key: string;
  /** What the table shows and sorts by name: the kind's title, or the subject's or object's label. */
  name: string;
  subject?: SubjectRef;
  object?: FindingObject;
  id?: FindingId;
  /** By kind: how many subjects and objects it is about. */
  about: number;
  /** The group's findings the query kept, in severity order. */
  findings: readonly Finding[];
}

/** What /risks, /api/findings and the groups filter findings by. */
export interface FindingMatch {
  severity?: Severity;
  id?: string;
  namespace?: string;
  /**
   * Part of the subject's or object's kind and label ("ServiceAccount ns/name"), case-insensitive;
   * or a subject exactly, as the CLI spells it (subjectText: a service account's user name, "user:alice").
   */
  text?: string;
  builtin: boolean;
}

export interface FindingGroupQuery extends FindingMatch {
  by: FindingGroupBy;
  sort?: FindingGroupSort;
  /** Each sort's own default when absent: most severe, most findings, names A to Z. */
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface FindingGroupPage extends Page<FindingGroup> {
  /** The findings of every group the query kept, on every page. */
  findings: number;
}

export interface FindingGroups {
  query(q: FindingGroupQuery): FindingGroupPage;
  /** A subject's findings tallied (Kubernetes' own included: they are about it too). */
  subject(ref: SubjectRef): FindingTally | undefined;
}

/** What a finding is about, as one key: its subject, else its object. */
export function aboutKey(f: Finding): string {
  if (f.subject) return objectKey(f.subject);
  return f.object ? objectKey(f.object) : `${f.id}:`;
}

const aboutText = (f: Finding) => {
  const ref = f.subject ?? f.object;
  return ref ? `${ref.kind} ${objectLabel(ref)}`.toLowerCase() : '';
};

/** Worse first: severity, then holding every permission before a path to it (the cluster-admin rule). */
const worse = (a: Finding, b: Finding) =>
  severityRank(a.severity) - severityRank(b.severity) || findingPrecedence(a.id) - findingPrecedence(b.id);

export function tally(findings: readonly Finding[]): FindingTally | undefined {
  // Not findings[0]: the list puts the cluster's own before Kubernetes' own within a severity,
  // ahead of the cluster-admin rule, and a subject may have both.
  const worst = findings.reduce<Finding | undefined>((w, f) => (w && worse(w, f) <= 0 ? w : f), undefined);
  if (!worst) return undefined;
  const severities = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) severities[f.severity]++;
  return { severity: worst.severity, worst, severities, total: findings.length };
}

/** Findings by key, each list in the findings' own order (most severe first). */
function* bucket(findings: readonly Finding[], key: (f: Finding) => string): Work<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>();
  const add = (f: Finding) => {
    const k = key(f);
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  };
  yield* eachOf(findings, add, 8192);
  return out;
}

/** The one filter of findings: Kubernetes' own only when asked for, then each field given. */
export function findingMatches(q: FindingMatch): (f: Finding) => boolean {
  const exact = q.text?.trim();
  const text = exact?.toLowerCase();
  return (f) =>
    (q.builtin || !f.builtin) &&
    (!q.severity || f.severity === q.severity) &&
    (!q.id || f.id === q.id) &&
    (!q.namespace || f.namespace === q.namespace) &&
    (!text || aboutText(f).includes(text) || (f.subject !== undefined && subjectText(f.subject) === exact));
}

function groupOf(key: string, by: FindingGroupBy, findings: Finding[]): FindingGroup {
  const t = tally(findings)!;
  const first = t.worst;
  if (by === 'kind')
    return {
      ...t,
      key,
      name: findingRule(first.id).title,
      id: first.id,
      about: new Set(findings.map(aboutKey)).size,
      findings,
    };
  const ref = first.subject ?? first.object;
  return {
    ...t,
    key,
    name: ref ? objectLabel(ref) : '',
    ...(first.subject ? { subject: first.subject } : first.object && { object: first.object }),
    about: 1,
    findings,
  };
}

/** A group's name as the table shows it: the kind's title, or the subject's or object's label. */
export function groupName(g: FindingGroup): string {
  return g.name;
}

/** Worst severity (holding every permission before a path to it), then more findings of each severity, then more in all. */
function bySeverity(a: FindingTally, b: FindingTally): number {
  const worse =
    severityRank(a.severity) - severityRank(b.severity) ||
    findingPrecedence(a.worst.id) - findingPrecedence(b.worst.id);
  if (worse !== 0) return worse;
  for (const s of SEVERITIES) if (a.severities[s] !== b.severities[s]) return b.severities[s] - a.severities[s];
  return b.total - a.total;
}

const DEFAULT_ORDER: Record<FindingGroupSort, 'asc' | 'desc'> = { severity: 'desc', count: 'desc', name: 'asc' };

function compareGroups(sort: FindingGroupSort, order: 'asc' | 'desc') {
  const name = (a: FindingGroup, b: FindingGroup) => byNaturalText(a.name, b.name) || byNaturalText(a.key, b.key);
  // Every comparator below puts its default order first; the other order reverses it.
  const first =
    sort === 'severity'
      ? bySeverity
      : sort === 'count'
        ? (a: FindingGroup, b: FindingGroup) => b.total - a.total
        : name;
  const sign = order === DEFAULT_ORDER[sort] ? 1 : -1;
  return (a: FindingGroup, b: FindingGroup) => sign * first(a, b) || name(a, b);
}

export function indexFindingGroups(findings: readonly Finding[]): FindingGroups {
  return runWork(findingGroupsWork(findings));
}

/** indexFindingGroups in slices (sliced-work.ts). */
export function* findingGroupsWork(findings: readonly Finding[]): Work<FindingGroups> {
  const buckets: Record<FindingGroupBy, Map<string, Finding[]>> = {
    subject: yield* within(bucket(findings, aboutKey), 0, 0.5),
    kind: yield* within(
      bucket(findings, (f) => f.id),
      0.5,
      1,
    ),
  };
  const tallies = new Map<string, FindingTally | undefined>();
  const sorted = recentLists();
  return {
    query(q) {
      const { groups, count } = sorted(q, () => sortedGroups(buckets[q.by], q));
      return { ...pageOf(groups, q.offset ?? 0, q.limit ?? 50), findings: count };
    },
    subject(ref) {
      const key = objectKey(ref);
      if (!tallies.has(key)) tallies.set(key, tally(buckets.subject.get(key) ?? []));
      return tallies.get(key);
    },
  };
}

interface SortedGroups {
  groups: FindingGroup[];
  count: number;
}

/** Every group the query keeps, with the findings it keeps of each, in the query's order. */
function sortedGroups(buckets: Map<string, Finding[]>, q: FindingGroupQuery): SortedGroups {
  const keep = findingMatches(q);
  const groups: FindingGroup[] = [];
  let count = 0;
  for (const [key, all] of buckets) {
    const kept = all.filter(keep);
    if (kept.length === 0) continue;
    groups.push(groupOf(key, q.by, kept));
    count += kept.length;
  }
  const sort = q.sort ?? 'severity';
  groups.sort(compareGroups(sort, q.order ?? DEFAULT_ORDER[sort]));
  return { groups, count };
}

/**
 * The last few lists by filter and order, pages aside: at 10,000 namespaces one is 70,000 groups
 * filtered and sorted (some 0.3 s), and /risks asks the same one on every view and every page. The
 * index never changes (a new version of the findings is a new index), so a kept list stays right.
 */
function recentLists(size = 4) {
  const lists = new Map<string, SortedGroups>();
  return (q: FindingGroupQuery, make: () => SortedGroups): SortedGroups => {
    const key = JSON.stringify([q.by, q.severity, q.id, q.namespace, q.text, q.builtin, q.sort, q.order]);
    let found = lists.get(key);
    if (found) lists.delete(key);
    else found = make();
    lists.set(key, found);
    if (lists.size > size) lists.delete(lists.keys().next().value!);
    return found;
  };
}

/** Any list of findings grouped as the engine's index groups them (the CLI's, after its exceptions). */
export function groupFindings(findings: readonly Finding[], q: FindingGroupQuery): FindingGroupPage {
  return indexFindingGroups(findings).query(q);
}
