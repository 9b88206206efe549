// A change review's words, shared by every surface that shows one (the terminal, Markdown, the
// pages /diff, /what-if and /changes, which render in the browser too): permissions as lines to read
// (the same verbs on several targets in the same namespaces together), the counts a review leads
// with, and what a change did to an object. Pure: it runs in the browser, so no node:* here.
import {
  describeBinding,
  describeObject,
  describeRole,
  type ChangedObject,
  type DiffPermission,
  type Grant,
  type RbacDiff,
  type SubjectRef,
} from '@/lib/rbac';
/** Same verbs on some targets, in the same namespaces (none: cluster-wide): one line to read. */
export interface PermissionLine {
  namespaces: string[];
  verbs: string[];
  targets: string[];
  dangers: string[];
  /** "RoleBinding a/x → ClusterRole edit", each once. */
  via: string[];
}

const union = (into: string[], items: readonly string[]) => {
  for (const i of items) if (!into.includes(i)) into.push(i);
};

/** What a line is made of: a diff's permission, or one kept in the change history (its grants without rules). */
export type ListedPermission = Pick<DiffPermission, 'namespace' | 'verbs' | 'target' | 'dangers'> & {
  grants: readonly Pick<Grant, 'binding' | 'role'>[];
};

/** Targets with the same verbs in one scope together, then scopes with the same line together. */
export function permissionLines(perms: readonly ListedPermission[]): PermissionLine[] {
  const byScope = new Map<string, PermissionLine & { namespace?: string }>();
  for (const p of perms) {
    const key = JSON.stringify([p.namespace ?? null, p.verbs]);
    const line = byScope.get(key) ?? {
      namespaces: p.namespace !== undefined ? [p.namespace] : [],
      verbs: p.verbs,
      targets: [],
      dangers: [],
      via: [],
    };
    line.targets.push(p.target);
    union(line.dangers, p.dangers);
    union(
      line.via,
      p.grants.map((g) => `${describeBinding(g.binding)} → ${describeRole(g.role)}`),
    );
    byScope.set(key, line);
  }
  const byLine = new Map<string, PermissionLine>();
  for (const line of byScope.values()) {
    if (line.namespaces.length === 0) {
      byLine.set(JSON.stringify([null, line.verbs, line.targets]), line);
      continue;
    }
    const key = JSON.stringify([line.verbs, line.targets, line.via.length]);
    const same = byLine.get(key);
    if (same && same.namespaces.length > 0) {
      union(same.namespaces, line.namespaces);
      union(same.via, line.via);
    } else byLine.set(key, line);
  }
  return [...byLine.values()];
}

/** "a, b, c and 4 more". */
export function listed(items: readonly string[], shown: number, noun = ''): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more${noun ? ` ${noun}` : ''}`;
}

export function scopeText(namespaces: readonly string[]): string {
  if (namespaces.length === 0) return 'cluster-wide';
  if (namespaces.length === 1) return `in ${namespaces[0]}`;
  return `in ${namespaces.length} namespaces (${listed(namespaces, 3)})`;
}

/** "get, list pods, secrets in payments". */
export function lineText(l: PermissionLine): string {
  return `${l.verbs.join(', ')} ${listed(l.targets, 6, 'resources')} ${scopeText(l.namespaces)}`;
}

export interface DiffCounts {
  gaining: number;
  losing: number;
  dangerous: number;
  opened: number;
  closed: number;
}

/**
 * A diff as a review shows it: its grants need only their binding and role, so a review read back
 * from the JSON (which names grants without their rules) is shown as one computed here.
 */
export type ReviewedDiff = Pick<RbacDiff, 'objects' | 'paths'> & {
  subjects: { subject: SubjectRef; gained: ListedPermission[]; lost: ListedPermission[] }[];
};

export function diffCounts(d: ReviewedDiff): DiffCounts {
  return {
    gaining: d.subjects.filter((s) => s.gained.length > 0).length,
    losing: d.subjects.filter((s) => s.lost.length > 0).length,
    dangerous: d.subjects.filter((s) => s.gained.some((p) => p.dangers.length > 0)).length,
    opened: d.paths?.opened.length ?? 0,
    closed: d.paths?.closed.length ?? 0,
  };
}

/** "created RoleBinding payments/ci": what a change did to one object. */
export const objectText = (o: ChangedObject) => `${o.action} ${describeObject(o)}`;
