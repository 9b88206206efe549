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

describe('a pod read without zod is read as zod reads it', () => {
  for (const c of cases)
    test(c.name, () => {
      const raw = JSON.parse(JSON.stringify(c.raw)) as Raw;
      assert.equal(kindOf('Pod').plain?.(raw) !== undefined, c.plain, 'taken by the fast path');
      assert.deepEqual(parseObject('Pod', raw, 'default'), zodAnswer('Pod', raw));
    });
});
