// The laid-out graph reads left to right one kind a column, and a summary node (a count standing for
// many objects) never lies over an edge it is not part of: geometry from ELK's output, as the
// canvas draws it (a node at its shape's centre, an edge from it along its route to the other's).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import {
  clusterRole,
  clusterRoleBinding,
  role,
  roleBinding,
  rule,
  group,
  sa,
  user,
  world,
} from '@/lib/rbac/test-fixtures';
import { viewParamsSchema } from '@/lib/web/graph-params';
import { COLUMN, layoutGraph } from './layout';
import { namespaceGraph } from './namespace-graph';
import { nodeGeometry } from './node-size';
import type { GraphNode, NamespaceGraph } from './types';
import { CLUSTER_BINDINGS_DRAWN, CLUSTER_BINDINGS_NODE } from './view-limits';

const many = (n: number) => ['pods', 'services', 'configmaps', 'events', 'endpoints', 'leases'].slice(0, n);
const reader = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: many(6) });

/**
 * Namespace "team": pods, a service account that may impersonate service accounts (so a resource
 * node `serviceaccounts` stands beside it), a group, ClusterRoleBindings naming subjects of
 * other namespaces (all called app-0), and enough ClusterRoleBindings elsewhere to fold into one node.
 */
function team() {
  const others = CLUSTER_BINDINGS_DRAWN + 5;
  return createEngine(
    world({
      serviceAccounts: ['app', 'impersonator', 'idle'].map((name) => ({ namespace: 'team', name })),
      pods: Array.from({ length: 6 }, (_, i) => ({
        namespace: 'team',
        name: `app-${i}`,
        serviceAccountName: i < 5 ? 'app' : 'impersonator',
        automountServiceAccountToken: true,
      })),
      roles: [
        role('team', 'reader', [reader]),
        role('team', 'as-sa', [rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] })]),
      ],
      clusterRoles: [clusterRole('viewer', [reader])],
      roleBindings: [
        roleBinding('team', 'app-reads', { kind: 'Role', name: 'reader' }, [sa('app'), group('devs')]),
        roleBinding('team', 'impersonates', { kind: 'Role', name: 'as-sa' }, [sa('impersonator')]),
        roleBinding('team', 'neighbours', { kind: 'ClusterRole', name: 'viewer' }, [
          sa('app-0', 'a'),
          sa('app-0', 'b'),
        ]),
      ],
      clusterRoleBindings: Array.from({ length: others }, (_, i) =>
        clusterRoleBinding(`other-${i}`, 'viewer', [user(`user-${i}`)]),
      ),
    }),
  );
}

type Box = { x1: number; x2: number; y1: number; y2: number };
/** The room a node takes on the canvas: its shape and, for a small shape, its label under it. */
function box(n: GraphNode, namespace: string): Box {
  const g = nodeGeometry(n, namespace);
  const top = n.y! - g.height / 2;
  return { x1: n.x! - g.boxWidth / 2, x2: n.x! + g.boxWidth / 2, y1: top, y2: top + g.boxHeight };
}

/** Whether the segment from a to b passes through the box (Liang–Barsky clipping). */
function crosses(a: { x: number; y: number }, b: { x: number; y: number }, r: Box): boolean {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  let [t0, t1] = [0, 1];
  for (const [p, q] of [
    [-dx, a.x - r.x1],
    [dx, r.x2 - a.x],
    [-dy, a.y - r.y1],
    [dy, r.y2 - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/** Edges that pass under a node they do not touch (a summary node, or any), as "edge id under node id". */
function edgesUnder(g: NamespaceGraph, summariesOnly: boolean): string[] {
  const at = new Map(g.nodes.map((n) => [n.id, { x: n.x!, y: n.y! }]));
  const out: string[] = [];
  for (const s of g.nodes.filter((n) => !summariesOnly || n.count !== undefined)) {
    const r = box(s, g.namespace);
    for (const e of g.edges) {
      if (e.source === s.id || e.target === s.id) continue;
      const path = [at.get(e.source)!, ...(e.route ?? []), at.get(e.target)!];
      if (path.slice(1).some((b, i) => crosses(path[i]!, b, r))) out.push(`${e.id} under ${s.id}`);
    }
  }
  return out;
}

const view = (q: Record<string, string> = {}) => viewParamsSchema.parse(q);
const laidOut = (q: Record<string, string> = {}) => layoutGraph(namespaceGraph(team(), 'team', view(q)));

describe('layoutGraph', () => {
  for (const mode of ['structure', 'access'] as const) {
    test(`${mode}: one kind a column, left to right, none overlapping the next`, async () => {
      const g = await laidOut({ mode });
      for (const a of g.nodes)
        for (const b of g.nodes.filter((n) => COLUMN[n.kind] > COLUMN[a.kind]))
          assert.ok(box(a, 'team').x2 < box(b, 'team').x1, `${a.id} (${a.kind}) left of ${b.id} (${b.kind})`);
    });
  }

  test('access: a service account that may impersonate service accounts stays a subject', async () => {
    const g = await laidOut({ mode: 'access' });
    const subject = g.nodes.find((n) => n.id === 'subject:ServiceAccount:team/impersonator')!;
    const resource = g.nodes.find((n) => n.id === 'resource:serviceaccounts')!;
    assert.equal(resource.kind, 'resource');
    assert.ok(subject.x! < resource.x!);
    const subjects = g.nodes.filter((n) => ['serviceaccount', 'user', 'group'].includes(n.kind));
    assert.ok(subjects.every((n) => n.x! < resource.x!));
  });

  for (const [name, q] of [
    ['structure', {}],
    ['access', { mode: 'access' }],
    ['pods one by one', { expand: 'app' }],
  ] as const) {
    test(`${name}: no edge passes under a summary node, nor under any other`, async () => {
      const g = await laidOut(q);
      assert.ok(
        g.nodes.some((n) => n.count !== undefined),
        'the view has summary nodes',
      );
      assert.deepEqual(edgesUnder(g, true), []);
      assert.deepEqual(edgesUnder(g, false), []);
    });
  }

  test('the ClusterRoleBindings elsewhere are one node in the bindings column', async () => {
    const g = await laidOut();
    const summary = g.nodes.find((n) => n.id === CLUSTER_BINDINGS_NODE)!;
    const binding = g.nodes.find((n) => n.id === 'rolebinding:team/app-reads')!;
    const [a, b] = [box(summary, 'team'), box(binding, 'team')];
    assert.ok(a.x1 < b.x2 && b.x1 < a.x2, 'they share a column');
  });

  test('the same layout every time', async () => {
    const [a, b] = [await laidOut(), await laidOut()];
    assert.deepEqual(
      a.nodes.map((n) => [n.id, n.x, n.y]),
      b.nodes.map((n) => [n.id, n.x, n.y]),
    );
  });
});
