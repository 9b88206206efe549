// The viewer's scope for a request in `token` mode (issue #31): which views they may open, decided by
// SubjectAccessReview (scope-review.ts), checked against what the request's address needs
// (access-gates.ts), and the data restricted to what they may see (lib/rbac/model/scope.ts), with an
// engine per (engine, scope) kept while its engine is. In `none` mode nothing here runs.
import 'server-only';
import { headers } from 'next/headers';
import { reviewAccess, type AccessReviewAnswer } from '@/lib/k8s/auth/reviews';
import type { LoadedSource } from '@/lib/k8s/source';
import { createEngine, isFullScope, restrictModel, scopeKey, type Engine, type ResourceRequest } from '@/lib/rbac';
import { needOf, refusalOf, sourceFreeRequests, sourceFreeVerdict, type Need } from './access-gates';
import { PATH_HEADER } from './path-header';
import { authSettings } from '@/lib/security/auth-settings';
import { SharedFlights, TimedCache, viewerKey } from './access-cache';
import { riskBuilds } from './risk-builds';
import { reviewScope, type ScopeViewer, type ViewerScope } from './scope-review';
import { currentViewer } from './viewer';

/** A viewer refused: 401 (no viewer) or 403 (a view their access does not show), with why. */
export class AccessRefused extends Error {
  override readonly name = 'AccessRefused';
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** What a request's viewer may see (absent in `none` mode). */
export interface ViewerAccess {
  viewer: ScopeViewer;
  scope: ViewerScope;
}

interface ScopeState {
  decisions: TimedCache<AccessReviewAnswer>;
  scopes: WeakMap<Engine, TimedCache<ViewerScope>>;
  /** By engine: the scope reviews under way, by viewer and context (shared by concurrent callers). */
  flights: WeakMap<Engine, SharedFlights<ViewerScope>>;
  /** By full engine: its restricted engines, by scope and reason. */
  restricted: WeakMap<Engine, Map<string, { source: LoadedSource; engine: Engine }>>;
  /** By context and scope: the last restricted engine (the next one's `previous`). */
  lastRestricted: Map<string, Engine>;
}

const MAX_DECISIONS = 20_000;
const MAX_SCOPES = 1_000;
const MAX_RESTRICTED = 64;

// One per process, shared by every bundle that includes this module (see current.ts).
const STATE = Symbol.for('rbac-atlas.viewer-scope');
const state = ((globalThis as { [STATE]?: ScopeState })[STATE] ??= {
  decisions: new TimedCache(authSettings().cacheSeconds * 1000, MAX_DECISIONS),
  scopes: new WeakMap(),
  flights: new WeakMap(),
  restricted: new WeakMap(),
  lastRestricted: new Map(),
});

const ttlMs = () => authSettings().cacheSeconds * 1000;

/** A review, answered from the cache while fresh; an unavailable answer is never kept (the next request asks again). */
function cachedReview(viewer: ScopeViewer, context: string | undefined) {
  const who = viewerKey(viewer);
  return async (request: ResourceRequest) => {
    const key = JSON.stringify([who, context ?? '', request]);
    const kept = state.decisions.get(key);
    if (kept) return kept;
    const user = {
      username: viewer.username,
      ...(viewer.uid !== undefined && { uid: viewer.uid }),
      groups: [...viewer.groups],
      ...(viewer.extra && { extra: copyExtra(viewer.extra) }),
    };
    const answer = await reviewAccess(user, request, context);
    if (answer.state !== 'unavailable') state.decisions.set(key, answer);
    return answer;
  };
}

function copyExtra(extra: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [...v]]));
}

/** The viewer's scope on `engine` (its namespaces are the candidates), kept briefly. */
async function scopeOf(engine: Engine, viewer: ScopeViewer, context: string | undefined): Promise<ViewerScope> {
  let kept = state.scopes.get(engine);
  if (!kept) state.scopes.set(engine, (kept = new TimedCache(ttlMs(), MAX_SCOPES)));
  const key = JSON.stringify([viewerKey(viewer), context ?? '']);
  const known = kept.get(key);
  if (known) return known;
  let flights = state.flights.get(engine);
  if (!flights) state.flights.set(engine, (flights = new SharedFlights()));
  return flights.run(key, async () => {
    const scope = await reviewScope(engine, viewer, cachedReview(viewer, context));
    if (scope.problems.length === 0) kept.set(key, scope);
    return scope;
  });
}

/** What the request's address needs; without the proxy's header, the most (a view is never opened by default). */
async function requestNeed(): Promise<Need> {
  const asked = (await headers()).get(PATH_HEADER);
  if (!asked) return { kind: 'cluster' };
  const url = new URL(asked, 'http://x');
  return needOf(url.pathname, url.searchParams);
}

/** Why what is hidden is hidden, as every incomplete answer says it. */
function hiddenReason(scope: ViewerScope): string {
  const also = scopeNote(scope);
  return also ? `hidden by your access (and ${also})` : 'hidden by your access';
}

/** What else hides part of the scope: a review that failed, or namespaces past the cap, not reviewed. */
const scopeNote = (scope: ViewerScope): string | undefined => scope.problems[0] ?? scope.unchecked;

/**
 * The request's viewer and scope, or undefined when nothing is to be checked (`none` mode, or an
 * address that reads no cluster data). Throws AccessRefused when the viewer may not open the address.
 */
export async function viewerAccess(engine: Engine, context: string | undefined): Promise<ViewerAccess | undefined> {
  if (authSettings().mode === 'none') return undefined;
  const need = await requestNeed();
  if (need.kind === 'none') return undefined;
  const viewer = await currentViewer();
  if (!viewer) throw new AccessRefused(401, 'sign in: this view needs a Kubernetes bearer token');
  const scope = await scopeOf(engine, viewer, context);
  const refused = refusalOf(need, scope.scope);
  const note = scopeNote(scope);
  if (refused) throw new AccessRefused(403, note ? `${refused} (${note})` : refused);
  return { viewer, scope };
}

/**
 * The check made before the source is read (`token` mode): an address that needs the cluster-wide
 * permission, or every namespace's, is refused here when a review denies it, so a source that
 * cannot be read never lets a view open unchecked. `shown` when the reviews alone show the viewer
 * may open it (then what reads no current data, two snapshots compared, may still be shown);
 * `unchecked` when the source's data must decide (and, if it cannot be read, nothing is shown).
 */
export async function sourceFreeAccess(context: string | undefined): Promise<'shown' | 'unchecked'> {
  if (authSettings().mode === 'none') return 'shown';
  const need = await requestNeed();
  if (need.kind === 'none') return 'shown';
  const viewer = await currentViewer();
  if (!viewer) throw new AccessRefused(401, 'sign in: this view needs a Kubernetes bearer token');
  const review = cachedReview(viewer, context);
  const answers = await Promise.all(sourceFreeRequests(need).map(async (r) => (await review(r)).state));
  const verdict = sourceFreeVerdict(need, answers);
  if (verdict.state === 'refused') throw new AccessRefused(403, verdict.reason);
  return verdict.state;
}

/** The source and engine as `access` may see them: the same ones for a viewer who sees everything. */
export function restrictedData(
  source: LoadedSource,
  engine: Engine,
  context: string,
  access: ViewerAccess,
): { source: LoadedSource; engine: Engine } {
  const { scope } = access.scope;
  if (isFullScope(scope)) return { source, engine };
  const reason = hiddenReason(access.scope);
  const key = JSON.stringify([scopeKey(scope), reason]);
  let byScope = state.restricted.get(engine);
  if (!byScope) state.restricted.set(engine, (byScope = new Map()));
  const kept = byScope.get(key);
  if (kept) return kept;
  const model = restrictModel(source.model, scope, reason);
  const lastKey = JSON.stringify([context, key]);
  const made = createEngine(model, state.lastRestricted.get(lastKey));
  riskBuilds().submit(lastKey, made);
  // The source's own issues name objects anywhere in the cluster; its raw objects are every object read.
  const seen: LoadedSource = { ...source, model, issues: [] };
  delete seen.objects;
  const data = { source: seen, engine: made };
  if (byScope.size >= MAX_RESTRICTED) byScope.clear();
  byScope.set(key, data);
  if (state.lastRestricted.size >= MAX_RESTRICTED * 4) state.lastRestricted.clear();
  state.lastRestricted.set(lastKey, made);
  return data;
}

/** The viewer's scope on `engine` without any address's check (the navigation marks what it hides); undefined in `none` mode. */
export async function viewerScopeOf(engine: Engine, context: string | undefined): Promise<ViewerScope | undefined> {
  if (authSettings().mode === 'none') return undefined;
  const viewer = await currentViewer();
  return viewer && scopeOf(engine, viewer, context);
}
