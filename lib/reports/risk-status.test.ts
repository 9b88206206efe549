import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RiskStatus } from '@/lib/rbac';
import { riskStatusLine } from './risk-status';

const cases: { name: string; status: RiskStatus; says: RegExp | undefined }[] = [
  { name: 'current: nothing to say', status: { state: 'current' }, says: undefined },
  {
    name: 'computing, with its progress, never "no findings"',
    status: { state: 'computing', progress: 0.4 },
    says: /^Computing attack paths and findings \(40% done\)\. Until they are complete none is shown here, which does not mean there is none/,
  },
  {
    name: 'computing, not started: waiting for its turn',
    status: { state: 'computing', progress: 0 },
    says: /\(waiting for its turn\)/,
  },
  {
    name: "a previous version's, as of when it was made",
    status: { state: 'previous', asOf: '2026-12-05T14:02:11.123Z', version: 7, progress: 0.25 },
    says: /^Attack paths and findings as of 14:02:11 UTC\. The cluster has changed since; they are being recomputed \(25% done\)\.$/,
  },
  {
    name: 'a build stopped: why, and still never "no findings"',
    status: { state: 'computing', progress: 0, problem: 'the heap was full' },
    says: /^Attack paths and findings could not be computed\. The heap was full\. None is shown here, which does not mean there is none\.$/,
  },
  {
    name: "a previous version's, the current one stopped: why",
    status: {
      state: 'previous',
      asOf: '2026-12-05T14:02:11.123Z',
      version: 7,
      progress: 0,
      problem: 'the heap was full',
    },
    says: /as of 14:02:11 UTC\. The cluster has changed since, and the current ones could not be computed: the heap was full\.$/,
  },
];

for (const c of cases)
  test(`risk status: ${c.name}`, () => {
    const line = riskStatusLine(c.status);
    if (c.says === undefined) assert.equal(line, undefined);
    else assert.match(line ?? '', c.says);
  });
