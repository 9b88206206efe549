// Who effectively can, on the demo cluster: no subject that can become a holder (by the forward
// search, canBecome) is missing or listed farther than its forward path, and every path that ends
// as an identity ends as one the authorizer allows the request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createEngine,
  describePathNode,
  impersonatedIdentity,
  serviceAccountIdentity,
  subjectText,
  type AccessRequest,
} from '@/lib/rbac';
import { res } from '@/lib/rbac/test-fixtures';
import { loadSource } from '../source';

/** The demo cluster's requests, each answered effectively and checked against the forward search. */
const DEMO_REQUESTS: AccessRequest[] = [
  res('get', 'secrets', { namespace: 'payments' }),
  res('create', 'clusterrolebindings', { group: 'rbac.authorization.k8s.io' }),
  res('create', 'pods', { subresource: 'exec', namespace: 'checkout' }),
  res('list', 'nodes'),
];

test('on the demo cluster, every subject that can become a holder is listed, no farther than its forward path', async () => {
  const engine = createEngine((await loadSource({ kind: 'demo' })).model);
  const subjects = [...engine.known.serviceAccounts, ...engine.known.users, ...engine.known.groups];
  let checked = 0;
  for (const request of DEMO_REQUESTS) {
    const answer = engine.whoCanEffective(request);
    const direct = new Set(answer.direct.map(subjectText));
    const distance = new Map(
      answer.indirect.flatMap((g) => g.subjects.map((s) => [subjectText(s.subject), g.distance])),
    );
    for (const s of answer.indirect.flatMap((g) => g.subjects)) {
      assert.ok(!direct.has(subjectText(s.subject)), `${subjectText(s.subject)} is direct and indirect`);
      assert.equal(s.path.steps.length, s.distance);
      // A path that ends as an account or user ends as one the authorizer allows.
      const end = s.via;
      if (end !== 'cluster-admin' && (end.kind === 'ServiceAccount' || end.kind === 'User')) {
        const identity =
          end.kind === 'User' ? impersonatedIdentity(end.name, []) : serviceAccountIdentity(end.namespace, end.name);
        assert.ok(engine.canI(identity, request).allowed, `${describePathNode(end)} does not hold the request`);
      }
    }
    for (const from of subjects) {
      if (direct.has(subjectText(from))) continue;
      const reach = engine
        .canBecome(from, 10_000)
        .find((p) => p.to !== 'cluster-admin' && 'kind' in p.to && direct.has(subjectText(p.to as never)));
      if (!reach) continue;
      checked++;
      const d = distance.get(subjectText(from));
      assert.ok(
        d !== undefined && d <= reach.steps.length,
        `${subjectText(from)} can become a holder in ${reach.steps.length}, listed at ${d}`,
      );
    }
  }
  assert.ok(checked > 10, `only ${checked} subjects with a forward path to a holder`);
});
