// Writes a synthetic kube-apiserver audit log (audit.k8s.io/v1 Events, one JSON object a line, at
// Metadata level) consistent with a synthetic cluster of N namespaces (synthetic-cluster.ts): its
// service accounts (and the users its RoleBindings name) act on what their bindings allow, and the
// reason annotation names that binding as the authorizer words it (pkg/registry/rbac/validation
// rule.go describers: `RoleBinding "rb-0/ns-1" of Role "role-0" to ServiceAccount "sa-1/ns-1"`);
// some requests are denied (nodes, another namespace's secrets: nothing in the world grants them),
// some impersonated (an admin acting as a service account), some non-resource (/version, /api).
// Stages as the server writes them: RequestReceived then ResponseComplete, with ResponseStarted
// first for watches, whose ResponseComplete comes later (some are still open at the end). Lines
// have the real server's weight (user extra, user agent, a denial's status message).
// Deterministic for a given N and event count.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { random, syntheticObjects } from './synthetic-cluster';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
}
/** A way a subject of the world may act in a namespace: one RoleBinding and its role's rules. */
interface Grant {
  namespace: string;
  binding: string;
  roleKind: string;
  roleName: string;
  subject: { kind: string; name: string; namespace?: string };
  rules: Rule[];
}

/** The RoleBindings of the world with the rules their roles hold (usable rules only: no resourceNames, no "*"). */
async function worldGrants(namespaces: number, root: string): Promise<Grant[]> {
  const clusterRoles = new Map<string, Rule[]>();
  const roles = new Map<string, Rule[]>();
  const grants: Grant[] = [];
  type Obj = { kind: string; metadata: { name: string; namespace?: string }; rules?: Rule[] } & Record<string, unknown>;
  for await (const raw of syntheticObjects(namespaces, root)) {
    const o = raw as Obj;
    const usable = (o.rules ?? []).filter(
      (r) =>
        r.resources?.length && !r.resourceNames?.length && !r.resources.includes('*') && !r.apiGroups?.includes('*'),
    );
    if (o.kind === 'ClusterRole') clusterRoles.set(o.metadata.name, usable);
    if (o.kind === 'Role') roles.set(`${o.metadata.namespace}/${o.metadata.name}`, usable);
    if (o.kind !== 'RoleBinding') continue;
    const ns = o.metadata.namespace!;
    const ref = o.roleRef as { kind: string; name: string };
    const rules = ref.kind === 'Role' ? roles.get(`${ns}/${ref.name}`) : clusterRoles.get(ref.name);
    for (const subject of o.subjects as Grant['subject'][]) {
      if (rules?.length && subject.kind !== 'Group')
        grants.push({
          namespace: ns,
          binding: o.metadata.name,
          roleKind: ref.kind,
          roleName: ref.name,
          subject,
          rules,
        });
    }
  }
  return grants;
}

const SA_PREFIX = 'system:serviceaccount:';
function userOf(s: Grant['subject']): { username: string; groups: string[] } {
  if (s.kind === 'ServiceAccount')
    return {
      username: `${SA_PREFIX}${s.namespace}:${s.name}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${s.namespace}`, 'system:authenticated'],
    };
  return { username: s.name, groups: ['system:authenticated'] };
}

/** rule.go: how the authorizer names a subject in its reason. */
function describeSubject(s: Grant['subject']): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount "${s.name}/${s.namespace}"` : `${s.kind} "${s.name}"`;
}

const METHOD: Record<string, string> = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};
const NAMED = new Set(['get', 'update', 'patch', 'delete']);

/** One request: what the authorizer saw, and the URL the client sent. */
interface Req {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  uri: string;
  nonResource?: boolean;
}

function resourceUri(r: Omit<Req, 'uri'>): string {
  const base = r.group === '' ? '/api/v1' : `/apis/${r.group}/v1`;
  const ns = r.namespace ? `/namespaces/${r.namespace}` : '';
  const name = r.name && r.verb !== 'create' ? `/${r.name}` : r.subresource ? `/${r.name}` : '';
  const sub = r.subresource ? `/${r.subresource}` : '';
  const query = r.verb === 'watch' ? '?allowWatchBookmarks=true&timeoutSeconds=540&watch=true' : '';
  return `${base}${ns}/${r.resource}${name}${sub}${query}`;
}

const WITH_NAME = ['get', 'create', 'update', 'patch', 'delete'];

/** An allowed request a grant's rule covers (undefined when the drawn rule has no verb a URL can carry). */
function allowedRequest(rand: () => number, g: Grant): Req | undefined {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const rule = pick(g.rules);
  const [resource = '', subresource = ''] = pick(rule.resources!).split('/');
  const all = rule.verbs.includes('*') ? Object.keys(METHOD) : rule.verbs.filter((v) => v in METHOD);
  // A subresource is reached through a named object: its verb is what the URL's method says.
  const verbs = subresource ? all.filter((v) => WITH_NAME.includes(v)) : all;
  if (verbs.length === 0) return undefined;
  const verb = pick(verbs);
  const named = NAMED.has(verb) || subresource !== '';
  const name = named || verb === 'create' ? `${resource.replace(/s$/, '')}-${Math.floor(rand() * 40)}` : '';
  const r = { verb, group: rule.apiGroups?.[0] ?? '', resource, subresource, namespace: g.namespace, name };
  return { ...r, uri: resourceUri(r) };
}

/** Nothing in the world grants these to its service accounts and users. */
function deniedRequest(rand: () => number): Req {
  const r =
    rand() < 0.5
      ? { verb: 'list', group: '', resource: 'nodes', subresource: '', namespace: '', name: '' }
      : { verb: 'get', group: '', resource: 'secrets', subresource: '', namespace: 'kube-system', name: 'db-password' };
  return { ...r, uri: resourceUri(r) };
}

/** Both ClusterRoleBindings are to system:authenticated; the server names the first it visits. */
const NON_RESOURCE: [string, string][] = [
  ['/version', 'system:public-info-viewer'],
  ['/api', 'system:discovery'],
  ['/apis', 'system:discovery'],
];

interface UserInfo {
  username: string;
  uid: string;
  groups: string[];
  extra?: Record<string, string[]>;
}
interface Actor {
  user: UserInfo;
  impersonated?: { username: string; groups: string[] };
}

const ADMIN: UserInfo = { username: 'admin', uid: 'admin', groups: ['system:masters', 'system:authenticated'] };

/** Deterministic UUIDs from the generator's random sequence. */
function uuid(rand: () => number): string {
  const hex = () =>
    Math.floor(rand() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-8${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/** RFC 3339 with microseconds, as the server writes times. */
const stamp = (us: number) =>
  `${new Date(Math.floor(us / 1000)).toISOString().slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`;

class AuditWriter {
  lines = 0;
  requests = 0;
  private us = Date.parse('2026-12-01T00:00:00Z') * 1000;
  private readonly actors = new Map<Grant, Actor>();
  /** Watches started and not yet ended: ResponseComplete written when `due` requests have passed. */
  private readonly watches: { due: number; line: () => string }[] = [];

  constructor(
    private readonly rand: () => number,
    private readonly write: (line: string) => void,
  ) {}

  actorOf(g: Grant, impersonated: boolean): Actor {
    let a = this.actors.get(g);
    if (!a) {
      const { username, groups } = userOf(g.subject);
      const sa = g.subject.kind === 'ServiceAccount';
      const extra = sa
        ? {
            'authentication.kubernetes.io/credential-id': [`JTI=${uuid(this.rand)}`],
            'authentication.kubernetes.io/node-name': [`node-${Math.floor(this.rand() * 50)}`],
            'authentication.kubernetes.io/pod-name': [
              `app-${Math.floor(this.rand() * 5)}-7d9c8b6f5-${uuid(this.rand).slice(-5)}`,
            ],
            'authentication.kubernetes.io/pod-uid': [uuid(this.rand)],
          }
        : undefined;
      a = { user: { username, uid: uuid(this.rand), groups, ...(extra && { extra }) } };
      this.actors.set(g, a);
    }
    return impersonated ? { user: ADMIN, impersonated: { username: a.user.username, groups: a.user.groups } } : a;
  }

  /** One request's stages; a watch's end is written later. */
  request(req: Req, actor: Actor, decision: 'allow' | 'forbid', reason: string): void {
    this.requests++;
    this.us += 1000 + Math.floor(this.rand() * 9000);
    const id = uuid(this.rand);
    const received = this.us;
    const ev = (stage: string, at: number, status?: unknown) =>
      eventLine({ id, stage, req, actor, received, at, status, decision, reason });
    this.write(ev('RequestReceived', received));
    const code = decision === 'forbid' ? 403 : req.verb === 'create' ? 201 : 200;
    const status = code === 403 ? forbidden(req, actor) : { metadata: {}, code };
    if (req.verb === 'watch' && code === 200) {
      this.write(ev('ResponseStarted', received + 800, status));
      const due = this.requests + 50 + Math.floor(this.rand() * 500);
      this.watches.push({ due, line: () => ev('ResponseComplete', this.us, status) });
    } else this.write(ev('ResponseComplete', received + 300 + Math.floor(this.rand() * 3000), status));
    this.endWatches();
  }

  private endWatches(): void {
    for (let i = 0; i < this.watches.length;) {
      if (this.watches[i]!.due <= this.requests) {
        this.write(this.watches[i]!.line());
        this.watches.splice(i, 1);
      } else i++;
    }
  }
}

function forbidden(req: Req, actor: Actor) {
  const who = actor.impersonated?.username ?? actor.user.username;
  const where = req.namespace ? ` in the namespace "${req.namespace}"` : ' at the cluster scope';
  return {
    metadata: {},
    status: 'Failure',
    message: `${req.resource} is forbidden: User "${who}" cannot ${req.verb} resource "${req.resource}" in API group "${req.group}"${where}`,
    reason: 'Forbidden',
    details: { kind: req.resource },
    code: 403,
  };
}

interface EventArgs {
  id: string;
  stage: string;
  req: Req;
  actor: Actor;
  received: number;
  at: number;
  status?: unknown;
  decision: string;
  reason: string;
}

/** One line, in the field order the server writes. */
function eventLine({ id, stage, req, actor, received, at, status, decision, reason }: EventArgs): string {
  // The server fills a created object's name into objectRef (LogRequestObject) once the handler ran.
  const name = req.verb === 'create' && stage === 'RequestReceived' && !req.subresource ? '' : req.name;
  const objectRef = req.nonResource
    ? undefined
    : {
        resource: req.resource,
        ...(req.namespace && { namespace: req.namespace }),
        ...(name && { name }),
        ...(req.group && { apiGroup: req.group }),
        apiVersion: 'v1',
        ...(req.subresource && { subresource: req.subresource }),
      };
  const afterAuthz = stage !== 'RequestReceived';
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: id,
    stage,
    requestURI: req.uri,
    verb: req.verb,
    user: actor.user,
    ...(afterAuthz && actor.impersonated && { impersonatedUser: actor.impersonated }),
    sourceIPs: ['10.244.3.17'],
    userAgent: 'controller/v1.36.3 (linux/amd64) kubernetes/abcdef0',
    ...(objectRef && { objectRef }),
    ...(status !== undefined && { responseStatus: status }),
    requestReceivedTimestamp: stamp(received),
    stageTimestamp: stamp(at),
    ...(afterAuthz && {
      annotations: { 'authorization.k8s.io/decision': decision, 'authorization.k8s.io/reason': reason },
    }),
  });
}

export interface SyntheticAuditCounts {
  /** Lines written (one event each: every stage of every request). */
  lines: number;
  /** Requests (each counted once by the reader). */
  requests: number;
  bytes: number;
}

/** One request drawn: mostly service accounts using their grants; users, impersonation, denials, URLs. */
function drawRequest(w: AuditWriter, rand: () => number, sas: Grant[], users: Grant[], namespaces: number): void {
  const r = rand();
  const sa = sas[Math.floor(rand() * sas.length)]!;
  if (r < 0.05) {
    const [path, crb] = NON_RESOURCE[Math.floor(rand() * NON_RESOURCE.length)]!;
    const req = {
      verb: 'get',
      group: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
      uri: path,
      nonResource: true,
    };
    const reason = `RBAC: allowed by ClusterRoleBinding "${crb}" of ClusterRole "${crb}" to Group "system:authenticated"`;
    return w.request(req, w.actorOf(sa, false), 'allow', reason);
  }
  if (r < 0.1) return w.request(deniedRequest(rand), w.actorOf(sa, rand() < 0.2), 'forbid', '');
  const g = r < 0.2 && users.length ? users[Math.floor(rand() * users.length)]! : sa;
  const req = allowedRequest(rand, g);
  if (!req) return drawRequest(w, rand, sas, users, namespaces);
  const reason = `RBAC: allowed by RoleBinding "${g.binding}/${g.namespace}" of ${g.roleKind} "${g.roleName}" to ${describeSubject(g.subject)}`;
  w.request(req, w.actorOf(g, g === sa && r < 0.13), 'allow', reason);
}

/**
 * Writes `events` lines of audit log for the synthetic cluster of `namespaces` namespaces to `file`
 * (and, with `gz`, the same log gzip-compressed to `${file}.gz`).
 */
export async function writeSyntheticAuditLog(
  file: string,
  opts: { namespaces: number; events: number; root?: string; gz?: boolean },
): Promise<SyntheticAuditCounts> {
  const grants = await worldGrants(opts.namespaces, opts.root ?? process.cwd());
  const sas = grants.filter((g) => g.subject.kind === 'ServiceAccount');
  const users = grants.filter((g) => g.subject.kind === 'User');
  const rand = random(opts.namespaces * 7919 + opts.events);
  const out = createWriteStream(file);
  let bytes = 0;
  let pending: string[] = [];
  const w = new AuditWriter(rand, (line) => {
    pending.push(line);
    bytes += Buffer.byteLength(line) + 1;
  });
  while (w.lines < opts.events) {
    drawRequest(w, rand, sas, users, opts.namespaces);
    w.lines += pending.length;
    if (!out.write(`${pending.join('\n')}\n`)) await once(out, 'drain');
    pending = [];
  }
  out.end();
  await once(out, 'finish');
  if (opts.gz) await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
  return { lines: w.lines, requests: w.requests, bytes };
}

// `tsx scripts/bench/synthetic-audit.ts NAMESPACES EVENTS FILE` writes one.
if (process.argv[1]?.endsWith('synthetic-audit.ts')) {
  const [n = '1000', events = '100000', file = `/tmp/audit-${n}-${events}.log`] = process.argv.slice(2);
  const counts = await writeSyntheticAuditLog(file, { namespaces: Number(n), events: Number(events) });
  console.log(
    `${file}: ${counts.lines} lines, ${counts.requests} requests, ${(counts.bytes / 2 ** 20).toFixed(0)} MiB`,
  );
}
