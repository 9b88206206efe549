// Reads the seven kinds from a live cluster through @kubernetes/client-node: every kind in
// parallel, paginated, each call with a timeout. A kind the credentials may not list is reported
// with the permission that would fix it, and the other kinds still load.
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  Observable,
  RbacAuthorizationV1Api,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { ClusterError } from './cluster-error';
import type { SourceIssue } from './issues';

export { ClusterError };
import type { KnownKind } from './objects';

export interface ListPage {
  items: unknown[];
  metadata?: { _continue?: string };
}

/** How to list one kind cluster-wide, one page at a time. */
interface KindLister {
  kind: KnownKind;
  apiVersion: string;
  /** For the "which permission would fix it" message. */
  resource: string;
  group: string;
  list(page: { limit: number; _continue?: string }, timeoutMs: number): Promise<ListPage>;
  /** Namespaced kinds: one namespace at a time, for credentials limited to some namespaces. */
  listIn?(namespace: string, page: { limit: number; _continue?: string }, timeoutMs: number): Promise<ListPage>;
}

export interface LiveOptions {
  /** Per call. */
  timeoutMs?: number;
  pageSize?: number;
  /** List namespaced kinds only in these namespaces (namespace-scoped installs); all when absent. */
  namespaces?: readonly string[];
}

export interface LiveRead {
  /** Raw objects per kind, with kind and apiVersion set, as the API returned them. */
  objects: { kind: KnownKind; apiVersion: string; items: Record<string, unknown>[] }[];
  issues: SourceIssue[];
}

// The object-parameter API passes options straight to the observable layer, hence Observable here.
function timeoutMiddleware(ms: number) {
  return {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(AbortSignal.timeout(ms));
      return new Observable(Promise.resolve(ctx));
    },
    post: (ctx: ResponseContext) => new Observable(Promise.resolve(ctx)),
  };
}

function listers(kc: KubeConfig): KindLister[] {
  const core = kc.makeApiClient(CoreV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const opts = (ms: number) => ({ middleware: [timeoutMiddleware(ms)], middlewareMergeStrategy: 'append' as const });
  const RBAC = 'rbac.authorization.k8s.io';
  return [
    {
      kind: 'Namespace',
      apiVersion: 'v1',
      resource: 'namespaces',
      group: '',
      list: (p, t) => core.listNamespace(p, opts(t)),
    },
    {
      kind: 'ServiceAccount',
      apiVersion: 'v1',
      resource: 'serviceaccounts',
      group: '',
      list: (p, t) => core.listServiceAccountForAllNamespaces(p, opts(t)),
      listIn: (namespace, p, t) => core.listNamespacedServiceAccount({ namespace, ...p }, opts(t)),
    },
    {
      kind: 'Pod',
      apiVersion: 'v1',
      resource: 'pods',
      group: '',
      list: (p, t) => core.listPodForAllNamespaces(p, opts(t)),
      listIn: (namespace, p, t) => core.listNamespacedPod({ namespace, ...p }, opts(t)),
    },
    {
      kind: 'Role',
      apiVersion: `${RBAC}/v1`,
      resource: 'roles',
      group: RBAC,
      list: (p, t) => rbac.listRoleForAllNamespaces(p, opts(t)),
      listIn: (namespace, p, t) => rbac.listNamespacedRole({ namespace, ...p }, opts(t)),
    },
    {
      kind: 'ClusterRole',
      apiVersion: `${RBAC}/v1`,
      resource: 'clusterroles',
      group: RBAC,
      list: (p, t) => rbac.listClusterRole(p, opts(t)),
    },
    {
      kind: 'RoleBinding',
      apiVersion: `${RBAC}/v1`,
      resource: 'rolebindings',
      group: RBAC,
      list: (p, t) => rbac.listRoleBindingForAllNamespaces(p, opts(t)),
      listIn: (namespace, p, t) => rbac.listNamespacedRoleBinding({ namespace, ...p }, opts(t)),
    },
    {
      kind: 'ClusterRoleBinding',
      apiVersion: `${RBAC}/v1`,
      resource: 'clusterrolebindings',
      group: RBAC,
      list: (p, t) => rbac.listClusterRoleBinding(p, opts(t)),
    },
  ];
}

/** Plain JSON as the API sent it (client-node hands back class instances with Dates). */
function plain(item: unknown): Record<string, unknown> {
  const o = JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta) delete meta.managedFields;
  return o;
}

async function listPages(
  l: KindLister,
  list: (page: { limit: number; _continue?: string }) => Promise<ListPage>,
  pageSize: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let token: string | undefined;
  do {
    const page = await list({ limit: pageSize, ...(token && { _continue: token }) });
    for (const item of page.items) items.push({ apiVersion: l.apiVersion, kind: l.kind, ...plain(item) });
    token = page.metadata?._continue || undefined;
  } while (token);
  return items;
}

async function listAll(l: KindLister, opts: Required<Pick<LiveOptions, 'timeoutMs' | 'pageSize'>> & LiveOptions) {
  const { timeoutMs, pageSize, namespaces } = opts;
  const listIn = l.listIn;
  if (!namespaces || !listIn) return listPages(l, (p) => l.list(p, timeoutMs), pageSize);
  const perNamespace = await Promise.all(
    namespaces.map((ns) => listPages(l, (p) => listIn(ns, p, timeoutMs), pageSize)),
  );
  return perNamespace.flat();
}

function describeFailure(e: unknown, l: KindLister, server: string): { status?: number; message: string } {
  if (e instanceof ApiException) {
    const status = e.code;
    if (status === 403) {
      const group = l.group === '' ? '"" (core)' : `"${l.group}"`;
      return {
        status,
        message: `forbidden: these credentials may not list ${l.resource} cluster-wide; grant verbs list (and watch) on resource "${l.resource}" in API group ${group} through a ClusterRole and ClusterRoleBinding`,
      };
    }
    if (status === 401)
      return { status, message: `unauthorized: the API server at ${server} rejected these credentials` };
    return { status, message: `listing ${l.resource} failed: HTTP ${status}` };
  }
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return { message: `listing ${l.resource} timed out` };
  // node-fetch puts the system error code (ECONNREFUSED, ENOTFOUND, CERT_…) on the error itself.
  const cause = err.code ?? err.cause?.code ?? err.cause?.message ?? err.message;
  return { message: `cannot reach the API server at ${server}: ${cause}` };
}

/** Lists every kind; throws ClusterError only when nothing at all could be read. */
export async function readLiveCluster(kc: KubeConfig, where: string, opts: LiveOptions = {}): Promise<LiveRead> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const pageSize = opts.pageSize ?? 500;
  const server = kc.getCurrentCluster()?.server ?? '(no server)';
  const ls = listers(kc);
  const results = await Promise.allSettled(ls.map((l) => listAll(l, { ...opts, timeoutMs, pageSize })));
  const objects: LiveRead['objects'] = [];
  const issues: SourceIssue[] = [];
  const failures: { status?: number; message: string }[] = [];
  results.forEach((r, i) => {
    const l = ls[i]!;
    if (r.status === 'fulfilled') objects.push({ kind: l.kind, apiVersion: l.apiVersion, items: r.value });
    else {
      const f = describeFailure(r.reason, l, server);
      failures.push(f);
      issues.push({ file: where, object: l.kind, severity: 'error', message: f.message });
    }
  });
  // Nothing read and no kind merely forbidden: the cluster itself is the problem, not one permission.
  if (objects.length === 0 && !failures.some((f) => f.status === 403))
    throw new ClusterError(failures[0]?.message ?? 'no data');
  return { objects, issues };
}
