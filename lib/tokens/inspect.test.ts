import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac/engine';
import { clusterRoleBinding, defaultClusterRole, group, sa, world } from '@/lib/rbac/test-fixtures';
import { decodeToken, type DecodedToken } from './decode';
import { inspectToken } from './inspect';
import { subjectSummaryLines } from './summary-words';
import { tokenWords } from './words';
import { fakeToken, POD_BOUND } from './test-tokens';

const model = world({
  namespaces: [{ name: 'apps', labels: {} }],
  serviceAccounts: [{ namespace: 'apps', name: 'builder', uid: 'sa-1' }],
  pods: [
    {
      namespace: 'apps',
      name: 'web',
      uid: 'pod-1',
      serviceAccountName: 'builder',
      automountServiceAccountToken: true,
    },
  ],
  clusterRoles: [defaultClusterRole('cluster-admin')],
  clusterRoleBindings: [
    clusterRoleBinding('builder-admin', 'cluster-admin', [sa('builder', 'apps')]),
    clusterRoleBinding('admins', 'cluster-admin', [group('oidc:admins')]),
  ],
});
const engine = createEngine(model);

function decoded(claims: unknown): DecodedToken {
  const r = decodeToken(fakeToken(claims));
  assert.ok(r.ok);
  return r.token;
}

const NOW = 1_800_000_600;

describe('inspectToken', () => {
  test('a pod-bound token whose objects exist, not reviewed: unverified; its service account is cluster-admin', () => {
    const i = inspectToken(engine, decoded(POD_BOUND), undefined, NOW);
    assert.equal(i.verdict, 'unverified');
    assert.deepEqual(i.reasons, []);
    assert.equal(i.identity?.from, 'claims');
    const [s] = i.identity!.report.subjects;
    assert.deepEqual(s?.subject, { kind: 'ServiceAccount', namespace: 'apps', name: 'builder' });
    assert.equal(s?.admin, true);
    assert.match(
      subjectSummaryLines(s!, i.risks).join('\n'),
      /danger: .*cluster-wide[\s\S]*already holds every permission/,
    );
  });

  test('accepted by the server: the identity is the one it named, a user and each group but system:authenticated', () => {
    const review = {
      state: 'accepted' as const,
      user: { username: 'alice', groups: ['oidc:admins', 'system:authenticated'] },
    };
    const i = inspectToken(engine, decoded({ iss: 'https://dex', sub: 'Cg5hbGljZQ', exp: NOW + 60 }), review, NOW);
    assert.equal(i.verdict, 'accepted');
    assert.equal(i.objects, undefined);
    assert.equal(i.identity?.from, 'review');
    assert.deepEqual(
      i.identity?.report.subjects.map((s) => [s.subject.kind, s.subject.name, s.admin]),
      [
        ['User', 'alice', false],
        ['Group', 'oidc:admins', true],
      ],
    );
  });

  test('an OIDC token not reviewed: no identity to summarize', () => {
    const i = inspectToken(engine, decoded({ iss: 'https://dex', sub: 'x' }), undefined, NOW);
    assert.equal(i.identity, undefined);
    assert.equal(i.verdict, 'unverified');
  });

  test('refused when the server says so, when expired, when its pod is another: every reason said', () => {
    const review = { state: 'refused' as const, reason: 'the API server does not accept this token' };
    const claims = {
      ...POD_BOUND,
      'kubernetes.io': { ...POD_BOUND['kubernetes.io'], pod: { name: 'web', uid: 'old' } },
    };
    const i = inspectToken(engine, decoded(claims), review, POD_BOUND.exp + 61);
    assert.equal(i.verdict, 'refused');
    assert.equal(i.reasons.length, 3);
    assert.match(i.reasons.join('\n'), /refuses it[\s\S]*expired[\s\S]*another uid/);
    // Refused, the claims' service account is still what the token would be: its grants are shown.
    assert.equal(i.identity?.from, 'claims');
  });

  test('accepted by the server though the data read says its pod is another: accepted, the contradiction a note', () => {
    const review = {
      state: 'accepted' as const,
      user: { username: 'system:serviceaccount:apps:builder', groups: ['system:serviceaccounts'] },
    };
    const claims = {
      ...POD_BOUND,
      'kubernetes.io': { ...POD_BOUND['kubernetes.io'], pod: { name: 'web', uid: 'new' } },
    };
    const i = inspectToken(engine, decoded(claims), review, POD_BOUND.exp + 3600);
    assert.equal(i.verdict, 'accepted');
    assert.deepEqual(i.reasons, []);
    assert.equal(i.notes.length, 2);
    assert.match(i.notes[0]!, /^it has expired; the API server still accepts it: the clocks/);
    assert.match(i.notes[1]!, /another uid[\s\S]*; the API server still accepts it: the data read may be behind/);
  });

  test('a review that refuses still lists what the data read says too', () => {
    const review = { state: 'refused' as const, reason: 'token has been invalidated' };
    const i = inspectToken(engine, decoded(POD_BOUND), review, NOW);
    assert.equal(i.verdict, 'refused');
    assert.deepEqual(i.reasons, ['the API server refuses it: token has been invalidated']);
    assert.deepEqual(i.notes, []);
  });

  test('60 s of leeway either side, as go-jose allows the API server (jwt.DefaultLeeway)', () => {
    const t = decoded(POD_BOUND);
    for (const [now, verdict] of [
      [POD_BOUND.exp, 'unverified'],
      [POD_BOUND.exp + 60, 'unverified'],
      [POD_BOUND.exp + 61, 'refused'],
      [POD_BOUND.iat - 60, 'unverified'],
      [POD_BOUND.iat - 61, 'refused'],
    ] as const) {
      const i = inspectToken(engine, t, undefined, now);
      assert.equal(i.verdict, verdict, `at exp${now - POD_BOUND.exp >= 0 ? '+' : ''}${now - POD_BOUND.exp}`);
    }
    const words = (now: number) => tokenWords(t, now).find((l) => l.label === 'Expires')!.text;
    assert.match(words(POD_BOUND.exp + 30), /expired, but the API server allows 60 s of clock skew/);
    assert.match(words(POD_BOUND.exp + 61), /expired, the API server refuses it/);
  });

  test('while the attack paths are computing: "not known yet", never "no path"; the status and completeness said', () => {
    const deferred = createEngine(model);
    deferred.risks.defer();
    const i = inspectToken(deferred, decoded(POD_BOUND), undefined, NOW);
    assert.equal(i.risks.state, 'computing');
    assert.equal(i.identity?.report.risks.state, 'computing');
    assert.equal(i.completeness.complete, true);
    const lines = subjectSummaryLines(i.identity!.report.subjects[0]!, i.risks).join('\n');
    assert.doesNotMatch(lines, /no path/);
    assert.match(lines, /not known yet: the attack paths are still being computed/);
    const current = inspectToken(engine, decoded(POD_BOUND), undefined, NOW);
    assert.deepEqual(current.risks, { state: 'current' });
  });

  test('a review that could not be made leaves it unverified, never accepted', () => {
    const i = inspectToken(engine, decoded(POD_BOUND), { state: 'unavailable', reason: 'no cluster' }, NOW);
    assert.equal(i.verdict, 'unverified');
  });
});
