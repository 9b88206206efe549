// The fast path (a kind's `plain`) gives exactly zod's answer: the same model object, warning or
// error, for objects in the API server's shape and for every way an object can leave that shape.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatZodError } from './common';
import { kindOf } from './index';
import { parseObject, type KnownKind } from './objects';

/** zod's answer alone, as parseObject gave it before any fast path. */
function zodAnswer(kind: KnownKind, raw: unknown) {
  const one = kindOf(kind);
  const result = one.schema.safeParse(raw);
  if (!result.success) return { ok: false, message: formatZodError(result.error) };
  const namespace = result.data.metadata.namespace || 'default';
  const warning = one.warning?.(result.data);
  return { ok: true, object: { kind, value: one.toModel(result.data, namespace) }, ...(warning && { warning }) };
}

const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9f', uid: 'u', controller: true };
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7c9f-x1',
    namespace: 'shop',
    uid: 'u1',
    creationTimestamp: '2026-11-01T10:00:00Z',
    labels: { app: 'web', 'pod-template-hash': '7c9f' },
    ownerReferences: [owner],
  },
  spec: { serviceAccountName: 'runner', serviceAccount: 'runner', nodeName: 'node-1', containers: [{ name: 'c' }] },
  status: { phase: 'Running', podIP: '10.0.0.1' },
};
type Raw = Record<string, unknown>;
const withMeta = (m: Raw) => ({ ...pod, metadata: { ...pod.metadata, ...m } });
const withSpec = (s: unknown) => ({ ...pod, spec: s });
const withStatus = (s: unknown) => ({ ...pod, status: s });

const cases: { name: string; raw: unknown; plain: boolean }[] = [
  { name: 'as the API server writes it', raw: pod, plain: true },
  { name: 'no namespace (the default one)', raw: withMeta({ namespace: undefined }), plain: true },
  { name: 'no labels', raw: withMeta({ labels: undefined }), plain: true },
  { name: 'labels null', raw: withMeta({ labels: null }), plain: true },
  { name: 'no spec, no status', raw: { ...pod, spec: undefined, status: undefined }, plain: true },
  { name: 'spec and status null', raw: { ...pod, spec: null, status: null }, plain: true },
  { name: 'only the deprecated serviceAccount', raw: withSpec({ serviceAccount: 'old' }), plain: true },
  { name: 'serviceAccountName null', raw: withSpec({ serviceAccountName: null, nodeName: 'n' }), plain: true },
  { name: 'automount false', raw: withSpec({ automountServiceAccountToken: false }), plain: true },
  { name: 'automount null', raw: withSpec({ automountServiceAccountToken: null }), plain: true },
  { name: 'phase null', raw: withStatus({ phase: null }), plain: true },
  { name: 'a creation time that does not parse', raw: withMeta({ creationTimestamp: 'soon' }), plain: true },
  { name: 'owners that do not parse (a warning)', raw: withMeta({ ownerReferences: 'web' }), plain: true },
  { name: 'no uid', raw: withMeta({ uid: undefined }), plain: true },
  {
    name: 'volumes: a Secret, a projected Secret and tokens',
    raw: withSpec({
      volumes: [
        { name: 'a', secret: { secretName: 'tls' } },
        { name: 'b', configMap: { name: 'c' } },
        {
          name: 'kube-api-access-x',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { secret: { name: 'extra' } },
              { serviceAccountToken: { audience: 'vault', expirationSeconds: 86400, path: 'v' } },
              { serviceAccountToken: { path: 't' } },
            ],
          },
        },
      ],
    }),
    plain: true,
  },
  { name: 'volumes null', raw: withSpec({ volumes: null }), plain: true },
  { name: 'volumes not a list (a warning)', raw: withSpec({ volumes: { a: 1 } }), plain: true },
  {
    name: 'a secretName that is a number (a warning)',
    raw: withSpec({ volumes: [{ secret: { secretName: 1 } }] }),
    plain: true,
  },
  {
    name: 'expirationSeconds a string (a warning)',
    raw: withSpec({ volumes: [{ projected: { sources: [{ serviceAccountToken: { expirationSeconds: '1h' } }] } }] }),
    plain: true,
  },
  {
    name: 'expirationSeconds not whole (a warning)',
    raw: withSpec({ volumes: [{ projected: { sources: [{ serviceAccountToken: { expirationSeconds: 1.5 } }] } }] }),
    plain: true,
  },
  {
    name: 'projected sources a string (a warning)',
    raw: withSpec({ volumes: [{ projected: { sources: 's' } }] }),
    plain: true,
  },
  { name: 'an empty uid', raw: withMeta({ uid: '' }), plain: true },
  { name: 'a uid that is a number (left out)', raw: withMeta({ uid: 7 }), plain: true },
  { name: 'no name', raw: withMeta({ name: undefined }), plain: false },
  { name: 'an empty name', raw: withMeta({ name: '' }), plain: false },
  { name: 'a name that is a number', raw: withMeta({ name: 7 }), plain: false },
  { name: 'namespace null', raw: withMeta({ namespace: null }), plain: false },
  { name: 'metadata a list', raw: { ...pod, metadata: [pod.metadata] }, plain: false },
  { name: 'no metadata', raw: { ...pod, metadata: undefined }, plain: false },
  { name: 'a label that is a number', raw: withMeta({ labels: { app: 1 } }), plain: false },
  { name: 'labels a list', raw: withMeta({ labels: ['app'] }), plain: false },
  {
    name: 'a label named __proto__',
    raw: JSON.parse(JSON.stringify(pod).replace('"app":', '"__proto__":')),
    plain: false,
  },
  { name: 'a label named constructor', raw: withMeta({ labels: { constructor: 'x' } }), plain: false },
  { name: 'spec a string', raw: withSpec('spec'), plain: false },
  { name: 'spec a list', raw: withSpec([]), plain: false },
  { name: 'serviceAccountName a number', raw: withSpec({ serviceAccountName: 3 }), plain: false },
  { name: 'automount the string "false"', raw: withSpec({ automountServiceAccountToken: 'false' }), plain: false },
  { name: 'nodeName true', raw: withSpec({ nodeName: true }), plain: false },
  { name: 'status a list', raw: withStatus([]), plain: false },
  { name: 'phase a number', raw: withStatus({ phase: 1 }), plain: false },
];

const sa = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'runner', namespace: 'shop', creationTimestamp: '2026-11-01T10:00:00.000Z', uid: 'u' },
  secrets: [{ name: 'runner-token' }],
};
const saCases: typeof cases = [
  { name: 'as the API server writes it', raw: sa, plain: true },
  { name: 'automount false', raw: { ...sa, automountServiceAccountToken: false }, plain: true },
  { name: 'automount null', raw: { ...sa, automountServiceAccountToken: null }, plain: true },
  { name: 'no creation time', raw: { ...sa, metadata: { name: 'runner' } }, plain: true },
  {
    name: 'a creation time with milliseconds',
    raw: { ...sa, metadata: { name: 'r', creationTimestamp: '2026-11-01T10:00:00.5Z' } },
    plain: true,
  },
  {
    name: 'a creation time that does not parse',
    raw: { ...sa, metadata: { name: 'r', creationTimestamp: 'soon' } },
    plain: true,
  },
  {
    name: 'a creation time that is a number',
    raw: { ...sa, metadata: { name: 'r', creationTimestamp: 5 } },
    plain: true,
  },
  { name: 'a uid that is a list (left out)', raw: { ...sa, metadata: { name: 'r', uid: ['u'] } }, plain: true },
  { name: 'uid null', raw: { ...sa, metadata: { name: 'r', uid: null } }, plain: true },
  { name: 'secrets null', raw: { ...sa, secrets: null }, plain: true },
  {
    name: 'secrets twice the same, and one without a name',
    raw: { ...sa, secrets: [{ name: 'a' }, { name: 'a' }, {}] },
    plain: true,
  },
  { name: 'secrets not a list (a warning)', raw: { ...sa, secrets: 'runner-token' }, plain: true },
  { name: 'a secret name that is a number (a warning)', raw: { ...sa, secrets: [{ name: 5 }] }, plain: true },
  { name: 'automount "true"', raw: { ...sa, automountServiceAccountToken: 'true' }, plain: false },
  { name: 'an empty name', raw: { ...sa, metadata: { name: '' } }, plain: false },
  { name: 'namespace a number', raw: { ...sa, metadata: { name: 'r', namespace: 1 } }, plain: false },
];

const rb = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'rb', namespace: 'shop', labels: { team: 'a' }, creationTimestamp: '2026-11-01T10:00:00Z' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader', extra: 1 },
  subjects: [
    { kind: 'ServiceAccount', name: 'runner', namespace: 'shop' },
    { kind: 'User', name: 'ann', apiGroup: 'rbac.authorization.k8s.io' },
    { apiGroup: 'rbac.authorization.k8s.io', namespace: 'x', name: 'devs', kind: 'Group', extra: true },
  ],
};
const withRef = (r: Raw) => ({ ...rb, roleRef: { ...rb.roleRef, ...r } });
const withSubject = (s: unknown) => ({ ...rb, subjects: [rb.subjects[0], s] });
const rbCases: typeof cases = [
  { name: 'as the API server writes it', raw: rb, plain: true },
  { name: 'no subjects', raw: { ...rb, subjects: undefined }, plain: true },
  { name: 'subjects null', raw: { ...rb, subjects: null }, plain: true },
  { name: 'no apiGroup in roleRef (the default)', raw: withRef({ apiGroup: undefined }), plain: true },
  { name: 'a ClusterRole', raw: withRef({ kind: 'ClusterRole' }), plain: true },
  { name: 'roleRef apiGroup null', raw: withRef({ apiGroup: null }), plain: false },
  { name: 'roleRef kind Group', raw: withRef({ kind: 'Group' }), plain: false },
  { name: 'roleRef without a name', raw: withRef({ name: '' }), plain: false },
  { name: 'no roleRef', raw: { ...rb, roleRef: undefined }, plain: false },
  { name: 'roleRef a list', raw: { ...rb, roleRef: [] }, plain: false },
  { name: 'subjects an object', raw: { ...rb, subjects: {} }, plain: false },
  { name: 'a subject of kind Role', raw: withSubject({ kind: 'Role', name: 'x' }), plain: false },
  { name: 'a subject without a name', raw: withSubject({ kind: 'User' }), plain: false },
  { name: 'a subject namespace null', raw: withSubject({ kind: 'User', name: 'a', namespace: null }), plain: false },
  { name: 'a subject apiGroup a number', raw: withSubject({ kind: 'User', name: 'a', apiGroup: 1 }), plain: false },
  { name: 'a subject null', raw: withSubject(null), plain: false },
  { name: 'labels with a number', raw: { ...rb, metadata: { ...rb.metadata, labels: { a: 1 } } }, plain: false },
];

const kinds: [KnownKind, typeof cases][] = [
  ['Pod', cases],
  ['ServiceAccount', saCases],
  ['RoleBinding', rbCases],
  ['ClusterRoleBinding', rbCases.map((c) => ({ ...c, raw: { ...(c.raw as Raw), kind: 'ClusterRoleBinding' } }))],
];
for (const [kind, table] of kinds)
  describe(`a ${kind} read without zod is read as zod reads it`, () => {
    for (const c of table)
      test(c.name, () => {
        const raw = JSON.parse(JSON.stringify(c.raw)) as Raw;
        assert.equal(kindOf(kind).plain?.(raw) !== undefined, c.plain, 'taken by the fast path');
        const [fast, slow] = [parseObject(kind, raw, 'default'), zodAnswer(kind, raw)];
        assert.deepEqual(fast, slow);
        // The same keys in the same order: the model's objects are written out as JSON.
        assert.equal(JSON.stringify(fast), JSON.stringify(slow));
      });
  });

// What a YAML 1.1 document makes of `labels: 2001-12-14`, `!!set` and `!!omap` (the `yaml` package
// follows the %YAML directive): objects with no own keys, which JSON cannot carry, so taken as they are.
describe('labels that are not a plain object go to zod, which refuses them', () => {
  const values: [string, unknown][] = [
    ['a Date', new Date('2001-12-14')],
    ['a Set', new Set(['app'])],
    ['a Map', new Map([['app', 'web']])],
  ];
  for (const [name, labels] of values)
    test(name, () => {
      const raw = { ...pod, metadata: { ...pod.metadata, labels } };
      for (const kind of ['Pod', 'ServiceAccount', 'RoleBinding', 'ClusterRoleBinding'] as const) {
        assert.equal(kindOf(kind).plain?.(raw), undefined, kind);
        assert.equal(parseObject(kind, raw, 'default').ok, false, kind);
      }
    });
});
