// TokenReview and SubjectAccessReview on a real kube-apiserver v1.36.3 (scripts/control-plane):
// static-token users and a service account's bound token are accepted as whom the server says, a
// deleted service account's token and a made-up one are refused with the server's reason, RBAC
// decides access, and credentials that may not create reviews say so.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  adminFetch,
  kubeconfigYaml,
  serviceAccountToken,
  startControlPlane,
  type ControlPlane,
} from '@/scripts/control-plane/control-plane';
import { resetCurrentSource } from '../current-source';
import { kubeConfigFor } from '../live/live-source';
import { kubeTransport, type Transport } from '../live/transport';
import { resetReviewTransports, reviewAccess, reviewAccessWith, reviewToken, reviewTokenWith } from './reviews';

let cp: ControlPlane;
let admin: Transport;
let nobody: Transport;
const saved = { ...process.env };

before(async () => {
  cp = await startControlPlane({
    users: [{ name: 'alice', groups: ['team-a-readers'] }, { name: 'nobody' }],
    log: (l) => console.log(l),
  });
  admin = kubeTransport(kubeConfigFor({ kind: 'kubeconfig', path: cp.kubeconfigPath }).kc, true);
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-reviews-'));
  const file = path.join(dir, 'nobody');
  await writeFile(file, kubeconfigYaml(cp.server, cp.caPem, cp.userTokens.get('nobody')!));
  nobody = kubeTransport(kubeConfigFor({ kind: 'kubeconfig', path: file }).kc, true);
  const create = async (p: string, body: object) =>
    assert.equal((await adminFetch(cp, p, { method: 'POST', body })).status, 201);
  await create('/api/v1/namespaces', { metadata: { name: 'team-a' } });
  await create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles', {
    metadata: { name: 'binding-reader' },
    rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['list'] }],
  });
  await create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', {
    metadata: { name: 'readers' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'binding-reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a-readers' }],
  });
  await create('/api/v1/namespaces/team-a/serviceaccounts', { metadata: { name: 'builder' } });
});

after(async () => {
  process.env = saved;
  resetCurrentSource();
  resetReviewTransports();
  await cp?.stop();
});

const listBindings = (namespace: string) =>
  ({
    kind: 'resource',
    verb: 'list',
    group: 'rbac.authorization.k8s.io',
    resource: 'rolebindings',
    subresource: '',
    name: '',
    namespace,
  }) as const;

describe('reviews on a real API server', () => {
  test('a static-token user is accepted with its groups', async () => {
    const answer = await reviewTokenWith(admin, cp.userTokens.get('alice')!);
    assert.equal(answer.state, 'accepted');
    const user = answer.state === 'accepted' ? answer.user : undefined;
    assert.equal(user?.username, 'alice');
    assert.ok(user?.groups.includes('team-a-readers') && user.groups.includes('system:authenticated'));
  });

  test("a made-up token is refused with the server's reason, which does not quote it", async () => {
    const token = 'not-a-token-0123456789';
    const answer = await reviewTokenWith(admin, token);
    assert.equal(answer.state, 'refused');
    assert.ok(!JSON.stringify(answer).includes(token));
  });

  test("a service account's bound token is accepted, then refused once the account is deleted", async () => {
    const token = await serviceAccountToken(cp, 'team-a', 'builder');
    const answer = await reviewTokenWith(admin, token);
    assert.equal(answer.state === 'accepted' && answer.user.username, 'system:serviceaccount:team-a:builder');
    assert.ok(answer.state === 'accepted' && answer.user.uid);
    const gone = await adminFetch(cp, '/api/v1/namespaces/team-a/serviceaccounts/builder', { method: 'DELETE' });
    assert.equal(gone.status, 200);
    // The API server keeps a token it accepted for 10 s (TokenSuccessCacheTTL, not a flag,
    // pkg/kubeapiserver/options/authentication.go): refused within that, not at once.
    let after = await reviewTokenWith(admin, token);
    for (const end = Date.now() + 20_000; after.state === 'accepted' && Date.now() < end;)
      after = await new Promise((r) => setTimeout(r, 500)).then(() => reviewTokenWith(admin, token));
    assert.equal(after.state, 'refused');
    assert.ok(!JSON.stringify(after).includes(token));
  });

  test('SubjectAccessReview: RBAC lets alice list rolebindings in team-a only', async () => {
    const answer = await reviewTokenWith(admin, cp.userTokens.get('alice')!);
    assert.ok(answer.state === 'accepted');
    const inTeam = await reviewAccessWith(admin, answer.user, listBindings('team-a'));
    assert.equal(inTeam.state, 'allowed');
    assert.match(inTeam.reason ?? '', /RoleBinding "readers\/team-a"/);
    assert.equal((await reviewAccessWith(admin, answer.user, listBindings(''))).state, 'denied');
    assert.equal((await reviewAccessWith(admin, answer.user, listBindings('kube-system'))).state, 'denied');
  });

  test('credentials that may not create reviews: unavailable, naming system:auth-delegator', async () => {
    const token = await reviewTokenWith(nobody, cp.userTokens.get('alice')!);
    assert.equal(token.state, 'unavailable');
    assert.match(token.state === 'unavailable' ? token.reason : '', /may not create tokenreviews.*auth-delegator/);
    const access = await reviewAccessWith(nobody, { username: 'alice', groups: [] }, listBindings('team-a'));
    assert.equal(access.state, 'unavailable');
  });

  test("reviewToken and reviewAccess use the current source's credentials; the demo has no cluster to ask", async () => {
    process.env = { ...saved, RBAC_ATLAS_SOURCE: 'kubeconfig', KUBECONFIG: cp.kubeconfigPath };
    resetCurrentSource();
    resetReviewTransports();
    const answer = await reviewToken(cp.userTokens.get('alice')!);
    assert.equal(answer.state === 'accepted' && answer.user.username, 'alice');
    assert.equal(
      (await reviewAccess({ username: 'alice', groups: ['team-a-readers'] }, listBindings('team-a'))).state,
      'allowed',
    );
    process.env = { ...saved, RBAC_ATLAS_SOURCE: 'demo' };
    resetCurrentSource();
    resetReviewTransports();
    assert.deepEqual(await reviewToken(cp.userTokens.get('alice')!), {
      state: 'unavailable',
      reason: 'no cluster to ask: the source is the demo',
    });
  });
});
