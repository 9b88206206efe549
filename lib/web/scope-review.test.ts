import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, type ResourceRequest } from '@/lib/rbac';
import { clusterRole, clusterRoleBinding, roleBinding, rule, user, world } from '@/lib/rbac/test-fixtures';
import {
  candidateNamespaces,
  MAX_CANDIDATES,
  reviewScope,
  REVIEW_CONCURRENCY,
  type Review,
  type ReviewState,
} from './scope-review';

const listRbs = rule({ verbs: ['list'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'] });

/** Ten namespaces; alice may list RoleBindings in ns-1 and ns-2 (by RBAC), bob everywhere by a ClusterRoleBinding. */
function engine(missing = false) {
  return createEngine(
    world({
      namespaces: Array.from({ length: 10 }, (_, i) => ({ name: `ns-${i}`, labels: {} })),
      clusterRoles: [clusterRole('rb-reader', [listRbs])],
      roleBindings: ['ns-1', 'ns-2'].map((ns) =>
        roleBinding(ns, 'alice', { kind: 'ClusterRole', name: 'rb-reader' }, [user('alice')]),
      ),
      clusterRoleBindings: [clusterRoleBinding('bob', 'rb-reader', [user('bob')])],
      ...(missing && { missing: [{ kind: 'ClusterRoleBinding' as const, reason: 'forbidden' }] }),
    }),
  );
}

const alice = { username: 'alice', groups: ['system:authenticated'] };
const key = (r: ResourceRequest) => `${r.verb} ${r.resource} ${r.namespace}`;

/** A fake SubjectAccessReview: the answers by request, everything else denied; records what was asked. */
function fakeReview(answers: Record<string, ReviewState>) {
  const asked: string[] = [];
  let inFlight = 0;
  let most = 0;
  const review: Review = async (request) => {
    asked.push(key(request));
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 1));
    inFlight--;
    const state = answers[key(request)] ?? 'denied';
    return state === 'unavailable' ? { state, reason: 'connection refused' } : { state };
  };
  return { review, asked, most: () => most };
}

describe('reviewScope: what a viewer may see, decided by SubjectAccessReview', () => {
  test('rolebindings everywhere and clusterrolebindings: everything, two reviews', async () => {
    const fake = fakeReview({ 'list clusterrolebindings ': 'allowed', 'list rolebindings ': 'allowed' });
    const scope = await reviewScope(engine(), { username: 'bob', groups: [] }, fake.review);
    assert.deepEqual(scope, { scope: { cluster: true, namespaces: 'all' }, problems: [] });
    assert.equal(fake.asked.length, 2);
  });

  test('namespaces: the engine narrows the candidates, each confirmed by a review; a "no" of the server wins', async () => {
    const fake = fakeReview({ 'list rolebindings ns-1': 'allowed', 'list rolebindings ns-2': 'denied' });
    const scope = await reviewScope(engine(), alice, fake.review);
    assert.deepEqual(scope.scope, { cluster: false, namespaces: ['ns-1'] });
    // Two cluster-wide questions, then only the namespaces RBAC grants in: not all ten.
    assert.deepEqual(fake.asked.slice(2).sort(), ['list rolebindings ns-1', 'list rolebindings ns-2']);
  });

  test('a namespace allowed by the server but not by RBAC (another authorizer) is hidden: the safe side', async () => {
    const fake = fakeReview({ 'list rolebindings ns-5': 'allowed' });
    const scope = await reviewScope(engine(), alice, fake.review);
    assert.deepEqual(scope.scope.namespaces, []);
  });

  test('when the engine cannot be sure (a kind it could not read), every namespace is a candidate', () => {
    assert.deepEqual(candidateNamespaces(engine(), { username: 'carol', groups: [] }), []);
    assert.equal(candidateNamespaces(engine(true), { username: 'carol', groups: [] }).length, 10);
  });

  test('reviews that cannot be made hide what they guard and are said', async () => {
    const fake = fakeReview({ 'list clusterrolebindings ': 'unavailable', 'list rolebindings ns-1': 'allowed' });
    const scope = await reviewScope(engine(), alice, fake.review);
    assert.equal(scope.scope.cluster, false);
    assert.deepEqual(scope.scope.namespaces, ['ns-1']);
    assert.deepEqual(scope.problems, ['could not check whether you may list clusterrolebindings: connection refused']);
  });

  test('at most REVIEW_CONCURRENCY namespace reviews at once', async () => {
    const fake = fakeReview({});
    await reviewScope(engine(true), alice, fake.review);
    assert.equal(fake.asked.length, 12);
    assert.ok(fake.most() <= REVIEW_CONCURRENCY, `${fake.most()} in flight`);
  });

  test('past MAX_CANDIDATES namespaces: those RBAC grants are reviewed first, the rest hidden and said as not checked', async () => {
    const count = MAX_CANDIDATES + 3;
    const names = Array.from({ length: count }, (_, i) => `ns-${String(i).padStart(5, '0')}`);
    // alice is granted the very last namespace by RBAC; the engine cannot be sure of the rest.
    const big = createEngine(
      world({
        namespaces: names.map((name) => ({ name, labels: {} })),
        clusterRoles: [clusterRole('rb-reader', [listRbs])],
        roleBindings: [
          roleBinding(names.at(-1)!, 'alice', { kind: 'ClusterRole', name: 'rb-reader' }, [user('alice')]),
        ],
        missing: [{ kind: 'ClusterRoleBinding' as const, reason: 'forbidden' }],
      }),
    );
    const fake = fakeReview(Object.fromEntries(names.map((ns) => [`list rolebindings ${ns}`, 'allowed' as const])));
    const scope = await reviewScope(big, alice, fake.review);
    assert.equal(fake.asked.length, 2 + MAX_CANDIDATES);
    assert.ok(fake.asked.includes(`list rolebindings ${names.at(-1)}`), 'the namespace RBAC grants is reviewed');
    const shown = scope.scope.namespaces as string[];
    assert.equal(shown.length, MAX_CANDIDATES);
    assert.deepEqual(scope.problems, []);
    assert.equal(
      scope.unchecked,
      `3 namespaces (${names.at(-4)}, ${names.at(-3)}, ${names.at(-2)}) were not checked: at most ${MAX_CANDIDATES} are reviewed for one viewer`,
    );
    for (const hidden of names.slice(-4, -1)) assert.ok(!shown.includes(hidden), hidden);
  });

  test('under the cap nothing is said unchecked', async () => {
    const scope = await reviewScope(engine(true), alice, fakeReview({}).review);
    assert.equal(scope.unchecked, undefined);
  });
});
