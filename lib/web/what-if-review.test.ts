// The what-if review of pasted text: the same answer as the CLI's diff, every input problem named
// where it is, the rest still reviewed and the review marked partial.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadSource } from '@/lib/k8s/source';
import { createEngine, subjectLabel } from '@/lib/rbac';
import { manifestsReview, shellWord, snapshotsReview, whatIfJson, type ReviewBase } from './what-if-review';

let base: ReviewBase;
before(async () => {
  const demo = await loadSource({ kind: 'demo' });
  base = {
    model: demo.model,
    engine: createEngine(demo.model),
    description: 'demo data',
    fromFiles: true,
    cliSource: 'demo',
  };
});

const ADMIN_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: intern-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: intern}]
`;

const BAD_YAML = `kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: b
  namespace: x
`;

const NO_ROLE_REF = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: c, namespace: x}
`;

describe('manifests applied to the current source', () => {
  test('a binding to cluster-admin: the subject gains, a path opens, the command says the same', () => {
    const review = manifestsReview(base, [{ name: 'admin.yaml', text: ADMIN_BINDING }], []);
    const intern = review.diff.subjects.find((s) => subjectLabel(s.subject) === 'intern');
    assert.ok(intern && intern.gained.some((p) => p.verbs.includes('*') && p.target === '*'));
    assert.ok(review.diff.paths?.opened.some((p) => subjectLabel(p.from) === 'intern'));
    assert.equal(review.partial, false);
    assert.equal(review.command, 'rbac-atlas diff --from demo --apply admin.yaml');
    assert.deepEqual(
      review.diff.objects.map((o) => `${o.action} ${o.kind} ${o.name}`),
      ['created ClusterRoleBinding intern-admin'],
    );
  });

  const cases = [
    {
      name: 'bad YAML is named by document and the line of the error',
      text: `${ADMIN_BINDING}---\n${BAD_YAML}`,
      line: 9,
      says: /admin\.yaml, document 2: invalid YAML at line 9/,
    },
    {
      name: 'an object without roleRef is named by document and the line it starts at',
      text: `${ADMIN_BINDING}---\n${NO_ROLE_REF}`,
      line: 6,
      says: /document 2 \(RoleBinding x\/c\): roleRef is required \(document 2 starts at line 6\)/,
    },
  ];
  for (const c of cases)
    test(`${c.name}; the rest is still applied and the review is partial`, () => {
      const review = manifestsReview(base, [{ name: 'admin.yaml', text: c.text }], []);
      assert.equal(review.partial, true);
      assert.equal(review.issues[0]?.line, c.line);
      assert.match(review.issues[0]?.text ?? '', c.says);
      assert.ok(review.diff.subjects.some((s) => subjectLabel(s.subject) === 'intern'));
      assert.equal(review.meta.completeness.complete, false);
      assert.match(review.command, / --lenient$/);
    });

  test('deleting what grants it: the subject loses, named files are quoted for the shell', () => {
    const review = manifestsReview(base, [], [{ name: "my file's.yaml", text: NO_ROLE_REF }]);
    assert.equal(review.command, `rbac-atlas diff --from demo --delete 'my file'\\''s.yaml' --lenient`);
  });
});

describe('two snapshots compared', () => {
  test('the after snapshot adds a binding: its subject gains, as --from A --to B', () => {
    const roles = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cluster-admin}
rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}, {nonResourceURLs: ['*'], verbs: ['*']}]
`;
    const review = snapshotsReview(
      { name: 'a.yaml', text: roles },
      { name: 'b.yaml', text: `${roles}---\n${ADMIN_BINDING}` },
    );
    assert.deepEqual(
      review.diff.subjects.map((s) => subjectLabel(s.subject)),
      ['intern'],
    );
    assert.equal(review.command, 'rbac-atlas diff --from a.yaml --to b.yaml');
    const json = whatIfJson(review);
    assert.equal(json.from, 'snapshot a.yaml');
    assert.equal(json.partial, false);
  });
});

describe('shellWord', () => {
  const cases = [
    { name: 'a plain name', word: 'a/b-c_d.yaml', quoted: 'a/b-c_d.yaml' },
    { name: 'a space', word: 'a b.yaml', quoted: "'a b.yaml'" },
    { name: 'a command substitution', word: '$(rm -rf x)', quoted: "'$(rm -rf x)'" },
    { name: 'a quote', word: "it's", quoted: `'it'\\''s'` },
  ];
  for (const c of cases) test(c.name, () => assert.equal(shellWord(c.word), c.quoted));
});
