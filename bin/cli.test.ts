// The CLI as a user runs it: real flags, exit codes and output, run in process (the program is one
// function of argv); one test runs the shipped executable as a process, for its exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { files, run } from './test-cli';

describe('the executable', () => {
  test('exit codes: 0 for yes, 1 for no, 2 for bad input; output on stdout, errors on stderr', async () => {
    const cli = path.join(import.meta.dirname, 'rbac-atlas.js');
    const exec = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    const as = ['--as', 'system:serviceaccount:default:demo-sa', '--demo'];
    const yes = exec('can-i', 'get', 'pods', '-n', 'default', ...as);
    assert.deepEqual([yes.status, yes.stdout, yes.stderr], [0, 'yes\n', '']);
    const no = exec('can-i', 'create', 'pods', '-n', 'default', ...as);
    assert.deepEqual([no.status, no.stdout, no.stderr], [1, 'no\n', '']);
    const bad = exec('can-i', 'get', 'pods', '--bogus');
    assert.deepEqual([bad.status, bad.stdout, bad.stderr], [2, '', "error: unknown option '--bogus'\n"]);
  });

  test('loads @kubernetes/client-node only to read a live cluster: a snapshot or the demo starts without it', () => {
    // It and what it pulls in are most of a start's time and memory (scripts/bench/scale.mts).
    const refuse = `import { registerHooks } from 'node:module';
      registerHooks({ resolve(spec, context, next) {
        if (spec === '@kubernetes/client-node' || spec.startsWith('@kubernetes/client-node/')) throw new Error('@kubernetes/client-node was loaded');
        return next(spec, context);
      } });`;
    const cli = path.join(import.meta.dirname, 'rbac-atlas.js');
    const exec = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(refuse)}`, cli, ...args], {
        encoding: 'utf8',
      });
    const claims = Buffer.from(
      JSON.stringify({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:default:demo-sa' }),
    ).toString('base64url');
    const token = path.join(mkdtempSync(path.join(tmpdir(), 'rbac-atlas-token-')), 'token');
    writeFileSync(token, `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${claims}.c2ln`);
    for (const args of [
      ['who-can', 'get', 'pods', '-n', 'default', '--demo'],
      ['can-i', 'get', 'pods', '-n', 'default', ...demoSa],
      ['token', '--token-file', token, '--demo'],
    ]) {
      const ran = exec(...args);
      assert.equal(ran.status, 0, `${args.join(' ')}: ${ran.stderr}`);
    }
    const live = exec('who-can', 'get', 'pods', '--kubeconfig', path.join(tmpdir(), 'rbac-atlas-no-such-kubeconfig'));
    assert.match(live.stderr, /@kubernetes\/client-node was loaded/, 'the hook does refuse it when a cluster is read');
  });
});

const demoSa = ['--as', 'system:serviceaccount:default:demo-sa', '--demo'];

describe('rbac-atlas can-i', () => {
  test('demo-sa can get pods in default: yes, exit 0', async () => {
    assert.deepEqual(await run('can-i', 'get', 'pods', '-n', 'default', ...demoSa), { code: 0, out: 'yes\n', err: '' });
  });
  test('demo-sa cannot create pods: no, exit 1', async () => {
    assert.deepEqual(await run('can-i', 'create', 'pods', '-n', 'default', ...demoSa), {
      code: 1,
      out: 'no\n',
      err: '',
    });
  });
  test('--explain names binding, role and rule', async () => {
    const r = await run('can-i', 'list', 'po', '-n', 'default', '--explain', ...demoSa);
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /^yes\n  RoleBinding default\/read-pods → Role default\/pod-reader, rule 0: verbs=\[get,list\]/,
    );
  });
  test('--explain on a no names the near misses, ranked, with their fix', async () => {
    const r = await run('can-i', 'create', 'pods', '-n', 'default', '--explain', ...demoSa);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /^no\n  Modelled: Kubernetes 1\.36[^\n]*\n  no binding grants this to system:serviceaccount:default:demo-sa/,
    );
    assert.match(r.out, /\n  Why not: 1 near miss, one change from a yes\n/);
    assert.match(
      r.out,
      /\n  1\. RoleBinding default\/read-pods → Role default\/pod-reader, rule 0: verb — it says verbs \[get, list\]; the request has create\. Fix: add `create` to verbs of rule 0 of Role default\/pod-reader\.\n$/,
    );
  });
  test('--explain -o json: the answer with its near misses and their words', async () => {
    const r = await run('can-i', 'create', 'pods', '-n', 'default', '--explain', '-o', 'json', ...demoSa);
    assert.equal(r.code, 1);
    const body = JSON.parse(r.out) as {
      allowed: boolean;
      nearMissesTotal: number;
      nearMisses: Record<string, unknown>[];
    };
    assert.equal(body.allowed, false);
    assert.equal(body.nearMissesTotal, 1);
    assert.deepEqual(
      [body.nearMisses[0]!.kind, body.nearMisses[0]!.attribute, body.nearMisses[0]!.fix],
      ['verb', 'verb', 'add `create` to verbs of rule 0 of Role default/pod-reader'],
    );
    const plain = JSON.parse((await run('can-i', 'create', 'pods', '-n', 'default', '-o', 'json', ...demoSa)).out);
    assert.equal('nearMisses' in plain, false, 'near misses only when --explain asks');
  });
  test('a group given with --as-group replaces the service-account groups', async () => {
    const args = ['can-i', 'get', 'pods', '-n', 'checkout', '--demo', '--as', 'system:serviceaccount:checkout:cart'];
    assert.equal((await run(...args)).code, 0);
    assert.equal((await run(...args, '--as-group', 'nobody')).code, 1);
  });
  test('non-resource URLs', async () => {
    assert.equal(
      (await run('can-i', 'get', '/metrics', '--demo', '--as', 'system:serviceaccount:monitoring:prometheus')).out,
      'yes\n',
    );
    assert.equal((await run('can-i', 'get', '/metrics', ...demoSa)).out, 'no\n');
  });
  test('--list prints the effective rules like kubectl', async () => {
    const r = await run('can-i', '--list', '-n', 'default', ...demoSa);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Resources +Non-Resource URLs +Resource Names +Verbs\n/);
    assert.match(r.out, /\npods +\[\] +\[\] +\[get list\]\n/);
  });
  test('a cluster-scoped type in a namespace is asked with no namespace, as the API server authorizes it, and said', async () => {
    const r = await run('can-i', 'get', 'nodes', '-n', 'default', ...demoSa);
    assert.equal(
      r.err,
      'Warning: resource "nodes" is not namespace scoped: the request is authorized with no namespace, as the API server does (namespace "default" not used)\n',
    );
  });
});

describe('a request for a Namespace is authorized in that namespace (requestinfo.go), on the CLI too', () => {
  const file = path.join(
    files({
      'snap.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ns-patcher}
rules: [{apiGroups: [""], resources: [namespaces], verbs: [patch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ns-patcher}
subjects: [{kind: User, name: alice}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ns-patcher}
subjects: [{kind: User, name: bob}]
`,
    }),
    'snap.yaml',
  );
  const cases: { name: string; args: string[]; out: RegExp; err: RegExp; code?: number }[] = [
    {
      name: 'who-can patch namespaces/team (-n defaults to default): bob, whose binding is in team; not alice',
      args: ['who-can', 'patch', 'namespaces/team', '--snapshot', file],
      out: /^KIND +NAMESPACE +NAME +GRANTED BY\nUser +bob +RoleBinding team\/bob/,
      err: /^Warning: a request for namespace team is authorized in namespace team \(not in "default"\)/,
    },
    {
      name: 'who-can patch ns/team -A: bob',
      args: ['who-can', 'patch', 'ns/team', '-A', '--snapshot', file],
      out: /User +bob/,
      err: /^Resolved: ns → namespaces\nWarning: a request for namespace team is authorized in namespace team, as/,
    },
    {
      name: 'can-i patch namespaces/team as alice (bound in default): no, as the API server answers',
      args: ['can-i', 'patch', 'namespaces/team', '--as', 'alice', '--snapshot', file],
      out: /^no\n$/,
      err: /authorized in namespace team/,
      code: 1,
    },
    {
      name: 'can-i patch namespaces/team as bob (bound in team): yes',
      args: ['can-i', 'patch', 'namespaces/team', '--as', 'bob', '--snapshot', file],
      out: /^yes\n$/,
      err: /authorized in namespace team/,
    },
    {
      name: 'can-i patch namespaces/default as alice: yes',
      args: ['can-i', 'patch', 'namespaces/default', '--as', 'alice', '-n', 'team', '--snapshot', file],
      out: /^yes\n$/,
      err: /authorized in namespace default \(not in "team"\)/,
    },
    {
      name: 'can-i patch namespaces (no name) in team as bob: no (a cluster-scoped request)',
      args: ['can-i', 'patch', 'namespaces', '--as', 'bob', '-n', 'team', '--snapshot', file],
      out: /^no\n$/,
      err: /not namespace scoped: the request is authorized with no namespace/,
      code: 1,
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const r = await run(...c.args);
      assert.equal(r.code, c.code ?? 0, r.err);
      assert.match(r.out, c.out);
      assert.match(r.err, c.err);
    });
});

describe('each name resolved as kubectl does is said on stderr, before the answer', () => {
  const cases: { name: string; args: string[]; err: RegExp; code?: number }[] = [
    { name: 'a plural: nothing to say', args: ['can-i', 'get', 'pods', '-n', 'default', ...demoSa], err: /^$/ },
    {
      name: 'a short name',
      args: ['can-i', 'get', 'po', '-n', 'default', ...demoSa],
      err: /^Resolved: po → pods\n$/,
    },
    {
      name: 'a kind, in who-can',
      args: ['who-can', 'get', 'Secret', '-n', 'payments', '--demo'],
      err: /^Resolved: Secret → secrets\n(.*\n)*8 subject\(s\) can get secrets in namespace payments\.\n$/,
    },
    {
      name: 'an unknown verb: the warning and the closest verb',
      args: ['who-can', 'gett', 'secret', '-n', 'payments', '--demo'],
      err: /^Resolved: secret → secrets\nWarning: verb "gett" is not a known verb \(did you mean "get"\?\)\n/,
    },
    {
      name: 'deploy.extensions: deployments in the removed extensions group, said',
      args: ['who-can', 'get', 'deploy.extensions', '-n', 'payments', '--demo'],
      err: /^Resolved: deploy.extensions → deployments.extensions\nWarning: deployments.extensions: the extensions group served deployments until Kubernetes 1.16/,
    },
    {
      name: 'a custom singular: checked as given, said not resolved',
      args: ['who-can', 'get', 'certificate.cert-manager.io', '-n', 'payments', '--demo'],
      err: /^Warning: resource "certificate.cert-manager.io" not resolved \(no discovery of this cluster\): checked as given/,
    },
    {
      name: 'a misspelt type: refused, with the closest type',
      args: ['who-can', 'get', 'secrte', '-n', 'payments', '--demo'],
      err: /^error: unknown resource type "secrte" \(did you mean "secrets"\?\)/,
      code: 2,
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const r = await run(...c.args);
      assert.equal(r.code, c.code ?? 0, r.err);
      assert.match(r.err, c.err);
    });
});

describe("one spelling, kubectl's", () => {
  const file = path.join(
    files({
      'snap.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: scaler}
rules:
- {apiGroups: [apps], resources: [deployments/scale], verbs: [update]}
- {apiGroups: [batch], resources: [cronjobs/status], verbs: [get]}
- {apiGroups: [""], resources: [users, groups], verbs: [impersonate]}
- {apiGroups: [authentication.k8s.io], resources: [uids, userextras/scopes], verbs: [impersonate]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: scaler}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scaler}
subjects: [{kind: User, name: ops}]
`,
    }),
    'snap.yaml',
  );
  test('can-i --list prints RESOURCE.GROUP/SUBRESOURCE as kubectl does', async () => {
    const r = await run('can-i', '--list', '--as', 'ops', '--snapshot', file);
    assert.match(r.out, /\ndeployments\.apps\/scale +\[\] +\[\] +\[update\]\n/);
    assert.match(r.out, /\ncronjobs\.batch\/status +\[\] +\[\] +\[get\]\n/);
    assert.match(r.out, /\nuids\.authentication\.k8s\.io, userextras\.authentication\.k8s\.io\/scopes +/);
    assert.doesNotMatch(r.out, /deployments\/scale\.apps/);
  });
  test('impersonate users, groups, uids and userextras are accepted as kubectl accepts them', async () => {
    const ask = async (...args: string[]) =>
      (await run('can-i', 'impersonate', ...args, '--as', 'ops', '--snapshot', file)).out;
    assert.equal(await ask('users'), 'yes\n');
    assert.equal(await ask('groups/system:masters'), 'yes\n');
    assert.equal(await ask('uids'), 'yes\n');
    assert.equal(await ask('userextras/read-only', '--subresource', 'scopes'), 'yes\n');
    assert.equal(await ask('userextras/read-only', '--subresource', 'other'), 'no\n');
    assert.equal(await ask('serviceaccounts'), 'no\n');
  });
});

describe('rbac-atlas who-can', () => {
  test('lists subjects with the why, including service accounts reached through a group', async () => {
    const r = await run('who-can', 'get', 'pods', '-n', 'checkout', '--demo');
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /ServiceAccount +checkout +cart +via Group system:serviceaccounts:checkout: RoleBinding checkout\/checkout-sas-view → ClusterRole view/,
    );
    assert.match(r.out, /User +bob@example\.com +RoleBinding checkout\/bob-debug → Role checkout\/pod-debugger/);
  });
  test('-o json gives subjects with grants', async () => {
    const r = await run('who-can', 'get', 'secrets', '-n', 'payments', '--demo', '-o', 'json');
    const parsed = JSON.parse(r.out) as { subjects: { kind: string; name: string; grants: unknown[] }[] };
    const api = parsed.subjects.find((s) => s.name === 'payments-api');
    assert.equal(api?.kind, 'ServiceAccount');
    assert.ok(api.grants.length > 0);
  });
  test('--effective adds who can become a holder, by steps away, each with its path and grants', async () => {
    const r = await run('who-can', 'get', 'secrets', '-n', 'payments', '--demo', '--effective');
    assert.equal(r.code, 0);
    assert.match(r.out, /^\d+ more subjects can become one that can get secrets in namespace payments:$/m);
    assert.match(r.out, /^1 step away \(\d+\):$/m);
    assert.match(
      r.out,
      /user:support-bot can become ServiceAccount ci\/deployer in 1 step:\n +1\. IMPERSONATE → ServiceAccount ci\/deployer\n +ClusterRoleBinding support-bot-impersonation → ClusterRole impersonator/,
    );
    const json = JSON.parse(
      (await run('who-can', 'get', 'secrets', '-n', 'payments', '--demo', '--effective', '-o', 'json')).out,
    ) as { indirect: { distance: number; subjects: { subject: { name: string }; path: { steps: unknown[] } }[] }[] };
    const bot = json.indirect[0]?.subjects.find((s) => s.subject.name === 'support-bot');
    assert.equal(json.indirect[0]?.distance, 1);
    assert.equal(bot?.path.steps.length, 1);
  });
});

describe('bad flags and input: one line on stderr, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'missing snapshot file',
      ['can-i', 'get', 'pods', '--as', 'x', '--snapshot', '/nonexistent/snap.yaml'],
      /^error: snapshot not found: \/nonexistent\/snap\.yaml\n$/,
    ],
    [
      'unknown resource type',
      ['can-i', 'get', 'widgets', '--as', 'x', '--demo'],
      /^error: unknown resource type "widgets".*widgets\.example\.com\n$/,
    ],
    ['unknown flag', ['can-i', 'get', 'pods', '--bogus'], /^error: unknown option '--bogus'\n$/],
    [
      'no data source',
      ['can-i', 'get', 'pods', '--as', 'x'],
      /^error: no data: no kubeconfig found .* pass --kubeconfig, --snapshot PATH or --demo\n$/,
    ],
    ['no --as', ['can-i', 'get', 'pods', '--demo'], /^error: --as USER is required/],
    [
      'bad output format',
      ['who-can', 'get', 'pods', '--demo', '-o', 'yaml'],
      /^error: --output must be table or json, got "yaml"\n$/,
    ],
    [
      '-n with -A',
      ['who-can', 'get', 'pods', '--demo', '-n', 'x', '-A'],
      /^error: use either -n NAMESPACE or -A, not both\n$/,
    ],
    ['unknown command', ['cannot'], /^error: unknown command 'cannot'\n$/],
  ];
  for (const [name, args, err] of cases) {
    test(name, async () => {
      const r = await run(...args);
      assert.equal(r.code, 2);
      assert.match(r.err, err);
      assert.equal(r.err.split('\n').filter(Boolean).length, 1, r.err);
    });
  }

  test('a malformed snapshot stops with the problems listed, and --lenient loads the rest', async () => {
    const file = path.join(
      files({
        'snap.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: broken}
roleRef: {kind: Rol, name: x}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ok}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: User, name: alice}]
`,
      }),
      'snap.yaml',
    );
    const strict = await run('can-i', 'get', 'pods', '--as', 'alice', '--snapshot', file);
    assert.equal(strict.code, 2);
    assert.equal(strict.out, '');
    assert.match(
      strict.err,
      /snap\.yaml, document 1 \(ClusterRoleBinding broken\): roleRef\.kind: must be Role or ClusterRole, got "Rol"/,
    );
    assert.match(strict.err, /pass --lenient/);
    const lenient = await run('can-i', 'get', 'pods', '--as', 'alice', '--snapshot', file, '--lenient');
    assert.equal(lenient.code, 0);
    assert.equal(lenient.out, 'yes\n');
    assert.match(lenient.err, /^skipped: .*document 1/);
    // A "no" without the binding that did not read is not a no: incomplete, exit 3.
    const no = await run('can-i', 'delete', 'pods', '--as', 'alice', '--snapshot', file, '--lenient');
    assert.equal(no.code, 3, no.err);
    assert.equal(no.out, 'no\n');
    assert.match(
      no.err,
      /\n {2}ClusterRoleBinding: not read: .*snap\.yaml, document 1 \(ClusterRoleBinding broken\): roleRef\.kind/,
    );
    assert.doesNotMatch(no.err, /\n {2}(Role|ClusterRole|RoleBinding): /, 'only the kind that failed');
    const allowed = await run(
      'can-i',
      'delete',
      'pods',
      '--as',
      'alice',
      '--snapshot',
      file,
      '--lenient',
      '--allow-incomplete',
    );
    assert.equal(allowed.code, 1);
  });

  test('files that yield no RBAC objects are an error, naming the first problem, even with --lenient', async () => {
    const dir = files({
      'broken.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: [\n',
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: b}\n',
    });
    for (const extra of [[], ['--lenient']]) {
      const r = await run('who-can', 'get', 'pods', '--snapshot', dir, ...extra);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(
        r.err,
        /holds no RBAC objects \(no Role, ClusterRole, RoleBinding or ClusterRoleBinding was read\), so it cannot answer who may do what; 1 problem\(s\) reading it, the first: .*broken\.yaml, document 1: invalid YAML/,
      );
    }
  });

  test('an aggregating ClusterRole written with rules: [] answers what it aggregates, and says so', async () => {
    const file = path.join(
      files({
        'chart.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {aggregate-to-monitoring: "true"}}]}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pods, labels: {aggregate-to-monitoring: "true"}}
rules: [{apiGroups: [""], resources: [pods], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: m}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects: [{kind: User, name: alice}]
`,
      }),
      'chart.yaml',
    );
    const r = await run('can-i', 'list', 'pods', '-n', 'x', '--as', 'alice', '--snapshot', file);
    assert.deepEqual([r.code, r.out], [0, 'yes\n']);
    assert.match(
      r.err,
      /^warning: .*chart\.yaml, document 1 \(ClusterRole monitoring\): its stored rules \(0\) differ from what its aggregationRule selects \(1\): 1 selected but not stored \(not yet reconciled by the aggregation controller\); answers use both/,
    );
  });
});

describe('hostile snapshots', () => {
  test('--lenient loads the rest of a folder; each problem named, never quoted; skipped kinds reported', async () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0, prev = 'a'; i < 9; prev = `b${i}`, i++)
      bomb += `  b${i}: &b${i} [${Array(12).fill(`*${prev}`).join(', ')}]\n`;
    const dir = files({
      'bomb.yaml': bomb,
      'secret.json': '{"kind": "Secret", "data": {"password": SUPERSECRET}}',
      'empty.yaml': '',
      'rbac.yaml': `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: List
  items:
  - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: reader}, rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]}
  - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: {name: r}, roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}, subjects: [{kind: User, name: alice}]}
- {apiVersion: foo/v1, kind: Role, metadata: {name: not-rbac}}
`,
    });
    const strict = await run('can-i', 'get', 'pods', '--as', 'alice', '--snapshot', dir);
    assert.equal(strict.code, 2);
    const r = await run('can-i', 'get', 'pods', '--as', 'alice', '--snapshot', dir, '--lenient');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'yes\n');
    const no = await run('can-i', 'delete', 'pods', '--as', 'alice', '--snapshot', dir, '--lenient');
    assert.equal(no.code, 3, 'documents that did not parse could hold any kind: the no is incomplete');
    assert.match(r.err, /bomb\.yaml, document 1: its aliases expand past 100/);
    assert.match(r.err, /secret\.json, document 1: invalid JSON: unexpected text/);
    assert.match(r.err, /warning: .*empty\.yaml: empty: no Kubernetes objects in this file/);
    assert.match(r.err, /note: Skipped objects of other kinds: Role\.foo \(1\)\./);
    assert.doesNotMatch(r.err, /SUPERSECRE|password/);
  });
});

describe('rbac-atlas paths', () => {
  test('every subject with a path to cluster-admin, shortest first, as JSON', async () => {
    const r = await run('paths', '--demo', '-o', 'json');
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as {
      complete: boolean;
      paths: { from: { kind: string; name: string }; to: unknown; steps: { technique: string; grants: unknown[] }[] }[];
    };
    assert.equal(body.complete, true);
    const bot = body.paths.find((p) => p.from.kind === 'User' && p.from.name === 'support-bot');
    assert.equal(bot?.to, 'cluster-admin');
    assert.deepEqual(
      bot?.steps.map((s) => s.technique),
      ['IMPERSONATE'],
    );
    assert.ok(bot!.steps[0]!.grants.length > 0);
    const lengths = body.paths.map((p) => p.steps.length);
    assert.deepEqual(
      lengths,
      [...lengths].sort((a, b) => a - b),
    );
  });
  test('--from a subject prints each step with its grants; no path and bad subjects are said so', async () => {
    const r = await run('paths', '--demo', '--from', 'system:serviceaccount:platform:rbac-operator');
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /1\. ROLE_BIND → ClusterRole cluster-admin cluster-wide\n.*ClusterRoleBinding platform-rbac-operator → ClusterRole rbac-manager/,
    );
    assert.match(
      (await run('paths', '--demo', '--from', 'alice@example.com')).out,
      /^No path from user:alice@example.com to cluster-admin\./,
    );
    assert.match(
      (await run('paths', '--demo', '--from', 'system:serviceaccount:ci:deployer')).out,
      /already is cluster-admin/,
    );
    const bad = await run('paths', '--demo', '--from', 'system:serviceaccount:bad');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--from "system:serviceaccount:bad": expected system:serviceaccount:NAMESPACE:NAME/);
  });
  test('a subject no binding names is said; on an incomplete source it is unknown to the data read, exit 3', async () => {
    const complete = await run('paths', '--demo', '--from', 'user:ghost');
    assert.equal(complete.code, 0, complete.err);
    assert.match(complete.out, /^No path from user:ghost to cluster-admin\./);
    assert.match(complete.err, /^Note: --from user:ghost is named by no binding in the data read \(a typo\?/);
    const file = path.join(
      files({
        'snap.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob, namespace: team}
roleRef: {kind: Rol, name: x}
subjects: [{kind: User, name: bob}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: alice}]
`,
      }),
      'snap.yaml',
    );
    const cases: { args: string[]; code: number }[] = [
      { args: [], code: 3 },
      { args: ['--allow-incomplete'], code: 0 },
    ];
    for (const c of cases) {
      const r = await run('paths', '--from', 'user:bob', '--snapshot', file, '--lenient', ...c.args);
      assert.equal(r.code, c.code, r.err);
      assert.match(
        r.err,
        /Note: --from user:bob is named by no binding in the data read, which is incomplete: a binding that was not read may name it/,
      );
    }
    const to = await run('paths', '--to', 'system:serviceaccount:team:ghost', '--demo');
    assert.match(
      to.err,
      /^Note: --to system:serviceaccount:team:ghost is named by no binding and is no ServiceAccount/,
    );
  });
  test('--to a service account: who can become it', async () => {
    const r = await run('paths', '--demo', '--to', 'system:serviceaccount:ci:deployer', '-o', 'json');
    const body = JSON.parse(r.out) as { paths: { from: { name: string }; to: { kind: string; name: string } }[] };
    assert.ok(body.paths.some((p) => p.from.name === 'support-bot'));
    assert.deepEqual(body.paths[0]!.to, { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' });
  });
});

describe('rbac-atlas audit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbac-atlas-audit-'));
  test('lists the demo dangerous grants, most severe first; --fail-on decides the exit code', async () => {
    const r = await run('audit', '--demo', '-o', 'json');
    assert.equal(r.code, 0, 'no --fail-on: exit 0');
    // The demo is no live cluster: which defaults were compared with, and no version warning.
    assert.match(r.err, /Kubernetes' defaults compared with v1\.34\.4, v1\.35\.4 and v1\.36\.3\.\n/);
    assert.doesNotMatch(r.err, /this cluster runs|BUILTIN_IMPOSTOR/);
    const { findings } = JSON.parse(r.out) as {
      findings: { id: string; severity: string; ref: string; grants: unknown[] }[];
    };
    const ids = findings.map((f) => `${f.id} ${f.ref}`);
    assert.ok(ids.includes('PATH_TO_CLUSTER_ADMIN user:support-bot'));
    assert.ok(ids.includes('CLUSTER_ADMIN_BINDING system:serviceaccount:ci:deployer'));
    assert.ok(ids.includes('DANGLING_BINDING rolebinding/payments/legacy-audit'));
    assert.equal(findings[0]!.severity, 'critical');
    // The token findings are about pods and accounts, not grants.
    for (const id of [
      'LEGACY_TOKEN_SECRET system:serviceaccount:monitoring:prometheus',
      'TOKEN_SECRET_MOUNT system:serviceaccount:monitoring:prometheus',
      'LONG_LIVED_TOKEN system:serviceaccount:monitoring:grafana',
      'UNNEEDED_TOKEN system:serviceaccount:monitoring:default',
    ])
      assert.ok(ids.includes(id), id);
    const noGrants = new Set([
      'DANGLING_BINDING',
      'UNNEEDED_TOKEN',
      'LEGACY_TOKEN_SECRET',
      'TOKEN_SECRET_MOUNT',
      'LONG_LIVED_TOKEN',
    ]);
    assert.ok(findings.every((f) => noGrants.has(f.id) || f.grants.length > 0));
    assert.equal((await run('audit', '--demo', '--fail-on', 'critical')).code, 1);
    assert.equal((await run('audit', '--demo', '--fail-on', 'nope')).code, 2);
  });
  test("a backdoor named like a built-in is found: exit 1 with --fail-on high, nothing of it counted as Kubernetes' own", async () => {
    const dir = files({
      'backdoor.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:metrics-helper", labels: {kubernetes.io/bootstrapping: rbac-defaults}}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:metrics-helper"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:metrics-helper"}
subjects: [{kind: ServiceAccount, name: backdoor, namespace: app}]
`,
    });
    const r = await run('audit', '--snapshot', dir, '--fail-on', 'high');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /critical\s+BUILTIN_IMPOSTOR\s+clusterrole\/system:metrics-helper/);
    assert.match(r.out, /critical\s+BUILTIN_IMPOSTOR\s+system:serviceaccount:app:backdoor/);
    assert.doesNotMatch(r.out, /built into Kubernetes not shown/);
  });

  test('exceptions accept findings until they expire; a bad file is an error naming where', async () => {
    const file = path.join(dir, 'exceptions.yaml');
    writeFileSync(
      file,
      `exceptions:
  - {id: PATH_TO_CLUSTER_ADMIN, subject: "user:support-bot", reason: "on-call tool"}
  - {id: PATH_TO_CLUSTER_ADMIN, subject: "system:serviceaccount:platform:rbac-operator", reason: "until the migration", expires: 2020-01-01}
`,
    );
    const r = await run('audit', '--demo', '--fail-on', 'critical', '--exceptions', file, '-o', 'json');
    assert.equal(r.code, 1, 'the expired exception counts again');
    assert.match(r.err, /expired on 2020-01-01/);
    const body = JSON.parse(r.out) as { findings: { ref: string; id: string }[]; excepted: { ref: string }[] };
    assert.deepEqual(
      body.excepted.map((e) => e.ref),
      ['user:support-bot'],
    );
    writeFileSync(
      file,
      // ci/deployer holds every permission: critical, as a path to it is (the cluster-admin rule).
      `exceptions:\n  - {id: PATH_TO_CLUSTER_ADMIN, subject: "user:support-bot", reason: "x"}\n  - {id: PATH_TO_CLUSTER_ADMIN, subject: "system:serviceaccount:platform:rbac-operator", reason: "y"}\n  - {id: CLUSTER_ADMIN_BINDING, subject: "system:serviceaccount:ci:deployer", reason: "break-glass"}\n`,
    );
    assert.equal((await run('audit', '--demo', '--fail-on', 'critical', '--exceptions', file)).code, 0);
    writeFileSync(file, 'exceptions:\n  - {id: X, subject: y}\n');
    const bad = await run('audit', '--demo', '--exceptions', file);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /exceptions\.yaml at \.exceptions\[0\]\.reason/);
  });
  test('--by subject: one row per subject, its worst finding first; --by kind: one per kind', async () => {
    const bySubject = await run('audit', '--demo', '--by', 'subject');
    assert.equal(bySubject.code, 0);
    const rows = bySubject.out.split('\n');
    assert.match(rows[0]!, /^SEVERITY +SUBJECT OR OBJECT +WORST FINDING +CRITICAL +HIGH +MEDIUM +LOW +FINDINGS$/);
    assert.match(rows[1]!, /^critical +system:serviceaccount:ci:deployer +Holds every permission in the cluster: /);
    assert.match(rows[2]!, /^critical +system:serviceaccount:platform:rbac-operator +Can become cluster-admin: /);
    const byKind = await run('audit', '--demo', '--by', 'kind');
    assert.match(
      byKind.out.split('\n')[1]!,
      /^critical +CLUSTER_ADMIN_BINDING +Holds every permission in the cluster +1 /,
    );
    assert.equal((await run('audit', '--demo', '--by', 'team')).code, 2);
  });
  test('SARIF 2.1.0 and Markdown', async () => {
    const sarif = JSON.parse((await run('audit', '--demo', '-o', 'sarif')).out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; level: string; locations: unknown[] }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0]!;
    assert.ok(
      run0.results.length > 0 && run0.results.every((x) => run0.tool.driver.rules.some((rule) => rule.id === x.ruleId)),
    );
    assert.ok(run0.results.every((x) => x.locations.length === 1));
    assert.equal(run0.results.find((x) => x.ruleId === 'PATH_TO_CLUSTER_ADMIN')?.level, 'error');
    assert.equal(run0.results.find((x) => x.ruleId === 'CLUSTER_ADMIN_BINDING')?.level, 'error');
    const md = (await run('audit', '--demo', '-o', 'markdown')).out;
    assert.match(md, /^# RBAC Atlas audit\n/);
    assert.match(md, /\| critical \| 3 \|/);
    assert.match(md, /alice@example\.com/);
  });
});

describe('names from the cluster never drive the terminal', () => {
  test('a user named with escape sequences is printed escaped, in text and in JSON', async () => {
    const evil = 'mallory\u001b[2K\r\u001b[8m\u009b2J';
    const snapshot = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'reader' },
          rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'evil' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: evil }],
        },
      ],
    });
    const file = path.join(files({ 'snap.json': snapshot }), 'snap.json');
    const text = await run('who-can', 'get', 'pods', '-n', 'a', '--snapshot', file);
    assert.equal(text.code, 0);
    assert.doesNotMatch(text.out, /[\u001b\r\u009b]/);
    assert.match(text.out, /mallory\\u001b\[2K\\u000d\\u001b\[8m\\u009b2J/);
    const json = await run('who-can', 'get', 'pods', '-n', 'a', '--snapshot', file, '-o', 'json');
    assert.doesNotMatch(json.out, /[\u001b\r\u009b]/);
    assert.ok(JSON.stringify(JSON.parse(json.out)).includes(JSON.stringify(evil).slice(1, -1)));
  });
});
