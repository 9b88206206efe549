// A real Kubernetes control plane on loopback for tests and `npm run cluster`: etcd, kube-apiserver
// (RBAC authorization, static admin token, an audit log at Metadata level) and kube-controller-manager
// (default service accounts, aggregated ClusterRoles), in a temporary folder, torn down on stop.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface ControlPlane {
  server: string;
  /** PEM of the API server's serving certificate (self-signed, for 127.0.0.1). */
  caPem: string;
  adminToken: string;
  /** Static tokens of the users asked for at start, by user name. */
  userTokens: ReadonlyMap<string, string>;
  kubeconfigPath: string;
  /**
   * The API server's audit log (audit.k8s.io/v1 Events, one JSON object a line, every stage, at
   * Metadata level: no request or response bodies). Rotated copies sit beside it when
   * `auditLogMaxSizeMb` was given.
   */
  auditLogPath: string;
  dir: string;
  startupMs: number;
  /** Stops kube-apiserver (its watches break) for `downMs`, then starts it again on the same port. */
  restartApiServer(downMs?: number): Promise<void>;
  /** Freezes a process (SIGSTOP: its sockets stay open, its kernel still answers TCP), or thaws it (SIGCONT). */
  freeze(component: 'etcd' | 'kube-apiserver', frozen: boolean): void;
  stop(): Promise<void>;
}

const BUILD_SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'build.sh');

/** A port nothing listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Binaries {
  kubeApiserver: string;
  kubeControllerManager: string;
  etcd: string;
}

const run = promisify(execFile);

async function isExecutable(file: string | undefined): Promise<boolean> {
  if (!file) return false;
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * The three binaries: each from its own variable (KUBE_APISERVER_BIN, KUBE_CONTROLLER_MANAGER_BIN,
 * ETCD_BIN), else envtest's folder (KUBEBUILDER_ASSETS), else (kube binaries) built once from the
 * pinned k8s.io/kubernetes module by build.sh, or (etcd) Debian's /usr/bin/etcd.
 */
export async function controlPlaneBinaries(env: NodeJS.ProcessEnv = process.env): Promise<Binaries> {
  const assets = env.KUBEBUILDER_ASSETS;
  const pick = async (variable: string, name: string) => {
    const given = env[variable];
    if (given) {
      if (await isExecutable(given)) return given;
      throw new Error(`${variable}=${given} is not an executable file`);
    }
    const inAssets = assets ? path.join(assets, name) : undefined;
    return inAssets && (await isExecutable(inAssets)) ? inAssets : undefined;
  };
  let kubeApiserver = await pick('KUBE_APISERVER_BIN', 'kube-apiserver');
  let kubeControllerManager = await pick('KUBE_CONTROLLER_MANAGER_BIN', 'kube-controller-manager');
  if (!kubeApiserver || !kubeControllerManager) {
    const { stdout } = await run('bash', [BUILD_SCRIPT], { maxBuffer: 64 * 1024 * 1024 });
    const dir = stdout.trim().split('\n').at(-1) ?? '';
    kubeApiserver ??= path.join(dir, 'kube-apiserver');
    kubeControllerManager ??= path.join(dir, 'kube-controller-manager');
  }
  const etcd =
    (await pick('ETCD_BIN', 'etcd')) ?? ((await isExecutable('/usr/bin/etcd')) ? '/usr/bin/etcd' : undefined);
  if (!etcd) throw new Error("no etcd: install Debian's etcd-server (apt-get install etcd-server) or set ETCD_BIN");
  return { kubeApiserver, kubeControllerManager, etcd };
}

function startProcess(bin: string, args: string[], logFile: string): ChildProcess {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A frozen process (freeze()) must run to hear SIGTERM.
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000}s; last log lines:\n${tail}`);
}

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: rbac-atlas-local
  cluster: {server: "${server}", certificate-authority-data: ${ca}}
users:
- name: admin
  user: {token: ${token}}
contexts:
- name: rbac-atlas-local
  context: {cluster: rbac-atlas-local, user: admin}
current-context: rbac-atlas-local
`;
}

/** A user the API server authenticates by a static token (tests acting as users and group members). */
export interface StaticUser {
  name: string;
  groups?: string[];
}

export interface ControlPlaneOptions {
  log?: (line: string) => void;
  users?: readonly StaticUser[];
  /** Rotate the audit log at this size (kube-apiserver's --audit-log-maxsize); default: never. */
  auditLogMaxSizeMb?: number;
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const bins = await controlPlaneBinaries();
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-cp-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children.reverse()) await stopProcess(c);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, etcdPeerPort, apiPort, kcmPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const { adminToken, userTokens } = await writeCredentials(dir, opts.users ?? []);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startEtcd(bins, dir, etcdUrl, etcdPeerPort);
    children.push(etcd);
    const server = `https://127.0.0.1:${apiPort}`;
    const auditLogPath = path.join(dir, 'audit', 'audit.log');
    const auditFlags = await writeAuditPolicy(dir, auditLogPath, opts.auditLogMaxSizeMb);
    const startApiServer = () => startKubeApiserver(bins, dir, etcdUrl, apiPort, auditFlags);
    let apiServer = startApiServer();
    children.push(apiServer);
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const certFile = path.join(dir, 'certs', 'apiserver.crt');
    await waitFor('kube-apiserver certificate', async () => (await readFile(certFile)).length > 0, 60_000, apiLog);
    const caPem = await readFile(certFile, 'utf8');
    const readyz = async () => (await adminFetch({ server, caPem, adminToken }, '/readyz')).status === 200;
    await waitFor('kube-apiserver /readyz', readyz, 120_000, apiLog);
    const kubeconfigPath = path.join(dir, 'admin.kubeconfig');
    await writeFile(kubeconfigPath, kubeconfigYaml(server, caPem, adminToken));
    const kcm = startControllerManager(bins, dir, kubeconfigPath, kcmPort);
    children.push(kcm);
    await waitForControllerManager({ server, caPem, adminToken }, dir);
    const startupMs = Date.now() - started;
    log(`control plane up at ${server} in ${(startupMs / 1000).toFixed(1)}s`);
    const restartApiServer = async (downMs = 0) => {
      await stopProcess(apiServer);
      await new Promise((r) => setTimeout(r, downMs));
      const next = startApiServer();
      children[children.indexOf(apiServer)] = next;
      apiServer = next;
      await waitFor('kube-apiserver /readyz after restart', readyz, 120_000, apiLog);
    };
    const freeze = (component: 'etcd' | 'kube-apiserver', frozen: boolean) => {
      const child = component === 'etcd' ? etcd : apiServer;
      if (child.pid) process.kill(child.pid, frozen ? 'SIGSTOP' : 'SIGCONT');
    };
    return {
      server,
      caPem,
      adminToken,
      userTokens,
      kubeconfigPath,
      auditLogPath,
      dir,
      startupMs,
      restartApiServer,
      freeze,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The service-account signing keys and the static token file: the admin (system:masters) and `users`. */
async function writeCredentials(
  dir: string,
  users: readonly StaticUser[],
): Promise<{ adminToken: string; userTokens: Map<string, string> }> {
  const adminToken = `admin-${Math.random().toString(36).slice(2)}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  await writeFile(path.join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  const userTokens = new Map(users.map((u, i) => [u.name, `user-${i}-${Math.random().toString(36).slice(2)}`]));
  const csv = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = [
    `${adminToken},admin,admin,"system:masters"`,
    ...users.map((u) => `${userTokens.get(u.name)},${csv(u.name)},${csv(u.name)},${csv((u.groups ?? []).join(','))}`),
  ];
  await writeFile(path.join(dir, 'tokens.csv'), `${lines.join('\n')}\n`);
  return { adminToken, userTokens };
}

function startEtcd(bins: Binaries, dir: string, etcdUrl: string, peerPort: number): ChildProcess {
  return startProcess(
    bins.etcd,
    [
      `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      '--log-level=warn',
    ],
    path.join(dir, 'etcd.log'),
  );
}

/**
 * An audit policy that records every request at Metadata level (who, what, the outcome and the
 * authorizer's annotations; no bodies), as the README tells admins to set, and the flags that write
 * it as a JSON-lines log (the log backend's default format).
 */
async function writeAuditPolicy(dir: string, logPath: string, maxSizeMb?: number): Promise<string[]> {
  const policy = path.join(dir, 'audit-policy.yaml');
  await mkdir(path.dirname(logPath), { recursive: true });
  await writeFile(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n');
  return [
    `--audit-policy-file=${policy}`,
    `--audit-log-path=${logPath}`,
    '--audit-log-format=json',
    ...(maxSizeMb === undefined ? [] : [`--audit-log-maxsize=${maxSizeMb}`, '--audit-log-maxbackup=100']),
  ];
}

function startKubeApiserver(
  bins: Binaries,
  dir: string,
  etcdUrl: string,
  apiPort: number,
  auditFlags: readonly string[],
): ChildProcess {
  return startProcess(
    bins.kubeApiserver,
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${path.join(dir, 'certs')}`,
      '--authorization-mode=RBAC',
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--anonymous-auth=false',
      // As kubeadm and every managed cluster: privileged pods are Pod Security's to refuse.
      '--allow-privileged=true',
      ...auditFlags,
    ],
    path.join(dir, 'kube-apiserver.log'),
  );
}

/**
 * The controllers the tests rely on (it is ready once the default namespace has its service account);
 * the token controller fills a legacy `kubernetes.io/service-account-token` Secret with a token signed
 * by the key the API server verifies (the token inspector's proof of a long-lived token).
 */
function startControllerManager(bins: Binaries, dir: string, kubeconfigPath: string, port: number): ChildProcess {
  return startProcess(
    bins.kubeControllerManager,
    [
      `--kubeconfig=${kubeconfigPath}`,
      '--controllers=serviceaccount-controller,serviceaccount-token-controller,clusterrole-aggregation-controller,namespace-controller,garbage-collector-controller',
      `--service-account-private-key-file=${path.join(dir, 'sa.key')}`,
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
    ],
    path.join(dir, 'kube-controller-manager.log'),
  );
}

/** The controller manager is ready once it has given the default namespace its service account. */
function waitForControllerManager(admin: Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>, dir: string) {
  // Ready when its controllers have run: the default service account made, and the built-in
  // aggregated ClusterRoles (stored by the API server with no rules) filled, so a reader right
  // after start does not see them mid-aggregation.
  const filled = async (name: string) => {
    const res = await adminFetch(admin, `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`);
    const rules = (res.body as { rules?: unknown[] } | undefined)?.rules;
    return res.status === 200 && Array.isArray(rules) && rules.length > 0;
  };
  const ready = async () =>
    (await adminFetch(admin, '/api/v1/namespaces/default/serviceaccounts/default')).status === 200 &&
    (await filled('admin')) &&
    (await filled('edit')) &&
    (await filled('view'));
  return waitFor('kube-controller-manager', ready, 120_000, path.join(dir, 'kube-controller-manager.log'));
}

/** A request to the API server as the admin, trusting its self-signed certificate. */
export async function adminFetch(
  cp: Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>,
  pathname: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const { request } = await import('node:https');
  const url = new URL(pathname, cp.server);
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        ca: cp.caPem,
        headers: {
          authorization: `Bearer ${cp.adminToken}`,
          accept: 'application/json',
          ...(payload && { 'content-type': 'application/json' }),
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON: /readyz answers "ok" */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${pathname}`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A short-lived token for a service account (TokenRequest), as a kubelet would mount it. */
export async function serviceAccountToken(
  cp: Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>,
  namespace: string,
  name: string,
): Promise<string> {
  const res = await adminFetch(cp, `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  const token = (res.body as { status?: { token?: string } }).status?.token;
  if (res.status !== 201 || !token)
    throw new Error(`token for ${namespace}/${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}
