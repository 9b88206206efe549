import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRequest, resolveResourceType } from './parse';

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
  test('an unknown bare name is an error that suggests RESOURCE.GROUP', () => {
    const r = resolveResourceType('widgets');
    assert.ok('error' in r);
    assert.match(r.error, /unknown resource type "widgets".*RESOURCE\.GROUP.*widgets\.example\.com/);
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
    assert.deepEqual(r.warnings, ['verb "gett" is not a known verb']);
  });
});
