// A holder's steps in slices (edgesWork): one that may bind every role of a large cluster yields
// between parts of them, so a risk build never runs them as one long unit; the steps are edgesOf's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { edgesOf, edgesWork, type Holder } from './attack-edges';
import { RoleProbesCache, Places } from './attack-graph-places';
import { edgeContext, podFactsWork } from './attack-graph-world';
import { requestShapes } from '../findings/request-shapes';
import { DEFAULT_KUBE_VERSION } from '../model/kube-version';
import { runWork } from '../sliced-work';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import type { SubjectRef } from '../model/refs';

const NAMESPACES = 1500;
const names = Array.from({ length: NAMESPACES }, (_, i) => `ns-${i}`);
const model = world({
  namespaces: names.map((name) => ({ name, labels: {} })),
  clusterRoles: [
    clusterRole('cluster-admin', [
      rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
      rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
    ]),
    // Binds and escalates every role, cluster-wide, holding no other step.
    clusterRole('binder', [
      rule({ verbs: ['create', 'update'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'] }),
      rule({ verbs: ['bind', 'escalate', 'update'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }),
    ]),
    clusterRole('viewer', [rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] })]),
  ],
  // In every namespace a role worth binding (it makes a step) and a binding of it.
  roles: names.map((ns) => role(ns, 'exec', [rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] })])),
  roleBindings: names.map((ns) => roleBinding(ns, 'exec', { kind: 'Role', name: 'exec' }, [sa('default', ns)])),
  clusterRoleBindings: [
    clusterRoleBinding('admins', 'cluster-admin', [user('root')]),
    clusterRoleBinding('binders', 'binder', [user('binder')]),
    clusterRoleBinding('viewers', 'viewer', [user('viewer')]),
  ],
});

/** The steps of a user's place, and how many times their work yields. */
function stepsOf(name: string) {
  const engine = createEngine(model);
  const { index, subjects } = engine.risks.parts.inputs;
  const probes = new RoleProbesCache(index, requestShapes(model.kubernetes ?? DEFAULT_KUBE_VERSION));
  const facts = runWork(podFactsWork(model));
  const ctx = runWork(edgeContext(model, index, probes, facts));
  const places = new Places(index, subjects, probes, ctx.nodesOf);
  runWork(places.addIdentities());
  const ref: SubjectRef = { kind: 'User', name };
  const place = places.of(ref)!;
  const holder: Holder = { members: place.members, admin: place.admin !== undefined };
  const work = edgesWork(place.held, ctx, holder);
  let yields = 0;
  let r = work.next();
  for (; !r.done; r = work.next()) yields++;
  return { edges: r.value, yields, whole: edgesOf(place.held, ctx, holder) };
}

const CASES: { name: string; user: string; minYields: number; maxYields: number; minEdges: number }[] = [
  // Binds each role (1,500), rebinds each binding (1,500), widens each role bound: ~ 4,500 candidates / 512.
  { name: 'a holder of every permission: in slices', user: 'root', minYields: 6, maxYields: 40, minEdges: 3000 },
  {
    name: 'a holder of bind and escalate on every role: in slices',
    user: 'binder',
    minYields: 6,
    maxYields: 40,
    minEdges: 3000,
  },
  { name: 'a holder with no step: one unit', user: 'viewer', minYields: 0, maxYields: 0, minEdges: 0 },
];

for (const c of CASES)
  test(`edgesWork: ${c.name}, the same steps as edgesOf`, () => {
    const { edges, yields, whole } = stepsOf(c.user);
    assert.deepEqual(edges, whole);
    assert.ok(edges.length >= c.minEdges, `${edges.length} steps`);
    assert.ok(yields >= c.minYields && yields <= c.maxYields, `${yields} yields`);
  });
