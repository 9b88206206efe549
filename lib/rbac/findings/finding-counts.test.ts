import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingCounts } from './finding-counts';
import type { Finding } from './findings';
import type { Severity } from '../paths/techniques';

const f = (severity: Severity, builtin = false) => ({ severity, builtin }) as Finding;
const FINDINGS = [f('critical'), f('critical', true), f('high'), f('low', true), f('low', true)];

const CASES: { name: string; builtin: boolean; severities: Record<Severity, number> }[] = [
  { name: "Kubernetes' own left out", builtin: false, severities: { critical: 1, high: 1, medium: 0, low: 0 } },
  { name: "Kubernetes' own counted", builtin: true, severities: { critical: 2, high: 1, medium: 0, low: 2 } },
];

for (const c of CASES)
  test(`findingCounts: ${c.name}`, () => {
    assert.deepEqual(findingCounts(FINDINGS, c.builtin), { severities: c.severities, builtin: 3 });
  });

test('findingCounts: no findings, every severity 0', () => {
  assert.deepEqual(findingCounts([], false), { severities: { critical: 0, high: 0, medium: 0, low: 0 }, builtin: 0 });
});
