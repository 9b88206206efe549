// The fast path gives exactly zod's answer (the same event, or a refusal) for events in the API
// server's shape and for every way a line can leave it; and the request each event is counted as.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { observedRequest } from './observed';
import { createTarget, uriPath } from './request-info';
import { plainEvent, zodEvent } from './schema';

const real = readFileSync(path.join(import.meta.dirname, 'fixtures/apiserver.log'), 'utf8')
  .trimEnd()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const impersonated = real[29]!;
const withField = (k: string, v: unknown) => ({ ...impersonated, [k]: v });
const withUser = (u: unknown) => withField('user', u);
const withRef = (r: unknown) => withField('objectRef', r);

const cases: { name: string; raw: unknown; ok: boolean }[] = [
  ...real.map((raw, i) => ({ name: `the server's line ${i + 1}`, raw, ok: true })),
  { name: 'no objectRef (non-resource)', raw: withRef(undefined), ok: true },
  { name: 'objectRef null', raw: withRef(null), ok: true },
  { name: 'groups null', raw: withUser({ username: 'u', groups: null }), ok: true },
  { name: 'user {} (failed authentication)', raw: withUser({}), ok: true },
  { name: 'impersonatedUser null', raw: withField('impersonatedUser', null), ok: true },
  { name: 'annotations null', raw: withField('annotations', null), ok: true },
  { name: 'responseStatus null', raw: withField('responseStatus', null), ok: true },
  { name: 'responseStatus without code', raw: withField('responseStatus', { status: 'x' }), ok: true },
  { name: 'a request body kept (RequestResponse level)', raw: withField('requestObject', { a: 1 }), ok: true },
  { name: 'no timestamps (refused later, not here)', raw: withField('stageTimestamp', undefined), ok: true },
  { name: 'not an object', raw: 'event', ok: false },
  { name: 'null', raw: null, ok: false },
  { name: 'a list', raw: [impersonated], ok: false },
  { name: 'kind Pod', raw: withField('kind', 'Pod'), ok: false },
  { name: 'apiVersion v1beta1', raw: withField('apiVersion', 'audit.k8s.io/v1beta1'), ok: false },
  { name: 'auditID ""', raw: withField('auditID', ''), ok: false },
  { name: 'auditID a number', raw: withField('auditID', 7), ok: false },
  { name: 'stage unknown', raw: withField('stage', 'Started'), ok: false },
  { name: 'verb ""', raw: withField('verb', ''), ok: false },
  { name: 'no requestURI', raw: withField('requestURI', undefined), ok: false },
  { name: 'no user', raw: withUser(undefined), ok: false },
  { name: 'user null', raw: withUser(null), ok: false },
  { name: 'username a number', raw: withUser({ username: 1 }), ok: false },
  { name: 'username null', raw: withUser({ username: null }), ok: false },
  { name: 'groups a string', raw: withUser({ username: 'u', groups: 'g' }), ok: false },
  { name: 'a group a number', raw: withUser({ username: 'u', groups: ['g', 2] }), ok: false },
  { name: 'impersonatedUser a string', raw: withField('impersonatedUser', 'sa'), ok: false },
  { name: 'objectRef a string', raw: withRef('pods'), ok: false },
  { name: 'objectRef.name a number', raw: withRef({ resource: 'pods', name: 3 }), ok: false },
  { name: 'objectRef.apiGroup null', raw: withRef({ resource: 'pods', apiGroup: null }), ok: false },
  { name: 'status code a string', raw: withField('responseStatus', { code: '403' }), ok: false },
  { name: 'annotations a list', raw: withField('annotations', ['x']), ok: false },
  { name: 'an annotation a number', raw: withField('annotations', { 'authorization.k8s.io/reason': 1 }), ok: false },
  { name: 'stageTimestamp a number', raw: withField('stageTimestamp', 17), ok: false },
  { name: 'authenticationMetadata null', raw: withField('authenticationMetadata', null), ok: true },
  { name: 'authenticationMetadata {}', raw: withField('authenticationMetadata', {}), ok: true },
  { name: 'authenticationMetadata a string', raw: withField('authenticationMetadata', 'x'), ok: false },
  {
    name: 'impersonationConstraint a number',
    raw: withField('authenticationMetadata', { impersonationConstraint: 1 }),
    ok: false,
  },
  {
    name: 'impersonationConstraint null',
    raw: withField('authenticationMetadata', { impersonationConstraint: null }),
    ok: false,
  },
  {
    name: 'an annotation named __proto__',
    raw: JSON.parse(JSON.stringify(impersonated).replace('"authorization.k8s.io/reason"', '"__proto__"')),
    ok: true,
  },
];

describe('plainEvent gives zod’s answer', () => {
  for (const c of cases) {
    test(c.name, () => {
      const zod = zodEvent(c.raw);
      const plain = plainEvent(c.raw);
      assert.equal(zod.ok, c.ok, zod.ok ? 'zod accepts' : zod.message);
      assert.equal(plain.ok, zod.ok);
      if (!plain.ok && !zod.ok) assert.equal(plain.message, zod.message);
      if (plain.ok && zod.ok) {
        // zod keeps only the fields used; the plain path hands the line on: what is read from
        // each is the same.
        const where = { file: 'f', line: 1 };
        assert.deepEqual(observedRequest(plain.event, where), observedRequest(zod.event, where));
        assert.equal(plain.event.auditID, zod.event.auditID);
        assert.equal(plain.event.stage, zod.event.stage);
      }
    });
  }
});

// constrained_impersonation.go passes its mode's verb to audit.LogImpersonatedUser; impersonation.go
// (legacy) passes "", which the event omits (omitempty).
describe('the impersonation constraint, verbatim', () => {
  const constraints: { name: string; raw: unknown; want: string | undefined }[] = [
    { name: "the server's constrained line", raw: impersonated, want: 'impersonate:serviceaccount' },
    {
      name: 'legacy (no authenticationMetadata)',
      raw: withField('authenticationMetadata', undefined),
      want: undefined,
    },
    {
      name: 'empty constraint',
      raw: withField('authenticationMetadata', { impersonationConstraint: '' }),
      want: undefined,
    },
    {
      name: 'another mode',
      raw: withField('authenticationMetadata', { impersonationConstraint: 'impersonate:user-info' }),
      want: 'impersonate:user-info',
    },
  ];
  for (const c of constraints) {
    test(c.name, () => {
      for (const parse of [plainEvent, zodEvent]) {
        const p = parse(c.raw);
        assert.ok(p.ok);
        const r = observedRequest(p.event, { file: 'f', line: 1 });
        assert.ok(typeof r !== 'string');
        assert.equal(r.impersonationConstraint, c.want);
        assert.equal('impersonationConstraint' in r, c.want !== undefined);
      }
    });
  }
});

describe('the name and namespace a create was authorized for (requestinfo.go)', () => {
  const creates: [string, string, string][] = [
    ['/api/v1/namespaces/ns/pods', 'ns', ''],
    ['/api/v1/namespaces/ns/pods?fieldManager=kubectl', 'ns', ''],
    ['/apis/apps/v1/namespaces/ns/deployments', 'ns', ''],
    ['/api/v1/namespaces', '', ''],
    ['/apis/rbac.authorization.k8s.io/v1/clusterroles', '', ''],
    ['/api/v1/namespaces/ns/serviceaccounts/sa/token', 'ns', 'sa'],
    ['/api/v1/namespaces/ns/pods/web/eviction', 'ns', 'web'],
    ['/api/v1/namespaces/ns/status', 'ns', 'ns'],
    ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '', ''],
    ['/api/v1/namespaces/n%73/pods', 'ns', ''],
    ['/healthz', '', ''],
  ];
  for (const [uri, namespace, name] of creates) {
    test(uri, () => assert.deepEqual(createTarget(uri), { namespace, name }));
  }
});

describe('a non-resource path: Go’s url.URL.Path', () => {
  const paths: [string, string][] = [
    ['/healthz', '/healthz'],
    ['/readyz?verbose', '/readyz'],
    ['/logs/kube%20apiserver.log', '/logs/kube apiserver.log'],
    ['/bad%zz', '/bad%zz'],
  ];
  for (const [uri, want] of paths) test(uri, () => assert.equal(uriPath(uri), want));
});
