import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ruleAllows } from './match';
import { res, rule, url } from '../test-fixtures';
import type { AccessRequest, PolicyRule } from '../model/types';

const cases: { name: string; rule: PolicyRule; request: AccessRequest; allowed: boolean }[] = [
  {
    name: 'exact verb, group and resource',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
    request: res('get', 'pods'),
    allowed: true,
  },
  {
    name: 'other verb',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
    request: res('list', 'pods'),
    allowed: false,
  },
  {
    name: 'verb *',
    rule: rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] }),
    request: res('escalate', 'pods'),
    allowed: true,
  },
  {
    name: 'verbs are case-sensitive',
    rule: rule({ verbs: ['Get'], apiGroups: [''], resources: ['pods'] }),
    request: res('get', 'pods'),
    allowed: false,
  },
  {
    name: 'other group',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['deployments'] }),
    request: res('get', 'deployments', { group: 'apps' }),
    allowed: false,
  },
  {
    name: 'group *',
    rule: rule({ verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }),
    request: res('get', 'deployments', { group: 'apps' }),
    allowed: true,
  },
  {
    name: 'no groups listed matches nothing',
    rule: rule({ verbs: ['get'], resources: ['pods'] }),
    request: res('get', 'pods'),
    allowed: false,
  },
  {
    name: 'resources are case-sensitive',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['Pods'] }),
    request: res('get', 'pods'),
    allowed: false,
  },
  {
    name: 'resource pods does not cover pods/log',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
    request: res('get', 'pods', { subresource: 'log' }),
    allowed: false,
  },
  {
    name: 'pods/log covers the subresource',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }),
    request: res('get', 'pods', { subresource: 'log' }),
    allowed: true,
  },
  {
    name: 'pods/log does not cover pods',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }),
    request: res('get', 'pods'),
    allowed: false,
  },
  {
    name: '*/log covers any resource log',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }),
    request: res('get', 'nodes', { subresource: 'log' }),
    allowed: true,
  },
  {
    name: '*/log does not cover another subresource',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }),
    request: res('get', 'pods', { subresource: 'exec' }),
    allowed: false,
  },
  {
    name: '*/log does not cover a subresource that ends in log',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }),
    request: res('get', 'pods', { subresource: 'catalog' }),
    allowed: false,
  },
  {
    name: '*/log does not cover the main resource',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }),
    request: res('get', 'pods'),
    allowed: false,
  },
  {
    name: '* covers subresources',
    rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['*'] }),
    request: res('create', 'pods', { subresource: 'exec' }),
    allowed: true,
  },
  {
    name: 'resourceNames match the named request',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }),
    request: res('get', 'configmaps', { name: 'cfg' }),
    allowed: true,
  },
  {
    name: 'resourceNames refuse another name',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }),
    request: res('get', 'configmaps', { name: 'other' }),
    allowed: false,
  },
  {
    name: 'resourceNames refuse list (no name)',
    rule: rule({ verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }),
    request: res('list', 'configmaps'),
    allowed: false,
  },
  {
    name: 'resourceNames refuse create without a name',
    rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }),
    request: res('create', 'configmaps'),
    allowed: false,
  },
  {
    name: 'non-resource exact path',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] }),
    request: url('get', '/healthz'),
    allowed: true,
  },
  {
    name: 'non-resource path is not a prefix without *',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] }),
    request: url('get', '/healthz/ping'),
    allowed: false,
  },
  {
    name: 'non-resource trailing * is a prefix',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/healthz*'] }),
    request: url('get', '/healthz/ping'),
    allowed: true,
  },
  {
    name: 'non-resource /api/* covers /api/v1',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/api/*'] }),
    request: url('get', '/api/v1'),
    allowed: true,
  },
  {
    name: 'non-resource /api/* does not cover /api',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/api/*'] }),
    request: url('get', '/api'),
    allowed: false,
  },
  {
    name: 'non-resource *',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['*'] }),
    request: url('get', '/anything'),
    allowed: true,
  },
  {
    name: 'non-resource rule does not grant resources',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['*'] }),
    request: res('get', 'pods'),
    allowed: false,
  },
  {
    name: 'resource rule does not grant non-resource URLs',
    rule: rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] }),
    request: url('get', '/metrics'),
    allowed: false,
  },
  {
    name: 'non-resource verb must match',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }),
    request: url('post', '/metrics'),
    allowed: false,
  },
];

describe('ruleAllows (evaluation_helpers.go)', () => {
  for (const c of cases) {
    test(c.name, () => assert.equal(ruleAllows(c.rule, c.request), c.allowed));
  }
});
