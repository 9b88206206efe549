// Proof that usage answers are the API server's own: workloads act on a real kube-apiserver through
// their own credentials, its audit log is read back, every allowed event's attribution (the binding
// and role in `authorization.k8s.io/reason`) is among the grants the engine finds and every refused
// one gets none; then each workload is right-sized, the proposal applied on the server, and
// SubjectAccessReview confirms that each request it made is still allowed, what it was refused still
// is, and what the change review says it loses is refused. The tally must be 0 disagreements.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readAllAuditLogs } from '@/lib/k8s/audit';
import { fixManifest } from '@/lib/k8s/fix-effect';
import { loadSource } from '@/lib/k8s/source';
import {
  createEngine,
  createUsageIndex,
  describeRequest,
  identityOfSubject,
  impersonationRequests,
  reviewRightsizing,
  rightsize,
  rightsizeObjects,
  subjectText,
  usageAnswers,
  type AccessRequest,
  type DiffPermission,
  type Engine,
  type Identity,
  type ObservedRequest,
  type RightsizeReview,
  type Rightsizing,
  type SubjectRef,
  type UsageIndex,
} from '@/lib/rbac';
import { createObjects, parseManifests, type KubeObject } from '@/scripts/control-plane/apply';
import { serviceAccountToken, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { rightsizeYaml } from '@/lib/reports/rightsize-report';
import { Reviewer } from '../conformance/reviews';
import { flushed, perform, unexpected, type Credential, type Done } from './actions';
import { applyManifests, deleteBindings, deleteObjects, finalLines, lostRequests, restoreObjects } from './proof';
import { ACTORS, IMPERSONATIONS, USERS, usageActions, usageWorld } from './world';

let cp: ControlPlane;
let reviewer: Reviewer;
let creds: Map<string, Credential>;
let done: Done[] = [];
let requests: ObservedRequest[] = [];
/** Per auditID, the line the reader must count it at (the oracle: the log read as plain JSON). */
let lineOf = new Map<string, number>();
let engine: Engine;
let usage: UsageIndex;
const tally = {
  events: 0,
  attributions: 0,
  attributedEvents: 0,
  agreed: 0,
  masters: 0,
  rechecked: 0,
  stillDenied: 0,
  lost: 0,
  replayed: 0,
  unused: 0,
  keptUsed: 0,
};
const disagreements: string[] = [];
const disagree = (what: string) => {
  disagreements.push(what);
  console.log(`DISAGREEMENT ${what}`);
};

async function credentials(): Promise<Map<string, Credential>> {
  const out = new Map<string, Credential>();
  for (const s of ACTORS)
    if (s.kind === 'ServiceAccount')
      out.set(`${s.namespace}/${s.name}`, { token: await serviceAccountToken(cp, s.namespace, s.name) });
  for (const [name, token] of cp.userTokens) out.set(name, { token });
  const support = cp.userTokens.get('support') ?? '';
  for (const [key, impersonate] of Object.entries(IMPERSONATIONS)) out.set(key, { token: support, impersonate });
  return out;
}

/** The log as it stood once every action's last stage was in it (the live file keeps growing). */
async function logSnapshot(): Promise<string> {
  await flushed(
    cp.auditLogPath,
    done.map((d) => d.auditId),
  );
  const copy = path.join(cp.dir, 'audit-read.log');
  await copyFile(cp.auditLogPath, copy);
  return copy;
}

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l), users: USERS });
  reviewer = new Reviewer(cp);
  await createObjects(cp, usageWorld());
  // The authorizer's caches see the world a moment after it is stored.
  await new Promise((r) => setTimeout(r, 1500));
  creds = await credentials();
  done = await perform(cp, creds, usageActions());
  const log = await logSnapshot();
  const read = await readAllAuditLogs([log]);
  assert.deepEqual(read.problems, []);
  requests = read.requests;
  lineOf = await finalLines(log);
  const source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  assert.deepEqual(source.issues, []);
  engine = createEngine(source.model);
  usage = createUsageIndex();
  usage.add(requests);
  usage.noteRead(read.window);
});

after(async () => {
  reviewer?.close();
  await cp?.stop();
  const t = tally;
  console.log(
    `usage proof: ${t.events} events read, ${t.attributions} attributions checked (${t.attributedEvents} events; ` +
      `${t.agreed} by RBAC as the engine finds, ${t.masters} system:masters), ` +
      `${t.rechecked} requests re-checked after right-sizing, ${t.stillDenied} refused requests still refused, ` +
      `${t.lost} lost permissions checked, ${t.replayed} requests replayed, ${t.unused} bindings never used deleted ` +
      `(${t.keptUsed} requests of the log still allowed), ` +
      `${disagreements.length} disagreements`,
  );
});

test('each workload request is answered as the world says RBAC decides', () => {
  assert.deepEqual(unexpected(done), []);
});

test('the reader counts every request of the log once, at its final stage', () => {
  tally.events = requests.length;
  assert.deepEqual(
    requests.map((r) => r.where.line).sort((a, b) => a - b),
    [...lineOf.values()].sort((a, b) => a - b),
  );
});

const impersonatorOf = (actor: string) =>
  IMPERSONATIONS[actor] && IMPERSONATIONS[actor].user !== 'admin' ? 'support' : undefined;

test('every workload request is in the log as it was made', () => {
  const atLine = new Map(requests.map((r) => [r.where.line, r]));
  for (const { action, auditId, status } of done) {
    const seen = atLine.get(lineOf.get(auditId) ?? -1);
    const what = `${action.actor} ${action.method} ${action.path}`;
    assert.ok(seen, `${what}: not read`);
    assert.equal(seen.identity.user, action.as, what);
    assert.deepEqual(seen.request, action.request, what);
    assert.equal(seen.status, status, what);
    assert.equal(seen.impersonator?.user, impersonatorOf(action.actor), what);
    // A refused impersonation is refused before RBAC is asked: no decision is recorded.
    const decision = action.actor === 'support as admin' ? undefined : action.expect === 'allow' ? 'allow' : 'forbid';
    assert.equal(seen.decision, decision, what);
  }
});

test("every allowed event's attribution is among the grants the engine finds; every refused one gets none", () => {
  const { attribution } = usageAnswers(engine, usage);
  tally.attributions = attribution.checked;
  tally.agreed = attribution.agreed;
  tally.masters = attribution.explained.length;
  tally.attributedEvents = attribution.events;
  for (const d of attribution.disagreements)
    disagree(`line ${d.where.line}: ${d.identity.user} ${describeRequest(d.request)}: ${d.message} (${d.reason})`);
  // Only the superuser group is allowed without RBAC on this control plane: the server and the admin.
  assert.deepEqual([...new Set(attribution.explained.map((e) => e.verdict))], ['masters']);
  // Refused with no decision recorded (the impersonation filter): the engine allows none of them either.
  for (const r of requests.filter((r) => r.decision === undefined && r.status === 403)) {
    tally.attributions++;
    tally.attributedEvents++;
    if (engine.canI(r.identity, r.request).allowed)
      disagree(
        `line ${r.where.line}: ${r.identity.user} ${describeRequest(r.request)}: refused, but the engine allows it`,
      );
  }
  assert.deepEqual(disagreements, []);
});

const SUBJECTS: SubjectRef[] = [...ACTORS, { kind: 'User', name: 'support' }];

/** Asks the server until it answers `want` (its RBAC caches follow a change a moment later), up to 10 s. */
async function settles(identity: Identity, request: AccessRequest, want: boolean): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await reviewer.subjectAccessReview(identity, request)) === want) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Whether a user's allowed requests (and the impersonations it made) are still allowed on the server. */
async function recheckAllowed(user: string, who: string, count: 'rechecked' | 'keptUsed'): Promise<void> {
  for (const shape of usage.identity(user)?.shapes ?? [])
    if (shape.allowed > 0) {
      tally[count]++;
      if (!(await settles(shape.identity, shape.request, true)))
        disagree(`${who}: ${describeRequest(shape.request)} was allowed and no longer is`);
    }
  for (const imp of usage.identity(user)?.impersonated ?? [])
    for (const request of impersonationRequests(imp.as)) {
      tally[count]++;
      if (!(await settles(imp.by, request, true)))
        disagree(`${who}: ${describeRequest(request)} (impersonating ${imp.as.user}) was allowed and no longer is`);
    }
}

/** What the subject did, and was refused, still answered so on the server after its right-sizing. */
async function recheckObserved(r: Rightsizing): Promise<void> {
  const user = identityOfSubject(r.subject).user;
  const who = subjectText(r.subject);
  await recheckAllowed(user, who, 'rechecked');
  for (const shape of usage.identity(user)?.shapes ?? [])
    if (shape.denied > 0) {
      tally.stillDenied++;
      if (!(await settles(shape.identity, shape.request, false)))
        disagree(`${who}: ${describeRequest(shape.request)} was refused and now is allowed`);
    }
}

/** Right-sizing only takes away: a permission the change review says it gains is a disagreement. */
function noGain(r: Rightsizing, gained: readonly DiffPermission[]): void {
  for (const p of gained)
    disagree(
      `${subjectText(r.subject)}: the proposal grants ${p.verbs.join(', ')} ${p.target}${p.namespace ? ` in ${p.namespace}` : ''}, which it did not have`,
    );
}

/** Each permission the change review says the subject loses is refused to it now. */
async function recheckLost(r: Rightsizing, lost: readonly DiffPermission[]): Promise<void> {
  const identity = identityOfSubject(r.subject);
  for (const p of lost)
    for (const request of lostRequests(p)) {
      tally.lost++;
      if (!(await settles(identity, request, false)))
        disagree(`${subjectText(r.subject)}: the review says it loses ${describeRequest(request)}, yet it is allowed`);
    }
}

test("deleting every binding the log never used leaves every request it allowed allowed, the controllers' too", async () => {
  const { unusedBindings } = usageAnswers(engine, usage);
  // Kubernetes' own included: the window is all that counts. Put back after, for the right-sizing.
  const gone = await deleteBindings(
    cp,
    unusedBindings.map((b) => b.ref),
  );
  tally.unused = gone.length;
  const before = disagreements.length;
  try {
    for (const identity of usage.identities()) await recheckAllowed(identity.user, identity.user, 'keptUsed');
  } finally {
    await restoreObjects(cp, gone);
  }
  assert.deepEqual(disagreements.slice(before), []);
});

/**
 * Right-sizes a subject against the cluster as it is now (the subjects before it already replaced),
 * and applies the YAML `rbac-atlas rightsize` prints (its manifests, then the deletes it names).
 */
async function rightsizeOnServer(subject: SubjectRef): Promise<{ r: Rightsizing; review: RightsizeReview }> {
  const source = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
  const now = createEngine(source.model);
  const r = rightsize(now, usage, subject);
  for (const f of r.check.failures)
    disagree(`${subjectText(subject)}: the engine's own check fails for ${describeRequest(f.request)}`);
  const change = rightsizeObjects(now, r);
  await applyManifests(cp, parseManifests(rightsizeYaml(r, change, fixManifest)));
  await deleteObjects(cp, change.delete.map(fixManifest) as KubeObject[]);
  return { r, review: reviewRightsizing(now, r) };
}

test('right-sized on the server, each workload keeps what it did and loses what the change review says', async () => {
  const before = disagreements.length;
  const sized: { r: Rightsizing; review: RightsizeReview }[] = [];
  for (const subject of SUBJECTS) sized.push(await rightsizeOnServer(subject));
  for (const { r, review } of sized) {
    await recheckObserved(r);
    await recheckLost(r, review.subject?.lost ?? []);
    noGain(r, review.subject?.gained ?? []);
  }
  // The workloads again, through their own credentials: nothing they did is refused now.
  const again = await perform(
    cp,
    creds,
    done.filter((d) => d.action.expect === 'allow').map((d) => d.action),
  );
  for (const d of again) {
    tally.replayed++;
    if (d.status === 403) disagree(`${d.action.actor} ${d.action.method} ${d.action.path}: refused after right-sizing`);
  }
  for (const { r, review } of sized)
    console.log(
      `${subjectText(r.subject)}: ${r.replaced.length} bindings replaced, ${review.subject?.lost.length ?? 0} permissions lost`,
    );
  assert.deepEqual(disagreements.slice(before), []);
});
