// `rbac-atlas diff` as a reviewer and a CI job run it: sources, manifests, formats and exit codes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { files, run } from './test-cli';

const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';

/** A pull request that opens a path (payments/default may impersonate ci/deployer, a cluster-admin) and adds a view binding. */
const PR = `${RBAC}
kind: ClusterRole
metadata: {name: sa-impersonator}
rules: [{verbs: [impersonate], apiGroups: [""], resources: [serviceaccounts]}]
---
${RBAC}
kind: ClusterRoleBinding
metadata: {name: web-impersonates}
roleRef: {kind: ClusterRole, name: sa-impersonator, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: default, namespace: payments}]
`;

const VIEW = `${RBAC}
kind: RoleBinding
metadata: {name: dev-read, namespace: payments}
roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: Group, name: "dev<b>|x", apiGroup: rbac.authorization.k8s.io}]
`;

const before = `${RBAC}
kind: ClusterRole
metadata: {name: reader}
rules: [{verbs: [get, list], apiGroups: [""], resources: [pods]}]
---
${RBAC}
kind: RoleBinding
metadata: {name: ann-reads, namespace: team}
roleRef: {kind: ClusterRole, name: reader, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: User, name: ann}]
`;

describe('rbac-atlas diff', () => {
  const dir = files({ 'pr.yaml': PR, 'view.yaml': VIEW, 'before.yaml': before, 'after.yaml': before.split('---')[0]! });
  const pr = path.join(dir, 'pr.yaml');
  const view = path.join(dir, 'view.yaml');

  test('--apply: who gains what, with the grant, and the path it opens, as JSON', async () => {
    const { code, out, err } = await run('diff', '--from', 'demo', '--apply', pr, '-o', 'json');
    assert.equal(code, 0, err);
    const json = JSON.parse(out);
    assert.equal(json.to, 'demo data with 1 manifest path(s) applied');
    assert.deepEqual(
      json.objects.map((o: { action: string; name: string }) => `${o.action} ${o.name}`),
      ['created sa-impersonator', 'created web-impersonates'],
    );
    const [web] = json.subjects;
    assert.deepEqual([web.kind, web.namespace, web.name], ['ServiceAccount', 'payments', 'default']);
    assert.deepEqual(web.gained[0].verbs, ['impersonate']);
    assert.deepEqual(web.gained[0].dangers, ['impersonate']);
    assert.deepEqual(web.gained[0].grants[0].binding, { kind: 'ClusterRoleBinding', name: 'web-impersonates' });
    assert.ok(
      json.paths.opened.some(
        (p: { from: { name: string }; steps: { technique: string }[] }) =>
          p.from.name === 'default' && p.steps[0]!.technique === 'IMPERSONATE',
      ),
    );
    assert.deepEqual(json.paths.closed, []);
  });

  test('--fail-on: new-path, new-danger and any, each exiting 1 only when it holds', async () => {
    const exit = async (file: string, on: string) =>
      (await run('diff', '--from', 'demo', '--apply', file, '--fail-on', on)).code;
    assert.deepEqual(await Promise.all(['new-path', 'new-danger', 'any'].map((on) => exit(pr, on))), [1, 1, 1]);
    assert.deepEqual(await Promise.all(['new-path', 'new-danger', 'any'].map((on) => exit(view, on))), [0, 0, 1]);
    const same = await run('diff', '--from', 'demo', '--to', 'demo', '--fail-on', 'any');
    assert.equal(same.code, 0);
    assert.match(same.out, /No subject gains or loses a permission\./);
  });

  test('--to: two snapshots; a binding gone is a loss, with the grant of the state before', async () => {
    const { code, out } = await run(
      'diff',
      '--from',
      path.join(dir, 'before.yaml'),
      '--to',
      path.join(dir, 'after.yaml'),
    );
    assert.equal(code, 0);
    assert.match(out, /deleted RoleBinding team\/ann-reads/);
    assert.match(
      out,
      /User ann: gained 0, lost 1\n {2}- get, list pods in team {2}\(RoleBinding team\/ann-reads → ClusterRole reader\)/,
    );
  });

  test('--delete: manifests removed as kubectl delete -f would; what is not there is said', async () => {
    const { code, out, err } = await run(
      'diff',
      '--from',
      path.join(dir, 'before.yaml'),
      '--delete',
      path.join(dir, 'before.yaml'),
      pr,
    );
    assert.equal(code, 0, err);
    assert.match(out, /User ann: gained 0, lost 1/);
    assert.match(err, /note: .*pr\.yaml: ClusterRole sa-impersonator: not in the state it is deleted from/);
  });

  test('Markdown for a pull request: a summary table, details folded, names escaped', async () => {
    const { out } = await run('diff', '--from', 'demo', '--apply', pr, view, '-o', 'markdown');
    assert.match(out, /^## RBAC Atlas change review/);
    assert.match(out, /\*\*\d+ new path\(s\) to cluster-admin\.\*\*/);
    assert.match(out, /\| ServiceAccount payments\/default \| 1 \| 0 \| impersonate \| \*\*opened\*\* \(1 step\) \|/);
    assert.match(out, /\| Group dev\\<b\\>\\\|x \| \d+ \| 0 \|/);
    assert.match(out, /<summary>Group dev&#60;b&#62;\|x: gained \d+, lost 0<\/summary>/);
    assert.doesNotMatch(out, /<b>/);
  });

  test('SARIF: the new path is an error located at the manifest that opens it', async () => {
    const { out } = await run('diff', '--from', 'demo', '--apply', view, pr, '-o', 'sarif');
    const sarif = JSON.parse(out);
    const results = sarif.runs[0].results as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    const path0 = results.find((r) => r.ruleId === 'new-path-to-cluster-admin')!;
    assert.equal(path0.level, 'error');
    assert.equal(path0.locations[0]!.physicalLocation.artifactLocation.uri, pr);
    const gain = results.find((r) => r.ruleId === 'permission-gained')!;
    assert.equal(gain.locations[0]!.physicalLocation.artifactLocation.uri, view);
  });

  test('a binding re-pointed: replaced, with the note that kubectl apply refuses a new roleRef', async () => {
    const repointed = files({ 'rb.yaml': before.split('---')[1]!.replace('name: reader', 'name: view') });
    const { err } = await run(
      'diff',
      '--from',
      path.join(dir, 'before.yaml'),
      '--apply',
      path.join(repointed, 'rb.yaml'),
    );
    assert.match(err, /roleRef cannot change \(ClusterRole\/reader → ClusterRole\/view\): kubectl apply is rejected/);
  });

  const bad: [string, string[], RegExp][] = [
    ['no --from', ['diff', '--to', 'demo'], /--from SOURCE is required/],
    ['--to and --apply', ['diff', '--from', 'demo', '--to', 'demo', '--apply', 'x.yaml'], /not both/],
    ['neither --to nor --apply', ['diff', '--from', 'demo'], /give --to SOURCE, or --apply/],
    [
      'a bad --fail-on',
      ['diff', '--from', 'demo', '--to', 'demo', '--fail-on', 'paths'],
      /--fail-on must be one of new-path, new-danger, any/,
    ],
    ['a bad --output', ['diff', '--from', 'demo', '--to', 'demo', '-o', 'yaml'], /--output must be one of/],
    [
      'a missing manifest',
      ['diff', '--from', 'demo', '--apply', '/nonexistent/pr.yaml'],
      /--apply \/nonexistent\/pr\.yaml: no such file or folder/,
    ],
    ['an empty context', ['diff', '--from', 'context:', '--to', 'demo'], /needs a context name/],
    ['a context without a kubeconfig', ['diff', '--from', 'context:prod', '--to', 'demo'], /no kubeconfig found/],
  ];
  for (const [name, args, message] of bad)
    test(`${name}: one line on stderr, exit 2`, async () => {
      const { code, out, err } = await run(...args);
      assert.deepEqual([code, out], [2, '']);
      assert.match(err, message);
    });

  test('a manifest with an invalid object stops the review (exit 2), naming where; --lenient reviews the rest', async () => {
    const broken = files({
      'pr.yaml': `${VIEW}---\n${RBAC}\nkind: RoleBinding\nmetadata: {name: nameless-role, namespace: x}\nsubjects: []\n`,
    });
    const strict = await run('diff', '--from', 'demo', '--apply', path.join(broken, 'pr.yaml'));
    assert.equal(strict.code, 2);
    assert.match(strict.err, /pr\.yaml, document 2 \(RoleBinding x\/nameless-role\): roleRef is required/);
    const lenient = await run('diff', '--from', 'demo', '--apply', path.join(broken, 'pr.yaml'), '--lenient');
    assert.equal(lenient.code, 3, 'what did not read is missing from the after state: incomplete');
    assert.match(lenient.out, /created RoleBinding payments\/dev-read/);
    assert.match(lenient.err, /\n {2}RoleBinding: not read: .*pr\.yaml, document 2 \(RoleBinding x\/nameless-role\)/);
    const allowed = await run(
      'diff',
      '--from',
      'demo',
      '--apply',
      path.join(broken, 'pr.yaml'),
      '--lenient',
      '--allow-incomplete',
    );
    assert.equal(allowed.code, 0);
  });
});

test("README's CI recipe is valid YAML whose review step runs as written", async () => {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const readme = await readFile(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const recipe = /### Review RBAC changes in CI[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(recipe, 'the recipe is in README');
  const job = parse(recipe) as { jobs: { review: { steps: { id?: string; run?: string }[] } } };
  const step = job.jobs.review.steps.find((s) => s.id === 'review')!;
  const command = /node \.rbac-atlas\/bin\/rbac-atlas\.js (diff [^>]*)>/.exec(step.run!.replace(/\\\n\s*/g, ''))![1]!;
  const demo = path.join(import.meta.dirname, '..', 'lib', 'k8s', 'demo', 'cluster.json');
  const args = command
    .trim()
    .split(/\s+/)
    .map((a) => (a === 'cluster/snapshot.yaml' ? demo : a === 'deploy/rbac' ? files({ 'rbac.yaml': PR }) : a));
  const { code, out } = await run(...args);
  assert.equal(code, 1, 'the pull request opens a path: the job fails');
  assert.match(out, /^## RBAC Atlas change review/);
});
