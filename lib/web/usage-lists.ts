// The five lists of /usage, filtered as the URL says (usage-filter.ts), for the page and the API
// alike: bindings and roles never used in the window, identities ranked by the dangerous grants they
// hold and did not use, denied requests, and the attribution checks that did not agree (the ones
// the data explains and the true disagreements, never hidden).
import {
  bindingLabel,
  describeRequest,
  roleLabel,
  subjectText,
  type AccessRequest,
  type AttributionCheck,
  type BindingUse,
  type Engine,
  type RankedIdentity,
  type ObjectUse,
  type RoleRef,
  type ShapeUsage,
  type UsageAnswers,
} from '@/lib/rbac';
import type { UsageFilter, UsageList } from './usage-filter';

export interface UsageLists {
  bindings: BindingUse[];
  roles: ObjectUse<RoleRef>[];
  identities: RankedIdentity[];
  denied: ShapeUsage[];
  disagreements: AttributionCheck[];
}

const has = (text: string, q: string | undefined) => !q || text.toLowerCase().includes(q.toLowerCase());
const requestNs = (r: AccessRequest) => (r.kind === 'resource' ? r.namespace : '');

/** Each list, filtered: a pass over each list (its text built only when a text filter is asked). */
function filterLists(engine: Engine, a: UsageAnswers, f: UsageFilter): UsageLists {
  const { q, namespace: ns } = f;
  const inNs = (n: string | undefined) => ns === undefined || (n ?? '') === ns;
  const builtinRole = (ref: RoleRef) => engine.inventory.roleRow(ref)?.builtin ?? false;
  const { disagreements, explained } = a.attribution;
  return {
    bindings: a.unusedBindings.filter(
      (b) => (f.builtin || !b.builtin) && inNs(b.ref.namespace) && has(bindingLabel(b.ref), q),
    ),
    roles: a.unusedRoles.filter(
      (r) => inNs(r.ref.namespace) && has(roleLabel(r.ref), q) && (f.builtin || !builtinRole(r.ref)),
    ),
    identities: a.ranked.filter(
      (i) =>
        (ns === undefined || (i.subject.kind === 'ServiceAccount' && i.subject.namespace === ns)) &&
        (!q || has(subjectText(i.subject), q)),
    ),
    denied: a.denied.filter(
      (s) => inNs(requestNs(s.request)) && (!q || has(`${s.identity.user} ${describeRequest(s.request)}`, q)),
    ),
    // True disagreements first: they are the ones that must be none.
    disagreements: [...disagreements, ...explained].filter(
      (d) =>
        inNs(requestNs(d.request)) && (!q || has(`${d.identity.user} ${d.reason} ${describeRequest(d.request)}`, q)),
    ),
  };
}

/** The filtered lists of one version of the answers, by filter (the last few asked). */
const listMemo = new WeakMap<UsageAnswers, Map<string, UsageLists>>();
const FILTERS_KEPT = 16;

/**
 * Each list, filtered as the URL says, once per (answers, filter): a page and its export, and every
 * page of one list, share them (at 10,000 namespaces the ranking holds tens of thousands of rows).
 */
export function usageLists(engine: Engine, a: UsageAnswers, f: UsageFilter): UsageLists {
  let byFilter = listMemo.get(a);
  if (!byFilter) listMemo.set(a, (byFilter = new Map()));
  const key = JSON.stringify([f.q ?? '', f.namespace ?? null, f.builtin, engine.rbacVersion]);
  const hit = byFilter.get(key);
  if (hit) return hit;
  const lists = filterLists(engine, a, f);
  if (byFilter.size >= FILTERS_KEPT) byFilter.delete(byFilter.keys().next().value!);
  byFilter.set(key, lists);
  return lists;
}

/** How many of each list there are, for the tabs. */
export function usageCounts(lists: UsageLists): Record<UsageList, number> {
  return {
    bindings: lists.bindings.length,
    roles: lists.roles.length,
    identities: lists.identities.length,
    denied: lists.denied.length,
    disagreements: lists.disagreements.length,
  };
}

export const LIST_TITLES: Record<UsageList, string> = {
  bindings: 'Bindings never used',
  roles: 'Roles never used',
  identities: 'Identities by unused dangerous grants',
  denied: 'Denied requests',
  disagreements: 'Attribution not agreed',
};

/** The exports' columns of each list, in order (a CSV of an empty list still names them). */
export const USAGE_COLUMNS: Record<UsageList, readonly string[]> = {
  bindings: ['binding', 'kind', 'builtin'],
  roles: ['role', 'kind'],
  identities: ['subject', 'unusedDangerous', 'grants', 'requests', 'denied', 'last'],
  denied: ['user', 'request', 'denied', 'last', 'where'],
  disagreements: ['verdict', 'user', 'request', 'decision', 'reason', 'message', 'events', 'where'],
};

const at = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());
const place = (w: { file: string; line: number }) => `${w.file}:${w.line}`;

type Row = Record<string, string | number>;

const ROWS: { [L in UsageList]: (item: UsageLists[L][number]) => Row } = {
  bindings: (b) => ({ binding: bindingLabel(b.ref), kind: b.ref.kind, builtin: String(b.builtin) }),
  roles: (r) => ({ role: roleLabel(r.ref), kind: r.ref.kind }),
  identities: (i) => ({
    subject: subjectText(i.subject),
    unusedDangerous: i.unusedDangerous,
    grants: i.grants,
    requests: i.requests,
    denied: i.denied,
    last: at(i.last),
  }),
  denied: (s) => ({
    user: s.identity.user,
    request: describeRequest(s.request),
    denied: s.denied,
    last: at(s.last),
    where: place(s.lastWhere),
  }),
  disagreements: (d) => ({
    verdict: d.verdict,
    user: d.identity.user,
    request: describeRequest(d.request),
    decision: d.decision,
    reason: d.reason,
    message: d.message,
    events: d.events,
    where: place(d.where),
  }),
};

/** One row of a list as the exports write it (JSON and CSV: the same fields, in USAGE_COLUMNS' order). */
export function usageRow<L extends UsageList>(list: L, item: UsageLists[L][number]): Row {
  return ROWS[list](item);
}
