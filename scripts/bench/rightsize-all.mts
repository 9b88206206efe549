// The bench's "right-size every service account" run, in its own process: load a snapshot and read
// an audit log (each timed and printed apart, so no cost hides in an earlier step), then right-size
// every service account the model knows or the log saw acting (proposal and the after check), then
// the change review (what it loses) and the manifests' objects of an evenly spread sample of them
// (REVIEW_SAMPLE, default 500: the review is asked per proposal, on a subject's page or from the
// CLI, not for the whole world at once). Prints one JSON line.
import { readAuditLogs } from '@/lib/k8s/audit';
import { readSnapshot } from '@/lib/k8s/files/snapshot';
import {
  createEngine,
  createUsageIndex,
  reviewRightsizing,
  rightsizeObjects,
  rightsizeServiceAccounts,
} from '@/lib/rbac';

const [snapshot, log] = process.argv.slice(2);
if (!snapshot || !log) throw new Error('usage: rightsize-all.mts SNAPSHOT AUDIT_LOG');

const since = (t: number) => performance.now() - t;
let t = performance.now();
const engine = createEngine((await readSnapshot(snapshot)).model);
const loadMs = since(t);

t = performance.now();
const usage = createUsageIndex();
const read = readAuditLogs([log]);
for await (const batch of read) usage.add(batch);
const readMs = since(t);

t = performance.now();
const all = rightsizeServiceAccounts(engine, usage);
const rightsizeMs = since(t);

const sample = Number(process.env.REVIEW_SAMPLE ?? 500);
const step = Math.max(1, Math.floor(all.length / sample));
const reviewed = all.filter((_, i) => i % step === 0).slice(0, sample);
t = performance.now();
let losing = 0;
let objects = 0;
for (const r of reviewed) {
  if (reviewRightsizing(engine, r).subject) losing++;
  objects += rightsizeObjects(engine, r).apply.length;
}
const reviewMs = since(t);

const failures = all.reduce((n, r) => n + r.check.failures.length, 0);
const checked = all.reduce((n, r) => n + r.check.requests, 0);
process.stdout.write(
  `${JSON.stringify({ loadMs, readMs, events: read.window().events, rightsizeMs, reviewMs, reviewed: reviewed.length, accounts: all.length, checked, failures, losing, objects })}\n`,
);
