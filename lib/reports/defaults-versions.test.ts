import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SUPPORTED_VERSIONS } from '@/lib/rbac';
import { defaultsComparison, describeComparison } from './defaults-versions';

describe('defaultsComparison (which defaults the provenance findings compare with)', () => {
  test('the supported versions are the ones named', () => {
    assert.deepEqual(SUPPORTED_VERSIONS, ['v1.34.4', 'v1.35.4', 'v1.36.3']);
    assert.equal(defaultsComparison(undefined).comparedWith, 'v1.34.4, v1.35.4 and v1.36.3');
  });
  const cases: [string, string | undefined, boolean][] = [
    ['no live cluster: no version, no warning', undefined, false],
    ['a supported minor, another patch', 'v1.35.1', false],
    ['a supported minor with a vendor suffix', 'v1.36.3-eks-1a2b3c', false],
    ['an older minor', 'v1.33.5', true],
    ['a newer minor', 'v1.37.0', true],
    ['a version that cannot be read', 'unknown', true],
  ];
  for (const [name, version, warned] of cases)
    test(name, () => {
      const c = defaultsComparison(version);
      assert.equal(c.warning !== undefined, warned);
      if (warned) assert.match(c.warning!, /MODIFIED_DEFAULT.*BUILTIN_IMPOSTOR.*that version's own default/);
    });
  test('the line says the cluster version when there is one', () => {
    assert.equal(
      describeComparison(defaultsComparison('v1.36.3')),
      "Kubernetes' defaults compared with v1.34.4, v1.35.4 and v1.36.3; this cluster runs v1.36.3.",
    );
  });
});
