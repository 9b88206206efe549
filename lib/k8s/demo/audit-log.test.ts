// The demo's audit log (captured from the real API server by `npm run demo:capture`) read as the
// dashboard reads it: every line an event, every allowed event attributed by the server to a grant
// the demo engine finds, every refused one to none, and the demo's actors all in it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine, createUsageIndex, serviceAccountUsername, usageAnswers } from '@/lib/rbac';
import { readAllAuditLogs } from '../audit';
import { loadSource } from '../source';

const LOG = path.join(import.meta.dirname, 'audit.log');

async function readDemoUsage() {
  const demo = await loadSource({ kind: 'demo' });
  const engine = createEngine(demo.model);
  const read = await readAllAuditLogs([LOG]);
  const usage = createUsageIndex();
  usage.add(read.requests);
  usage.noteRead(read.window);
  return { read, answers: usageAnswers(engine, usage) };
}
let once: ReturnType<typeof readDemoUsage> | undefined;
const demoUsage = () => (once ??= readDemoUsage());

test('the demo audit log attributes every decision to the grants the demo engine finds', async () => {
  const { read, answers } = await demoUsage();
  assert.deepEqual(read.problems, []);
  assert.ok(read.requests.length >= 100, `${read.requests.length} requests`);
  const { attribution } = answers;
  assert.deepEqual(
    attribution.disagreements.map((d) => `${d.where.line}: ${d.message}`),
    [],
  );
  // Only the superuser group is allowed without RBAC here: the server and the admin.
  assert.deepEqual(new Set(attribution.explained.map((e) => e.verdict)), new Set(['masters']));
  assert.ok(attribution.agreed >= 20, `${attribution.agreed} agreed`);
});

const ACTORS: [string, string][] = [
  ['a service account acting through its own token', serviceAccountUsername('payments', 'payments-api')],
  ['a service account refused', serviceAccountUsername('payments', 'payments-worker')],
  ['a user through a group binding', 'alice@example.com'],
  ['a user whose binding names a missing role', 'auditor@example.com'],
  ['a user in a wildcard Role', 'dana@example.com'],
  ['a service account only impersonated', serviceAccountUsername('ci', 'deployer')],
];

for (const [name, user] of ACTORS) {
  test(`the demo audit log holds ${name} (${user})`, async () => {
    const { answers } = await demoUsage();
    const identity = answers.identities.find((i) => i.user === user);
    assert.ok(identity, user);
  });
}

test('the demo audit log holds impersonation and refusals', async () => {
  const { read, answers } = await demoUsage();
  const impersonated = read.requests.filter((r) => r.impersonator?.user === 'support-bot');
  assert.deepEqual(
    new Set(impersonated.map((r) => r.identity.user)),
    new Set(['alice@example.com', serviceAccountUsername('ci', 'deployer')]),
  );
  assert.ok(answers.denied.length >= 7, `${answers.denied.length} denied shapes`);
});
