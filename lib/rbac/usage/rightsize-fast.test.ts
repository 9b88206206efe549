// The fast right-sizing answers as the general one: its small indexes built when first asked and
// shared when their bindings are the same (an account that used nothing builds none), compared with
// every index built apart, for every subject of a varied world; and the bindings around some
// identities found in one pass are bindingsNaming's union for each of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, partsOf, type Engine } from '../engine';
import { bindingsNaming } from '../indexes/subject-index';
import { impersonatedIdentity } from '../model/identity';
import type { SubjectRef } from '../model/refs';
import type { Identity } from '../model/types';
import {
  clusterRoleBinding,
  defaultClusterRoleBinding,
  group,
  res,
  roleBinding,
  sa,
  url,
  user,
} from '../test-fixtures';
import { rightsize, rightsizeWith, type SmallIndexes } from './rightsize';
import { bindingsAround, resolveProposal, seqAfter, smallIndex } from './rightsize-model';
import { observed, saIdentity, usageWorld } from './test-observed';
import { createUsageIndex } from './usage-index';
import type { ResolvedBinding } from '../authorizer/bindings';

/** usageWorld, plus a binding of 40 subjects (looked up through an index), a default one, and a group-only account. */
function variedEngine(): Engine {
  const model = usageWorld();
  const many = Array.from({ length: 40 }, (_, i) => sa(`sa-${i}`, 'other'));
  model.roleBindings.push(
    roleBinding('other', 'many', { kind: 'Role', name: 'missing' }, [...many, sa('web', 'app')]),
    roleBinding('other', 'grouped', { kind: 'ClusterRole', name: 'view-all' }, [group('system:serviceaccounts:other')]),
    roleBinding('app', 'mixed', { kind: 'Role', name: 'edit' }, [user('alice'), sa('other'), group('devs')]),
  );
  model.clusterRoleBindings.push(
    defaultClusterRoleBinding('system:basic-user'),
    clusterRoleBinding('ops', 'view-all', [group('ops'), user('carol')]),
  );
  return createEngine(model);
}

const web = saIdentity('app', 'web');
const alice = impersonatedIdentity('alice', ['devs']);
const bot = impersonatedIdentity('admin-bot', []);
const pods = (verb: string, name = '', namespace = 'app') => res(verb, 'pods', { namespace, name });

function variedUsage() {
  const usage = createUsageIndex();
  usage.add([
    observed(web, pods('get', 'p1')),
    observed(web, pods('list', '', '')),
    observed(web, url('get', '/healthz')),
    observed(web, res('delete', 'secrets', { namespace: 'other', name: 'x' }), { decision: 'forbid', reason: '' }),
    observed(saIdentity('app', 'other'), res('list', 'nodes')),
    observed(saIdentity('other', 'sa-3'), pods('list', '', 'other')),
    observed(saIdentity('other', 'sa-4'), res('get', 'configmaps', { namespace: 'other', name: 'c' })),
    observed(saIdentity('other', 'denied-only'), pods('delete', 'p', 'other'), { decision: 'forbid', reason: '' }),
    observed(alice, pods('list')),
    observed(bot, res('list', 'pods', { namespace: 'app' })),
    observed(web, pods('list'), { impersonator: bot }),
    observed(alice, pods('watch'), { impersonator: bot }),
    observed(impersonatedIdentity('admin', ['system:masters']), res('delete', 'nodes', { name: 'n' })),
    observed(impersonatedIdentity('carol', ['ops']), url('get', '/version')),
  ]);
  return usage;
}

/** The general path: every index built, none shared, whether asked or not. */
function eager(engine: Engine, around: readonly ResolvedBinding[], kept: readonly ResolvedBinding[]): SmallIndexes {
  const before = smallIndex(engine, around);
  const keptIndex = smallIndex(engine, [...kept]);
  return {
    before: () => before,
    kept: () => keptIndex,
    after: (proposed) => {
      const after = smallIndex(engine, [...kept, ...resolveProposal(proposed, seqAfter(engine))]);
      return () => after;
    },
  };
}

const subjects: { name: string; subject: SubjectRef }[] = [
  {
    name: 'an account granted, still allowed and denied',
    subject: { kind: 'ServiceAccount', namespace: 'app', name: 'web' },
  },
  { name: 'an account in an edited binding', subject: { kind: 'ServiceAccount', namespace: 'app', name: 'other' } },
  { name: 'an account that used nothing', subject: { kind: 'ServiceAccount', namespace: 'app', name: 'idle' } },
  { name: 'an account of a 40-subject binding', subject: { kind: 'ServiceAccount', namespace: 'other', name: 'sa-3' } },
  {
    name: 'an account allowed only through a group',
    subject: { kind: 'ServiceAccount', namespace: 'other', name: 'sa-4' },
  },
  { name: 'an account only denied', subject: { kind: 'ServiceAccount', namespace: 'other', name: 'denied-only' } },
  { name: 'an account never seen nor bound', subject: { kind: 'ServiceAccount', namespace: 'none', name: 'ghost' } },
  { name: 'a user that impersonated', subject: { kind: 'User', name: 'admin-bot' } },
  { name: 'a user in system:masters', subject: { kind: 'User', name: 'admin' } },
  { name: 'a user bound beside a group', subject: { kind: 'User', name: 'carol' } },
  { name: 'a group', subject: { kind: 'Group', name: 'devs' } },
  { name: 'a group of service accounts', subject: { kind: 'Group', name: 'system:serviceaccounts:other' } },
];

const engine = variedEngine();
const usage = variedUsage();
for (const { name, subject } of subjects) {
  test(`rightsize fast = general: ${name}`, () => {
    const fast = rightsize(engine, usage, subject);
    assert.deepEqual(fast, rightsizeWith(engine, usage, subject, eager));
    assert.deepEqual(rightsize(engine, undefined, subject), rightsizeWith(engine, undefined, subject, eager));
  });
}

test('rightsize fast: an account that used nothing builds no index, and its own bindings still go', () => {
  const asked: string[] = [];
  const counting = (e: Engine, around: readonly ResolvedBinding[], kept: readonly ResolvedBinding[]) => {
    const all = eager(e, around, kept);
    return {
      before: () => (asked.push('before'), all.before()),
      kept: () => (asked.push('kept'), all.kept()),
      after: (p: Parameters<SmallIndexes['after']>[0]) => () => (asked.push('after'), all.after(p)()),
    };
  };
  const idle = rightsizeWith(engine, usage, { kind: 'ServiceAccount', namespace: 'app', name: 'idle' }, counting);
  assert.equal(asked.join(), '');
  assert.deepEqual(
    idle.replaced.map((e) => [e.binding.name, e.action]),
    [['idle-edit', 'deleted']],
  );
  rightsizeWith(engine, usage, { kind: 'ServiceAccount', namespace: 'app', name: 'web' }, counting);
  assert.ok(asked.includes('before') && asked.includes('after'));
});

const identityCases: { name: string; identities: Identity[] }[] = [
  { name: 'one account', identities: [web] },
  { name: 'an account and its group sets', identities: [web, { user: web.user, groups: ['devs', 'ops'] }] },
  { name: 'users and groups', identities: [alice, bot, impersonatedIdentity('carol', ['ops', 'devs'])] },
  { name: 'a group alone', identities: [{ user: '', groups: ['system:serviceaccounts:other'] }] },
  { name: 'nobody bound', identities: [impersonatedIdentity('nobody', ['nothing'])] },
];

for (const c of identityCases)
  test(`bindingsAround = bindingsNaming's union: ${c.name}`, () => {
    const union = new Map<number, ResolvedBinding>();
    for (const i of c.identities) for (const b of bindingsNaming(partsOf(engine)!.subjects, i)) union.set(b.seq, b);
    const want = [...union.values()].sort((a, b) => a.seq - b.seq);
    assert.deepEqual(bindingsAround(engine, c.identities), want);
    if (c.name !== 'nobody bound') assert.ok(want.length > 0);
  });
