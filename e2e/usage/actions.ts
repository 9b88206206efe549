// Workloads acting on the real API server through their own credentials, and the record of what
// each did: the request as the authorizer sees it, whether RBAC should allow it, and the server's
// Audit-Id (kube-apiserver sends it on every response: audit.go, WithAudit sets the header), which
// names the request's lines in the audit log. The demo capture (scripts/demo-capture.mts) uses it too.
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import type { AccessRequest } from '@/lib/rbac';
import type { ControlPlane } from '@/scripts/control-plane/control-plane';

export interface Credential {
  token: string;
  /** Impersonate-User / Impersonate-Group headers sent with the token. */
  impersonate?: { user: string; groups: string[] };
}

export interface Action {
  /** The credential's key in the map `perform` is given. */
  actor: string;
  /** The user the request is authorized as (the impersonated one when impersonating). */
  as: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** The request as the authorizer sees it (RequestInfo: requestinfo.go, NewRequestInfo). */
  request: AccessRequest;
  expect: 'allow' | 'forbid';
}

export interface Done {
  action: Action;
  status: number;
  auditId: string;
}

type Target = { group?: string; resource: string; namespace?: string; name?: string; subresource?: string };

const VERSION: Record<string, string> = { '': 'v1', apps: 'apps/v1' };

function url(t: Target): string {
  const group = t.group ?? '';
  const base = group === '' ? '/api/v1' : `/apis/${VERSION[group] ?? `${group}/v1`}`;
  const scope = t.namespace ? `/namespaces/${t.namespace}` : '';
  const name = t.name ? `/${t.name}` : '';
  return `${base}${scope}/${t.resource}${name}${t.subresource ? `/${t.subresource}` : ''}`;
}

/**
 * The namespace the authorizer sees: a namespace's own requests (/api/v1/namespaces/NAME, and its
 * subresources) are in that namespace (requestinfo.go: "namespaces" followed by a name sets the
 * namespace, and the parts stay as they are), so a RoleBinding there can grant them.
 */
const namespaceOf = (t: Target) =>
  t.resource === 'namespaces' && (t.group ?? '') === '' && t.name ? t.name : (t.namespace ?? '');

const METHOD = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
} as const;

/**
 * A resource request by `actor` (authorized as `as`). A collection create is authorized with no name
 * (the name is in the body); a subresource create (serviceaccounts/token) names its parent.
 */
export function resource(
  actor: string,
  as: string,
  verb: keyof typeof METHOD,
  t: Target,
  expect: Action['expect'],
  body?: unknown,
): Action {
  const query = verb === 'watch' ? '?watch=true&timeoutSeconds=1' : '';
  return {
    actor,
    as,
    method: METHOD[verb],
    path: url(t) + query,
    ...(body !== undefined && { body }),
    request: {
      kind: 'resource',
      verb,
      group: t.group ?? '',
      resource: t.resource,
      subresource: t.subresource ?? '',
      name: t.name ?? '',
      namespace: namespaceOf(t),
    },
    expect,
  };
}

export function nonResource(actor: string, as: string, path: string, expect: Action['expect']): Action {
  return { actor, as, method: 'GET', path, request: { kind: 'nonResource', verb: 'get', path }, expect };
}

export const configMapBody = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
export const MERGE_PATCH = 'application/merge-patch+json';

function send(server: string, agent: Agent, cred: Credential, a: Action): Promise<{ status: number; auditId: string }> {
  const headers: Record<string, string | string[]> = {
    authorization: `Bearer ${cred.token}`,
    accept: 'application/json',
  };
  if (cred.impersonate) {
    headers['Impersonate-User'] = cred.impersonate.user;
    if (cred.impersonate.groups.length > 0) headers['Impersonate-Group'] = cred.impersonate.groups;
  }
  const payload = a.body === undefined ? undefined : JSON.stringify(a.body);
  if (payload) headers['content-type'] = a.method === 'PATCH' ? MERGE_PATCH : 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(new URL(a.path, server), { method: a.method, agent, headers, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, auditId: String(res.headers['audit-id'] ?? '') }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${a.method} ${a.path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs the actions one after another (a create comes before the get of what it made). */
export async function perform(
  cp: Pick<ControlPlane, 'server' | 'caPem'>,
  creds: ReadonlyMap<string, Credential>,
  actions: readonly Action[],
): Promise<Done[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: cp.caPem });
  try {
    const done: Done[] = [];
    for (const action of actions) {
      const cred = creds.get(action.actor);
      if (!cred) throw new Error(`no credential for ${action.actor}`);
      done.push({ action, ...(await send(cp.server, agent, cred, action)) });
    }
    return done;
  } finally {
    agent.destroy();
  }
}

/** An action whose outcome is not what the world says RBAC decides (403 is the refusal; any other code got past it). */
export function unexpected(done: readonly Done[]): string[] {
  return done
    .filter((d) => (d.status === 403) !== (d.action.expect === 'forbid') || !d.auditId)
    .map((d) => `${d.action.actor} ${d.action.method} ${d.action.path}: ${d.status} (expected ${d.action.expect})`);
}

/**
 * Waits until the log holds each request's last stage (ResponseComplete, or Panic): the log backend
 * writes an event as it is processed, but a watch's last stage comes when it ends.
 */
export async function flushed(logPath: string, auditIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(logPath, 'utf8');
    const missing = auditIds.filter(
      (id) =>
        !text.includes(`"auditID":"${id}","stage":"ResponseComplete"`) &&
        !text.includes(`"auditID":"${id}","stage":"Panic"`),
    );
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`audit log lacks the last stage of ${missing.length} requests: ${missing[0]}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
