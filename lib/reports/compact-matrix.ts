// A permission matrix as a client component receives it: each grant once, cells pointing at them
// by index. A subject bound to `edit` has ~800 allowed cells sharing a handful of grants, so this
// keeps its page small (the whole matrix with every why would be ~1 MB).
import { describeRole, grantKey, type BindingRef, type PermissionMatrix, type RoleRef } from '@/lib/rbac';

export interface CompactGrant {
  binding: BindingRef;
  role: RoleRef;
  roleText: string;
  ruleIndex: number;
  /** A group the grant reaches the subject through. */
  via?: string;
}

export interface CompactCell {
  grants: number[];
  names: string[];
  dangerous: boolean;
}

export interface CompactMatrix {
  verbs: string[];
  groups: { group: string; rows: { resource: string; cells: (CompactCell | null)[] }[] }[];
  grants: CompactGrant[];
  nonResource: { url: string; verbs: string[] }[];
}

/** Everything first, then core, then the named groups A→Z. */
const rank = (g: string) => (g === '*' ? 0 : g === '' ? 1 : 2);

export function compactMatrix(m: PermissionMatrix): CompactMatrix {
  const grants: CompactGrant[] = [];
  const index = new Map<string, number>();
  const indexOf = (g: PermissionMatrix['rows'][number]['cells'][string]['grants'][number]) => {
    const key = grantKey(g);
    let i = index.get(key);
    if (i === undefined) {
      i = grants.length;
      index.set(key, i);
      grants.push({
        binding: g.binding,
        role: g.role,
        roleText: describeRole(g.role),
        ruleIndex: g.ruleIndex,
        ...(g.subject.kind === 'Group' && { via: g.subject.name }),
      });
    }
    return i;
  };
  const groups = new Map<string, CompactMatrix['groups'][number]['rows']>();
  for (const row of m.rows) {
    const cells = m.verbs.map((verb) => {
      const c = row.cells[verb];
      return c ? { grants: c.grants.map(indexOf), names: c.resourceNames, dangerous: c.dangerous } : null;
    });
    groups.set(row.group, [...(groups.get(row.group) ?? []), { resource: row.resource, cells }]);
  }
  return {
    verbs: m.verbs,
    groups: [...groups]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([group, rows]) => ({ group, rows })),
    grants,
    nonResource: m.nonResource.map((n) => ({ url: n.url, verbs: n.verbs })),
  };
}
