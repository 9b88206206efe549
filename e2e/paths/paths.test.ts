// Proof that attack paths are real: every step the engine claims is performed on a real
// kube-apiserver as the attacker, and every "no path" is met by the server refusing each step
// aimed directly at the target. A hand-written world covers each technique and near miss; a seeded
// random world adds hundreds of claims. The tally must be 0 disagreements.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSource } from '@/lib/k8s/source';
import {
  allowsPrivilegedPods,
  CLUSTER_ADMIN,
  createEngine,
  describeActions,
  describePathNode,
  describeRequest,
  subjectText,
  type AccessRequest,
  type AttackPath,
  type ClusterModel,
  type Engine,
  type PathTarget,
  type SubjectRef,
} from '@/lib/rbac';
import { startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { Random } from '../conformance/random';
import { Api } from './api';
import { modeOf } from './constrained';
import { CONSTRAINED_ATTACKERS, constrainedMisses } from './constrained-cases';
import { eventually, Executor, HopFailed } from './executor';
import { createWorld, RANDOM_NODES, randomWorld, scenarioWorld } from './world';

const SEED = Number(process.env.PATHS_SEED ?? 20261125);
const CLAIMS = Number(process.env.PATHS_CLAIMS ?? 220);
const NO_PATHS = Number(process.env.PATHS_NO_PATHS ?? 250);

let cp: ControlPlane;
let api: Api;
let engine: Engine;
let model: ClusterModel;
let executor: Executor;
let random: ReturnType<typeof randomWorld>;
let checked = 0;
let disagreements = 0;

before(async () => {
  const scenario = scenarioWorld();
  random = randomWorld(SEED);
  cp = await startControlPlane({ log: (l) => console.log(l), users: [...scenario.users, ...random.users] });
  await createWorld(cp, [...scenario.objects, ...random.objects]);
  api = new Api(cp);
  const source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  assert.deepEqual(source.issues, []);
  model = source.model;
  engine = createEngine(model);
  executor = new Executor(api, engine, cp.userTokens);
  // The authorizer's caches see the world a moment after it is stored.
  await new Promise((r) => setTimeout(r, 1500));
});

after(async () => {
  api?.close();
  await cp?.stop();
  const t = executor?.tally;
  if (t)
    console.log(
      `constrained impersonation: ${t.hops} hops checked (${t.refusedOutside} requests outside their actions refused), ` +
        `${t.allowedAsIdentity + t.refusedAsIdentity} requests within them answered as the engine said ` +
        `(${t.allowedAsIdentity} allowed, ${t.refusedAsIdentity} refused by the identity's own rules; ` +
        `${t.limitedRequests} at limited ends); ${t.matchNoRequest} action combinations match no request`,
    );
  console.log(`attack paths: ${checked} answers checked on the API server, ${disagreements} disagreements`);
});

const user = (name: string): SubjectRef => ({ kind: 'User', name });
const ADMIN_SA: SubjectRef = { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' };
const describePath = (p: AttackPath) => {
  const limited = p.limitedTo;
  const steps = p.steps.map((s) => `${s.technique} → ${s.to === CLUSTER_ADMIN ? s.to : JSON.stringify(s.to)}`);
  return `${subjectText(p.from)}: ${steps.join(', ')}${limited ? ` (${describeActions(limited)})` : ''}`;
};

async function proveClaim(path: AttackPath): Promise<void> {
  checked++;
  try {
    await executor.run(path);
  } catch (e) {
    if (!(e instanceof HopFailed)) throw e;
    disagreements++;
    console.log(`DISAGREEMENT (claimed path refused) ${describePath(path)}\n  ${e.message}`);
  }
}

async function proveNoPath(from: SubjectRef, target: PathTarget): Promise<void> {
  checked++;
  const allowed = await executor.directSteps(from, target, privilegedNamespaces(), closedNamespaces());
  if (allowed.length === 0) return;
  disagreements++;
  console.log(
    `DISAGREEMENT (no path, yet allowed) ${subjectText(from)} → ${target === CLUSTER_ADMIN ? target : JSON.stringify(target)}: ${allowed.join(', ')}`,
  );
}

function privilegedNamespaces(): string[] {
  return model.namespaces.filter((n) => allowsPrivilegedPods(n.labels)).map((n) => n.name);
}

function closedNamespaces(): string[] {
  return model.namespaces.filter((n) => !allowsPrivilegedPods(n.labels)).map((n) => n.name);
}

const EXPECTED: [string, string[]][] = [
  ['imp-sa', ['IMPERSONATE']],
  ['imp-group', ['IMPERSONATE']],
  ['token', ['TOKEN_REQUEST']],
  ['pods', ['POD_CREATE']],
  ['cronjobs', ['POD_CREATE']],
  ['exec', ['POD_EXEC']],
  ['ephemeral', ['POD_EXEC']],
  ['escape', ['NODE_ESCAPE']],
  ['proxy', ['NODE_ESCAPE']],
  ['binder', ['ROLE_BIND']],
  ['escalate', ['ROLE_ESCALATE']],
  ['rebind', ['ROLE_BIND', 'TOKEN_REQUEST']],
  ['pod-patch', ['POD_PATCH']],
  ['pod-update', ['POD_PATCH']],
  ['deploy-patch', ['WORKLOAD_UPDATE']],
  ['rs-update', ['WORKLOAD_UPDATE']],
  ['ds-patch', ['WORKLOAD_UPDATE']],
  ['relabel', ['NAMESPACE_RELABEL']],
  ['relabel-update', ['NAMESPACE_RELABEL']],
  ['escape-deploy', ['NODE_ESCAPE']],
  ['relabel-daemonset', ['NAMESPACE_RELABEL']],
];

const MISSES = [
  'miss-imp-names',
  'miss-imp-group-alone',
  'miss-exec-no-token',
  'miss-restricted',
  'miss-no-bind',
  'miss-pod-status',
  'miss-pod-names',
  'miss-pod-no-token',
  'miss-deploy-names',
  'miss-deploy-subresources',
  'miss-no-workload',
  'miss-job-update',
  'miss-relabel-names',
  'miss-relabel-other-ns',
  'miss-deploy-restricted',
];

test('near misses: no path, and the API server refuses every step aimed at the target', async () => {
  const before = disagreements;
  for (const name of MISSES) {
    assert.equal(engine.pathFrom(user(name), CLUSTER_ADMIN), undefined, name);
    await proveNoPath(user(name), CLUSTER_ADMIN);
    await proveNoPath(user(name), ADMIN_SA);
  }
  // RBAC alone allows exec into quiet-pod; the pod has no token to read.
  const cred = await executor.credentialOf(user('miss-exec-no-token'));
  assert.ok(
    await api.can(cred, {
      kind: 'resource',
      verb: 'create',
      group: '',
      resource: 'pods',
      subresource: 'exec',
      name: 'quiet-pod',
      namespace: 'ops',
    }),
  );
  const quiet = (await api.send(api.admin, 'GET', '/api/v1/namespaces/ops/pods/quiet-pod')).body as {
    spec: { volumes?: { projected?: unknown }[] };
  };
  assert.ok(!(quiet.spec.volumes ?? []).some((v) => v.projected), 'quiet-pod mounts no token');
  // Pod Security refuses the privileged pod in a restricted namespace (RBAC alone would allow it).
  const refused = await executor.privilegedPod(
    await executor.credentialOf(user('miss-restricted')),
    'locked',
    'node-1',
  );
  assert.equal(refused.status, 403);
  assert.match(JSON.stringify(refused.body), /PodSecurity|violates/);
  // A privileged Deployment in a restricted namespace is stored (Pod Security only warns on a
  // workload), but the pod of its template is refused: its controller could not create it.
  const deploy = await executor.privilegedWorkload(
    await executor.credentialOf(user('miss-deploy-restricted')),
    'deployments.apps',
    'locked',
    'node-1',
  );
  assert.equal(deploy.workload.status, 201, JSON.stringify(deploy.workload.body));
  const itsPod = await deploy.pod();
  assert.equal(itsPod.status, 403);
  assert.match(JSON.stringify(itsPod.body), /PodSecurity|violates/);
  // A RoleBinding in base grants patching namespace base (the request's namespace is its name, as
  // RequestInfo sets it), not locked: the engine's can-i and the server agree, and pods are created in locked only.
  const otherNs = await executor.credentialOf(user('miss-relabel-other-ns'));
  const patchNs = (namespace: string) =>
    ({
      kind: 'resource',
      verb: 'patch',
      group: '',
      resource: 'namespaces',
      subresource: '',
      name: namespace,
      namespace,
    }) as const;
  const identity = { user: 'miss-relabel-other-ns', groups: ['system:authenticated'] };
  for (const [namespace, status] of [
    ['base', 200],
    ['locked', 403],
  ] as const) {
    assert.equal((await executor.relabelAllowed(otherNs, namespace)).status, status, namespace);
    assert.equal(engine.canI(identity, patchNs(namespace)).allowed, status === 200, namespace);
    assert.equal(await api.can(otherNs, patchNs(namespace)), status === 200, namespace);
  }
  // RBAC allows patching statefulsets in ops, but there is none to patch.
  const noWorkload = await executor.updateWorkload(
    await executor.credentialOf(user('miss-no-workload')),
    true,
    'statefulsets.apps',
    'ops',
    'web',
    'admin',
  );
  assert.equal(noWorkload.status, 404);
  // A CronJob is never known (it owns Jobs, not pods): no path, but a finding that says so, and
  // the server does let the attacker change its Job template's service account (what the finding warns of).
  assert.equal(engine.pathFrom(user('cronjob-patch'), CLUSTER_ADMIN), undefined);
  const cronFinding = engine
    .findings()
    .find((f) => f.id === 'WORKLOAD_UPDATE' && f.subject?.kind === 'User' && f.subject.name === 'cronjob-patch');
  assert.match(cronFinding?.title ?? '', /cronjobs in ops; no workload of that kind seen/);
  const cron = await api.send(
    await executor.credentialOf(user('cronjob-patch')),
    'PATCH',
    '/apis/batch/v1/namespaces/ops/cronjobs/nightly?dryRun=All',
    [{ op: 'add', path: '/spec/jobTemplate/spec/template/spec/serviceAccountName', value: 'admin' }],
    'application/json-patch+json',
  );
  assert.equal(cron.status, 200, JSON.stringify(cron.body));
  // A Job's pod template is immutable: even the admin cannot change its serviceAccountName.
  for (const patch of [true, false]) {
    const job = await executor.updateWorkload(api.admin, patch, 'jobs.batch', 'ops', 'once', 'admin');
    assert.equal(job.status, 422, JSON.stringify(job.body));
    assert.match(JSON.stringify(job.body), /immutable/);
  }
  assert.equal(disagreements - before, 0);
});

test(`random world: ${NO_PATHS} "no path" answers, each direct step refused by the API server`, async () => {
  const r = new Random(SEED + 1);
  const sources: SubjectRef[] = [
    ...random.namespaces.flatMap((ns) =>
      [0, 1, 2].map((i): SubjectRef => ({ kind: 'ServiceAccount', namespace: ns, name: `sa-${i}` })),
    ),
    ...random.users.map((u): SubjectRef => (u.groups ? { kind: 'Group', name: u.groups[0]! } : user(u.name))),
    ...EXPECTED.map(([name]) => user(name)),
    ...MISSES.map(user),
    ...CONSTRAINED_ATTACKERS.map((c) => c.from),
    ...constrainedMisses().map((m) => m.from),
  ];
  const targets: PathTarget[] = [CLUSTER_ADMIN, ADMIN_SA, ...sources.filter((s) => s.kind === 'ServiceAccount')];
  const pairs: [SubjectRef, PathTarget][] = [];
  for (const from of sources)
    for (const to of targets) {
      if (to !== CLUSTER_ADMIN && subjectText(to as SubjectRef) === subjectText(from)) continue;
      if (engine.pathFrom(from, to) === undefined) pairs.push([from, to]);
    }
  const picked = r.some(pairs, NO_PATHS);
  console.log(`no-path pairs: ${pairs.length}, checking ${picked.length}`);
  assert.ok(picked.length >= 200, `only ${picked.length} no-path pairs`);
  const before = disagreements;
  for (const [from, to] of picked) await proveNoPath(from, to);
  assert.equal(disagreements - before, 0);
});

test('each technique: the path the engine finds is performed hop by hop on the API server', async () => {
  const before = disagreements;
  for (const [name, techniques] of EXPECTED) {
    const path = engine.pathFrom(user(name), CLUSTER_ADMIN);
    assert.deepEqual(
      path?.steps.map((s) => s.technique),
      techniques,
      name,
    );
    await proveClaim(path!);
  }
  const devs = engine.pathFrom({ kind: 'Group', name: 'devs' }, CLUSTER_ADMIN);
  assert.deepEqual(
    devs?.steps.map((s) => s.technique),
    ['POD_CREATE', 'IMPERSONATE'],
  );
  await proveClaim(devs!);
  assert.equal(disagreements - before, 0);
});

test(`random world: at least 200 path claims (and every one through constrained impersonation), each performed hop by hop`, async () => {
  const targets: PathTarget[] = [
    CLUSTER_ADMIN,
    ADMIN_SA,
    ...random.namespaces.flatMap((ns) =>
      [0, 1, 2].map((i): PathTarget => ({ kind: 'ServiceAccount', namespace: ns, name: `sa-${i}` })),
    ),
    // Nodes' users: what arbitrary-node and associated-node impersonation reach.
    ...RANDOM_NODES.map((n): PathTarget => ({ kind: 'User', name: `system:node:${n}` })),
  ];
  const claims = targets
    .flatMap((t) => engine.pathsTo(t))
    .filter((p) => !(p.from.kind === 'Group' && p.from.name.startsWith('system:')));
  const worldNamespaces = new Set([...random.namespaces, 'ops', 'base']);
  const hasToken = (p: AttackPath) =>
    (p.from.kind === 'ServiceAccount' && worldNamespaces.has(p.from.namespace)) ||
    cp.userTokens.has(p.from.kind === 'User' ? p.from.name : `member-of:${p.from.name}`);
  const usable = claims.filter(hasToken);
  const sampled = new Random(SEED + 2).some(usable, CLAIMS);
  // Every claim through constrained impersonation too: few, and the newest semantics.
  const constrained = usable.filter((p) => !sampled.includes(p) && p.steps.some((s) => modeOf(s)));
  const picked = [...sampled, ...constrained];
  const byTechnique = new Map<string, number>();
  for (const p of picked)
    for (const s of p.steps) byTechnique.set(s.technique, (byTechnique.get(s.technique) ?? 0) + 1);
  console.log(
    `path claims: ${usable.length} usable of ${claims.length}, checking ${picked.length} (${constrained.length} more through constrained impersonation); steps by technique: ${JSON.stringify(Object.fromEntries(byTechnique))}`,
  );
  assert.ok(picked.length >= 200, `only ${picked.length} path claims`);
  const before = disagreements;
  for (const p of picked) await proveClaim(p);
  assert.equal(disagreements - before, 0);
});

test('constrained impersonation: one attacker per mode, its path performed hop by hop with impersonation headers', async () => {
  const before = disagreements;
  for (const c of CONSTRAINED_ATTACKERS) {
    const path = engine.pathFrom(c.from, c.to);
    console.log(`${c.name}\n  ${path ? describePath(path) : 'no path'}`);
    assert.deepEqual(
      path?.steps.map((s) => s.technique),
      c.techniques,
      c.name,
    );
    assert.deepEqual(path?.limitedTo, c.limitedTo, c.name);
    await proveClaim(path!);
  }
  // The associated-node requester: a token bound to ops/agent's pod carries the node it runs on
  // (pkg/registry/core/serviceaccount/storage/token.go, ServiceAccountTokenPodNodeInfo, GA in 1.32).
  const minted = await api.send(api.admin, 'POST', '/api/v1/namespaces/ops/serviceaccounts/agent/token', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'agent-pod' } },
  });
  const token = (minted.body as { status: { token: string } }).status.token;
  const review = await api.send(
    { token, owner: { kind: 'User', name: 'agent' } },
    'POST',
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    },
  );
  const extra = (review.body as { status: { userInfo: { extra?: Record<string, string[]> } } }).status.userInfo.extra;
  assert.deepEqual(extra?.['authentication.kubernetes.io/node-name'], ['cnode-2']);
  assert.equal(disagreements - before, 0);
});

test('constrained impersonation near misses: the engine offers no step, and the API server refuses the request', async () => {
  const before = disagreements;
  for (const m of constrainedMisses()) {
    for (const target of m.noPathTo) {
      const path = engine.pathFrom(m.from, target);
      if (path) {
        // Counted, not thrown: every miss is tried and printed.
        disagreements++;
        const server = await executor.run(path).then(
          () => 'performed (the case is wrong, not the engine)',
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        );
        console.log(
          `DISAGREEMENT (the engine offers what the server refuses) ${m.name}\n  ${describePath(path)}\n  ${server}`,
        );
      }
      // The direct steps are tried toward cluster-admin and accounts; a group's refusal is the request below.
      if (target === CLUSTER_ADMIN || target.kind === 'ServiceAccount') await proveNoPath(m.from, target);
    }
    let requester = await executor.credentialOf(m.from);
    // associated-node's requester holds its pod's token, which names the node it runs on.
    if (m.impersonate.mode === 'associated-node')
      requester = await executor.podBoundToken(requester, m.impersonate.user);
    const cred = { ...requester, impersonate: m.impersonate };
    const r = await executor.request(cred, m.request);
    console.log(`${m.name}: ${r.status} ${(r.body as { message?: string }).message}`);
    assert.equal(r.status, 403, m.name);
    assert.match((r.body as { message: string }).message, m.refusal, m.name);
  }
  // The action miss still reaches ops/admin, limited to reading secrets: never to create a binding.
  const action = engine.pathFrom(user('miss-cimp-action'), ADMIN_SA);
  console.log(`miss-cimp-action → ops/admin: ${action ? describePath(action) : 'no path'}`);
  if (action) await proveClaim(action);
  // The names miss reaches the account its rule names.
  const runner = engine.pathFrom(user('miss-cimp-names'), { kind: 'ServiceAccount', namespace: 'ops', name: 'runner' });
  console.log(`miss-cimp-names → ops/runner: ${runner ? describePath(runner) : 'no path'}`);
  if (runner) await proveClaim(runner);
  assert.equal(disagreements - before, 0);
});

/** A request of the world: effective who-can is asked of each. */
const ask = (verb: string, resource: string, namespace = '', group = ''): AccessRequest => ({
  kind: 'resource',
  verb,
  group,
  resource,
  subresource: '',
  name: '',
  namespace,
});

/** The requests effective who-can is proven on: the world's own cases, then some of the random world's. */
const effectiveRequests = (): AccessRequest[] => [
  ask('get', 'secrets', 'app'),
  ask('get', 'secrets', 'ops'),
  ask('get', 'configmaps', 'app'),
  ask('list', 'configmaps'),
  ask('create', 'clusterrolebindings', '', 'rbac.authorization.k8s.io'),
  ...random.namespaces.slice(0, 3).flatMap((ns) => [ask('get', 'secrets', ns), ask('create', 'pods', ns)]),
];

/** A subject the proof can act as: a service account of the world, or a user (or group member) with a static token. */
function hasToken(s: SubjectRef): boolean {
  const worldNamespaces = new Set([...random.namespaces, 'ops', 'base', 'app']);
  return (
    (s.kind === 'ServiceAccount' && worldNamespaces.has(s.namespace)) ||
    cp.userTokens.has(s.kind === 'User' ? s.name : `member-of:${s.name}`)
  );
}

test('effective who-can: every indirect subject, its path performed hop by hop, is allowed the request (SelfSubjectAccessReview as the identity gained)', async () => {
  const requests = effectiveRequests();
  let proven = 0;
  let skipped = 0;
  let bad = 0;
  const techniques = new Set<string>();
  for (const request of requests) {
    for (const held of engine.whoCanEffective(request).indirect.flatMap((g) => g.subjects)) {
      if (!hasToken(held.subject)) {
        skipped++;
        continue;
      }
      held.path.steps.forEach((s) => techniques.add(s.technique));
      try {
        await executor.run(held.path, async (cred) => {
          if (
            !(await eventually(
              () => executor.can(cred, request),
              (x) => x,
            ))
          )
            throw new HopFailed(`the identity gained is not allowed to ${describeRequest(request)}`);
        });
        proven++;
      } catch (e) {
        if (!(e instanceof HopFailed)) throw e;
        bad++;
        console.log(
          `DISAGREEMENT (effective who-can) ${describeRequest(request)}: ${describePath(held.path)}\n  ${e.message}`,
        );
      }
    }
  }
  checked += proven + bad;
  disagreements += bad;
  console.log(
    `effective who-can: ${requests.length} requests, ${proven} indirect subjects proven, ${bad} disagreements (${skipped} without a credential here: Kubernetes' own accounts; techniques: ${[...techniques].sort().join(', ')})`,
  );
  // The world's own cases: a bind of a role that makes no further step, and an account no binding names.
  const indirectOf = (r: AccessRequest) =>
    engine
      .whoCanEffective(r)
      .indirect.flatMap((g) => g.subjects.map((s) => `${subjectText(s.subject)} → ${describePathNode(s.via)}`));
  assert.ok(indirectOf(requests[0]!).includes('user:eff-binder → Role app/eff-secret-reader'));
  assert.ok(indirectOf(requests[3]!).includes('user:eff-crb-binder → ClusterRole eff-cm-lister cluster-wide'));
  assert.ok(indirectOf(requests[2]!).includes('user:eff-imp-robot → ServiceAccount app/robot'));
  assert.ok(proven >= 20, `only ${proven} indirect subjects proven`);
  assert.equal(bad, 0);
});

test('effective who-can, the subjects it leaves out: the server refuses them the request, and each direct step toward a holder', async () => {
  const r = new Random(SEED + 4);
  const subjects: SubjectRef[] = [
    ...engine.known.serviceAccounts,
    ...engine.known.users,
    ...engine.known.groups,
  ].filter(hasToken);
  let refused = 0;
  let bad = 0;
  const before = disagreements;
  for (const request of effectiveRequests()) {
    const answer = engine.whoCanEffective(request);
    const listed = new Set(
      [...answer.direct, ...answer.indirect.flatMap((g) => g.subjects.map((s) => s.subject))].map(subjectText),
    );
    const holders = answer.direct.flatMap((s): SubjectRef[] =>
      s.kind === 'ServiceAccount' && hasToken(s)
        ? [{ kind: 'ServiceAccount', namespace: s.namespace, name: s.name }]
        : [],
    );
    for (const from of r.some(
      subjects.filter((s) => !listed.has(subjectText(s))),
      6,
    )) {
      if (await api.can(await executor.credentialOf(from), request)) {
        bad++;
        console.log(
          `DISAGREEMENT (effective who-can leaves out one the server allows) ${subjectText(from)}: ${describeRequest(request)}`,
        );
      }
      await proveNoPath(from, CLUSTER_ADMIN);
      const holder = r.some(holders, 1)[0];
      // A left-out subject may still become a holder for some requests only (constrained
      // impersonation, proven with the claims): only one with no path at all is refused every step.
      if (holder && !engine.pathFrom(from, holder)) await proveNoPath(from, holder);
      refused++;
    }
  }
  // proveNoPath counts its own checks; the request itself refused is one more each.
  checked += refused;
  disagreements += bad;
  console.log(
    `effective who-can, left out: ${refused} subjects refused the request and each direct step toward a holder, ${disagreements - before} disagreements`,
  );
  assert.ok(refused >= 30, `only ${refused} left-out subjects checked`);
  assert.equal(disagreements - before, 0);
});
