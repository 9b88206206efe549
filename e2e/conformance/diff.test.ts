// Proof that the change review predicts the API server: a seeded world on a real kube-apiserver
// (kube-controller-manager aggregating), then 50 random changes. For each, the diff is computed
// before the change is applied, from the change read as a manifest and laid on the state read
// from the server (lib/k8s/kinds/what-if, as `rbac-atlas diff --apply` does). SubjectAccessReview is
// asked before and after; every answer that flips must be a permission the diff lists for a
// subject of that identity, every permission it lists must flip for its subject, and the engine
// must answer each request as the server does on both sides.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  affectedSubjects,
  createEngine,
  diff,
  identityOfSubject,
  impersonatedIdentity,
  isBindingRef,
  permissionRule,
  ruleAllows,
  serviceAccountIdentity,
  subjectAppliesTo,
  type AccessRequest,
  type ClusterModel,
  type DiffPermission,
  type Engine,
  type Identity,
  type PolicyRule,
  type RbacDiff,
  type SubjectRef,
} from '@/lib/rbac';
import { loadSource } from '@/lib/k8s/source';
import { parseRawObjects } from '@/lib/k8s/files/parse-objects';
import { whatIf } from '@/lib/k8s/kinds/what-if';
import { collectionPath, createObjects, type KubeObject } from '@/scripts/control-plane/apply';
import { adminFetch, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { objectKeyOf, randomChange, type Change } from './changes';
import { Random } from './random';
import { nearRule, randomRequest } from './requests';
import { aggregated, mapLimit, Reviewer } from './reviews';
import { generateWorld, type World } from './world';

const SEED = Number(process.env.DIFF_SEED ?? 20261125);
const CHANGES = Number(process.env.DIFF_CHANGES ?? 50);
/** Per change: requests near the changed objects, random ones, and permissions of the diff checked one by one. */
const NEAR = 30;
const RANDOM = 12;
const PERMISSIONS = 30;
const RBAC = 'rbac.authorization.k8s.io';

let cp: ControlPlane;
let world: World;
let reviewer: Reviewer;
const stats = { checked: 0, flips: 0, permissions: 0, disagreements: 0 };

/**
 * Objects whose updates show when the server's authorizer has seen a change: one per RBAC kind,
 * since each kind is its own watch and only events of one kind arrive in order.
 */
function sentinels(n: number): KubeObject[] {
  const names = { apiGroups: [''], resources: ['configmaps'], resourceNames: [`s-${n}`], verbs: ['get'] };
  const ref = (kind: string, name: string) => ({ apiGroup: RBAC, kind, name });
  const user = (name: string) => [{ kind: 'User', apiGroup: RBAC, name }];
  return [
    { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'sentinel', namespace: 'sentinel' }, rules: [names] },
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'sentinel' }, rules: [names] },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'sentinel', namespace: 'sentinel' },
      roleRef: ref('ClusterRole', 'sentinel-reads'),
      subjects: user(`sentinel-rb-${n}`),
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'sentinel' },
      roleRef: ref('ClusterRole', 'sentinel-reads'),
      subjects: user(`sentinel-crb-${n}`),
    },
  ];
}

const SENTINEL_SETUP: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sentinel' } },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'sentinel-reads' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'sentinel-role', namespace: 'sentinel' },
    roleRef: { apiGroup: RBAC, kind: 'Role', name: 'sentinel' },
    subjects: [{ kind: 'User', apiGroup: RBAC, name: 'sentinel-role' }],
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'sentinel-clusterrole' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'sentinel' },
    subjects: [{ kind: 'User', apiGroup: RBAC, name: 'sentinel-clusterrole' }],
  },
];

const sentinelRequest = (n: number): AccessRequest => ({
  kind: 'resource',
  verb: 'get',
  group: '',
  resource: 'configmaps',
  subresource: '',
  name: `s-${n}`,
  namespace: 'sentinel',
});

async function put(obj: KubeObject): Promise<void> {
  const url = `${collectionPath(obj, obj.metadata.namespace)}/${encodeURIComponent(obj.metadata.name)}`;
  const res = await adminFetch(cp, url, { method: 'PUT', body: obj });
  if (res.status === 404) return createObjects(cp, [obj]);
  assert.ok(res.status === 200 || res.status === 201, `PUT ${url}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function remove(obj: KubeObject): Promise<void> {
  const url = `${collectionPath(obj, obj.metadata.namespace)}/${encodeURIComponent(obj.metadata.name)}`;
  const res = await adminFetch(cp, url, { method: 'DELETE' });
  assert.ok(res.status === 200 || res.status === 202, `DELETE ${url}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Bumps the sentinels to `n` and waits until the authorizer allows each kind's new request. */
async function settle(n: number): Promise<void> {
  for (const obj of sentinels(n)) await put(obj);
  const probes: Identity[] = ['sentinel-role', 'sentinel-clusterrole', `sentinel-rb-${n}`, `sentinel-crb-${n}`].map(
    (user) => ({ user, groups: [] }),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answers = await Promise.all(probes.map((p) => reviewer.subjectAccessReview(p, sentinelRequest(n))));
    if (answers.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`the authorizer did not see sentinel ${n} in 30 s: ${answers}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** The server's roles and bindings; with `settled`, also that nothing in them was found wrong. */
async function readModel(settled = true): Promise<ClusterModel> {
  const source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  if (settled) assert.deepEqual(source.issues, []);
  return source.model;
}

/** The roles and bindings as the diff compares them, without the sentinels (bumped on every change). */
const prints = (engine: Engine) =>
  JSON.stringify(
    [...engine.fingerprints()]
      .filter(([key]) => !/^\w+:(sentinel\/)?sentinel$/.test(key))
      .map(([key, f]) => [key, f.print])
      .sort(),
  );

/** Waits until the server holds the predicted roles and bindings (the aggregation controller included). */
async function reach(predicted: Engine, what: string): Promise<ClusterModel> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // Until the aggregation controller writes a changed aggregated role, the reader rightly warns
    // that its stored rules differ from what it selects: only the state reached must be clean.
    const model = await readModel(false);
    if (prints(createEngine(model)) === prints(predicted)) return readModel();
    if (Date.now() > deadline) {
      const now = createEngine(model).fingerprints();
      const off = [...predicted.fingerprints()].filter(([k, v]) => now.get(k)?.print !== v.print).map(([k]) => k);
      throw new Error(`after "${what}" the server never reached the predicted state; differing: ${off.join(', ')}`);
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l) });
  world = generateWorld(SEED);
  await createObjects(cp, [...world.objects, ...SENTINEL_SETUP, ...sentinels(0)]);
  await aggregated(cp);
  reviewer = new Reviewer(cp);
  await settle(0);
});

after(async () => {
  reviewer?.close();
  await cp?.stop();
  console.log(
    `diff: ${stats.checked} requests checked before and after (${stats.permissions} of them permissions the diff lists), ${stats.flips} answers flipped, ${stats.disagreements} disagreements`,
  );
});

/** A subject of the diff as a binding would name it, matched as the authorizer matches one. */
const applies = (s: SubjectRef, identity: Identity) => subjectAppliesTo(identity, s, '');

/** Whether a listed permission covers a request: the authorizer's matcher, in the permission's scope. */
function covers(p: DiffPermission, request: AccessRequest): boolean {
  if (p.namespace !== undefined && (request.kind !== 'resource' || request.namespace !== p.namespace)) return false;
  return ruleAllows(permissionRule(p), request);
}

/** Each verb (and name) of a listed permission as the request SubjectAccessReview is asked. */
function requestsOf(p: DiffPermission): AccessRequest[] {
  if (p.nonResourceURL !== undefined)
    return p.verbs.map((verb) => ({ kind: 'nonResource', verb, path: p.nonResourceURL! }));
  const [resource, subresource = ''] = p.resource!.split(/\/(.*)/);
  return p.verbs.flatMap((verb) =>
    (p.resourceNames ?? ['']).map((name) => ({
      kind: 'resource' as const,
      verb,
      group: p.apiGroup!,
      resource: resource!,
      subresource,
      name,
      namespace: p.namespace ?? '',
    })),
  );
}

function identityFor(r: Random, s: SubjectRef): Identity {
  if (s.kind === 'ServiceAccount') return serviceAccountIdentity(s.namespace, s.name);
  if (s.kind === 'User') return impersonatedIdentity(s.name, []);
  const members = world.identities.filter((i) => i.groups.includes(s.name));
  return members.length > 0 && r.chance(0.7) ? r.pick(members) : impersonatedIdentity('member', [s.name]);
}

interface Sample {
  identity: Identity;
  request: AccessRequest;
  /** For a permission the diff lists: which way it must flip for its own subject. */
  listed?: 'gained' | 'lost';
}

/** Requests near what changed (its subjects, asking near its roles' rules, where it binds), random ones, and the diff's own. */
function samples(r: Random, was: Engine, now: Engine, d: RbacDiff): Sample[] {
  const rules: PolicyRule[] = [];
  const namespaces = new Set<string>();
  for (const o of d.objects)
    for (const engine of [was, now]) {
      let bindings;
      if (isBindingRef(o)) bindings = [engine.binding(o)].filter((b) => b !== undefined);
      else {
        bindings = engine.bindingsOf(o);
        rules.push(...(engine.role(o)?.rules ?? []));
      }
      for (const b of bindings) {
        rules.push(...b.rules);
        if (b.namespace) namespaces.add(b.namespace);
      }
    }
  const subjects = affectedSubjects(was, now, d.objects);
  const out: Sample[] = [];
  for (let i = 0; i < NEAR && rules.length > 0 && subjects.length > 0; i++) {
    const request = nearRule(r, r.pick(rules), world.namespaces);
    if (request.kind === 'resource' && namespaces.size > 0 && r.chance(0.8))
      request.namespace = r.pick([...namespaces]);
    out.push({ identity: identityFor(r, r.pick(subjects)), request });
  }
  for (let i = 0; i < RANDOM; i++)
    out.push({ identity: r.pick(world.identities), request: randomRequest(r, world.namespaces, rules) });
  const listed = d.subjects.flatMap((s) =>
    (['gained', 'lost'] as const).flatMap((way) =>
      s[way].flatMap((p) =>
        requestsOf(p).map((request) => ({ identity: identityOfSubject(s.subject), request, listed: way })),
      ),
    ),
  );
  return [...out, ...r.some(listed, PERMISSIONS)];
}

function located(obj: KubeObject) {
  const parsed = parseRawObjects('change.yaml', [{ raw: obj as unknown as Record<string, unknown>, document: 1 }]);
  assert.deepEqual(parsed.issues, []);
  return parsed.parsed;
}

async function write(change: Change): Promise<void> {
  if (change.delete) await remove(change.delete);
  if (change.apply && change.recreate) await remove(change.apply);
  if (change.apply) await put(change.apply);
}

function check(
  what: string,
  s: Sample,
  answers: { server: [boolean, boolean]; ours: [boolean, boolean] },
  d: RbacDiff,
) {
  const [before, after] = answers.server;
  const problems: string[] = [];
  if (answers.ours[0] !== before) problems.push(`the engine answered ${answers.ours[0]} before, the server ${before}`);
  if (answers.ours[1] !== after)
    problems.push(`the predicted state answered ${answers.ours[1]} after, the server ${after}`);
  if (before !== after) {
    stats.flips++;
    const way = after ? 'gained' : 'lost';
    const listed = d.subjects.some(
      (sd) => applies(sd.subject, s.identity) && sd[way].some((p) => covers(p, s.request)),
    );
    if (!listed)
      problems.push(
        `the server's answer went ${before} → ${after}, and no subject of the identity ${way} a permission covering it`,
      );
  }
  if (s.listed && (before !== (s.listed === 'lost') || after !== (s.listed === 'gained')))
    problems.push(`the diff lists it as ${s.listed}, the server answered ${before} → ${after}`);
  stats.checked++;
  if (s.listed) stats.permissions++;
  if (problems.length === 0) return;
  stats.disagreements++;
  if (stats.disagreements <= 10)
    console.log(
      `DISAGREEMENT after "${what}": ${JSON.stringify(s.identity)} ${JSON.stringify(s.request)}: ${problems.join('; ')}`,
    );
}

test(`the diff predicted before ${CHANGES} random changes equals SubjectAccessReview before and after`, async () => {
  const r = new Random(SEED + 1);
  const pool = {
    objects: new Map(world.objects.map((o) => [objectKeyOf(o), o])),
    namespaces: world.namespaces,
    users: [...Array.from({ length: 12 }, (_, i) => `user-${i}`), 'system:anonymous'],
  };
  let model = await readModel();
  for (let i = 1; i <= CHANGES; i++) {
    const change = randomChange(r, pool, i);
    const was = createEngine(model);
    const predicted = whatIf(
      model,
      change.apply ? located(change.apply) : [],
      change.delete ? located(change.delete) : [],
    );
    const now = createEngine(predicted.model);
    const d = diff(was, now);
    const cases = samples(r, was, now, d);
    const before = await mapLimit(cases, 8, (s) => reviewer.subjectAccessReview(s.identity, s.request));

    await write(change);
    if (change.delete) pool.objects.delete(objectKeyOf(change.delete));
    if (change.apply) pool.objects.set(objectKeyOf(change.apply), change.apply);
    model = await reach(now, change.what);
    await settle(i);
    const afterAnswers = await mapLimit(cases, 8, (s) => reviewer.subjectAccessReview(s.identity, s.request));

    const flipsBefore = stats.flips;
    cases.forEach((s, k) =>
      check(
        change.what,
        s,
        {
          server: [before[k]!, afterAnswers[k]!],
          ours: [was.canI(s.identity, s.request).allowed, now.canI(s.identity, s.request).allowed],
        },
        d,
      ),
    );
    const gained = d.subjects.reduce((n, s) => n + s.gained.length, 0);
    const lost = d.subjects.reduce((n, s) => n + s.lost.length, 0);
    console.log(
      `change ${i}: ${change.what}: ${d.objects.length} object(s), ${d.subjects.length} subject(s), +${gained} −${lost}; ${cases.length} requests, ${stats.flips - flipsBefore} flipped`,
    );
  }
  assert.ok(stats.checked >= 2000, `only ${stats.checked} requests checked`);
  assert.ok(stats.flips >= 100, `only ${stats.flips} answers flipped: the check would mean little`);
  assert.equal(stats.disagreements, 0);
});
