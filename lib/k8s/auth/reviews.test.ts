// TokenReview and SubjectAccessReview over a fake transport: what is sent, and how every answer the
// API server may give (accepted, refused, forbidden to the app, down, malformed) is told.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError, TransportTimeout, type Transport } from '../live/transport';
import { reviewAccessWith, reviewTokenWith, tokenProblem } from './reviews';

interface Sent {
  path: string;
  body: unknown;
}

function fake(answer: (sent: Sent) => unknown): { transport: Transport; sent: Sent[] } {
  const sent: Sent[] = [];
  const transport: Transport = {
    server: 'https://api.test:6443',
    list: () => Promise.reject(new Error('not used')),
    watch: () => Promise.reject(new Error('not used')),
    post: async (path, body) => {
      sent.push({ path, body });
      return answer({ path, body });
    },
  };
  return { transport, sent };
}

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

describe('reviewTokenWith', () => {
  test('sends a TokenReview of the token and answers the user the server names', async () => {
    const { transport, sent } = fake(() => ({
      kind: 'TokenReview',
      status: {
        authenticated: true,
        user: {
          username: 'system:serviceaccount:team-a:builder',
          uid: 'u-1',
          groups: ['system:serviceaccounts', 'system:authenticated'],
          extra: { 'authentication.kubernetes.io/pod-name': ['p'] },
        },
        audiences: ['https://kubernetes.default.svc'],
      },
    }));
    const answer = await reviewTokenWith(transport, TOKEN);
    assert.deepEqual(sent, [
      {
        path: '/apis/authentication.k8s.io/v1/tokenreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: TOKEN } },
      },
    ]);
    assert.deepEqual(answer, {
      state: 'accepted',
      user: {
        username: 'system:serviceaccount:team-a:builder',
        uid: 'u-1',
        groups: ['system:serviceaccounts', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/pod-name': ['p'] },
      },
      audiences: ['https://kubernetes.default.svc'],
    });
  });

  test('a static-token user with no groups or extra is answered with empty groups', async () => {
    const { transport } = fake(() => ({ status: { authenticated: true, user: { username: 'alice' } } }));
    assert.deepEqual(await reviewTokenWith(transport, 'abc123'), {
      state: 'accepted',
      user: { username: 'alice', groups: [] },
    });
  });

  test("refused: the server's reason, printable, with the token cut out if it quoted it", async () => {
    const { transport } = fake(() => ({
      status: { authenticated: false, error: `invalid bearer token\n\u0007 ${TOKEN} expired` },
    }));
    const answer = await reviewTokenWith(transport, TOKEN);
    assert.equal(answer.state, 'refused');
    assert.ok(!JSON.stringify(answer).includes(TOKEN));
    assert.equal(
      (answer as { reason: string }).reason,
      'the API server does not accept this token: invalid bearer token [the token] expired',
    );
  });

  test('refused without a reason, and authenticated without a user, say the server does not accept it', async () => {
    for (const status of [{}, { authenticated: true }, { authenticated: true, user: { username: '' } }]) {
      const { transport } = fake(() => ({ status }));
      assert.deepEqual(await reviewTokenWith(transport, TOKEN), {
        state: 'refused',
        reason: 'the API server does not accept this token',
      });
    }
  });

  test('hostile tokens are refused before anything is sent, and the reason never quotes them', async () => {
    const { transport, sent } = fake(() => assert.fail('nothing is sent'));
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['a'.repeat(16 * 1024 + 1), /longer than 16 KiB/],
      ['abc\u0000def', /control characters/],
      ['abc def', /spaces/],
      ['tökén', /non-ASCII/],
    ];
    for (const [token, reason] of cases) {
      const answer = await reviewTokenWith(transport, token);
      assert.equal(answer.state, 'refused');
      assert.match((answer as { reason: string }).reason, reason);
      if (token.length > 3) assert.ok(!JSON.stringify(answer).includes(token));
    }
    assert.deepEqual(sent, []);
  });

  test('the app forbidden to create tokenreviews: unavailable, naming the ClusterRole that grants it', async () => {
    const { transport } = fake(() => {
      throw new ApiError(403, 'tokenreviews.authentication.k8s.io is forbidden: User "x" cannot create', 'Forbidden');
    });
    const answer = await reviewTokenWith(transport, TOKEN);
    assert.equal(answer.state, 'unavailable');
    assert.match(
      (answer as { reason: string }).reason,
      /may not create tokenreviews.*system:auth-delegator.*forbidden/,
    );
  });

  test('a server that does not answer, or answers nonsense: unavailable with why', async () => {
    const down = fake(() => {
      throw new TransportTimeout('idle', 30_000);
    });
    assert.deepEqual(await reviewTokenWith(down.transport, TOKEN), {
      state: 'unavailable',
      reason: 'the API server at https://api.test:6443 gave no data for 30 s',
    });
    const odd = fake(() => ({ status: { authenticated: 'yes' } }));
    assert.equal((await reviewTokenWith(odd.transport, TOKEN)).state, 'unavailable');
    const refused = fake(() => {
      throw new ApiError(401, 'Unauthorized');
    });
    const own = await reviewTokenWith(refused.transport, TOKEN);
    assert.equal(own.state, 'unavailable');
    assert.match((own as { reason: string }).reason, /does not accept the app's own credentials/);
  });
});

describe('reviewAccessWith', () => {
  const alice = { username: 'alice', groups: ['system:authenticated'] };

  test('a resource request: the user and its attributes as a SubjectAccessReview', async () => {
    const { transport, sent } = fake(() => ({ status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "x"' } }));
    const answer = await reviewAccessWith(transport, alice, {
      kind: 'resource',
      verb: 'list',
      group: 'rbac.authorization.k8s.io',
      resource: 'rolebindings',
      subresource: '',
      name: '',
      namespace: 'team-a',
    });
    assert.deepEqual(answer, { state: 'allowed', reason: 'RBAC: allowed by RoleBinding "x"' });
    assert.deepEqual(sent[0], {
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: 'alice',
          uid: undefined,
          groups: ['system:authenticated'],
          extra: undefined,
          resourceAttributes: {
            namespace: 'team-a',
            verb: 'list',
            group: 'rbac.authorization.k8s.io',
            resource: 'rolebindings',
            subresource: '',
            name: '',
          },
        },
      },
    });
  });

  test('a non-resource request, denied (no opinion counts as denied), with the evaluation error', async () => {
    const { transport, sent } = fake(() => ({ status: { allowed: false, evaluationError: 'webhook down' } }));
    const answer = await reviewAccessWith(transport, alice, { kind: 'nonResource', verb: 'get', path: '/metrics' });
    assert.deepEqual(answer, { state: 'denied', reason: 'evaluation error: webhook down' });
    assert.deepEqual((sent[0]?.body as { spec: object }).spec, {
      user: 'alice',
      uid: undefined,
      groups: ['system:authenticated'],
      extra: undefined,
      nonResourceAttributes: { path: '/metrics', verb: 'get' },
    });
  });

  test('forbidden to the app or a malformed answer: unavailable', async () => {
    const forbidden = fake(() => {
      throw new ApiError(403, 'subjectaccessreviews.authorization.k8s.io is forbidden', 'Forbidden');
    });
    const request = { kind: 'nonResource', verb: 'get', path: '/' } as const;
    const answer = await reviewAccessWith(forbidden.transport, alice, request);
    assert.equal(answer.state, 'unavailable');
    assert.match((answer as { reason: string }).reason, /may not create subjectaccessreviews/);
    const odd = fake(() => ({ kind: 'Status' }));
    assert.equal((await reviewAccessWith(odd.transport, alice, request)).state, 'unavailable');
  });
});

describe('tokenProblem', () => {
  test('a JWT and an opaque static token are tokens', () => {
    assert.equal(tokenProblem(TOKEN), undefined);
    assert.equal(tokenProblem('31ada4fd-adec-460c-809a-9e56ceb75269'), undefined);
  });
});
