// The subject page's "Resource contains" filter. The text is also resolved as kubectl resolves a
// type (lib/rbac/model/request-parse.ts): `sa` finds serviceaccounts, `Secret` finds secrets, and a row that
// covers the type (`*`, `*.apps`) stays, so a wildcard grant is never filtered out of sight.
import { ruleAllows, type PermissionMatrix, type PermissionRow, type ResourceRequest } from '@/lib/rbac';
import { resolveRequest, type DiscoveredTypes, type Rewrite } from '@/lib/rbac/model/request-parse';

export interface MatrixFilter {
  text: string;
  /** The type the text names (built-in, or discovered on a live cluster), when it names one. */
  type?: ResourceRequest;
  /** The text resolved (sa → serviceaccounts), to say so next to the filter. */
  resolved: Rewrite[];
}

/** `discovered`: the live cluster's types, so a custom resource's short name or kind finds it too. */
export function matrixFilter(text: string, discovered?: DiscoveredTypes): MatrixFilter {
  if (!text || text.includes('*')) return { text, resolved: [] };
  const r = resolveRequest({ verb: 'get', resource: text }, { discovered });
  if ('error' in r || r.unknown.length > 0 || r.request.kind !== 'resource') return { text, resolved: [] };
  return { text, type: r.request, resolved: r.resolved };
}

/** The rule a row stands for: its group, and its resource as the rule wrote it (the label less `.group`). */
function rowCovers(row: PermissionRow, request: ResourceRequest): boolean {
  const [main = '', sub] = row.resource.split('/');
  const name = row.resource === '*' || row.group === '' ? main : main.slice(0, main.length - row.group.length - 1);
  const resource = row.resource === '*' ? '*' : sub ? `${name}/${sub}` : name;
  return ruleAllows(
    { verbs: ['*'], apiGroups: [row.group], resources: [resource], resourceNames: [], nonResourceURLs: [] },
    request,
  );
}

/** The rows (and URLs) whose name contains the text, or that cover the type it names; the verb columns narrowed to what is left. */
export function filterMatrix(m: PermissionMatrix, text: string, discovered?: DiscoveredTypes): PermissionMatrix {
  if (!text) return m;
  const { type } = matrixFilter(text, discovered);
  const rows = m.rows.filter((r) => r.resource.includes(text) || (type !== undefined && rowCovers(r, type)));
  const used = new Set(rows.flatMap((r) => Object.keys(r.cells)));
  return {
    verbs: m.verbs.filter((v) => used.has(v)),
    rows,
    nonResource: m.nonResource.filter((n) => n.url.includes(text)),
  };
}
