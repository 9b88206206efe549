import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac/engine';
import { clusterRoleBinding, defaultClusterRole, group, sa, world } from '@/lib/rbac/test-fixtures';
import { decodeToken, type DecodedToken } from './decode';
import { inspectToken } from './inspect';
import { subjectSummaryLines } from './summary-words';
import { fakeToken, POD_BOUND } from './test-tokens';

const engine = createEngine(
  world({
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
  }),
);

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
    assert.match(subjectSummaryLines(s!).join('\n'), /danger: .*cluster-wide[\s\S]*already holds every permission/);
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
    const i = inspectToken(engine, decoded(claims), review, POD_BOUND.exp + 1);
    assert.equal(i.verdict, 'refused');
    assert.equal(i.reasons.length, 3);
    assert.match(i.reasons.join('\n'), /refuses it[\s\S]*expired[\s\S]*another uid/);
    // Refused, the claims' service account is still what the token would be: its grants are shown.
    assert.equal(i.identity?.from, 'claims');
  });

  test('a review that could not be made leaves it unverified, never accepted', () => {
    const i = inspectToken(engine, decoded(POD_BOUND), { state: 'unavailable', reason: 'no cluster' }, NOW);
    assert.equal(i.verdict, 'unverified');
  });
});
