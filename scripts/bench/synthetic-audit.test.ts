// The synthetic audit log is consistent with its synthetic cluster, as a real server's would be:
// every request it says was allowed, the engine allows, and the binding its reason names is among
// the grants the engine finds; every request it says was denied, the engine denies. Read back
// through the reader, as the benchmark reads it: every request counted, no problem.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readAllAuditLogs } from '@/lib/k8s/audit';
import { readSnapshot } from '@/lib/k8s/files/snapshot';
import { createEngine, type Engine } from '@/lib/rbac';
import type { ObservedRequest } from '@/lib/rbac/usage/types';
import { writeSyntheticAuditLog, type SyntheticAuditCounts } from './synthetic-audit';
import { writeSyntheticCluster } from './synthetic-cluster';

const NAMESPACES = 30;
let dir = '';
let engine: Engine;
let counts: SyntheticAuditCounts;
let read: Awaited<ReturnType<typeof readAllAuditLogs>>;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'synthetic-audit-'));
  const world = path.join(dir, 'cluster.json');
  await writeSyntheticCluster(world, NAMESPACES);
  engine = createEngine((await readSnapshot(world)).model);
  const log = path.join(dir, 'audit.log');
  counts = await writeSyntheticAuditLog(log, { namespaces: NAMESPACES, events: 6000 });
  read = await readAllAuditLogs([log]);
});
after(() => rm(dir, { recursive: true, force: true }));

/** The binding a reason names, as the authorizer writes it (rule.go): kind and name[/namespace]. */
function namedBinding(reason: string): { kind: string; name: string } | undefined {
  const m = /^RBAC: allowed by (RoleBinding|ClusterRoleBinding) "([^"]+)"/.exec(reason);
  return m ? { kind: m[1]!, name: m[2]! } : undefined;
}

function agrees(r: ObservedRequest): string | undefined {
  const answer = engine.canI(r.identity, r.request);
  if (answer.allowed !== (r.decision === 'allow')) return `the engine says ${answer.allowed ? 'allowed' : 'denied'}`;
  if (r.decision !== 'allow') return undefined;
  const named = namedBinding(r.reason ?? '');
  const found = answer.grants.some(
    (g) =>
      g.binding.kind === named?.kind &&
      (g.binding.namespace ? `${g.binding.name}/${g.binding.namespace}` : g.binding.name) === named.name,
  );
  return found ? undefined : `the named binding is not among the grants: ${r.reason}`;
}

describe('synthetic audit log of a 30-namespace world', () => {
  test('read back whole: every line, every request, no problem', () => {
    assert.deepEqual(read.problems, []);
    assert.equal(read.window.lines, counts.lines);
    assert.equal(read.window.events, counts.requests);
  });

  test('allowed, denied, impersonated, non-resource and watches are all there', () => {
    const rs = read.requests;
    assert.ok(rs.some((r) => r.decision === 'forbid'));
    assert.ok(rs.some((r) => r.impersonator?.user === 'admin'));
    assert.ok(rs.some((r) => r.request.kind === 'nonResource'));
    assert.ok(rs.some((r) => r.request.verb === 'watch'));
    assert.ok(rs.some((r) => r.request.kind === 'resource' && r.request.subresource !== ''));
  });

  test('every decision is the engine’s, every named binding among its grants', () => {
    const disagreements = read.requests
      .filter((r) => r.decision !== undefined)
      .map((r) => [r, agrees(r)] as const)
      .filter(([, why]) => why !== undefined);
    assert.deepEqual(
      disagreements.slice(0, 3).map(([r, why]) => `${JSON.stringify(r.request)}: ${why}`),
      [],
    );
  });
});
