// A namespace's graph of two states as one: gained, lost and unchanged elements.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { clusterRole, roleBinding, rule, sa, world } from '@/lib/rbac/test-fixtures';
import { diffGraphs } from './graph-diff';
import { namespaceGraph } from './namespace-graph';
import { viewParamsSchema } from '@/lib/web/graph-params';

test('a binding added and a role widened: new nodes and edges gained, the old verbs lost, the rest as it was', () => {
  const reader = clusterRole('reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })]);
  const wider = clusterRole('reader', [rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] })]);
  const ns = [{ name: 'a', labels: {} }];
  const serviceAccounts = [
    { namespace: 'a', name: 'web' },
    { namespace: 'a', name: 'ci' },
  ];
  const old = roleBinding('a', 'web-reads', { kind: 'ClusterRole', name: 'reader' }, [sa('web', 'a')]);
  const added = roleBinding('a', 'ci-reads', { kind: 'ClusterRole', name: 'reader' }, [sa('ci', 'a')]);
  const p = viewParamsSchema.parse({});
  const before = namespaceGraph(
    createEngine(world({ namespaces: ns, serviceAccounts, clusterRoles: [reader], roleBindings: [old] })),
    'a',
    p,
  );
  const after = namespaceGraph(
    createEngine(world({ namespaces: ns, serviceAccounts, clusterRoles: [wider], roleBindings: [old, added] })),
    'a',
    p,
  );
  const d = diffGraphs(before, after, { from: 'monday.yaml', to: 'current' });
  const changed = (kind: 'gained' | 'lost') => ({
    nodes: d.nodes.filter((n) => n.change === kind).map((n) => n.label),
    edges: d.edges.filter((e) => e.change === kind).map((e) => `${e.kind} ${e.verbs?.join(',') ?? ''}`.trim()),
  });
  assert.deepEqual(changed('gained'), { nodes: ['ci-reads'], edges: ['grants get,list', 'subject-of', 'binds'] });
  assert.deepEqual(changed('lost'), { nodes: [], edges: ['grants get'] });
  assert.ok(d.nodes.some((n) => n.label === 'web-reads' && n.change === undefined));
  assert.equal(new Set(d.edges.map((e) => e.id)).size, d.edges.length, 'edge ids stay unique');
  assert.deepEqual(d.diff, { from: 'monday.yaml', to: 'current' });
});
