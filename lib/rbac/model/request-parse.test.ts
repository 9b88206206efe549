import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeResource } from '@/lib/rbac';
import type { ResourceType } from './resource-types';
import { closest, parseRequest, resolveRequest, resolveResourceType, type Resolution } from './request-parse';

describe('resolveResourceType (kubectl names)', () => {
  const cases: [string, string, string][] = [
    ['pods', 'pods', ''],
    ['pod', 'pods', ''],
    ['po', 'pods', ''],
    ['PODS', 'pods', ''],
    ['deploy', 'deployments', 'apps'],
    ['deployments.apps', 'deployments', 'apps'],
    ['deployment.apps', 'deployments', 'apps'],
    ['deployments.v1.apps', 'deployments', 'apps'],
    ['sa', 'serviceaccounts', ''],
    ['secret', 'secrets', ''],
    // A kind is its singular, lowercased (kubectl lowercases the argument: cani.go's resourceFor).
    ['Secret', 'secrets', ''],
    ['ServiceAccount', 'serviceaccounts', ''],
    ['ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io'],
    ['Deployment.apps', 'deployments', 'apps'],
    ['CustomResourceDefinition', 'customresourcedefinitions', 'apiextensions.k8s.io'],
    ['crd', 'customresourcedefinitions', 'apiextensions.k8s.io'],
    ['cj', 'cronjobs', 'batch'],
    ['rolebindings', 'rolebindings', 'rbac.authorization.k8s.io'],
    ['events', 'events', ''],
    ['netpol', 'networkpolicies', 'networking.k8s.io'],
    ['widgets.example.com', 'widgets', 'example.com'],
    ['*', '*', ''],
    // What impersonate is checked on, as kubectl accepts them (its nonStandardResourceNames).
    ['users', 'users', ''],
    ['groups', 'groups', ''],
    ['uids', 'uids', 'authentication.k8s.io'],
    ['userextras', 'userextras', 'authentication.k8s.io'],
  ];
  for (const [arg, resource, group] of cases) {
    test(`${arg} → ${resource} in "${group}"`, () => {
      assert.deepEqual(
        (({ resource, group }) => ({ resource, group }))(
          resolveResourceType(arg) as { resource: string; group: string },
        ),
        { resource, group },
      );
    });
  }
  test('an unknown bare name is unknown, and the message suggests RESOURCE.GROUP', () => {
    const r = resolveResourceType('widgets');
    assert.ok(!('error' in r) && r.unknown);
    assert.match(r.unknown.message, /unknown resource type "widgets".*RESOURCE\.GROUP.*widgets\.example\.com/);
    assert.equal(r.unknown.suggestion, undefined);
  });
});

describe('parseRequest (kubectl auth can-i arguments)', () => {
  test('TYPE/NAME carries the name', () => {
    const r = parseRequest({ verb: 'get', target: 'configmaps/app-config', namespace: 'a' });
    assert.ok(r.ok);
    assert.deepEqual(r.request, {
      kind: 'resource',
      verb: 'get',
      group: '',
      resource: 'configmaps',
      subresource: '',
      name: 'app-config',
      namespace: 'a',
    });
  });
  test('a leading slash is a non-resource URL', () => {
    const r = parseRequest({ verb: 'get', target: '/metrics', namespace: 'default' });
    assert.ok(r.ok);
    assert.deepEqual(r.request, { kind: 'nonResource', verb: 'get', path: '/metrics' });
  });
  test('--subresource is refused with a non-resource URL', () => {
    assert.deepEqual(parseRequest({ verb: 'get', target: '/logs', subresource: 'x', namespace: '' }), {
      ok: false,
      error: '--subresource can not be used with a non-resource URL',
    });
  });
  test('a cluster-scoped type in a namespace is asked with no namespace, as the API server authorizes it', () => {
    const r = parseRequest({ verb: 'get', target: 'nodes', namespace: 'default' });
    assert.ok(r.ok);
    assert.equal(r.request.kind === 'resource' && r.request.namespace, '');
    assert.deepEqual(r.warnings, [
      'resource "nodes" is not namespace scoped: the request is authorized with no namespace, as the API server does (namespace "default" not used)',
    ]);
  });
  test('namespaces/NAME is asked in that namespace, whatever -n says (kubectl would send -n)', () => {
    const r = parseRequest({ verb: 'patch', target: 'namespaces/team', namespace: 'default' });
    assert.ok(r.ok);
    assert.equal(r.request.kind === 'resource' && r.request.namespace, 'team');
    assert.deepEqual(r.warnings, [
      'a request for namespace team is authorized in namespace team (not in "default"), as the API server does (its URL /api/v1/namespaces/team is in that namespace)',
    ]);
  });
  test('an unknown verb is a warning', () => {
    const r = parseRequest({ verb: 'gett', target: 'pods', namespace: 'default' });
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, ['verb "gett" is not a known verb (did you mean "get"?)']);
  });
});

describe('parseRequest says what it resolved, as the CLI prints it', () => {
  const cases: { name: string; target: string; resolved: string[]; warnings?: string[]; error?: RegExp }[] = [
    { name: 'a plural is not rewritten', target: 'secrets', resolved: [] },
    { name: 'a singular', target: 'secret', resolved: ['secret → secrets'] },
    { name: 'a short name in another group', target: 'deploy', resolved: ['deploy → deployments.apps'] },
    {
      name: 'a kind, and the name after it',
      target: 'ServiceAccount/default',
      resolved: ['ServiceAccount → serviceaccounts'],
    },
    {
      name: 'a custom resource, as given, said not resolved',
      target: 'widgets.example.com',
      resolved: [],
      warnings: [
        'resource "widgets.example.com" not resolved (no discovery of this cluster): checked as given; a custom resource is named by its plural (not its singular, short name or kind)',
      ],
    },
    {
      name: 'an unknown type in a built-in group: checked as given, with a suggestion',
      target: 'deploymnts.apps',
      resolved: [],
      warnings: [
        'the built-in group "apps" has no resource type "deploymnts" (did you mean "deployments.apps"?); checking it as given',
      ],
    },
    {
      name: 'a misspelt bare name is refused, with a suggestion',
      target: 'secrte',
      resolved: [],
      error: /^unknown resource type "secrte" \(did you mean "secrets"\?\)/,
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = parseRequest({ verb: 'get', target: c.target, namespace: 'a' });
      if (c.error) {
        assert.ok(!r.ok);
        assert.match(r.error, c.error);
        return;
      }
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.deepEqual(
        r.resolved.map((x) => `${x.given} → ${x.answered}`),
        c.resolved,
      );
      assert.deepEqual(r.warnings, c.warnings ?? []);
    });
});

describe('resolveRequest (the API, the pages and the namespace highlight)', () => {
  const ok = (r: Resolution | { error: string }): Resolution => {
    assert.ok(!('error' in r), 'error' in r ? r.error : '');
    return r;
  };
  const asked = (r: Resolution) =>
    r.request.kind === 'resource'
      ? `${r.request.verb} ${r.request.resource}|${r.request.group}|${r.request.subresource}|${r.request.name}`
      : `${r.request.verb} ${r.request.path}`;
  const cases: {
    name: string;
    input: Parameters<typeof resolveRequest>[0];
    literal?: boolean;
    answered: string;
    resolved?: string[];
    unknown?: string[];
    warnings?: RegExp[];
  }[] = [
    {
      name: 'secret → secrets',
      input: { verb: 'get', resource: 'secret' },
      answered: 'get secrets|||',
      resolved: ['secret → secrets'],
    },
    {
      name: 'sa → serviceaccounts',
      input: { verb: 'get', resource: 'sa' },
      answered: 'get serviceaccounts|||',
      resolved: ['sa → serviceaccounts'],
    },
    {
      name: 'Secret (a kind) → secrets',
      input: { verb: 'get', resource: 'Secret' },
      answered: 'get secrets|||',
      resolved: ['Secret → secrets'],
    },
    { name: 'po → pods', input: { verb: 'get', resource: 'po' }, answered: 'get pods|||', resolved: ['po → pods'] },
    {
      name: 'deploy → deployments in apps',
      input: { verb: 'get', resource: 'deploy' },
      answered: 'get deployments|apps||',
      resolved: ['deploy → deployments.apps'],
    },
    {
      name: 'deployments alone is in apps, as kubectl finds it',
      input: { verb: 'get', resource: 'deployments' },
      answered: 'get deployments|apps||',
      resolved: ['deployments → deployments.apps'],
    },
    {
      name: 'a group given apart',
      input: { verb: 'get', resource: 'deploy', group: 'apps' },
      answered: 'get deployments|apps||',
      resolved: ['deploy.apps → deployments.apps'],
    },
    {
      name: 'the plural in its group is not rewritten',
      input: { verb: 'list', resource: 'deployments', group: 'apps' },
      answered: 'list deployments|apps||',
    },
    {
      name: 'RESOURCE/SUBRESOURCE',
      input: { verb: 'create', resource: 'po/exec' },
      answered: 'create pods||exec|',
      resolved: ['po/exec → pods/exec'],
    },
    {
      name: 'the subresource given apart',
      input: { verb: 'create', resource: 'pods', subresource: 'exec' },
      answered: 'create pods||exec|',
    },
    {
      name: 'a custom resource group is taken as given, said not resolved',
      input: { verb: 'get', resource: 'widgets.example.com' },
      answered: 'get widgets|example.com||',
      warnings: [/^resource "widgets.example.com" not resolved \(no discovery of this cluster\): checked as given/],
    },
    {
      name: 'a custom group given apart',
      input: { verb: 'get', resource: 'widgets', group: 'example.com' },
      answered: 'get widgets|example.com||',
      warnings: [/^resource "widgets.example.com" not resolved \(no discovery of this cluster\)/],
    },
    { name: 'a wildcard is not resolved', input: { verb: '*', resource: '*' }, answered: '* *|||' },
    { name: 'a non-resource URL', input: { verb: 'get', path: '/metrics' }, answered: 'get /metrics' },
    {
      name: 'an unknown verb, with a suggestion',
      input: { verb: 'gett', resource: 'secret', namespace: 'payments' },
      answered: 'gett secrets|||',
      resolved: ['secret → secrets'],
      unknown: ['verb gett get'],
      warnings: [/^verb "gett" is not a known verb \(did you mean "get"\?\); answered for it as given$/],
    },
    {
      name: 'a non-resource verb is checked against the non-resource verbs',
      input: { verb: 'list', path: '/healthz' },
      answered: 'list /healthz',
      unknown: ['verb list -'],
      warnings: [/^verb "list" is not a known non-resource verb/],
    },
    {
      name: 'an unknown bare resource, with a suggestion',
      input: { verb: 'get', resource: 'secrte' },
      answered: 'get secrte|||',
      unknown: ['resource secrte secrets'],
      warnings: [/^unknown resource type "secrte" \(did you mean "secrets"\?\)/],
    },
    {
      name: 'a built-in name in the wrong group: the group it is in',
      input: { verb: 'get', resource: 'secrets', group: 'apps' },
      answered: 'get secrets|apps||',
      unknown: ['resource secrets secrets'],
      warnings: [
        /^the built-in group "apps" has no resource type "secrets" \(did you mean "secrets" in the core group\?\)/,
      ],
    },
    {
      name: 'a cluster-scoped type in a namespace: asked with no namespace, and said',
      input: { verb: 'get', resource: 'no', namespace: 'a' },
      answered: 'get nodes|||',
      resolved: ['no → nodes'],
      warnings: [/^resource "nodes" is not namespace scoped: the request is authorized with no namespace/],
    },
    {
      name: 'literal: a singular checked as given, and said',
      input: { verb: 'get', resource: 'secret' },
      literal: true,
      answered: 'get secret|||',
      warnings: [/^resource "secret" checked as given \(literal\); kubectl would ask for "secrets"$/],
    },
    {
      name: 'literal: core deployments as given (a rule written without its group)',
      input: { verb: 'get', resource: 'deployments' },
      literal: true,
      answered: 'get deployments|||',
      warnings: [/kubectl would ask for "deployments.apps"/],
    },
    {
      name: 'literal: the group written twice, the same',
      input: { verb: 'get', resource: 'deployments.apps', group: 'apps' },
      literal: true,
      answered: 'get deployments|apps||',
    },
    {
      name: 'literal: a kind as given (RBAC compares names exactly)',
      input: { verb: 'get', resource: 'Secret', namespace: 'a' },
      literal: true,
      answered: 'get Secret|||',
      warnings: [/^resource "Secret" checked as given \(literal\); kubectl would ask for "secrets"$/],
    },
    {
      name: 'literal: an unknown verb is answered, with a warning',
      input: { verb: 'gett', resource: 'secrets' },
      literal: true,
      answered: 'gett secrets|||',
      unknown: ['verb gett get'],
      warnings: [/^verb "gett" is not a known verb \(did you mean "get"\?\); checked as given \(literal\)$/],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = ok(resolveRequest(c.input, { literal: c.literal ?? false }));
      assert.equal(asked(r), c.answered);
      assert.deepEqual(
        r.resolved.map((x) => `${x.given} → ${x.answered}`),
        c.resolved ?? [],
      );
      assert.deepEqual(
        r.unknown.map((u) => `${u.parameter} ${u.value} ${u.suggestion ?? '-'}`),
        c.unknown ?? [],
      );
      assert.equal(r.warnings.length, (c.warnings ?? []).length, r.warnings.join('\n'));
      r.warnings.forEach((w, i) => assert.match(w, c.warnings![i]!));
    });

  const refused: [string, Parameters<typeof resolveRequest>[0], RegExp][] = [
    ['no verb', { verb: '', resource: 'pods' }, /^a verb is required$/],
    ['a resource and a URL', { verb: 'get', resource: 'pods', path: '/x' }, /not both/],
    [
      'the group twice, differently',
      { verb: 'get', resource: 'deployments.apps', group: 'batch' },
      /names the group "apps" but group is "batch"/,
    ],
    [
      'the subresource twice, differently',
      { verb: 'get', resource: 'pods/log', subresource: 'exec' },
      /names the subresource "log" but subresource is "exec"/,
    ],
  ];
  for (const [name, input, error] of refused)
    test(`refused: ${name}`, () => {
      const r = resolveRequest(input);
      assert.ok('error' in r);
      assert.match(r.error, error);
    });
});

describe('closest (did you mean)', () => {
  const cases: [string, string[], string | undefined][] = [
    ['gett', ['get', 'list'], 'get'],
    ['lsit', ['get', 'list'], 'list'],
    ['GET', ['get', 'list'], 'get'],
    ['x', ['get', 'list'], undefined],
    ['frobnicate', ['get', 'list'], undefined],
  ];
  for (const [word, candidates, expected] of cases)
    test(`${word} → ${expected ?? 'none'}`, () => assert.equal(closest(word, candidates), expected));
});

describe('the namespace a request is authorized in, as the API server sets it (requestinfo.go)', () => {
  const cases: {
    name: string;
    input: Parameters<typeof resolveRequest>[0];
    namespaceObject?: boolean;
    literal?: boolean;
    namespace: string;
    warnings: RegExp[];
  }[] = [
    {
      name: 'patch namespace/team, no namespace given: in team',
      input: { verb: 'patch', resource: 'namespace', name: 'team' },
      namespace: 'team',
      warnings: [/^a request for namespace team is authorized in namespace team, as the API server does/],
    },
    {
      name: 'patch namespaces/team with namespace=team: in team, and no "not namespace scoped" warning',
      input: { verb: 'patch', resource: 'namespaces', name: 'team', namespace: 'team' },
      namespace: 'team',
      warnings: [/^a request for namespace team is authorized in namespace team, as/],
    },
    {
      name: 'patch namespaces/team asked in default: in team, and said',
      input: { verb: 'patch', resource: 'ns', name: 'team', namespace: 'default' },
      namespace: 'team',
      warnings: [/^a request for namespace team is authorized in namespace team \(not in "default"\)/],
    },
    {
      name: "update namespaces/team/finalize: the Namespace's own subresource, in team",
      input: { verb: 'update', resource: 'namespaces/finalize', name: 'team' },
      namespace: 'team',
      warnings: [/in namespace team/],
    },
    {
      name: 'get namespaces/team/status: in team',
      input: { verb: 'get', resource: 'namespaces', subresource: 'status', name: 'team' },
      namespace: 'team',
      warnings: [/in namespace team/],
    },
    {
      name: 'delete namespaces/team: in team',
      input: { verb: 'delete', resource: 'namespaces', name: 'team' },
      namespace: 'team',
      warnings: [/in namespace team/],
    },
    {
      name: 'list namespaces (a name is a fieldSelector): no namespace',
      input: { verb: 'list', resource: 'namespaces', name: 'team', namespace: 'team' },
      namespace: '',
      warnings: [/^resource "namespaces" is not namespace scoped: the request is authorized with no namespace/],
    },
    {
      name: 'create namespaces: no namespace',
      input: { verb: 'create', resource: 'namespaces', namespace: 'default' },
      namespace: '',
      warnings: [/not namespace scoped/],
    },
    {
      name: 'get namespaces with no name and no namespace: cluster scope, nothing to say',
      input: { verb: 'get', resource: 'namespaces' },
      namespace: '',
      warnings: [],
    },
    {
      name: 'the namespace view: namespaces without a name is this Namespace',
      input: { verb: 'patch', resource: 'namespaces', namespace: 'team' },
      namespaceObject: true,
      namespace: 'team',
      warnings: [/^a request for namespace team is authorized in namespace team, as/],
    },
    {
      name: "the namespace view, literal (a rule's label): namespaces is this Namespace",
      input: { verb: 'patch', resource: 'namespaces', namespace: 'team' },
      namespaceObject: true,
      literal: true,
      namespace: 'team',
      warnings: [/in namespace team/],
    },
    {
      name: 'the namespace view, list namespaces: no namespace',
      input: { verb: 'list', resource: 'namespaces', namespace: 'team' },
      namespaceObject: true,
      namespace: '',
      warnings: [/not namespace scoped/],
    },
    {
      name: 'a ClusterRole asked in a namespace: no namespace',
      input: { verb: 'bind', resource: 'clusterroles', name: 'admin', namespace: 'team' },
      namespace: '',
      warnings: [/^resource "clusterroles.rbac.authorization.k8s.io" is not namespace scoped/],
    },
    {
      name: 'impersonate users in a namespace: no namespace',
      input: { verb: 'impersonate', resource: 'users', name: 'alice', namespace: 'team' },
      namespace: '',
      warnings: [/^resource "users" is not namespace scoped/],
    },
    {
      name: 'a namespaced type keeps its namespace',
      input: { verb: 'get', resource: 'secrets', name: 'team', namespace: 'payments' },
      namespace: 'payments',
      warnings: [],
    },
    {
      name: 'a custom resource keeps the namespace given (its scope is not known here)',
      input: { verb: 'get', resource: 'widgets.example.com', namespace: 'payments' },
      namespace: 'payments',
      warnings: [/not resolved/],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = resolveRequest(c.input, { literal: c.literal ?? false, namespaceObject: c.namespaceObject ?? false });
      assert.ok(!('error' in r), 'error' in r ? r.error : '');
      assert.equal(r.request.kind === 'resource' && r.request.namespace, c.namespace);
      assert.equal(r.warnings.length, c.warnings.length, r.warnings.join('\n'));
      r.warnings.forEach((w, i) => assert.match(w, c.warnings[i]!));
    });
});

describe('names outside the built-in table are said, never a silent literal', () => {
  const cases: {
    name: string;
    resource: string;
    answered: string;
    resolved?: string[];
    warnings: RegExp[];
    unknown?: boolean;
  }[] = [
    {
      name: 'a custom singular: checked as given, said not resolved',
      resource: 'certificate.cert-manager.io',
      answered: 'certificate|cert-manager.io',
      warnings: [
        /^resource "certificate.cert-manager.io" not resolved \(no discovery of this cluster\): checked as given/,
      ],
    },
    {
      name: 'RESOURCE.VERSION.GROUP of a custom resource: the version dropped, and said',
      resource: 'widgets.v1.example.com',
      answered: 'widgets|example.com',
      resolved: ['widgets.v1.example.com → widgets.example.com'],
      warnings: [/version v1 dropped/, /^resource "widgets.example.com" not resolved/],
    },
    {
      name: 'a beta version segment',
      resource: 'widgets.v1beta1.example.com',
      answered: 'widgets|example.com',
      resolved: ['widgets.v1beta1.example.com → widgets.example.com'],
      warnings: [/version v1beta1 dropped/, /not resolved/],
    },
    {
      name: 'an alpha version segment',
      resource: 'widgets.v2alpha1.example.com',
      answered: 'widgets|example.com',
      resolved: ['widgets.v2alpha1.example.com → widgets.example.com'],
      warnings: [/version v2alpha1 dropped/, /not resolved/],
    },
    {
      name: 'a built-in RESOURCE.VERSION.GROUP: the rewrite says it',
      resource: 'deployments.v1.apps',
      answered: 'deployments|apps',
      resolved: ['deployments.v1.apps → deployments.apps'],
      warnings: [],
    },
    {
      name: 'deploy.extensions: deployments in extensions (a distinct request), and said',
      resource: 'deploy.extensions',
      answered: 'deployments|extensions',
      resolved: ['deploy.extensions → deployments.extensions'],
      warnings: [
        /^deployments.extensions: the extensions group served deployments until Kubernetes 1.16 .*today's clusters serve deployments.apps/,
      ],
    },
    {
      name: 'ingresses.extensions: checked there, and said',
      resource: 'ingresses.extensions',
      answered: 'ingresses|extensions',
      warnings: [/served ingresses until Kubernetes 1.22.*ingresses.networking.k8s.io/],
    },
    {
      name: 'ds.extensions',
      resource: 'ds.extensions',
      answered: 'daemonsets|extensions',
      resolved: ['ds.extensions → daemonsets.extensions'],
      warnings: [/served daemonsets until Kubernetes 1.16/],
    },
    {
      name: 'psp.policy: served until 1.25, served nowhere today',
      resource: 'psp.policy',
      answered: 'podsecuritypolicies|policy',
      resolved: ['psp.policy → podsecuritypolicies.policy'],
      warnings: [
        /until Kubernetes 1.25.*no cluster serves it today/,
        /^resource "podsecuritypolicies.policy" is not namespace scoped/,
      ],
    },
    {
      name: 'secrets.apps: the suggestion names the core group',
      resource: 'secrets.apps',
      answered: 'secrets|apps',
      unknown: true,
      warnings: [/did you mean "secrets" in the core group\?/],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = resolveRequest({ verb: 'get', resource: c.resource, namespace: 'a' });
      assert.ok(!('error' in r), 'error' in r ? r.error : '');
      assert.ok(r.request.kind === 'resource');
      assert.equal(`${r.request.resource}|${r.request.group}`, c.answered);
      assert.deepEqual(
        r.resolved.map((x) => `${x.given} → ${x.answered}`),
        c.resolved ?? [],
      );
      assert.equal(r.unknown.length > 0, c.unknown ?? false);
      assert.equal(r.warnings.length, c.warnings.length, r.warnings.join('\n'));
      r.warnings.forEach((w, i) => assert.match(w, c.warnings[i]!));
    });
});

describe("a live cluster's discovered types (the RESTMapper's table)", () => {
  // As lib/k8s/live/discovery.ts reads them; `ev` is also a built-in short name (core events wins, as in kubectl).
  const discovered: ResourceType[] = [
    { group: '', version: 'v1', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true, kind: 'Pod' },
    {
      group: 'cert-manager.io',
      version: 'v1',
      plural: 'certificates',
      singular: 'certificate',
      shortNames: ['cert', 'certs'],
      namespaced: true,
      kind: 'Certificate',
      subresources: ['status'],
    },
    {
      group: 'example.com',
      version: 'v1',
      plural: 'clusterwidgets',
      singular: 'clusterwidget',
      shortNames: ['cwd', 'ev'],
      namespaced: false,
      kind: 'ClusterWidget',
    },
  ];
  const resolves: [string, string, string][] = [
    ['certificate', 'certificates', 'cert-manager.io'],
    ['cert', 'certificates', 'cert-manager.io'],
    ['Certificate', 'certificates', 'cert-manager.io'],
    ['certs.cert-manager.io', 'certificates', 'cert-manager.io'],
    ['certificate.v1.cert-manager.io', 'certificates', 'cert-manager.io'],
    ['cwd', 'clusterwidgets', 'example.com'],
    ['ev', 'events', ''],
    ['secret', 'secrets', ''],
  ];
  for (const [given, resource, group] of resolves)
    test(`${given} → ${describeResource(group, resource)}, said as a rewrite, no warning`, () => {
      const r = resolveRequest({ verb: 'get', resource: given }, { discovered }) as Resolution;
      assert.ok(r.request.kind === 'resource');
      assert.deepEqual([r.request.resource, r.request.group, r.warnings], [resource, group, []]);
    });

  test('without discovery the same singular is unknown (the warning/400 case)', () => {
    const r = resolveRequest({ verb: 'get', resource: 'certificate', namespace: 'a' }) as Resolution;
    assert.equal(r.unknown[0]?.parameter, 'resource');
  });

  test('without discovery a custom plural.group is checked as given with "no discovery"; with it, no warning', () => {
    const offline = resolveRequest({ verb: 'get', resource: 'certificates.cert-manager.io' }) as Resolution;
    assert.match(offline.warnings.join(), /not resolved \(no discovery of this cluster\)/);
    const live = resolveRequest(
      { verb: 'get', resource: 'certificates.cert-manager.io' },
      { discovered },
    ) as Resolution;
    assert.deepEqual(live.warnings, []);
  });

  test('a discovered cluster-scoped type is asked with no namespace', () => {
    const r = resolveRequest({ verb: 'get', resource: 'cwd', namespace: 'a' }, { discovered }) as Resolution;
    assert.ok(r.request.kind === 'resource');
    assert.equal(r.request.namespace, '');
  });

  const unknown: [string, RegExp][] = [
    ['a bare name discovery does not know', /unknown resource type "gadget": this cluster's discovery lists no type/],
    [
      'a typo of a discovered name, with a suggestion',
      /unknown resource type "certificat" \(did you mean "certificates.cert-manager.io"\?\)/,
    ],
    [
      'a discovered group without that resource',
      /this cluster's group "cert-manager.io" has no resource type "issuers"/,
    ],
  ];
  const given = {
    'a bare name discovery does not know': 'gadget',
    'a typo of a discovered name, with a suggestion': 'certificat',
    'a discovered group without that resource': 'issuers.cert-manager.io',
  } as Record<string, string>;
  for (const [name, message] of unknown)
    test(`still unknown: ${name}`, () => {
      const r = resolveRequest({ verb: 'get', resource: given[name]! }, { discovered }) as Resolution;
      assert.equal(r.unknown.length, 1);
      assert.match(r.unknown[0]!.message, message);
      assert.equal(
        parseRequest({ verb: 'get', target: given[name]!, namespace: 'a' }, discovered).ok,
        given[name]!.includes('.'),
      );
    });

  test('a group discovery does not list is checked as given, saying the cluster does not serve it', () => {
    const r = resolveRequest({ verb: 'get', resource: 'gadgets.other.io' }, { discovered }) as Resolution;
    assert.deepEqual(r.unknown, []);
    assert.match(r.warnings.join(), /"gadgets.other.io" is not served by this cluster/);
  });
});
