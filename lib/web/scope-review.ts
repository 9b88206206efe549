// Which views one viewer may open (issue #31): decided by SubjectAccessReview, the API server's own
// answer, never by this app's reading of RBAC alone. The cluster-wide views need `list
// clusterrolebindings`; a namespace needs `list rolebindings` in it. The engine only narrows which
// namespaces are worth asking about (a "no" it is sure of saves a review); every namespace shown was
// allowed by a review. A namespace allowed only by an authorizer other than RBAC (a webhook, ABAC)
// is therefore hidden: the safe side (docs/security.md).
import { requestNamespace, type Engine, type ResourceRequest, type ViewScope } from '@/lib/rbac';

/** The viewer as TokenReview named them (lib/k8s/auth/reviews.ts's ReviewedUser). */
export interface ScopeViewer {
  username: string;
  uid?: string;
  groups: readonly string[];
  extra?: Readonly<Record<string, readonly string[]>>;
}

export type ReviewState = 'allowed' | 'denied' | 'unavailable';
/** One SubjectAccessReview of the viewer for `request`. */
export type Review = (request: ResourceRequest) => Promise<{ state: ReviewState; reason?: string }>;

/** What the viewer may see, and the reviews that could not be made (then the views they guard are hidden). */
export interface ViewerScope {
  scope: ViewScope;
  problems: string[];
  /**
   * The candidate namespaces past MAX_CANDIDATES, not reviewed and so hidden, said in words; a
   * limit, not a failure: the scope is still kept (a failed review's is not).
   */
  unchecked?: string;
}

/**
 * At most this many namespaces are reviewed for one viewer (one SubjectAccessReview each): a
 * cluster of 10,000 namespaces must not cost 10,000 round trips per viewer. Those past it are
 * hidden and said as hidden, never shown unchecked.
 */
export const MAX_CANDIDATES = 2_000;

/** What not reviewing `count` namespaces (first `names`) hides, as every incomplete answer says it. */
export function uncheckedWords(count: number, names: readonly string[]): string {
  const first = names.slice(0, 3).join(', ');
  const more = count > names.slice(0, 3).length ? ', …' : '';
  return `${count} namespace${count === 1 ? '' : 's'} (${first}${more}) were not checked: at most ${MAX_CANDIDATES} are reviewed for one viewer`;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function listRequest(resource: string, namespace: string): ResourceRequest {
  return { kind: 'resource', verb: 'list', group: RBAC_GROUP, resource, subresource: '', name: '', namespace };
}

/** The cluster-wide views' permission. */
export const CLUSTER_REQUEST = listRequest('clusterrolebindings', '');
/** A namespace's permission ("" for every namespace at once). */
export const namespaceRequest = (namespace: string) => listRequest('rolebindings', namespace);

/** The permission, in words, as a 403 names it. */
export function permissionWords(request: ResourceRequest): string {
  const where = request.namespace ? ` in namespace ${request.namespace}` : '';
  return `${request.verb} ${request.resource}${where}`;
}

/** At most this many namespace reviews in flight for one viewer. */
export const REVIEW_CONCURRENCY = 8;

async function inBatches<T, R>(items: readonly T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await each(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The namespaces worth a review: those where the engine says the viewer may list RoleBindings, or
 * cannot be sure it may not (its answer is incomplete: a kind the source could not read may grant it).
 */
export function candidateNamespaces(engine: Engine, viewer: ScopeViewer): string[] {
  const identity = { user: viewer.username, groups: [...viewer.groups] };
  const names = engine.namespaces({ limit: Number.MAX_SAFE_INTEGER }).items.map((n) => n.name);
  const granted: string[] = [];
  const unsure: string[] = [];
  for (const ns of names) {
    const request = namespaceRequest(ns);
    if (engine.canI(identity, request).allowed) granted.push(ns);
    else if (!engine.completeness('can-i', requestNamespace(request)).complete) unsure.push(ns);
  }
  // Those RBAC grants first: under MAX_CANDIDATES they are the ones reviewed.
  return [...granted, ...unsure];
}

function problemOf(request: ResourceRequest, reason: string | undefined): string {
  return `could not check whether you may ${permissionWords(request)}: ${reason ?? 'no reason given'}`;
}

/**
 * The viewer's scope: two reviews, then one per candidate namespace (at most REVIEW_CONCURRENCY at
 * once, at most MAX_CANDIDATES in all: the rest are hidden, and `unchecked` says so).
 */
export async function reviewScope(engine: Engine, viewer: ScopeViewer, review: Review): Promise<ViewerScope> {
  const problems: string[] = [];
  const ask = async (request: ResourceRequest) => {
    const answer = await review(request);
    if (answer.state === 'unavailable') problems.push(problemOf(request, answer.reason));
    return answer.state === 'allowed';
  };
  const [cluster, everywhere] = await Promise.all([ask(CLUSTER_REQUEST), ask(namespaceRequest(''))]);
  if (everywhere) return { scope: { cluster, namespaces: 'all' }, problems };
  const all = candidateNamespaces(engine, viewer);
  const candidates = all.slice(0, MAX_CANDIDATES);
  const skipped = all.slice(MAX_CANDIDATES);
  const allowed = await inBatches(candidates, REVIEW_CONCURRENCY, (ns) => ask(namespaceRequest(ns)));
  const scope = { cluster, namespaces: candidates.filter((_, i) => allowed[i]) };
  return { scope, problems, ...(skipped.length > 0 && { unchecked: uncheckedWords(skipped.length, skipped) }) };
}
