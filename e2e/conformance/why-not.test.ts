// Proof that the near misses the engine names (authorizer/near-misses.ts) are right and complete,
// on a real kube-apiserver. A seeded random world (world.ts) is applied, with a few bindings that
// name its identities as another kind. For requests the engine denies, the server denies them too
// (SubjectAccessReview), and each near miss is one change from a yes: the request with the one
// attribute changed as it says is allowed; and the fix it names (the rule as fixed, the role
// created, the binding elsewhere or with the subject as it should be) made on the server allows the
// original request, then is undone — always for what no request change shows, and for every near
// miss of the first WHY_NOT_FIXED requests. Complete: every request one attribute away that the
// server allows is named by a near miss of that attribute (its rule fails the original there only).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createEngine,
  describeNearMiss,
  NEAR_MISS_KINDS,
  type AccessRequest,
  type Engine,
  type Identity,
  type NearMiss,
  type NearMissKind,
  type PolicyRule,
  type Subject,
  type SubjectRef,
} from '@/lib/rbac';
import { loadSource, type LoadedSource } from '@/lib/k8s/source';
import { collectionPath, createObjects, type KubeObject } from '@/scripts/control-plane/apply';
import { adminFetch, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { Random } from './random';
import { boundCase, randomRequest } from './requests';
import { reproduction } from './reproduction';
import { aggregated, mapLimit, Reviewer } from './reviews';
import { generateWorld, VOCAB, type World } from './world';
import { indexBindings } from '@/lib/rbac/authorizer/bindings';
import { whyNot } from '@/lib/rbac/authorizer/near-misses';
import { indexSubjects } from '@/lib/rbac/indexes/subject-index';

const SEED = Number(process.env.CONFORMANCE_SEED ?? 20261124);
const DENIED = Number(process.env.WHY_NOT_REQUESTS ?? 2000);
/** The first requests whose every near miss also has its fix made (the others: those no request change shows). */
const FIXED_REQUESTS = Number(process.env.WHY_NOT_FIXED ?? 1000);
const RBAC = 'rbac.authorization.k8s.io';

let cp: ControlPlane;
let world: World;
let source: LoadedSource;
let engine: Engine;
let reviewer: Reviewer;
let changed = 0;
let fixed = 0;
let disagreements = 0;
const found = new Map<NearMissKind, number>(NEAR_MISS_KINDS.map((k) => [k, 0]));

/**
 * Bindings that name the world's identities as another kind: a User named like a group (team-a),
 * a Group named like a user (user-3), a User named like a service account (sa-0), a ServiceAccount
 * named like a user (outsider); the world itself draws no such subjects.
 */
const KIND_TYPOS: KubeObject[] = [
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'why-not:reader' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'why-not:kinds' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'why-not:reader' },
    subjects: [
      { kind: 'User', apiGroup: RBAC, name: 'team-a' },
      { kind: 'Group', apiGroup: RBAC, name: 'user-3' },
      { kind: 'User', apiGroup: RBAC, name: 'sa-0' },
      { kind: 'ServiceAccount', name: 'outsider', namespace: 'ns-0' },
    ],
  },
];

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l) });
  world = generateWorld(SEED);
  await createObjects(cp, [...world.objects, ...KIND_TYPOS]);
  await aggregated(cp);
  source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  assert.deepEqual(source.issues, []);
  engine = createEngine(source.model);
  reviewer = new Reviewer(cp);
});

after(async () => {
  reviewer?.close();
  await cp?.stop();
});

function disagree(what: string, identity: Identity, request: AccessRequest, server: boolean): void {
  disagreements++;
  if (disagreements <= 10) {
    console.log(`${what}\n${reproduction(source.model, identity, request, server, !server)}`);
  }
}

interface Case {
  identity: Identity;
  request: AccessRequest;
  misses: NearMiss[];
}

/** Requests the engine denies: a quarter `get configmaps` (the kind typos'), the rest as conformance.test.ts draws them. */
function deniedCases(): Case[] {
  const r = new Random(SEED + 7);
  const rules = [...source.model.roles, ...source.model.clusterRoles].flatMap((role) => role.rules);
  const cases: Case[] = [];
  for (let i = 0; cases.length < DENIED && i < DENIED * 50; i++) {
    const drawn =
      i % 4 === 0
        ? { identity: r.pick(world.identities), request: configmaps(r.pick(world.namespaces)) }
        : (i % 4 === 1 && boundCase(r, source.model, world.identities)) || {
            identity: r.pick(world.identities),
            request: randomRequest(r, world.namespaces, rules),
          };
    if (engine.canI(drawn.identity, drawn.request).allowed) continue;
    cases.push({ ...drawn, misses: engine.whyNot(drawn.identity, drawn.request).nearMisses });
  }
  return cases;
}

const configmaps = (namespace: string): AccessRequest => ({
  kind: 'resource',
  verb: 'get',
  group: '',
  resource: 'configmaps',
  subresource: '',
  name: '',
  namespace,
});

/** A rule allowing exactly one request. */
function ruleFor(request: AccessRequest): Partial<PolicyRule> {
  if (request.kind === 'nonResource') return { nonResourceURLs: [request.path], verbs: [request.verb] };
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return {
    apiGroups: [request.group],
    resources: [resource],
    verbs: [request.verb],
    ...(request.name && { resourceNames: [request.name] }),
  };
}

/** A subject as a binding names it; a ServiceAccount's namespace written out (a ClusterRoleBinding has none to lend). */
function subjectObject(s: SubjectRef | Subject, bindingNamespace = ''): Subject {
  if (s.kind === 'ServiceAccount') return { kind: s.kind, name: s.name, namespace: s.namespace || bindingNamespace };
  return { kind: s.kind, apiGroup: RBAC, name: s.name };
}

const FIX = 'why-not-fix';

/** The objects that make the fix a near miss names outside its rule (for a rule's: none, editRule). */
function fixObjects(m: NearMiss, request: AccessRequest): KubeObject[] {
  const roleRef = { apiGroup: RBAC, kind: m.role.kind, name: m.role.name };
  const binding = (kind: string, namespace: string | undefined, subjects: Subject[], ref = roleRef): KubeObject => ({
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: { name: FIX, ...(namespace && { namespace }) },
    roleRef: ref,
    subjects,
  });
  // The role's rule, bound elsewhere: the ClusterRole itself, or a copy of the Role's rule.
  const elsewhere = (kind: 'ClusterRoleBinding' | 'RoleBinding', namespace?: string): KubeObject[] => {
    const subjects = [subjectObject(m.subject, m.binding.namespace)];
    if (m.role.kind === 'ClusterRole') return [binding(kind, namespace, subjects)];
    const copyKind = namespace ? 'Role' : 'ClusterRole';
    const copy = { apiVersion: `${RBAC}/v1`, kind: copyKind, metadata: { name: FIX, namespace }, rules: [m.rule] };
    return [copy, binding(kind, namespace, subjects, { apiGroup: RBAC, kind: copyKind, name: FIX })];
  };
  switch (m.kind) {
    case 'missingRole': {
      const metadata = { name: m.role.name, ...(m.role.namespace && { namespace: m.role.namespace }) };
      return [{ apiVersion: `${RBAC}/v1`, kind: m.role.kind, metadata, rules: [ruleFor(request)] }];
    }
    case 'clusterScope':
      return elsewhere('ClusterRoleBinding');
    case 'namespace':
      return elsewhere('RoleBinding', request.kind === 'resource' ? request.namespace : undefined);
    default:
      return [binding(m.binding.kind, m.binding.namespace, [subjectObject(m.fixedSubject!)])];
  }
}

const objectPath = (o: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>) =>
  `${collectionPath(o, o.metadata.namespace)}/${o.metadata.name}`;

/** Rewrites a role's rules on the server, again on a conflict (the aggregation controller writes them too). */
async function putRules(path: string, change: (rules: PolicyRule[]) => PolicyRule[]): Promise<void> {
  for (;;) {
    const role = (await adminFetch(cp, path)).body as KubeObject & { rules?: PolicyRule[] };
    const res = await adminFetch(cp, path, { method: 'PUT', body: { ...role, rules: change(role.rules ?? []) } });
    if (res.status === 200) return;
    if (res.status !== 409) throw new Error(`PUT ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Makes a rule-level fix: the rule it names (in an aggregating role, its source) as m.fixedRule; returns the undo. */
async function editRule(m: NearMiss): Promise<() => Promise<void>> {
  const where = m.fixIn ?? { role: m.role, ruleIndex: m.ruleIndex! };
  const metadata = { name: where.role.name, ...(where.role.namespace && { namespace: where.role.namespace }) };
  const path = objectPath({ apiVersion: `${RBAC}/v1`, kind: where.role.kind, metadata });
  let original: PolicyRule[] = [];
  await putRules(path, (rules) => {
    original = rules;
    return rules.map((r, i) => (i === where.ruleIndex ? m.fixedRule! : r));
  });
  return () => putRules(path, () => original);
}

/** Creates a binding-level fix's objects; returns the undo. */
async function createFix(m: NearMiss, request: AccessRequest): Promise<() => Promise<void>> {
  const objects = fixObjects(m, request);
  await createObjects(cp, objects);
  return async () => {
    for (const o of [...objects].reverse()) {
      const res = await adminFetch(cp, objectPath(o), { method: 'DELETE' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  };
}

/** Asks until the server answers `want` (its RBAC informers see a change within moments), or 10 s pass. */
async function answers(identity: Identity, request: AccessRequest, want: boolean): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await reviewer.subjectAccessReview(identity, request)) === want) return true;
    if (Date.now() > deadline) return false;
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** Makes the fix a near miss names on the server, checks the request is then allowed, and undoes it. */
async function checkFix(c: Case, m: NearMiss): Promise<void> {
  const undo = m.fixedRule ? await editRule(m) : await createFix(m, c.request);
  const allowed = await answers(c.identity, c.request, true);
  await undo();
  assert.ok(await answers(c.identity, c.request, false), 'the fix was undone but the request is still allowed');
  fixed++;
  if (!allowed) disagree(`FIX DID NOT ALLOW: ${describeNearMiss(m, c.request).fix}`, c.identity, c.request, false);
}

test(`every near miss of ${DENIED} denied requests is one change from a yes on the server`, async () => {
  const cases = deniedCases();
  const started = Date.now();
  // Requests changed as the near miss says: in parallel, they change nothing on the server.
  await mapLimit(cases, 8, async (c) => {
    if (await reviewer.subjectAccessReview(c.identity, c.request)) disagree('ALLOWED', c.identity, c.request, true);
    for (const m of c.misses) {
      found.set(m.kind, found.get(m.kind)! + 1);
      if (!m.allows) continue;
      changed++;
      if (!(await reviewer.subjectAccessReview(c.identity, m.allows)))
        disagree(`CHANGED REQUEST DENIED (${m.kind})`, c.identity, m.allows, false);
    }
  });
  // The fix each names, made on the server: one at a time, each undone before the next. Those no
  // request change shows always; the others for the first FIXED_REQUESTS requests.
  let fixedOnly = 0;
  for (const [i, c] of cases.entries())
    for (const m of c.misses) {
      if (i >= FIXED_REQUESTS && m.allows) continue;
      await checkFix(c, m);
      if (!m.allows) fixedOnly++;
    }
  const kinds = NEAR_MISS_KINDS.map((k) => `${k} ${found.get(k)}`).join(', ');
  const misses = cases.reduce((n, c) => n + c.misses.length, 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `why-not: ${cases.length} denied requests, ${misses} near misses checked, ${disagreements} disagreements ` +
      `(${changed} by the request changed as they say, ${fixed} by their fix made on the server and undone; ${seconds}s)`,
  );
  const throughSource = cases.flatMap((c) => c.misses).filter((m) => m.fixIn).length;
  console.log(
    `why-not near misses by kind: ${kinds}; ${throughSource} fixed in the source of an aggregating ClusterRole`,
  );
  assert.equal(changed + fixedOnly, misses, 'every near miss checked one way or both');
  // Every kind the world can show is shown: the check means something only if each is exercised.
  for (const k of NEAR_MISS_KINDS) assert.ok(found.get(k)! > 0, `no ${k} near miss drawn`);
  assert.equal(disagreements, 0);
});

/** Each request one attribute away from `r` over the world's words, with the near-miss kind that attribute is. */
function oneAttributeAway(r: AccessRequest): { request: AccessRequest; kind: NearMissKind }[] {
  const other = (values: readonly string[], current: string) => values.filter((v) => v !== current);
  const verbs = other([...new Set([...VOCAB.verbs, 'post', 'put'])], r.verb).map((verb) => ({
    request: { ...r, verb },
    kind: 'verb' as const,
  }));
  if (r.kind === 'nonResource')
    return [
      ...verbs,
      ...other(VOCAB.paths, r.path).map((path) => ({ request: { ...r, path }, kind: 'nonResourceURL' as const })),
    ];
  const away = (
    key: 'group' | 'resource' | 'subresource' | 'name' | 'namespace',
    values: readonly string[],
    kind: NearMissKind,
  ) => other(values, r[key]).map((v) => ({ request: { ...r, [key]: v }, kind }));
  return [
    ...verbs,
    ...away('group', VOCAB.groups, 'apiGroup'),
    ...away('resource', VOCAB.resources, 'resource'),
    ...away('subresource', ['', ...VOCAB.subresources], 'resource'),
    ...away('name', ['', ...VOCAB.names], 'resourceName'),
    // A RoleBinding elsewhere: the request in its namespace; from cluster scope, clusterScope.
    ...away('namespace', [...world.namespaces, 'default'], r.namespace === '' ? 'clusterScope' : 'namespace'),
  ];
}

test('the near misses are complete: every one-attribute change the server allows is named', async () => {
  const index = indexBindings(source.model);
  const subjects = indexSubjects(source.model, index);
  const before = disagreements;
  let allowedChanges = 0;
  await mapLimit(deniedCases(), 8, async (c) => {
    // A rule that allows the changed request, in a binding that applies, fails the original on that attribute only.
    const changes = oneAttributeAway(c.request).filter((x) => engine.canI(c.identity, x.request).allowed);
    if (changes.length === 0) return;
    const all = whyNot(index, subjects, c.identity, c.request, Infinity).nearMisses;
    for (const x of changes) {
      allowedChanges++;
      if (!(await reviewer.subjectAccessReview(c.identity, x.request)))
        disagree('CHANGED REQUEST DENIED BY THE SERVER', c.identity, x.request, false);
      else if (!all.some((m) => m.kind === x.kind))
        disagree(`NEAR MISS NOT NAMED (${x.kind}) for ${JSON.stringify(x.request)}`, c.identity, c.request, false);
    }
  });
  const missed = disagreements - before;
  console.log(
    `why-not completeness: ${allowedChanges} one-attribute changes the server allows, ${allowedChanges - missed} named by a near miss, ${missed} disagreements`,
  );
  assert.ok(allowedChanges > 100, `only ${allowedChanges} allowed changes drawn`);
  assert.equal(missed, 0);
});
