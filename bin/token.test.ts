import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fakeToken, LEGACY, POD_BOUND } from '@/lib/tokens/test-tokens';
import { files, run } from './test-cli';

const FAR = 4_000_000_000;
const demoPodToken = (pod: string) =>
  fakeToken({
    ...POD_BOUND,
    iat: 1_700_000_000,
    nbf: 1_700_000_000,
    exp: FAR,
    sub: 'system:serviceaccount:default:demo-sa',
    'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'demo-sa' }, pod: { name: pod } },
  });

function tokenFile(token: string): string {
  return path.join(files({ token: `${token}\n` }), 'token');
}

describe('rbac-atlas token', () => {
  test('names the identity, the pod it is bound to and its expiry; never prints the token', async () => {
    const token = demoPodToken('web');
    const { code, out } = await run('token', '--token-file', tokenFile(token), '--demo');
    assert.match(out, /Authenticates as: +system:serviceaccount:default:demo-sa, in the groups/);
    assert.match(out, /Bound to: +Pod default\/web: refused once that pod is deleted/);
    assert.match(out, /Expires: +2096-10-02 07:06:40 UTC/);
    assert.match(out, /What system:serviceaccount:default:demo-sa can do \(as its claims name it\)/);
    assert.doesNotMatch(out, new RegExp(token.split('.')[1]!));
    // The demo has no pod "web": the token is said not to work, exit 1.
    assert.match(out, /✗ Pod default\/web is not in the data read/);
    assert.equal(code, 1);
  });

  test('a legacy token is named long-lived; json has the inspection and no token', async () => {
    const token = fakeToken(LEGACY);
    const { out } = await run('token', '--token-file', tokenFile(token), '--demo', '-o', 'json');
    const body = JSON.parse(out);
    assert.equal(body.token.kind, 'legacy');
    assert.match(body.words.find((l: { label: string }) => l.label === 'Kind').text, /long-lived/);
    assert.equal(body.objects[1].kind, 'Secret');
    assert.doesNotMatch(out, new RegExp(token.split('.')[1]!));
  });

  test('not a token: exit 2 with the reason, no echo; --review needs a kubeconfig', async () => {
    const bad = await run('token', '--token-file', tokenFile('hunter2-not-a-token'), '--demo');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a token: not a JWT/);
    assert.doesNotMatch(bad.err + bad.out, /hunter2/);
    const none = await run('token', '--token-file', tokenFile(fakeToken({ sub: 'x' }, { alg: 'none' }, '')), '--demo');
    assert.match(none.err, /unsigned/);
    const review = await run('token', '--token-file', tokenFile(demoPodToken('web')), '--demo', '--review');
    assert.equal(review.code, 2);
    assert.match(review.err, /--review asks the API server/);
    const missing = await run('token', '--demo');
    assert.match(missing.err, /--token-file FILE is required/);
  });
});
