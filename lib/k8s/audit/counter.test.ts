// Counting each request once: its final stage; else its last stage at the end; a request in flight
// past the horizon counted by its last stage then, and its final stage, if it comes, not again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObservedRequest } from '@/lib/rbac/usage/types';
import { RequestCounter } from './counter';
import type { AuditEvent, AuditStage } from './schema';

const MIN = 60_000;
type Step = [id: string, stage: AuditStage, minute: number];
const ev = (id: string, stage: AuditStage, verb = 'get'): AuditEvent => ({
  auditID: id,
  stage,
  requestURI: '/version',
  verb,
  user: { username: 'u', groups: [] },
});

function run(steps: Step[], end: 'flush' | 'no flush', horizonMs = 10 * MIN) {
  const got: ObservedRequest[] = [];
  const c = new RequestCounter((r) => got.push(r), undefined, horizonMs);
  // An expiry after each line, as the tail's polls may come.
  steps.forEach(([id, stage, minute], i) => {
    c.add(ev(id, stage), { file: 'f', line: i + 1 }, minute * MIN);
    c.expire();
  });
  if (end === 'flush') c.flushAll();
  return got.map((r) => r.where.line);
}

const cases: { name: string; steps: Step[]; end: 'flush' | 'no flush'; lines: number[] }[] = [
  {
    name: 'received, then complete: the complete stage',
    steps: [
      ['a', 'RequestReceived', 0],
      ['a', 'ResponseComplete', 0],
    ],
    end: 'flush',
    lines: [2],
  },
  {
    name: 'a panic is final',
    steps: [
      ['a', 'RequestReceived', 0],
      ['a', 'Panic', 0],
    ],
    end: 'flush',
    lines: [2],
  },
  {
    name: 'a watch: started, then complete',
    steps: [
      ['a', 'RequestReceived', 0],
      ['a', 'ResponseStarted', 0],
      ['a', 'ResponseComplete', 5],
    ],
    end: 'flush',
    lines: [3],
  },
  {
    name: 'still open at the end: its last stage',
    steps: [
      ['a', 'RequestReceived', 0],
      ['a', 'ResponseStarted', 0],
    ],
    end: 'flush',
    lines: [2],
  },
  {
    name: 'still open, the log not ended (a tail): not yet',
    steps: [
      ['a', 'RequestReceived', 0],
      ['b', 'ResponseComplete', 5],
    ],
    end: 'no flush',
    lines: [2],
  },
  {
    name: 'open past the horizon: counted by its last stage; its late final not again',
    steps: [
      ['a', 'RequestReceived', 0],
      ['a', 'ResponseStarted', 0],
      ['b', 'ResponseComplete', 11],
      ['a', 'ResponseComplete', 12],
    ],
    end: 'flush',
    lines: [3, 2],
  },
  {
    name: 'the same final stage twice: once',
    steps: [
      ['a', 'ResponseComplete', 0],
      ['a', 'ResponseComplete', 0],
    ],
    end: 'flush',
    lines: [1],
  },
  {
    name: 'a stage repeated after its final: not counted again at the end',
    steps: [
      ['a', 'RequestReceived', 0],
      ['a', 'ResponseComplete', 0],
      ['a', 'RequestReceived', 0],
    ],
    end: 'flush',
    lines: [2],
  },
  {
    name: 'a final stage alone (the policy omits the others)',
    steps: [['a', 'ResponseComplete', 0]],
    end: 'flush',
    lines: [1],
  },
];

describe('RequestCounter', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(run(c.steps, c.end), c.lines));

  test('since: earlier requests are not in the window', () => {
    const got: ObservedRequest[] = [];
    const c = new RequestCounter((r) => got.push(r), 5 * MIN);
    c.add(ev('a', 'ResponseComplete'), { file: 'f', line: 1 }, 4 * MIN);
    c.add(ev('b', 'ResponseComplete'), { file: 'f', line: 2 }, 6 * MIN);
    assert.deepEqual(
      got.map((r) => r.where.line),
      [2],
    );
    assert.deepEqual(c.window, { events: 1, from: 6 * MIN, to: 6 * MIN });
  });
});
