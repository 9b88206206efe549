// Writes a synthetic cluster of N namespaces as one kubectl-style JSON List (what `kubectl get
// namespaces,serviceaccounts,pods,roles,clusterroles,rolebindings,clusterrolebindings -A -o json`
// prints), at the Kubernetes scalability limits when N is 10,000: per namespace 15 pods, 4 service
// accounts, 2 Roles and 5 RoleBindings; N/10 ClusterRoles and N/20 ClusterRoleBindings; plus the
// built-in ClusterRoles and bindings of the demo (captured from a real API server). Pods carry the
// fields a real list returns (containers, volumes, status), so the file has a real list's weight.
// Written as a stream, one object at a time, deterministic for a given N.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { parse } from 'yaml';

const RBAC = 'rbac.authorization.k8s.io';
const V1 = `${RBAC}/v1`;
const RESOURCES: [string, string][] = [
  ['', 'pods'],
  ['', 'services'],
  ['', 'configmaps'],
  ['', 'secrets'],
  ['apps', 'deployments'],
  ['apps', 'statefulsets'],
  ['batch', 'jobs'],
  ['networking.k8s.io', 'ingresses'],
  ['', 'pods/log'],
  ['', 'pods/exec'],
];
const VERBS = [['get', 'list', 'watch'], ['create', 'update', 'patch', 'delete'], ['get'], ['*']];

/** A small deterministic generator (mulberry32), so the same N always writes the same file. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rules(rand: () => number, count: number) {
  return Array.from({ length: count }, () => {
    const [group, resource] = RESOURCES[Math.floor(rand() * RESOURCES.length)]!;
    return { apiGroups: [group], resources: [resource], verbs: VERBS[Math.floor(rand() * VERBS.length)] };
  });
}

function pod(ns: string, i: number, sa: string, uid: string) {
  const app = `app-${i % 5}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-7d9c8b6f5-${uid.slice(-5)}${i % 15}`,
      namespace: ns,
      uid,
      resourceVersion: String(100000 + i),
      creationTimestamp: '2026-11-01T10:00:00Z',
      labels: { app, 'pod-template-hash': '7d9c8b6f5' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-7d9c8b6f5`,
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      serviceAccountName: sa,
      serviceAccount: sa,
      nodeName: `node-${i % 50}`,
      containers: [
        {
          name: app,
          image: `registry.example.com/${ns}/${app}:1.4.2`,
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          volumeMounts: [
            { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
          ],
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      volumes: [
        {
          name: 'kube-api-access',
          projected: {
            defaultMode: 420,
            sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }],
          },
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: 'Running',
      podIP: `10.${i % 250}.${(i >> 8) % 250}.${i % 200}`,
      hostIP: `192.168.0.${i % 50}`,
      startTime: '2026-11-01T10:00:05Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-01T10:00:20Z' }],
    },
  };
}

/** The built-in ClusterRoles and ClusterRoleBindings of the bundled demo (captured from a real API server). */
async function builtins(root: string): Promise<unknown[]> {
  const demo = parse(await readFile(path.join(root, 'lib/k8s/demo/cluster.json'), 'utf8')) as {
    items: { kind: string; metadata: { name: string; labels?: Record<string, string> } }[];
  };
  return demo.items.filter(
    (o) =>
      (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding') &&
      (o.metadata.name.startsWith('system:') || o.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults'),
  );
}

export interface SyntheticCounts {
  objects: number;
  namespaces: number;
  pods: number;
}

/**
 * The objects of the synthetic cluster, in the file's order (built-ins, cluster objects, then each
 * namespace's): what `writeSyntheticCluster` writes, and what the live benchmark's stand-in server
 * serves without a file in between. `changedBindings`: the same cluster with that many RoleBindings
 * changed (spread over the namespaces: bound to admin, with one more user), for the change review's
 * benchmark. The random sequence is not touched, so everything else is the same object for object.
 */
export async function* syntheticObjects(
  namespaces: number,
  root = process.cwd(),
  changedBindings = 0,
): AsyncGenerator<Record<string, unknown>> {
  const every = changedBindings > 0 ? Math.max(1, Math.floor(namespaces / changedBindings)) : 0;
  const shape: Shape = {
    rand: random(namespaces),
    namespaces,
    clusterRoles: Math.max(1, Math.floor(namespaces / 10)),
    changed: (i) => every > 0 && i % every === 0 && i / every < changedBindings,
  };
  for (const o of await builtins(root)) yield o as Record<string, unknown>;
  // Generated lazily, in this order: the random sequence is drawn as the objects are written.
  for (const o of clusterObjects(shape)) yield o as Record<string, unknown>;
  for (let i = 0; i < namespaces; i++) for (const o of namespaceObjects(shape, i)) yield o as Record<string, unknown>;
}

/** Writes `syntheticObjects(namespaces, root, changedBindings)` as one kubectl-style JSON List. */
export async function writeSyntheticCluster(
  file: string,
  namespaces: number,
  root = process.cwd(),
  changedBindings = 0,
): Promise<SyntheticCounts> {
  const out = createWriteStream(file);
  let objects = 0;
  out.write('{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n');
  for await (const o of syntheticObjects(namespaces, root, changedBindings)) {
    const text = `${objects++ === 0 ? '' : ',\n'}${JSON.stringify(o)}`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end('\n]}\n');
  await once(out, 'finish');
  return { objects, namespaces, pods: namespaces * 15 };
}

interface Shape {
  rand: () => number;
  namespaces: number;
  clusterRoles: number;
  /** Whether namespace `i`'s first RoleBinding is the changed one. */
  changed: (i: number) => boolean;
}

const ns = (i: number) => `ns-${i}`;

/** The custom ClusterRoles, and a ClusterRoleBinding for every 20 namespaces. */
function* clusterObjects({ rand, namespaces, clusterRoles }: Shape): Generator<unknown> {
  for (let c = 0; c < clusterRoles; c++)
    yield { apiVersion: V1, kind: 'ClusterRole', metadata: { name: `custom-${c}` }, rules: rules(rand, 3) };
  for (let b = 0; b < Math.floor(namespaces / 20); b++) {
    const n = Math.floor(rand() * namespaces);
    yield {
      apiVersion: V1,
      kind: 'ClusterRoleBinding',
      metadata: { name: `crb-${b}` },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b % 7 === 0 ? 'view' : `custom-${b % clusterRoles}` },
      subjects:
        b % 3 === 0
          ? [{ kind: 'ServiceAccount', name: 'sa-0', namespace: ns(n) }]
          : [
              {
                apiGroup: RBAC,
                kind: b % 3 === 1 ? 'User' : 'Group',
                name: b % 3 === 1 ? `user-${b}@example.com` : `team-${b % 40}`,
              },
            ],
    };
  }
}

/** One namespace: itself, 4 service accounts, 2 Roles, 5 RoleBindings and 15 pods. */
function* namespaceObjects(shape: Shape, i: number): Generator<unknown> {
  const { rand } = shape;
  const name = ns(i);
  yield { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } };
  for (let s = 0; s < 4; s++)
    yield {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: s === 0 ? 'default' : `sa-${s}`, namespace: name },
    };
  for (let r = 0; r < 2; r++)
    yield { apiVersion: V1, kind: 'Role', metadata: { name: `role-${r}`, namespace: name }, rules: rules(rand, 2) };
  for (let b = 0; b < 5; b++) yield roleBinding(shape, i, b);
  for (let p = 0; p < 15; p++) {
    const uid = `${i.toString(16).padStart(8, '0')}-${p.toString(16).padStart(4, '0')}-4000-8000-${Math.floor(
      rand() * 2 ** 48,
    )
      .toString(16)
      .padStart(12, '0')}`;
    yield pod(name, i * 15 + p, p % 4 === 0 ? 'default' : `sa-${p % 4}`, uid);
  }
}

function roleBinding({ clusterRoles, changed }: Shape, i: number, b: number): unknown {
  const name = ns(i);
  const subjects = [
    { kind: 'ServiceAccount', name: `sa-${1 + (b % 3)}`, namespace: name },
    b === 3 ? { apiGroup: RBAC, kind: 'User', name: `dev-${i % 500}@example.com` } : undefined,
    b === 4 ? { apiGroup: RBAC, kind: 'Group', name: `team-${i % 40}` } : undefined,
  ].filter(Boolean);
  const roleRef =
    b < 2
      ? { apiGroup: RBAC, kind: 'Role', name: `role-${b}` }
      : { apiGroup: RBAC, kind: 'ClusterRole', name: b === 2 ? 'edit' : `custom-${(i + b) % clusterRoles}` };
  const change = b === 0 && changed(i);
  return {
    apiVersion: V1,
    kind: 'RoleBinding',
    metadata: { name: `rb-${b}`, namespace: name },
    roleRef: change ? { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' } : roleRef,
    subjects: change ? [...subjects, { apiGroup: RBAC, kind: 'User', name: `reviewer-${i}@example.com` }] : subjects,
  };
}

// `tsx scripts/bench/synthetic-cluster.ts N FILE` writes one.
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [n = '1000', file = `cluster-${n}.json`] = process.argv.slice(2);
  const counts = await writeSyntheticCluster(file, Number(n));
  console.log(`${file}: ${counts.objects} objects, ${counts.namespaces} namespaces, ${counts.pods} pods`);
}
