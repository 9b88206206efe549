// The reader over what the real API server wrote: known requests made through a service account's
// token, a static user's token and an admin impersonating the service account (each sent with its
// own Audit-ID header, which the server records as the event's auditID: filters/audit_init.go),
// among enough traffic to rotate the log (--audit-log-maxsize=1). Every known request is counted
// exactly once, with the identity, request and decision the server authorized.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, Identity } from '@/lib/rbac';
import type { LogProblem, ObservedRequest } from '@/lib/rbac/usage/types';
import {
  adminFetch,
  serviceAccountToken,
  startControlPlane,
  type ControlPlane,
} from '@/scripts/control-plane/control-plane';
import { readAllAuditLogs, tailAuditLog, type AuditTail } from './index';

let cp: ControlPlane;
let agent: Agent;
const RUNNER = 'system:serviceaccount:shop:runner';
const SA_GROUPS = ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'];

interface Caller {
  token: string;
  impersonate?: string;
}

/** One request as `who`, with its own Audit-ID; the status it got. */
function send(who: Caller, method: string, uri: string, auditID: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = { authorization: `Bearer ${who.token}`, 'audit-id': auditID };
  if (who.impersonate) headers['impersonate-user'] = who.impersonate;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(new URL(uri, cp.server), { method, agent, headers, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function admin(method: string, uri: string, body: unknown): Promise<void> {
  const res = await adminFetch(cp, uri, { method, body });
  assert.ok(res.status < 300, `${method} ${uri}: ${res.status} ${JSON.stringify(res.body)}`);
}

const rbac = '/apis/rbac.authorization.k8s.io/v1/namespaces/shop';
const role = (name: string, rules: unknown[]) => ({ metadata: { name }, rules });
const binding = (name: string, subject: unknown) => ({
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
  subjects: [subject],
});

/** The namespace, the service account and what it and the group "devs" may do there. */
async function seed(): Promise<void> {
  await admin('POST', '/api/v1/namespaces', { metadata: { name: 'shop' } });
  await admin('POST', '/api/v1/namespaces/shop/serviceaccounts', { metadata: { name: 'runner' } });
  const runnerRules = [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create'] },
    { apiGroups: [''], resources: ['namespaces/status'], verbs: ['get'] },
    { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  ];
  await admin('POST', `${rbac}/roles`, role('runner', runnerRules));
  await admin(
    'POST',
    `${rbac}/rolebindings`,
    binding('runner', { kind: 'ServiceAccount', name: 'runner', namespace: 'shop' }),
  );
  await admin(
    'POST',
    `${rbac}/roles`,
    role('reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
  );
  await admin(
    'POST',
    `${rbac}/rolebindings`,
    binding('reader', { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }),
  );
}

const res = (verb: string, resource: string, namespace: string, name = '', subresource = ''): AccessRequest => ({
  kind: 'resource',
  verb,
  group: '',
  resource,
  subresource,
  name,
  namespace,
});

interface Known {
  name: string;
  who: () => Caller;
  method: string;
  uri: string;
  body?: unknown;
  identity: Identity;
  impersonator?: string;
  request: AccessRequest;
  decision: 'allow' | 'forbid';
  /** The binding the server's reason names, for an allowed request. */
  reason?: RegExp;
}

let runnerToken = '';
let aliceToken = '';
const runner = () => ({ token: runnerToken });
const alice = () => ({ token: aliceToken });
const runnerId = { user: RUNNER, groups: SA_GROUPS };
const aliceId = { user: 'alice', groups: ['devs', 'system:authenticated'] };
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'known' } };
const byRunner = /RoleBinding "runner\/shop" of Role "runner" to ServiceAccount "runner\/shop"/;

const known: Known[] = [
  {
    name: 'create with a name: authorized with none',
    who: runner,
    method: 'POST',
    uri: '/api/v1/namespaces/shop/configmaps',
    body: cm,
    identity: runnerId,
    request: res('create', 'configmaps', 'shop'),
    decision: 'allow',
    reason: byRunner,
  },
  {
    name: 'get by name',
    who: runner,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/configmaps/known',
    identity: runnerId,
    request: res('get', 'configmaps', 'shop', 'known'),
    decision: 'allow',
    reason: byRunner,
  },
  {
    name: 'list',
    who: runner,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/configmaps',
    identity: runnerId,
    request: res('list', 'configmaps', 'shop'),
    decision: 'allow',
  },
  {
    name: 'list by metadata.name',
    who: runner,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/configmaps?fieldSelector=metadata.name%3Dknown',
    identity: runnerId,
    request: res('list', 'configmaps', 'shop', 'known'),
    decision: 'allow',
  },
  {
    name: 'watch (timeoutSeconds=1)',
    who: runner,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/configmaps?watch=true&timeoutSeconds=1',
    identity: runnerId,
    request: res('watch', 'configmaps', 'shop'),
    decision: 'allow',
  },
  {
    name: 'a namespace subresource: namespace = name',
    who: runner,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/status',
    identity: runnerId,
    request: res('get', 'namespaces', 'shop', 'shop', 'status'),
    decision: 'allow',
    reason: byRunner,
  },
  {
    name: 'create on a subresource: the name in the URL',
    who: runner,
    method: 'POST',
    uri: '/api/v1/namespaces/shop/serviceaccounts/runner/token',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    identity: runnerId,
    request: res('create', 'serviceaccounts', 'shop', 'runner', 'token'),
    decision: 'allow',
    reason: byRunner,
  },
  {
    name: 'a non-resource URL',
    who: runner,
    method: 'GET',
    uri: '/version',
    identity: runnerId,
    request: { kind: 'nonResource', verb: 'get', path: '/version' },
    decision: 'allow',
    // Both bindings allow it; the server names the first its lister gives (not a fixed order).
    reason: /ClusterRoleBinding "system:(discovery|public-info-viewer)"/,
  },
  {
    name: 'denied',
    who: runner,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/secrets',
    identity: runnerId,
    request: res('list', 'secrets', 'shop'),
    decision: 'forbid',
  },
  {
    name: 'a static user through its group',
    who: alice,
    method: 'GET',
    uri: '/api/v1/namespaces/shop/configmaps/known',
    identity: aliceId,
    request: res('get', 'configmaps', 'shop', 'known'),
    decision: 'allow',
    reason: /RoleBinding "reader\/shop" of Role "reader" to Group "devs"/,
  },
  {
    name: 'a static user denied',
    who: alice,
    method: 'DELETE',
    uri: '/api/v1/namespaces/shop/configmaps/known',
    identity: aliceId,
    request: res('delete', 'configmaps', 'shop', 'known'),
    decision: 'forbid',
  },
  {
    name: 'impersonated: the service account, the admin recorded',
    who: () => ({ token: cp.adminToken, impersonate: RUNNER }),
    method: 'GET',
    uri: '/api/v1/namespaces/shop/configmaps',
    identity: runnerId,
    impersonator: 'admin',
    request: res('list', 'configmaps', 'shop'),
    decision: 'allow',
    reason: byRunner,
  },
];

/** Cheap allowed requests, enough to rotate a 1 MiB log more than once. */
async function traffic(n: number): Promise<void> {
  for (let i = 0; i < n; i += 20) {
    await Promise.all(Array.from({ length: 20 }, () => send(alice(), 'GET', '/version', randomUUID())));
  }
}

/** Each known request's auditID → what the reader counted for it (read back from the line it names). */
async function countedByID(dir: string) {
  const { requests, problems, window } = await readAllAuditLogs([dir]);
  const fileLines = new Map<string, string[]>();
  const byID = new Map<string, ObservedRequest[]>();
  for (const r of requests) {
    if (!fileLines.has(r.where.file)) fileLines.set(r.where.file, (await readFile(r.where.file, 'utf8')).split('\n'));
    const id = (JSON.parse(fileLines.get(r.where.file)![r.where.line - 1]!) as { auditID: string }).auditID;
    byID.set(id, [...(byID.get(id) ?? []), r]);
  }
  return { byID, problems, window, requests };
}

const ids = known.map(() => randomUUID());
/** The server's way of following the log, started before the known requests: what it delivered. */
let tail: AuditTail | undefined;
const tailed: ObservedRequest[] = [];
const tailProblems: LogProblem[] = [];
/** A known request's shape: who, as whom, what, the outcome (unique among the requests made here). */
const shape = (r: Pick<ObservedRequest, 'identity' | 'impersonator' | 'request' | 'decision'>) =>
  `${r.identity.user}|${r.impersonator?.user ?? ''}|${JSON.stringify(r.request)}|${r.decision}`;

before(async () => {
  cp = await startControlPlane({ auditLogMaxSizeMb: 1, users: [{ name: 'alice', groups: ['devs'] }] });
  agent = new Agent({ keepAlive: true, maxSockets: 20, ca: cp.caPem });
  aliceToken = cp.userTokens.get('alice')!;
  await seed();
  runnerToken = await serviceAccountToken(cp, 'shop', 'runner');
  tail = tailAuditLog(path.dirname(cp.auditLogPath), {
    pollMs: 200,
    onRequests: (b) => tailed.push(...b),
    onProblem: (p) => tailProblems.push(p),
  });
  await tail.ready;
  for (const [i, k] of known.entries()) {
    if (i === 6) await traffic(1200); // a rotation between the known requests
    await send(k.who(), k.method, k.uri, ids[i]!, k.body);
  }
  await traffic(1200);
  // The log backend writes as requests end; the watch ends after its 1 s.
  await new Promise((r) => setTimeout(r, 2000));
});
after(async () => {
  await tail?.stop();
  agent?.destroy();
  await cp?.stop();
});

describe('the audit log the API server wrote, rotated, read back', () => {
  test('the log rotated, every request counted once, no problems', async () => {
    const dir = path.dirname(cp.auditLogPath);
    const files = await readdir(dir);
    assert.ok(files.length >= 2, `rotated: ${files.join(', ')}`);
    const { byID, problems, window } = await countedByID(dir);
    assert.deepEqual(problems, []);
    assert.equal(window.files.at(-1), cp.auditLogPath, 'the live file last');
    for (const [id, counted] of byID) assert.equal(counted.length, 1, `${id} counted ${counted.length} times`);
    assert.equal(window.events, byID.size);
    console.log(`audit live: ${window.files.length} files, ${window.lines} lines, ${window.events} requests`);
  });

  for (const [i, k] of known.entries()) {
    test(k.name, async () => {
      const { byID } = await countedByID(path.dirname(cp.auditLogPath));
      const counted = byID.get(ids[i]!) ?? [];
      assert.equal(counted.length, 1, 'counted exactly once');
      const got = counted[0]!;
      assert.deepEqual(got.identity, k.identity);
      assert.equal(got.impersonator?.user, k.impersonator);
      assert.deepEqual(got.request, k.request);
      assert.equal(got.decision, k.decision);
      if (k.reason) assert.match(got.reason ?? '', k.reason);
    });
  }

  test('followed as the server does (tailAuditLog across the rotations): each known request once', async () => {
    const want = known.map((k) =>
      shape({ ...k, impersonator: k.impersonator ? { user: k.impersonator, groups: [] } : undefined }),
    );
    const counts = () => want.map((w) => tailed.filter((r) => shape(r) === w).length);
    const end = Date.now() + 15_000;
    while (counts().some((n) => n === 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      counts(),
      want.map(() => 1),
    );
    assert.deepEqual(tailProblems, []);
    const { window } = await readAllAuditLogs([path.dirname(cp.auditLogPath)]);
    // The one-shot read also counts what is still in flight (by its last stage); the tail waits.
    assert.ok(tail!.window().events <= window.events);
    console.log(`audit live, tailed: ${tail!.window().events} requests of ${window.events}`);
  });
});
