// Proof that the engine is the Kubernetes RBAC authorizer: a seeded random world applied to a real
// kube-apiserver, read back through the live source, and thousands of random requests whose
// answers must equal the server's SubjectAccessReview, 100%.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  createEngine,
  impersonatedIdentity,
  subjectKey,
  type AccessRequest,
  type Engine,
  type Identity,
  type PolicyRule,
} from '@/lib/rbac';
import { splitServiceAccountUsername } from '@/lib/rbac/model/identity';
import { loadSource, type LoadedSource } from '@/lib/k8s/source';
import { describeResource } from '@/lib/rbac';
import { createObjects } from '@/scripts/control-plane/apply';
import { adminFetch, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { Random } from './random';
import { boundCase, randomRequest } from './requests';
import { reproduction } from './reproduction';
import { aggregated, mapLimit, Reviewer } from './reviews';
import { generateWorld, type World } from './world';

const SEED = Number(process.env.CONFORMANCE_SEED ?? 20261124);
const REQUESTS = Number(process.env.CONFORMANCE_REQUESTS ?? 5000);
const WHO_CAN_REQUESTS = Number(process.env.CONFORMANCE_WHO_CAN ?? 100);
const IMPERSONATION_REQUESTS = Number(process.env.CONFORMANCE_IMPERSONATION ?? 300);

let cp: ControlPlane;
let world: World;
let source: LoadedSource;
let engine: Engine;
let reviewer: Reviewer;
let rules: PolicyRule[] = [];
let checked = 0;
let disagreements = 0;

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l) });
  world = generateWorld(SEED);
  const applied = Date.now();
  await createObjects(cp, world.objects);
  // Without the built-in cluster-admin binding, only the API server's privileged-group authorizer
  // still lets system:masters do everything: the engine must know that rule, not lean on the binding.
  const removed = await adminFetch(cp, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin', {
    method: 'DELETE',
  });
  assert.equal(removed.status, 200);
  await aggregated(cp);
  console.log(
    `seed ${SEED}: applied ${world.objects.length} objects in ${((Date.now() - applied) / 1000).toFixed(1)}s`,
  );
  source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  assert.deepEqual(source.issues, []);
  engine = createEngine(source.model);
  rules = [...source.model.roles, ...source.model.clusterRoles].flatMap((role) => role.rules);
  reviewer = new Reviewer(cp);
});

after(async () => {
  reviewer?.close();
  await cp?.stop();
  console.log(`requests checked: ${checked}, disagreements: ${disagreements}`);
});

function record(identity: Identity, request: AccessRequest, server: boolean, ours: boolean): void {
  checked++;
  if (server === ours) return;
  disagreements++;
  if (disagreements <= 10) console.log(reproduction(source.model, identity, request, server, ours));
}

test(`canI equals SubjectAccessReview for ${REQUESTS} random requests`, async () => {
  const r = new Random(SEED + 1);
  // A third each: fresh requests, requests near a rule, and identities asking near their own bindings.
  const cases = Array.from(
    { length: REQUESTS },
    (_, i) =>
      (i % 3 === 2 && boundCase(r, source.model, world.identities)) || {
        identity: r.pick(world.identities),
        request: randomRequest(r, world.namespaces, i % 3 === 1 ? rules : []),
      },
  );
  const before = disagreements;
  let allowed = 0;
  await mapLimit(cases, 8, async ({ identity, request }) => {
    const server = await reviewer.subjectAccessReview(identity, request);
    if (server) allowed++;
    record(identity, request, server, engine.canI(identity, request).allowed);
  });
  console.log(`canI: ${REQUESTS} requests, ${allowed} allowed by the server, ${disagreements - before} disagreements`);
  // The check means something only if both answers are common.
  assert.ok(allowed > REQUESTS * 0.05 && allowed < REQUESTS * 0.95, `allowed ${allowed} of ${REQUESTS}`);
  assert.equal(disagreements - before, 0);
});

/** An identity is covered by who-can when it, or one of its groups, is listed. */
function covered(listed: ReadonlySet<string>, identity: Identity): boolean {
  const sa = splitServiceAccountUsername(identity.user);
  const own = sa ? subjectKey({ kind: 'ServiceAccount', ...sa }) : subjectKey({ kind: 'User', name: identity.user });
  return listed.has(own) || identity.groups.some((g) => listed.has(subjectKey({ kind: 'Group', name: g })));
}

test(`whoCan lists exactly the identities the server allows, for ${WHO_CAN_REQUESTS} requests`, async () => {
  const r = new Random(SEED + 2);
  const before = disagreements;
  for (let i = 0; i < WHO_CAN_REQUESTS; i++) {
    // Half near a binding (its role's rules, in its namespace): where group expansion decides.
    const request =
      (i % 2 === 1 && boundCase(r, source.model, world.identities)?.request) ||
      randomRequest(r, world.namespaces, rules);
    const listed = new Set(engine.whoCan(request).map(subjectKey));
    await mapLimit(world.identities, 8, async (identity) => {
      record(identity, request, await reviewer.subjectAccessReview(identity, request), covered(listed, identity));
    });
  }
  assert.equal(disagreements - before, 0);
});

/** The --as/--as-group shapes that differ in the impersonation filter. */
function impersonation(r: Random): { user: string; groups: string[] } {
  const ns = r.pick(world.namespaces);
  const sa = `system:serviceaccount:${ns}:${r.pick(['sa-0', 'sa-1', 'ghost'])}`;
  return r.pick([
    { user: sa, groups: [] },
    { user: sa, groups: [r.pick(['team-a', 'ops'])] },
    { user: sa, groups: [`system:serviceaccounts:${r.pick(world.namespaces)}`] },
    { user: 'system:anonymous', groups: [] },
    { user: 'system:anonymous', groups: ['team-a'] },
    { user: r.pick(['user-0', 'user-1', 'user-2']), groups: ['system:unauthenticated'] },
    { user: r.pick(['user-0', 'user-3']), groups: ['system:authenticated', 'team-b'] },
    { user: r.pick(['user-4', 'outsider']), groups: r.some(['team-a', 'team-b', 'team-c', 'ops'], r.int(0, 2)) },
  ]);
}

test(`--as/--as-group identities equal an impersonated SelfSubjectAccessReview, for ${IMPERSONATION_REQUESTS} requests`, async () => {
  const r = new Random(SEED + 3);
  const cases = Array.from({ length: IMPERSONATION_REQUESTS }, () => ({
    as: impersonation(r),
    request: randomRequest(r, world.namespaces, rules),
  }));
  const before = disagreements;
  let allowed = 0;
  await mapLimit(cases, 8, async ({ as, request }) => {
    const identity = impersonatedIdentity(as.user, as.groups);
    const server = await reviewer.impersonatedReview(as.user, as.groups, request);
    if (server) allowed++;
    record(identity, request, server, engine.canI(identity, request).allowed);
  });
  console.log(`impersonation: ${IMPERSONATION_REQUESTS} requests, ${allowed} allowed by the server`);
  assert.ok(allowed > 0 && allowed < IMPERSONATION_REQUESTS, `allowed ${allowed}`);
  assert.equal(disagreements - before, 0);
});

test('the CLI answers like the impersonated review, through its own flags', async () => {
  const cli = path.join(import.meta.dirname, '..', '..', 'bin', 'rbac-atlas.js');
  const r = new Random(SEED + 4);
  const before = disagreements;
  for (let i = 0; i < 12; i++) {
    const as = impersonation(r);
    const request = randomRequest(r, world.namespaces, rules);
    const args =
      request.kind === 'resource'
        ? [
            'can-i',
            request.verb,
            `${describeResource(request.group, request.resource)}${request.name ? `/${request.name}` : ''}`,
            ...(request.subresource ? ['--subresource', request.subresource] : []),
            ...(request.namespace ? ['-n', request.namespace] : ['-A']),
          ]
        : ['can-i', request.verb, request.path];
    const asFlags = ['--as', as.user, ...as.groups.flatMap((g) => ['--as-group', g])];
    const res = spawnSync(process.execPath, [cli, ...args, ...asFlags, '--kubeconfig', cp.kubeconfigPath], {
      encoding: 'utf8',
    });
    assert.ok(res.status === 0 || res.status === 1, res.stderr);
    const server = await reviewer.impersonatedReview(as.user, as.groups, request);
    record(impersonatedIdentity(as.user, as.groups), request, server, res.stdout === 'yes\n');
  }
  assert.equal(disagreements - before, 0);
});
