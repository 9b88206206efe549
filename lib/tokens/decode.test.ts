import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeToken, MAX_TOKEN_CHARS } from './decode';
import { fakeToken, LEGACY, POD_BOUND } from './test-tokens';
import { NOT_VERIFIED, tokenWords } from './words';

function decoded(token: string) {
  const result = decodeToken(token);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.token;
}

const words = (token: string, now: number) =>
  Object.fromEntries(tokenWords(decoded(token), now).map((l) => [l.label, l.text]));

describe('decodeToken', () => {
  test('a pod-bound token: its service account identity, pod, node and times', () => {
    const t = decoded(fakeToken(POD_BOUND));
    assert.equal(t.kind, 'bound');
    assert.deepEqual(t.identity, {
      user: 'system:serviceaccount:apps:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'],
    });
    assert.deepEqual(t.objects, {
      namespace: 'apps',
      serviceAccount: { name: 'builder', uid: 'sa-1' },
      pod: { name: 'web', uid: 'pod-1' },
      node: { name: 'n1', uid: 'node-1' },
    });
    assert.deepEqual(t.audiences, ['https://kubernetes.default.svc']);
    assert.equal(t.expiresAt, 1_800_003_600);
    assert.deepEqual(t.problems, []);
  });

  test('a legacy token: long-lived, its Secret named, no expiry', () => {
    const t = decoded(fakeToken(LEGACY));
    assert.equal(t.kind, 'legacy');
    assert.deepEqual(t.objects?.secret, { name: 'builder-token' });
    assert.equal(t.identity?.user, 'system:serviceaccount:apps:builder');
    const w = words(fakeToken(LEGACY), 1_800_000_000);
    assert.match(w.Kind!, /long-lived/);
    assert.match(w.Expires!, /^never/);
    assert.match(w['Token Secret']!, /Secret apps\/builder-token/);
  });

  test('a legacy token missing a claim, or whose sub is another account: said as a problem', () => {
    const noUid: Record<string, string> = { ...LEGACY };
    delete noUid['kubernetes.io/serviceaccount/service-account.uid'];
    assert.match(decoded(fakeToken(noUid)).problems.join(), /lack service-account.uid/);
    assert.match(
      decoded(fakeToken({ ...LEGACY, sub: 'system:serviceaccount:apps:other' })).problems.join(),
      /sub is not/,
    );
  });

  test('an OIDC token: not a service-account token, its sub and iss only', () => {
    const t = decoded(fakeToken({ iss: 'https://dex.example', sub: 'alice', aud: 'kubernetes', exp: 1_800_000_100 }));
    assert.equal(t.kind, 'other');
    assert.equal(t.identity, undefined);
    assert.equal(t.subject, 'alice');
    assert.deepEqual(t.audiences, ['kubernetes']);
  });

  test('a Bearer prefix and whitespace around the token are dropped', () => {
    assert.equal(decoded(`  Authorization: Bearer ${fakeToken(POD_BOUND)}\n`).kind, 'bound');
  });
});

describe('tokenWords', () => {
  test('says it is not verified, names the pod, the node it ran on and the expiry', () => {
    const w = words(fakeToken(POD_BOUND), 1_800_000_600);
    assert.equal(w.Verified, NOT_VERIFIED);
    assert.match(w['Bound to']!, /^Pod apps\/web \(uid pod-1\): refused once that pod is deleted/);
    assert.match(w['Issued on node']!, /Node n1 \(uid node-1\).*stays valid when the node is gone/);
    assert.equal(w.Expires, '2027-01-15 09:00:00 UTC (in 50 min), 1 h after it was issued');
    assert.match(w['Authenticates as']!, /system:serviceaccount:apps:builder, in the groups system:serviceaccounts, /);
  });

  test('an expired token is said to be refused', () => {
    assert.match(words(fakeToken(POD_BOUND), 1_800_090_000).Expires!, /ago\): expired, the API server refuses it/);
  });
});

describe('bad input: a deliberate error naming what is wrong, never the input', () => {
  const SECRET = 'hunter2hunter2';
  const cases: [string, string, RegExp][] = [
    ['empty', '   ', /no token/],
    ['not a JWT', `x${SECRET}`, /three parts/],
    ['five parts (JWE)', `a.b.c.d.${SECRET}`, /encrypted/],
    ['oversized', `${'a'.repeat(MAX_TOKEN_CHARS)}.${SECRET}.c`, /more than the 16384/],
    ['control character', `${fakeToken(POD_BOUND)}\u0007${SECRET}`, /control character \(at position \d+\)/],
    ['a byte outside base64url', `${SECRET}!.a.b`, /outside base64url/],
    ['not JSON', `${Buffer.from(SECRET).toString('base64url')}.e30.c2ln`, /not base64url-encoded JSON/],
    ['alg none', fakeToken({ ...POD_BOUND, sub: SECRET }, { alg: 'none' }, ''), /unsigned \(alg "none"\)/],
    ['a claim of the wrong type', fakeToken({ sub: SECRET, exp: 'soon' }), /claim "exp"/],
    [
      'a control character in a claim',
      fakeToken({ sub: `${SECRET}\u001b[31m` }),
      /claim "sub": contains a control character/,
    ],
  ];
  for (const [name, input, error] of cases)
    test(name, () => {
      const result = decodeToken(input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.error, error);
      assert.doesNotMatch(result.error, new RegExp(SECRET));
    });
});
