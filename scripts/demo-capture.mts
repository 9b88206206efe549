// Regenerates lib/k8s/demo/cluster.json from a real API server: starts the local control plane,
// applies lib/k8s/demo/manifests, and reads back the seven kinds, so the demo's built-in roles
// and bindings are exactly what this Kubernetes release creates. Then the demo's workloads and
// people act for a few seconds (e2e/usage/demo-actions.ts) and lib/k8s/demo/audit.log gets what
// the API server's audit log recorded from just before they started: the demo's /usage.
import { open, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serviceAccountUsername } from '../lib/rbac';
import { flushed, perform, unexpected, type Credential } from '../e2e/usage/actions';
import { DEMO_SERVICE_ACCOUNTS, DEMO_USERS, demoActions } from '../e2e/usage/demo-actions';
import { adminFetch, serviceAccountToken, type ControlPlane } from './control-plane/control-plane';
import { startDemoCluster } from './control-plane/demo-cluster';

const demoDir = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../lib/k8s/demo');
const KINDS = [
  ['v1', 'Namespace', '/api/v1/namespaces'],
  ['v1', 'ServiceAccount', '/api/v1/serviceaccounts'],
  ['v1', 'Pod', '/api/v1/pods'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', '/apis/rbac.authorization.k8s.io/v1/clusterroles'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'],
  ['rbac.authorization.k8s.io/v1', 'Role', '/apis/rbac.authorization.k8s.io/v1/roles'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', '/apis/rbac.authorization.k8s.io/v1/rolebindings'],
] as const;

type Obj = {
  metadata: Record<string, unknown>;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
};

type TokenSource = { audience?: string; expirationSeconds?: number; path?: string };
type Volume = {
  name: string;
  secret?: { secretName?: string };
  projected?: { sources?: { secret?: { name?: string }; serviceAccountToken?: TokenSource }[] };
};

/** The token the ServiceAccount admission plugin projects for automount (lib/k8s/kinds/pod-volumes.ts). */
const automountToken = (t: TokenSource) => !t.audience && t.expirationSeconds === 3607 && t.path === 'token';

/**
 * A pod's volumes as RBAC Atlas reads them (pod-volumes.ts): Secret volumes and projected Secrets and
 * tokens, without the automounted token's volume (the pod's automount says it) or anything else.
 */
function keptVolumes(volumes: Volume[] | undefined): { volumes?: Volume[] } {
  const kept = (volumes ?? []).flatMap((v): Volume[] => {
    if (v.secret) return [{ name: v.name, secret: { secretName: v.secret.secretName } }];
    const sources = (v.projected?.sources ?? []).flatMap((s) =>
      s.secret
        ? [{ secret: { name: s.secret.name } }]
        : s.serviceAccountToken && !automountToken(s.serviceAccountToken)
          ? [{ serviceAccountToken: s.serviceAccountToken }]
          : [],
    );
    return sources.length > 0 ? [{ name: v.name, projected: { sources } }] : [];
  });
  return kept.length > 0 ? { volumes: kept } : {};
}

/** Keeps what a reader of the demo needs; drops volatile fields so regenerating gives a small diff. */
function trim(kind: string, o: Obj): Obj {
  const { name, namespace, labels } = o.metadata;
  const out: Obj = { metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) } };
  for (const [k, v] of Object.entries(o)) {
    if (['metadata', 'kind', 'apiVersion', 'spec', 'status'].includes(k)) continue;
    out[k] = v;
  }
  if (kind === 'Pod') {
    const spec = o.spec ?? {};
    out.spec = {
      serviceAccountName: spec.serviceAccountName,
      ...(spec.automountServiceAccountToken !== undefined && {
        automountServiceAccountToken: spec.automountServiceAccountToken,
      }),
      containers: (spec.containers as { name: string; image: string }[]).map(({ name, image }) => ({ name, image })),
      ...keptVolumes(spec.volumes as Volume[] | undefined),
    };
    out.status = { phase: o.status?.phase };
  }
  return out;
}

/** Rounds of the demo's traffic, seconds apart, so first and last use differ. */
const ROUNDS = 3;

/** The credentials the demo's actions name: service accounts' tokens, people's static tokens, and support-bot's impersonations. */
async function demoCredentials(cp: ControlPlane): Promise<Map<string, Credential>> {
  const creds = new Map<string, Credential>();
  for (const key of DEMO_SERVICE_ACCOUNTS) {
    const [namespace = '', name = ''] = key.split('/');
    creds.set(key, { token: await serviceAccountToken(cp, namespace, name) });
  }
  for (const [name, token] of cp.userTokens) creds.set(name, { token });
  const bot = cp.userTokens.get('support-bot') ?? '';
  creds.set('support-bot as alice', { token: bot, impersonate: { user: 'alice@example.com', groups: [] } });
  creds.set('support-bot as deployer', {
    token: bot,
    impersonate: { user: serviceAccountUsername('ci', 'deployer'), groups: [] },
  });
  return creds;
}

/**
 * Runs the demo's traffic and returns the audit log from just before it: the server's start-up and
 * the manifests' creation (thousands of events) are left out by starting at the log's size then,
 * moved to the next line start. Nothing after that point is dropped, the controllers' own requests
 * included; a request that began before it appears by its later stages only.
 */
async function captureAudit(cp: ControlPlane): Promise<string> {
  const creds = await demoCredentials(cp);
  const from = (await stat(cp.auditLogPath)).size;
  const auditIds: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) await new Promise((r) => setTimeout(r, 2000));
    const done = await perform(cp, creds, demoActions());
    const wrong = unexpected(done);
    if (wrong.length > 0) throw new Error(`demo actions not answered as the manifests say:\n${wrong.join('\n')}`);
    auditIds.push(...done.map((d) => d.auditId));
  }
  await flushed(cp.auditLogPath, auditIds);
  const file = await open(cp.auditLogPath);
  try {
    const { buffer, bytesRead } = await file.read({
      buffer: Buffer.alloc((await file.stat()).size - from + 1),
      position: Math.max(0, from - 1),
    });
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    // The byte before `from` is read too (when there is one): the capture starts after the first
    // newline, which is `from` itself when it was a line start.
    const start = from === 0 ? 0 : text.indexOf('\n') + 1;
    const end = text.lastIndexOf('\n') + 1;
    return text.slice(start, end);
  } finally {
    await file.close();
  }
}

const cp = await startDemoCluster({ log: (l) => console.error(l), users: DEMO_USERS });
try {
  // Wait for the aggregation controller to fold the demo's ClusterRole into edit.
  for (let i = 0; i < 120; i++) {
    const edit = await adminFetch(cp, '/apis/rbac.authorization.k8s.io/v1/clusterroles/edit');
    if (JSON.stringify(edit.body).includes('ledgers')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const version = ((await adminFetch(cp, '/version')).body as { gitVersion: string }).gitVersion;
  const items: unknown[] = [];
  for (const [apiVersion, kind, url] of KINDS) {
    const list = (await adminFetch(cp, url)).body as { items: Obj[] };
    for (const o of list.items) items.push({ apiVersion, kind, ...trim(kind, o) });
  }
  const audit = await captureAudit(cp);
  await writeFile(path.join(demoDir, 'audit.log'), audit);
  console.error(`wrote ${audit.split('\n').length - 1} audit log lines (${(audit.length / 1024).toFixed(0)} KiB)`);
  // JSON, not YAML: the CLI and the server read the demo on every start, and JSON.parse reads it in
  // a tenth of the time a YAML parser takes (scripts/bench/scale.mts: the CLI on the demo).
  const list = { apiVersion: 'v1', kind: 'List', items };
  await writeFile(path.join(demoDir, 'cluster.json'), `${JSON.stringify(list, null, 2)}\n`);
  console.error(`wrote ${items.length} objects from ${version}`);
} finally {
  await cp.stop();
}
