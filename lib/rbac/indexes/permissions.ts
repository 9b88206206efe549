// A subject's effective permissions as a resource × verb matrix, every cell carrying its grants.
import { grantDangers } from '../findings/danger';
import { resourceLabel } from '../model/describe';
import { compareExtraVerbs } from '../model/impersonation-verbs';
import type { Grant } from '../authorizer/grants';
import { impersonatedIdentity, serviceAccountIdentity } from '../model/identity';
import type { Identity } from '../model/types';
import { type SubjectRef } from '../model/refs';

export const STANDARD_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;

export interface PermissionCell {
  grants: Grant[];
  /** Names the grants are limited to; empty when some grant allows every name. */
  resourceNames: string[];
  dangerous: boolean;
}

export interface PermissionRow {
  /** kubectl's spelling: `pods`, `pods/exec`, `deployments.apps`, `*`. */
  resource: string;
  /** The rule's API group ("" core, "*" every group). */
  group: string;
  cells: Record<string, PermissionCell>;
}

export interface PermissionMatrix {
  verbs: string[];
  rows: PermissionRow[];
  nonResource: { url: string; verbs: string[]; grants: Grant[] }[];
}

/**
 * The identity whose rules are a subject's: a service account's token identity, a user as
 * authenticated (so with system:authenticated), or for a group exactly the bindings that name it
 * (no user name can match a binding's User or ServiceAccount subject, whose names are never empty).
 */
export function identityOfSubject(ref: SubjectRef): Identity {
  if (ref.kind === 'ServiceAccount') return serviceAccountIdentity(ref.namespace, ref.name);
  if (ref.kind === 'User') return impersonatedIdentity(ref.name, []);
  return { user: '', groups: [ref.name] };
}

export function permissionMatrix(grants: readonly Grant[]): PermissionMatrix {
  const rows = new Map<string, PermissionRow>();
  const extraVerbs = new Set<string>();
  const nonResource = new Map<string, { url: string; verbs: Set<string>; grants: Grant[] }>();
  for (const g of grants) {
    for (const url of g.rule.nonResourceURLs) {
      const entry = nonResource.get(url) ?? { url, verbs: new Set(), grants: [] };
      g.rule.verbs.forEach((v) => entry.verbs.add(v));
      entry.grants.push(g);
      nonResource.set(url, entry);
    }
    const dangerous = grantDangers(g).length > 0;
    for (const group of g.rule.apiGroups) {
      for (const resource of g.rule.resources) {
        const label = resourceLabel(group, resource);
        const row = rows.get(label) ?? { resource: label, group: label === '*' ? '*' : group, cells: {} };
        rows.set(label, row);
        const verbs = g.rule.verbs.includes('*') ? [...STANDARD_VERBS, '*'] : g.rule.verbs;
        for (const verb of verbs) {
          if (!(STANDARD_VERBS as readonly string[]).includes(verb)) extraVerbs.add(verb);
          const cell = (row.cells[verb] ??= { grants: [], resourceNames: [], dangerous: false });
          const unlimited =
            g.rule.resourceNames.length === 0 || (cell.grants.length > 0 && cell.resourceNames.length === 0);
          cell.grants.push(g);
          cell.resourceNames = unlimited ? [] : [...new Set([...cell.resourceNames, ...g.rule.resourceNames])];
          cell.dangerous ||= dangerous;
        }
      }
    }
  }
  const extra = [...extraVerbs].filter((v) => v !== '*').sort(compareExtraVerbs);
  // Only the verbs something grants: a narrow panel shows every column that says yes.
  const used = new Set([...rows.values()].flatMap((r) => Object.keys(r.cells)));
  return {
    verbs: [...STANDARD_VERBS, ...extra, ...(extraVerbs.has('*') ? ['*'] : [])].filter((v) => used.has(v)),
    rows: [...rows.values()].sort((a, b) =>
      a.resource === '*' ? -1 : b.resource === '*' ? 1 : a.resource.localeCompare(b.resource),
    ),
    nonResource: [...nonResource.values()].map((e) => ({ url: e.url, verbs: [...e.verbs], grants: e.grants })),
  };
}
