import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closest, parseRequest, resolveRequest, resolveResourceType, type Resolution } from './parse';

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
  test('a cluster-scoped type in a namespace is checked as asked, with a warning', () => {
    const r = parseRequest({ verb: 'get', target: 'nodes', namespace: 'default' });
    assert.ok(r.ok);
    assert.equal(r.request.kind === 'resource' && r.request.namespace, 'default');
    assert.deepEqual(r.warnings, ['resource "nodes" is not namespace scoped']);
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
    { name: 'a custom resource, as given', target: 'widgets.example.com', resolved: [] },
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
      name: 'a custom resource group is taken as given',
      input: { verb: 'get', resource: 'widgets.example.com' },
      answered: 'get widgets|example.com||',
    },
    {
      name: 'a custom group given apart',
      input: { verb: 'get', resource: 'widgets', group: 'example.com' },
      answered: 'get widgets|example.com||',
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
      warnings: [/^the built-in group "apps" has no resource type "secrets" \(did you mean "secrets"\?\)/],
    },
    {
      name: 'a cluster-scoped type in a namespace: a warning, as kubectl gives',
      input: { verb: 'get', resource: 'no', namespace: 'a' },
      answered: 'get nodes|||',
      resolved: ['no → nodes'],
      warnings: [/^resource "nodes" is not namespace scoped$/],
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
