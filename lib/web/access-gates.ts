// What each page and API address needs of a viewer in `token` mode (issue #31), in one table, so no
// view can forget its check: the cluster-wide views need `list clusterrolebindings`; a namespace's
// views need `list rolebindings` in it; the rest (overview, lists, search, subject pages) answer
// from what the viewer may see and say what is hidden. An address the table does not know needs the
// cluster-wide permission (a new view is closed until it is placed here).
import { pageParam } from './links';
import type { ResourceRequest, ViewScope } from '@/lib/rbac';
import { isEmptyScope, isFullScope, scopeShows } from '@/lib/rbac';
import { CLUSTER_REQUEST, namespaceRequest, permissionWords, type ReviewState } from './scope-review';

export type Need =
  /** Reads no cluster data: open to every signed-in viewer. */
  | { kind: 'none' }
  /** Answers from what the viewer may see: needs something to see. */
  | { kind: 'scoped' }
  | { kind: 'cluster' }
  /**
   * Reads whole-cluster data the viewer's scope cannot restrict (the change history, the audit log,
   * snapshots): needs both permissions everywhere.
   */
  | { kind: 'everything' }
  | { kind: 'namespace'; namespace: string };

/**
 * Why a viewer whose access is `scope` may not open `href` (a page address as links write it, its
 * query included), or undefined: every link marks what the viewer's access refuses
 * (components/layout/access-refusals.tsx). No scope (`none` mode): nothing is refused.
 */
export function refusalOfHref(href: string, scope: ViewScope | undefined): string | undefined {
  if (!scope || !href.startsWith('/')) return undefined;
  const url = new URL(href, 'http://atlas.invalid');
  return refusalOf(needOf(url.pathname, url.searchParams), scope);
}

const NONE: Need = { kind: 'none' };
const SCOPED: Need = { kind: 'scoped' };
const CLUSTER: Need = { kind: 'cluster' };
const EVERYTHING: Need = { kind: 'everything' };

/** Sections whose every address is cluster-wide, answered from the viewer's scope (attack paths, findings, change reviews). */
const CLUSTER_SECTIONS = ['risks', 'what-if', 'fix', 'findings', 'paths'];
/**
 * Sections that read what no scope restricts: the change history, the audit log, snapshots; and
 * the token inspector's check, which says whether the object a token is bound to (a pod, a secret,
 * a node anywhere) still exists: from a restricted view a hidden pod would read as deleted.
 */
const EVERYTHING_SECTIONS = ['changes', 'usage', 'diff', 'token'];
/** Sections answered from the viewer's own scope. */
const SCOPED_SECTIONS = ['', 'namespaces', 'roles', 'bindings', 'subjects', 'search'];

/**
 * who-can and can-i: in one namespace, that namespace; across them (or cluster-scoped), cluster-wide;
 * effective holders walk attack paths.
 */
function requestNeed(q: URLSearchParams): Need {
  // No request asked: the empty form (a page), or a 400 (the API).
  if (!['verb', 'resource', 'path'].some((p) => q.get(p))) return SCOPED;
  if (['1', 'true'].includes(q.get('effective') ?? '')) return CLUSTER;
  const namespace = q.get('namespace') ?? '';
  return namespace ? { kind: 'namespace', namespace } : CLUSTER;
}

/** A role's or binding's address (`role/NS/NAME`, `clusterrolebinding/NAME`): a namespaced one needs its namespace. */
function objectNeed(section: string, rest: readonly string[]): Need {
  const [kind, namespace] = rest;
  if ((kind === 'role' || kind === 'rolebinding') && namespace) return { kind: 'namespace', namespace };
  if (section === 'bindings' && kind === 'clusterrolebinding') return CLUSTER;
  return SCOPED;
}

/** A namespace's graph: compared with a snapshot (`from`, `to`), it reads whole-cluster snapshots. */
function graphNeed(namespace: string | undefined, q: URLSearchParams): Need {
  if (q.has('from') || q.has('to')) return EVERYTHING;
  return namespace ? { kind: 'namespace', namespace } : SCOPED;
}

/**
 * Read no cluster data: probes, signing in and out (lib/web/auth), and the token inspector's page
 * (it decodes a token in the browser; its server check is /api/token).
 */
const NO_DATA = { api: ['healthz', 'readyz', 'session'], pages: ['sign-in', 'token'] };

function sectionNeed(section: string, rest: readonly string[], q: URLSearchParams, api: boolean): Need {
  if ((api ? NO_DATA.api : NO_DATA.pages).includes(section)) return NONE;
  if (CLUSTER_SECTIONS.includes(section)) return CLUSTER;
  if (EVERYTHING_SECTIONS.includes(section)) return EVERYTHING;
  if (section === 'who-can' || section === 'can-i') return requestNeed(q);
  if (api && section === 'graph') return graphNeed(q.get('namespace') || undefined, q);
  if (section === 'namespaces' && rest[0] !== undefined) return graphNeed(rest[0], q);
  if (section === 'roles' || section === 'bindings') return objectNeed(section, rest);
  if (SCOPED_SECTIONS.includes(section)) return SCOPED;
  return CLUSTER;
}

/** What `pathname` (as requested, percent-encoded) with `search` needs of the viewer. */
export function needOf(pathname: string, search: URLSearchParams): Need {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(pageParam);
  const api = segments[0] === 'api';
  const [section = '', ...rest] = api ? segments.slice(1) : segments;
  // An /api address no route has reads nothing (a 404 listing the routes).
  if (api && section === '') return NONE;
  return sectionNeed(section, rest, search, api);
}

/** Why a cluster-wide view (attack paths, every ClusterRoleBinding) is hidden from a viewer who may not list ClusterRoleBindings. */
export const CLUSTER_WORDS = `it spans the whole cluster: it needs permission to ${permissionWords(CLUSTER_REQUEST)}`;

/** Why whole-cluster data (history, audit log, snapshots) is hidden from a viewer who does not see everything. */
export const EVERYTHING_WORDS = `it holds every namespace's objects: it needs permission to ${permissionWords(namespaceRequest(''))} in every namespace and to ${permissionWords(CLUSTER_REQUEST)}`;

/** Why a viewer with `scope` may not open what `need` guards (undefined: they may), naming the permission. */
export function refusalOf(need: Need, scope: ViewScope): string | undefined {
  if (need.kind === 'none') return undefined;
  if (isEmptyScope(scope))
    return `your access shows nothing: you may not ${permissionWords(namespaceRequest(''))} in any namespace, nor ${permissionWords(CLUSTER_REQUEST)}`;
  if (need.kind === 'cluster' && !scope.cluster)
    return `this view spans the whole cluster: it needs permission to ${permissionWords(CLUSTER_REQUEST)}`;
  if (need.kind === 'everything' && !isFullScope(scope)) return `hidden by your access: ${EVERYTHING_WORDS}`;
  if (need.kind === 'namespace' && !scopeShows(scope, need.namespace))
    return `namespace ${need.namespace} is hidden by your access: it needs permission to ${permissionWords(namespaceRequest(need.namespace))}`;
  return undefined;
}

/**
 * The reviews that decide `need` without the cluster's data: the cluster-wide views need `list
 * clusterrolebindings`; whole-cluster data needs it and `list rolebindings` in every namespace at
 * once (a full scope is only ever granted by that review: scope-review.ts). A namespace's or the
 * scoped views need the source's namespaces first (none here).
 */
export function sourceFreeRequests(need: Need): ResourceRequest[] {
  if (need.kind === 'cluster') return [CLUSTER_REQUEST];
  if (need.kind === 'everything') return [CLUSTER_REQUEST, namespaceRequest('')];
  return [];
}

/**
 * What the reviews of sourceFreeRequests(need) decide, before the source is read (so a source that
 * cannot be read never opens a view by default, issue #31): `shown` when every one allowed,
 * `refused` (with why) when one denied, else `unchecked` (a review unavailable, or a need those
 * reviews cannot decide): the source must be read and the viewer checked against it, and when it
 * cannot be, nothing is shown.
 */
export function sourceFreeVerdict(
  need: Need,
  answers: readonly ReviewState[],
): { state: 'shown' | 'unchecked' } | { state: 'refused'; reason: string } {
  const asked = sourceFreeRequests(need);
  if (asked.length === 0 || answers.length !== asked.length) return { state: 'unchecked' };
  if (answers.includes('denied'))
    return {
      state: 'refused',
      reason:
        need.kind === 'cluster'
          ? `this view spans the whole cluster: it needs permission to ${permissionWords(CLUSTER_REQUEST)}`
          : `hidden by your access: ${EVERYTHING_WORDS}`,
    };
  return answers.every((a) => a === 'allowed') ? { state: 'shown' } : { state: 'unchecked' };
}
