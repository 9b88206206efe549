// The attribution check against the engine: the server's named grant found (agrees), the object it
// names not in the model read (binding-gone, role-gone), system:masters and other authorizers apart
// (explained), and everything else a disagreement with its file and line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { impersonatedIdentity, nodeIdentity } from '../model/identity';
import type { AccessRequest, Identity } from '../model/types';
import { res, roleBinding, sa, url } from '../test-fixtures';
import { checkAttribution, summarizeAttribution, type AttributionVerdict } from './attribution';
import { saIdentity, usageWorld } from './test-observed';
import type { AuditDecision } from './types';
import { createUsageIndex } from './usage-index';
import { observed } from './test-observed';

const engine = createEngine(usageWorld());
const web = saIdentity('app', 'web');
const cfg = res('get', 'configmaps', { namespace: 'app', name: 'cfg' });
const rbac = (s: string) => `RBAC: allowed by ${s}`;
const byWebEdit = rbac('RoleBinding "web-edit/app" of Role "edit" to ServiceAccount "web/app"');

const cases: {
  name: string;
  identity: Identity;
  request: AccessRequest;
  decision?: AuditDecision;
  reason: string;
  want: AttributionVerdict | undefined;
}[] = [
  {
    name: 'allowed: the named RoleBinding is a grant',
    identity: web,
    request: cfg,
    decision: 'allow',
    reason: byWebEdit,
    want: 'agrees',
  },
  {
    name: 'allowed: the named ClusterRoleBinding is one of two grants',
    identity: web,
    request: cfg,
    decision: 'allow',
    reason: rbac('ClusterRoleBinding "web-view" of ClusterRole "view-all" to ServiceAccount "web/app"'),
    want: 'agrees',
  },
  {
    name: 'allowed through a group',
    identity: web,
    request: url('get', '/healthz'),
    decision: 'allow',
    reason: rbac('ClusterRoleBinding "basic" of ClusterRole "basic" to Group "system:authenticated"'),
    want: 'agrees',
  },
  {
    name: 'denied and no grant',
    identity: web,
    request: res('delete', 'secrets', { namespace: 'other', name: 'x' }),
    decision: 'forbid',
    reason: '',
    want: 'agrees',
  },
  {
    name: 'the binding is not in the model read',
    identity: web,
    request: res('list', 'nodes'),
    decision: 'allow',
    reason: rbac('ClusterRoleBinding "removed" of ClusterRole "view-all" to ServiceAccount "web/app"'),
    want: 'binding-gone',
  },
  {
    name: 'the role is not in the model read',
    identity: web,
    request: res('create', 'jobs', { group: 'batch', namespace: 'app' }),
    decision: 'allow',
    reason: rbac('RoleBinding "web-edit/app" of Role "jobs" to ServiceAccount "web/app"'),
    want: 'role-gone',
  },
  {
    name: 'system:masters with no reason',
    identity: impersonatedIdentity('admin', ['system:masters']),
    request: res('delete', 'nodes', { name: 'n1' }),
    decision: 'allow',
    reason: '',
    want: 'masters',
  },
  {
    name: 'a node allowed by the Node authorizer (no reason)',
    identity: nodeIdentity('n1'),
    request: res('get', 'pods', { namespace: 'app', name: 'p' }),
    decision: 'allow',
    reason: '',
    want: 'not-rbac',
  },
  {
    name: "another authorizer's reason",
    identity: web,
    request: res('list', 'nodes'),
    decision: 'allow',
    reason: 'allowed by webhook',
    want: 'not-rbac',
  },
  {
    name: 'disagrees: the named binding exists but does not allow the request',
    identity: web,
    request: res('create', 'jobs', { group: 'batch', namespace: 'app' }),
    decision: 'allow',
    reason: byWebEdit,
    want: 'disagrees',
  },
  {
    name: 'disagrees: the named subject is not the one that applies',
    identity: web,
    request: cfg,
    decision: 'allow',
    reason: rbac('RoleBinding "web-edit/app" of Role "edit" to ServiceAccount "web/other"'),
    want: 'disagrees',
  },
  {
    name: 'disagrees: denied but the engine finds a grant',
    identity: web,
    request: cfg,
    decision: 'forbid',
    reason: '',
    want: 'disagrees',
  },
  {
    name: 'disagrees: an RBAC reason that cannot be read',
    identity: web,
    request: cfg,
    decision: 'allow',
    reason: 'RBAC: allowed by something',
    want: 'disagrees',
  },
  {
    name: "denied by another authorizer's Deny before RBAC",
    identity: web,
    request: cfg,
    decision: 'forbid',
    reason: 'denied by policy webhook',
    want: 'not-rbac',
  },
  {
    name: "disagrees: denied with RBAC's words though the engine finds a grant",
    identity: web,
    request: cfg,
    decision: 'forbid',
    reason: 'node authorizer: no opinion\nRBAC: role.rbac.authorization.k8s.io "x" not found',
    want: 'disagrees',
  },
  { name: 'not checked: no decision', identity: web, request: cfg, reason: '', want: undefined },
];

for (const c of cases)
  test(`attribution: ${c.name}`, () => {
    const where = { file: 'audit.log', line: 7 };
    const seen = { ...(c.decision && { decision: c.decision }), reason: c.reason, count: 2, where };
    const check = checkAttribution(engine, c.identity, c.request, seen);
    assert.equal(check?.verdict, c.want, check?.message);
    if (check) assert.deepEqual([check.where, check.events], [where, 2]);
  });

test('attribution summary: counts, explained and disagreements apart, in log order with file and line', () => {
  const usage = createUsageIndex();
  usage.add([
    observed(web, cfg, { reason: byWebEdit }),
    observed(web, cfg, { reason: byWebEdit }),
    observed(web, res('list', 'nodes'), { reason: 'allowed by webhook' }),
    observed(web, cfg, { decision: 'forbid', reason: '' }),
  ]);
  const shapes = usage
    .identity(web.user)!
    .shapes.map((shape) => ({ shape, answer: engine.canI(shape.identity, shape.request) }));
  const s = summarizeAttribution(engine, shapes);
  assert.deepEqual([s.checked, s.events, s.agreed, s.explained.length, s.disagreements.length], [3, 4, 1, 1, 1]);
  assert.equal(s.disagreements[0]!.where.line, usage.identity(web.user)!.shapes[0]!.reasons[1]!.where.line);
});

test('attribution: a binding created after the event explains a deny the engine now allows; one created before does not', () => {
  const model = usageWorld();
  const late = roleBinding('other', 'late', { kind: 'ClusterRole', name: 'impersonator' }, [sa('web', 'app')]);
  const early = roleBinding('app', 'early', { kind: 'ClusterRole', name: 'impersonator' }, [sa('other', 'app')]);
  model.roleBindings.push({ ...late, created: '2026-12-06T00:00:00Z' }, { ...early, created: '2026-12-01T00:00:00Z' });
  const e = createEngine(model);
  const denied = (identity: Identity, request: AccessRequest) => {
    const o = observed(identity, request, { decision: 'forbid', reason: '' });
    const seen = { decision: o.decision, reason: '', count: 1, where: o.where, last: o.time };
    return checkAttribution(e, identity, request, seen)!.verdict;
  };
  const impersonate = (namespace: string) => res('impersonate', 'serviceaccounts', { namespace, name: 'x' });
  assert.equal(denied(web, impersonate('other')), 'binding-newer');
  assert.equal(denied(saIdentity('app', 'other'), impersonate('app')), 'disagrees');
  const allowed = checkAttribution(e, web, res('list', 'pods', { namespace: 'other' }), {
    decision: 'allow',
    reason: 'RBAC: allowed by RoleBinding "late/other" of ClusterRole "view-all" to ServiceAccount "web/app"',
    count: 1,
    where: { file: 'audit.log', line: 1 },
    last: Date.UTC(2026, 11, 5),
  })!;
  assert.equal(allowed.verdict, 'binding-newer', allowed.message);
});
