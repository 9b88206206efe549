// Discovery of a real kube-apiserver (scripts/control-plane): a CustomResourceDefinition's singular,
// short name and kind resolve like a built-in's in the resolver, the CLI and who-can; /version is
// read; a user with no RBAC binding at all still reads both (system:discovery,
// system:public-info-viewer); and a CRD added while a cache runs is discovered on the next read.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '@/bin/test-cli';
import { createEngine } from '@/lib/rbac';
import { resolveRequest, type Resolution } from '@/lib/rbac/model/request-parse';
import {
  adminFetch,
  kubeconfigYaml,
  startControlPlane,
  type ControlPlane,
} from '@/scripts/control-plane/control-plane';
import { startCache } from './live-source';
import { loadSource } from '../source';

let cp: ControlPlane;
let work: string;

function crd(plural: string, singular: string, kind: string, shortNames: string[], scope = 'Namespaced') {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope,
      names: { plural, singular, kind, shortNames },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          subresources: { status: {} },
        },
      ],
    },
  };
}

async function create(pathname: string, body: unknown): Promise<void> {
  const r = await adminFetch(cp, pathname, { method: 'POST', body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

/** Until the CRD is Established: only then does discovery list it. */
async function established(name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await adminFetch(cp, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    const conditions = (r.body as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions;
    if (conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} not established`);
}

before(async () => {
  cp = await startControlPlane({ users: [{ name: 'nobody' }], log: (l) => console.log(l) });
  work = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-discovery-'));
  await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd('widgets', 'widget', 'Widget', ['wd']));
  await established('widgets.example.com');
  await create('/api/v1/namespaces', { metadata: { name: 'team' } });
  await create('/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles', {
    metadata: { name: 'widget-reader' },
    rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }],
  });
  await create('/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
    metadata: { name: 'widget-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'widget-reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  });
});

after(async () => {
  await cp?.stop();
});

describe('discovery of a live cluster', () => {
  test('the source carries /version and the CRD as a resource type', async () => {
    const src = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    assert.deepEqual(src.issues, []);
    assert.equal(src.cluster?.version, 'v1.36.3');
    assert.match(src.description, /, Kubernetes v1\.36\.3$/);
    const widgets = src.cluster?.resourceTypes?.find((t) => t.group === 'example.com');
    assert.deepEqual(widgets, {
      group: 'example.com',
      version: 'v1',
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
      namespaced: true,
      kind: 'Widget',
      subresources: ['status'],
    });
  });

  test('wd, widget and Widget resolve to widgets.example.com, and who-can answers alice for each', async () => {
    const src = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    const engine = createEngine(src.model);
    for (const given of ['wd', 'widget', 'Widget', 'widgets.example.com']) {
      const r = resolveRequest(
        { verb: 'get', resource: given, namespace: 'team' },
        { discovered: src.cluster?.resourceTypes },
      ) as Resolution;
      assert.deepEqual(r.warnings, [], given);
      assert.ok(r.request.kind === 'resource');
      assert.deepEqual([r.request.group, r.request.resource], ['example.com', 'widgets'], given);
      assert.ok(
        engine.whoCan(r.request).some((s) => s.kind === 'User' && s.name === 'alice'),
        given,
      );
    }
    // Without discovery (a snapshot of the same cluster) the short name is not known.
    assert.equal((resolveRequest({ verb: 'get', resource: 'wd' }) as Resolution).unknown.length, 1);
  });

  test('the CLI resolves them too, and a name discovery does not know is still refused', async () => {
    const kc = ['--kubeconfig', cp.kubeconfigPath];
    const r = await run('who-can', 'get', 'wd', '-n', 'team', '-o', 'json', ...kc);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^Resolved: wd → widgets\.example\.com$/m);
    const body = JSON.parse(r.out) as { request: { group: string; resource: string }; subjects: { name: string }[] };
    assert.deepEqual([body.request.group, body.request.resource], ['example.com', 'widgets']);
    assert.ok(body.subjects.some((s) => s.name === 'alice'));
    const can = await run('can-i', 'get', 'widget', '-n', 'team', '--as', 'alice', ...kc);
    assert.equal(can.out, 'yes\n', can.err);
    const unknown = await run('who-can', 'get', 'sprocket', '-n', 'team', ...kc);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown resource type "sprocket": this cluster's discovery lists no type/);
  });

  test('a user no binding names still reads discovery and /version', async () => {
    const file = path.join(work, 'nobody');
    await writeFile(file, kubeconfigYaml(cp.server, cp.caPem, cp.userTokens.get('nobody')!));
    const src = await loadSource({ kind: 'kubeconfig', path: file }).catch((e: Error) => e);
    // Every kind is forbidden to this user, but discovery is not: no discovery warning.
    assert.ok(!(src instanceof Error), String(src));
    assert.equal(src.cluster?.version, 'v1.36.3');
    assert.ok(src.cluster?.resourceTypes?.some((t) => t.plural === 'widgets'));
    assert.ok(!src.issues.some((i) => /discovery|Kubernetes version/.test(i.message)));
  });

  test('a CRD added while the cache runs is discovered on the next read, in a new snapshot', async () => {
    const { cache } = startCache({ kind: 'kubeconfig', path: cp.kubeconfigPath }, { discoveryMs: 200 });
    try {
      const first = await cache.settled();
      assert.ok(!first.cluster?.resourceTypes?.some((t) => t.plural === 'gadgets'));
      const seen = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 15_000);
        cache.subscribe((b) => {
          const gadgets = b.snapshot.cluster?.resourceTypes?.find((t) => t.plural === 'gadgets');
          if (gadgets && !gadgets.namespaced && gadgets.shortNames.includes('gd')) {
            clearTimeout(timer);
            resolve(true);
          }
        });
      });
      await create(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        crd('gadgets', 'gadget', 'Gadget', ['gd'], 'Cluster'),
      );
      assert.ok(await seen, 'gadgets.example.com discovered');
    } finally {
      cache.stop();
    }
  });
});
