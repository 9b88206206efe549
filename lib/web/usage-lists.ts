// The five lists of /usage, filtered as the URL says (usage-filter.ts), for the page and the API
// alike: bindings and roles never used in the window, identities ranked by the dangerous grants they
// hold and did not use, denied requests, and attribution disagreements (never hidden).
import { bindingLabel, describeRequest, roleLabel, subjectLabel, subjectText, type AccessRequest } from '@/lib/rbac';
import type { BindingUse, Disagreement, IdentityRank, RequestUse, RoleUse, UsageAnswers } from './usage';
import type { UsageFilter, UsageList } from './usage-filter';

export interface UsageLists {
  bindings: BindingUse[];
  roles: RoleUse[];
  identities: IdentityRank[];
  denied: RequestUse[];
  disagreements: Disagreement[];
}

const has = (text: string, q: string | undefined) => !q || text.toLowerCase().includes(q.toLowerCase());
const requestNs = (r: AccessRequest) => (r.kind === 'resource' ? r.namespace : '');

/** Each list, filtered (the lists are made once per answers; filtering is a pass over one list). */
export function usageLists(a: UsageAnswers, f: UsageFilter): UsageLists {
  const { q, namespace: ns } = f;
  const inNs = (n: string | undefined) => ns === undefined || (n ?? '') === ns;
  return {
    bindings: [...a.bindings.values()].filter(
      (b) =>
        b.requests === 0 && (f.builtin || !b.builtin) && inNs(b.binding.namespace) && has(bindingLabel(b.binding), q),
    ),
    roles: [...a.roles.values()].filter(
      (r) => r.requests === 0 && (f.builtin || !r.builtin) && inNs(r.role.namespace) && has(roleLabel(r.role), q),
    ),
    identities: a.identities.filter(
      (i) =>
        (ns === undefined || (i.subject.kind === 'ServiceAccount' && i.subject.namespace === ns)) &&
        has(subjectText(i.subject), q),
    ),
    denied: a.denied.filter(
      (r) => inNs(requestNs(r.request)) && has(`${r.identity.user} ${describeRequest(r.request)}`, q),
    ),
    disagreements: a.disagreements.filter(
      (d) => inNs(requestNs(d.request)) && has(`${d.identity.user} ${d.reason} ${describeRequest(d.request)}`, q),
    ),
  };
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
  identities: 'Unused dangerous grants',
  denied: 'Denied requests',
  disagreements: 'Attribution disagreements',
};

/** The exports' columns of each list, in order (a CSV of an empty list still names them). */
export const USAGE_COLUMNS: Record<UsageList, readonly string[]> = {
  bindings: ['binding', 'kind', 'role', 'builtin'],
  roles: ['role', 'kind', 'bindings', 'builtin'],
  identities: ['subject', 'label', 'unusedDangerous', 'requests', 'denied', 'last'],
  denied: ['user', 'request', 'count', 'last', 'where'],
  disagreements: ['kind', 'user', 'request', 'reason', 'message', 'where'],
};

/** One row of a list as the exports write it (JSON and CSV: the same fields, in this order). */
export function usageRow(list: UsageList, item: UsageLists[UsageList][number]): Record<string, string | number> {
  switch (list) {
    case 'bindings': {
      const b = item as BindingUse;
      return {
        binding: bindingLabel(b.binding),
        kind: b.binding.kind,
        role: b.role ? roleLabel(b.role) : '',
        builtin: String(b.builtin),
      };
    }
    case 'roles': {
      const r = item as RoleUse;
      return { role: roleLabel(r.role), kind: r.role.kind, bindings: r.bindings, builtin: String(r.builtin) };
    }
    case 'identities': {
      const i = item as IdentityRank;
      return {
        subject: subjectText(i.subject),
        label: subjectLabel(i.subject),
        unusedDangerous: i.unusedDangerous.length,
        requests: i.requests,
        denied: i.denied,
        last: i.last ?? '',
      };
    }
    case 'denied': {
      const r = item as RequestUse;
      return {
        user: r.identity.user,
        request: describeRequest(r.request),
        count: r.denied,
        last: r.last,
        where: `${r.where.file}:${r.where.line}`,
      };
    }
    case 'disagreements': {
      const d = item as Disagreement;
      return {
        kind: d.kind,
        user: d.identity.user,
        request: describeRequest(d.request),
        reason: d.reason,
        message: d.message,
        where: `${d.where.file}:${d.where.line}`,
      };
    }
  }
}
