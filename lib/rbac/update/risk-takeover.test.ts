import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepsRiskAnswers } from './risk-takeover';
import type { ModelChange } from '../model/changes';
import type { Pod } from '../model/types';
import { role, rule } from '../test-fixtures';

const pod: Pod = {
  namespace: 'ns-1',
  name: 'web-1',
  serviceAccountName: 'app',
  automountServiceAccountToken: true,
  phase: 'Pending',
  nodeName: 'node-a',
  owner: { group: 'apps', kind: 'ReplicaSet', name: 'web-5d8' },
  templateHash: '5d8',
};
const podChange = (after: Partial<Pod>): ModelChange => ({ kind: 'Pod', before: pod, after: { ...pod, ...after } });

const CASES: { name: string; changes: ModelChange[]; keeps: boolean }[] = [
  { name: 'no change', changes: [], keeps: true },
  { name: 'Pending → Running', changes: [podChange({ phase: 'Running' })], keeps: true },
  { name: 'phase unknown → Running (a token either way)', changes: [podChange({ phase: undefined })], keeps: true },
  { name: 'Running → Succeeded: the token is gone', changes: [podChange({ phase: 'Succeeded' })], keeps: false },
  { name: 'scheduled to another node', changes: [podChange({ nodeName: 'node-b' })], keeps: false },
  { name: 'unscheduled', changes: [podChange({ nodeName: undefined })], keeps: false },
  {
    name: 'another owner',
    changes: [podChange({ owner: { group: 'apps', kind: 'StatefulSet', name: 'web' } })],
    keeps: false,
  },
  { name: 'another template hash', changes: [podChange({ templateHash: '6f1' })], keeps: false },
  { name: 'another account', changes: [podChange({ serviceAccountName: 'default' })], keeps: false },
  { name: 'token no longer mounted', changes: [podChange({ automountServiceAccountToken: false })], keeps: false },
  { name: 'a Secret mounted by volume', changes: [podChange({ secretVolumes: ['app-token'] })], keeps: false },
  {
    name: 'a token projected',
    changes: [podChange({ projectedTokens: [{ expirationSeconds: 7200 }] })],
    keeps: false,
  },
  {
    name: 'a finished pod whose volumes changed: nothing in it to take',
    changes: [
      {
        kind: 'Pod',
        before: { ...pod, phase: 'Failed', secretVolumes: ['a'] },
        after: { ...pod, phase: 'Failed', secretVolumes: ['b'] },
      },
    ],
    keeps: true,
  },
  { name: 'a pod created', changes: [{ kind: 'Pod', after: pod }], keeps: false },
  { name: 'a pod deleted', changes: [{ kind: 'Pod', before: pod }], keeps: false },
  {
    name: 'a phase change and a node change',
    changes: [podChange({ phase: 'Running' }), podChange({ nodeName: 'node-b' })],
    keeps: false,
  },
  {
    name: 'a service account whose token setting flips',
    changes: [
      {
        kind: 'ServiceAccount',
        before: { namespace: 'ns-1', name: 'app' },
        after: { namespace: 'ns-1', name: 'app', automountServiceAccountToken: false },
      },
    ],
    keeps: false,
  },
  {
    name: 'a namespace relabelled',
    changes: [{ kind: 'Namespace', before: { name: 'ns-1', labels: {} }, after: { name: 'ns-1', labels: { a: 'b' } } }],
    keeps: false,
  },
  {
    name: 'a Role changed',
    changes: [{ kind: 'Role', after: role('ns-1', 'r', [rule({ verbs: ['get'] })]) }],
    keeps: false,
  },
];

for (const c of CASES)
  test(`risk answers are ${c.keeps ? 'taken over' : 'made again'}: ${c.name}`, () => {
    assert.equal(keepsRiskAnswers(c.changes), c.keeps);
  });
