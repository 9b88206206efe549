// `rbac-atlas usage` and `rbac-atlas rightsize` as an admin runs them: audit logs the API server
// wrote (lib/k8s/audit/fixtures/apiserver.log, real lines) and small ones in its format, over the
// demo and a snapshot; formats, the window, problems by file and line, and exit codes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { files, run } from './test-cli';

const REAL_LOG = path.join(import.meta.dirname, '..', 'lib', 'k8s', 'audit', 'fixtures', 'apiserver.log');
const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';

/** web (shop) edits its namespace and views everything; ops/bot impersonates. */
const WORLD = `${RBAC}
kind: Role
metadata: {name: edit, namespace: shop}
rules: [{verbs: [get, list, watch, create, update, patch, delete], apiGroups: [""], resources: [pods, configmaps, secrets]}]
---
${RBAC}
kind: RoleBinding
metadata: {name: web-edit, namespace: shop}
roleRef: {kind: Role, name: edit, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: web}]
---
${RBAC}
kind: ClusterRole
metadata: {name: view-all}
rules: [{verbs: [get, list, watch], apiGroups: ["*"], resources: ["*"]}]
---
${RBAC}
kind: ClusterRoleBinding
metadata: {name: web-view}
roleRef: {kind: ClusterRole, name: view-all, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}, {kind: ServiceAccount, name: other, namespace: shop}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: other, namespace: shop}
`;

const WEB = {
  username: 'system:serviceaccount:shop:web',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
};
let id = 0;

/** One event as the API server writes it at Metadata level, final stage. */
function event(e: {
  uri: string;
  verb: string;
  objectRef?: object;
  decision?: string;
  reason?: string;
  at?: number;
}): string {
  const time = new Date(Date.UTC(2026, 11, 5, 21, 0, e.at ?? 0)).toISOString();
  const annotations = {
    'authorization.k8s.io/decision': e.decision ?? 'allow',
    'authorization.k8s.io/reason': e.reason ?? '',
  };
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `id-${++id}`,
    stage: 'ResponseComplete',
    requestURI: e.uri,
    verb: e.verb,
    user: WEB,
    sourceIPs: ['127.0.0.1'],
    ...(e.objectRef && { objectRef: e.objectRef }),
    responseStatus: { metadata: {}, code: e.decision === 'forbid' ? 403 : 200 },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations,
  });
}

const byEdit = 'RBAC: allowed by RoleBinding "web-edit/shop" of Role "edit" to ServiceAccount "web/shop"';
const LOG = [
  event({
    uri: '/api/v1/namespaces/shop/configmaps/cfg',
    verb: 'get',
    objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cfg', apiVersion: 'v1' },
    reason: byEdit,
    at: 1,
  }),
  event({
    uri: '/api/v1/namespaces/shop/pods',
    verb: 'list',
    objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' },
    reason: byEdit,
    at: 2,
  }),
  event({
    uri: '/api/v1/nodes',
    verb: 'list',
    objectRef: { resource: 'nodes', apiVersion: 'v1' },
    reason: 'RBAC: allowed by ClusterRoleBinding "web-view" of ClusterRole "view-all" to ServiceAccount "web/shop"',
    at: 3,
  }),
  event({
    uri: '/api/v1/namespaces/kube-system/secrets/x',
    verb: 'delete',
    objectRef: { resource: 'secrets', namespace: 'kube-system', name: 'x', apiVersion: 'v1' },
    decision: 'forbid',
    at: 4,
  }),
  event({
    uri: '/api/v1/namespaces/shop/configmaps/cfg',
    verb: 'get',
    objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cfg', apiVersion: 'v1' },
    reason: byEdit,
    at: 5,
  }),
].join('\n');

const dir = files({
  'world.yaml': WORLD,
  'audit.log': `${LOG}\n`,
  'bad.log': `${LOG.split('\n')[0]}\nnot json\n`,
  'junk.log': 'junk\n{}\n',
});
const world = path.join(dir, 'world.yaml');
const log = path.join(dir, 'audit.log');

describe('rbac-atlas usage', () => {
  test('the real API server log over the demo: window, attribution with 0 disagreements, identities', async () => {
    const { code, out, err } = await run('usage', '--demo', '--audit-log', REAL_LOG);
    assert.equal(code, 0, err);
    assert.match(out, /^Window: 2026-12-05T21:14:45Z to 2026-12-05T21:14:47Z \(14 events, 1 file\)/);
    assert.match(out, /0 disagreements\./);
    assert.match(out, /system:serviceaccount:default:default +3 +1 +2 /);
    assert.match(out, /Denied \(what was tried and could not\):/);
  });

  test('-o json: grants used and never used, unused bindings, denied, the window', async () => {
    const { code, out, err } = await run('usage', '--snapshot', world, '--audit-log', log, '-o', 'json');
    assert.equal(code, 0, err);
    const json = JSON.parse(out);
    assert.equal(json.window.events, 5);
    const web = json.identities.find((i: { user: string }) => i.user === WEB.username);
    const uses = Object.fromEntries(
      web.grants.map((g: { binding: { name: string }; uses: number }) => [g.binding.name, g.uses]),
    );
    assert.deepEqual(uses, { 'web-view': 4, 'web-edit': 3 });
    assert.equal(json.attribution.disagreements.length, 0);
    assert.equal(json.attribution.agreed, 4);
    assert.deepEqual(
      json.denied.map((d: { request: { verb: string } }) => d.request.verb),
      ['delete'],
    );
  });

  test('-o csv: one record per request shape, with what granted it', async () => {
    const { code, out } = await run('usage', '--snapshot', world, '--audit-log', log, '-o', 'csv');
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^user,groups,request,verb,resource,namespace,name,url,count,allowed,denied,first,last,impersonators,granted_by$/,
    );
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => l.includes('get configmaps cfg in namespace shop') && l.includes(',2,2,0,')));
  });

  test('--subject: its requests and its grants, never used ones said so', async () => {
    const { code, out } = await run('usage', '--snapshot', world, '--audit-log', log, '--subject', WEB.username);
    assert.equal(code, 0);
    assert.match(out, /Grants it holds \(0 never used in the window\)/);
    assert.match(out, /list nodes across all namespaces \/ at cluster scope +1 +1 +0 /);
    const other = await run(
      'usage',
      '--snapshot',
      world,
      '--audit-log',
      log,
      '--subject',
      'system:serviceaccount:shop:other',
    );
    assert.match(other.out, /No request of this subject in the window\./);
  });

  test('--since: earlier events are not in the window', async () => {
    const { out } = await run(
      'usage',
      '--snapshot',
      world,
      '--audit-log',
      log,
      '--since',
      '2026-12-05T21:00:03Z',
      '-o',
      'json',
    );
    assert.equal(JSON.parse(out).window.events, 3);
  });

  test('a line that is not an event: named on stderr by file and line, counted, exit 0', async () => {
    const { code, err, out } = await run('usage', '--snapshot', world, '--audit-log', path.join(dir, 'bad.log'));
    assert.equal(code, 0, err);
    assert.match(err, /bad\.log:2: not read: not JSON/);
    assert.match(out, /\(1 event, 1 file, 1 line not read\)/);
  });
});

describe('rbac-atlas usage: bad input', () => {
  const failures: { name: string; args: string[]; code: number; err: RegExp }[] = [
    {
      name: 'nothing could be read',
      args: ['--audit-log', path.join(dir, 'junk.log')],
      code: 2,
      err: /no event could be read \(2 lines not read\)/,
    },
    { name: 'a missing log', args: ['--audit-log', path.join(dir, 'gone.log')], code: 2, err: /gone\.log/ },
    {
      name: 'a bad --since',
      args: ['--audit-log', log, '--since', 'yesterday'],
      code: 2,
      err: /--since: "yesterday" is neither a duration/,
    },
    {
      name: 'a bad --subject',
      args: ['--audit-log', log, '--subject', 'system:serviceaccount:x'],
      code: 2,
      err: /--subject: .* is not a subject/,
    },
    {
      name: 'a bad --output',
      args: ['--audit-log', log, '-o', 'yaml'],
      code: 2,
      err: /--output must be table, json or csv/,
    },
    { name: 'no --audit-log', args: [], code: 2, err: /--audit-log/ },
  ];
  for (const f of failures)
    test(`exit ${f.code}: ${f.name}`, async () => {
      const { code, err } = await run('usage', '--snapshot', world, ...f.args);
      assert.equal(code, f.code, err);
      assert.match(err, f.err);
    });

  test('--help says what "never used" means', async () => {
    const { code, out } = await run('usage', '--help');
    assert.equal(code, 0);
    assert.match(out, /"Never used" means not used in the window read/);
  });
});

describe('rbac-atlas rightsize', () => {
  const args = ['--snapshot', world, '--audit-log', log];

  test('yaml: the manifests to apply (a Role with the name it used, a ClusterRole for nodes), what to delete', async () => {
    const { code, out, err } = await run('rightsize', ...args, '--subject', WEB.username);
    assert.equal(code, 0, err);
    const docs = parseAllDocuments(out).map((d) => d.toJS());
    assert.deepEqual(
      docs.map((d) => `${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}`),
      [
        'ClusterRole /rightsized:shop:web',
        'Role shop/rightsized:shop:web',
        'ClusterRoleBinding /rightsized:shop:web',
        'RoleBinding shop/rightsized:shop:web',
        'ClusterRoleBinding /web-view',
      ],
    );
    assert.deepEqual(docs[1].rules, [
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
    ]);
    assert.deepEqual(docs[4].subjects, [{ kind: 'ServiceAccount', name: 'other', namespace: 'shop' }]);
    assert.match(out, /# Then delete RoleBinding shop\/web-edit\./);
    assert.match(err, /After check: 3 requests \(4 events\) re-checked on the after state, 0 failures\./);
  });

  test('json: denied apart and never granted, the check, the review of what it loses', async () => {
    const { code, out } = await run('rightsize', ...args, '--subject', WEB.username, '-o', 'json');
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.deepEqual(json.check.failures, []);
    assert.deepEqual(
      json.denied.map((d: { request: { verb: string } }) => d.request.verb),
      ['delete'],
    );
    assert.ok(
      json.review.lost.some(
        (p: { verbs: string[]; namespace?: string }) => p.namespace === 'shop' && p.verbs.includes('create'),
      ),
    );
    assert.equal(json.review.gained.length, 0);
  });

  test('markdown with -n: every service account of the namespace', async () => {
    const { code, out } = await run('rightsize', ...args, '-n', 'shop', '-o', 'markdown');
    assert.equal(code, 0);
    assert.equal(out.match(/^## Right-sizing ServiceAccount shop\//gm)?.length, 2);
    assert.match(out, /### Manifests/);
    assert.match(out, /### Change review/);
  });

  test('yaml with -n: a binding two of its service accounts leave is written once, as both leave it', async () => {
    const { code, out } = await run('rightsize', ...args, '-n', 'shop', '-o', 'yaml');
    assert.equal(code, 0);
    // web-view names web and other: written per account, each edit would put the other back.
    assert.equal(out.match(/^name: web-view$/gm), null, 'no edited web-view');
    assert.equal(out.match(/delete ClusterRoleBinding web-view/g)?.length, 1, out);
  });

  test('notes on stderr: an empty namespace, an unknown subject', async () => {
    const empty = await run('rightsize', ...args, '-n', 'nothing-here');
    assert.equal(empty.code, 0);
    assert.match(empty.err, /note: namespace nothing-here has no service account/);
    const unknown = await run('rightsize', ...args, '--subject', 'user:nobody');
    assert.match(unknown.err, /note: user:nobody is neither in the model read nor in the window/);
  });

  const failures: { name: string; extra: string[]; err: RegExp }[] = [
    { name: 'neither --subject nor -n', extra: [], err: /give one of --subject or -n/ },
    {
      name: 'both --subject and -n',
      extra: ['--subject', WEB.username, '-n', 'shop'],
      err: /give one of --subject or -n/,
    },
    {
      name: 'a bad --output',
      extra: ['--subject', WEB.username, '-o', 'table'],
      err: /--output must be yaml, json or markdown/,
    },
  ];
  for (const f of failures)
    test(`exit 2: ${f.name}`, async () => {
      const { code, err } = await run('rightsize', ...args, ...f.extra);
      assert.equal(code, 2);
      assert.match(err, f.err);
    });
});
