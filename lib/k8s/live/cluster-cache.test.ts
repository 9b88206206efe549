// The watch cache over a fake API server: what it cannot validate is missing, and an aggregating
// ClusterRole whose stored rules stay unlike its aggregation is said, while the engine keeps them.
// The model kept per change equals the one assembled from scratch, and its changes are net and right.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, MODEL_FIELD, type ClusterModel, type ModelChange } from '@/lib/rbac';
import { ClusterCache, type CacheBatch, type CacheOptions } from './cluster-cache';
import { formatIssue, type SourceIssue } from '../issues';
import { assembleModel } from '../kinds/model-builder';
import { KNOWN_KINDS, listPath, NAMESPACED, type KnownKind } from '../kinds/objects';
import type { Transport, WatchEvent } from './transport';

/** Lists what `items` holds by path; watches hang until stopped. */
function fakeServer(items: Record<string, unknown[]>): Transport {
  return {
    server: 'https://fake',
    async list(path, _query, onItem) {
      for (const item of items[path] ?? []) onItem(item);
      return { resourceVersion: '1' };
    },
    watch: (_path, _query, _onEvent, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
  };
}

const rule = { verbs: ['list'], apiGroups: [''], resources: ['pods'] };
const world = {
  [listPath('ClusterRole')]: [
    {
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'aggregate-to-monitoring': 'true' } }] },
      rules: [],
    },
    { metadata: { name: 'pods', labels: { 'aggregate-to-monitoring': 'true' } }, rules: [rule] },
  ],
  [listPath('ClusterRoleBinding')]: [
    {
      metadata: { name: 'm' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring' },
      subjects: [{ kind: 'User', name: 'alice' }],
    },
  ],
  [listPath('RoleBinding')]: [{ metadata: { name: 'no-role-ref', namespace: 'a' }, subjects: [] }],
};

function started(opts: CacheOptions): ClusterCache {
  const cache = new ClusterCache(fakeServer(world), 'fake cluster', { batchMs: { min: 5, max: 20 }, ...opts });
  cache.start();
  return cache;
}

const unreconciled = (issues: readonly SourceIssue[]) =>
  issues.filter((i) => /differ from what its aggregationRule selects/.test(i.message));

describe('ClusterCache', () => {
  test('an object the server gave that does not validate marks its kind missing, naming it', async () => {
    const cache = started({ once: true });
    const { model } = await cache.settled();
    cache.stop();
    assert.deepEqual(
      model.missing?.map((m) => m.kind),
      ['RoleBinding'],
    );
    assert.match(
      model.missing![0]!.reason,
      /^not read: fake cluster \(RoleBinding a\/no-role-ref\): roleRef is required$/,
    );
    assert.equal(createEngine(model).completeness('can-i', 'a').complete, false);
  });

  test('a stored rules list unlike the aggregation: the engine keeps it (as the authorizer does) and says so', async () => {
    const cache = started({ once: true });
    const snapshot = await cache.settled();
    cache.stop();
    assert.deepEqual(snapshot.model.clusterRoles.find((r) => r.name === 'monitoring')!.rules, []);
    const said = unreconciled(snapshot.issues).map(formatIssue);
    assert.equal(said.length, 1);
    assert.match(
      said[0]!,
      /^fake cluster \(ClusterRole monitoring\): its stored rules \(0\) differ from what its aggregationRule selects \(1: 1 selected but not stored\) since .*; answers use the stored rules, as the authorizer does/,
    );
  });

  test('watching, a difference is said only once it has lasted the grace (the controller fills rules in milliseconds)', async () => {
    const cache = started({ aggregationGraceMs: 150 });
    const first = await cache.settled();
    assert.deepEqual(unreconciled(first.issues), [], 'not yet: the controller may be writing it');
    const startedAt = Date.now();
    while (unreconciled(cache.current()!.issues).length === 0) {
      assert.ok(Date.now() - startedAt < 5000, 'said within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(Date.now() - startedAt >= 100, 'not before the grace');
    cache.stop();
  });

  test('a ClusterRole that stops being read in full (an invalid one arrives): the difference is checked again and says so', async () => {
    // The watch of ClusterRoles delivers, after the first model, an object that does not validate:
    // ClusterRoles become missing, and the old difference must not stay as it was.
    let deliver: ((event: WatchEvent) => void) | undefined;
    const transport: Transport = {
      ...fakeServer(world),
      watch: (path, _query, onEvent, signal) =>
        new Promise((resolve) => {
          if (path === listPath('ClusterRole')) deliver = onEvent;
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
    };
    const cache = new ClusterCache(transport, 'fake cluster', { batchMs: { min: 5, max: 20 }, aggregationGraceMs: 0 });
    cache.start();
    const first = await cache.settled();
    const before = unreconciled(first.issues).map(formatIssue);
    assert.equal(before.length, 1);
    assert.doesNotMatch(before[0]!, /not read/);
    for (let i = 0; !deliver; i++) {
      assert.ok(i < 250, 'the ClusterRole watch started');
      await new Promise((r) => setTimeout(r, 20));
    }
    deliver({ type: 'ADDED', object: { metadata: { name: 'broken', resourceVersion: '2' }, rules: 'not a list' } });
    const startedAt = Date.now();
    for (;;) {
      const now = cache.current()!;
      if (now.model.missing?.some((m) => m.kind === 'ClusterRole')) {
        const said = unreconciled(now.issues).map(formatIssue);
        assert.equal(said.length, 1);
        assert.match(said[0]!, /some ClusterRoles were not read, and the roles it selects may be among them/);
        break;
      }
      assert.ok(Date.now() - startedAt < 5000, 'ClusterRoles missing within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    cache.stop();
  });
});

/** A fake server whose watches the test feeds: `send` delivers events to the kind's open watch. */
function feedServer(initial: Record<string, unknown[]> = {}) {
  const watches = new Map<string, (event: WatchEvent) => void>();
  let rv = 10;
  const transport: Transport = {
    ...fakeServer(initial),
    watch: (path, _query, onEvent, signal) =>
      new Promise((resolve) => {
        watches.set(path, onEvent);
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
  };
  const send = (kind: KnownKind, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown>) => {
    const metadata = { ...(object.metadata as object), resourceVersion: String(++rv) };
    watches.get(listPath(kind))!({ type, object: { ...object, metadata } });
  };
  const watching = () => KNOWN_KINDS.every((k) => watches.has(listPath(k)));
  return { transport, send, watching };
}

/** A deterministic generator (mulberry32): the same seed, the same changes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random manifest of `kind` named `name` (in `namespace` when namespaced), from small pools so objects collide. */
function manifest(kind: KnownKind, name: string, namespace: string, rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const metadata = { name, ...(NAMESPACED.has(kind) && { namespace }), labels: { team: pick(['a', 'b']) } };
  const automount = pick([undefined, true, false]);
  const rules = [{ verbs: [pick(['get', 'list', '*'])], apiGroups: [''], resources: [pick(['pods', 'secrets'])] }];
  const ref = {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole',
    name: 'r-0',
  };
  const subjects = [
    pick([
      { kind: 'User', name: 'u' },
      { kind: 'ServiceAccount', name: 'sa-0', namespace },
    ]),
  ];
  switch (kind) {
    case 'ServiceAccount':
      return { metadata, ...(automount !== undefined && { automountServiceAccountToken: automount }) };
    case 'Pod':
      return {
        metadata,
        spec: { serviceAccountName: pick(['sa-0', 'sa-1']), automountServiceAccountToken: automount },
        // Conditions are not kept: a change of them alone is no change.
        status: {
          phase: pick(['Running', 'Pending', 'Succeeded']),
          conditions: [{ type: 'Ready', reason: pick(['x', 'y']) }],
        },
      };
    case 'Role':
    case 'ClusterRole':
      return { metadata, rules };
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return { metadata, roleRef: ref, subjects };
    default:
      return { metadata };
  }
}

const keyOf = (o: { namespace?: string; name: string }) => `${o.namespace ?? ''}/${o.name}`;
const FIELD = MODEL_FIELD;
const arrays = (m: ClusterModel) => Object.fromEntries(KNOWN_KINDS.map((k) => [FIELD[k], m[FIELD[k]]]));

/** The previous model with `changes` applied, kind by kind, by key; each change checked against it. */
function applied(previous: ClusterModel, changes: readonly ModelChange[]): Map<string, Map<string, unknown>> {
  const out = new Map(
    KNOWN_KINDS.map((k) => [
      k,
      new Map((previous[FIELD[k]] as { namespace?: string; name: string }[]).map((o) => [keyOf(o), o as unknown])),
    ]),
  );
  const seen = new Set<string>();
  for (const c of changes) {
    const o = (c.after ?? c.before)!;
    const key = keyOf(o);
    assert.ok(!seen.has(`${c.kind} ${key}`), `one change per object: ${c.kind} ${key}`);
    seen.add(`${c.kind} ${key}`);
    assert.equal(c.before, out.get(c.kind)!.get(key), `${c.kind} ${key}: before is the object the previous model held`);
    assert.ok(
      !c.before || !c.after || JSON.stringify(c.before) !== JSON.stringify(c.after),
      `${c.kind} ${key}: a change changes`,
    );
    if (c.after) out.get(c.kind)!.set(key, c.after);
    else out.get(c.kind)!.delete(key);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cache's next batch, or undefined when none comes within `ms`. */
function nextBatch(cache: ClusterCache, ms = 60): Promise<CacheBatch | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, ms);
    const off = cache.subscribe((b) => {
      clearTimeout(timer);
      off();
      resolve(b);
    });
  });
}

async function watchedCache(
  initial: Record<string, unknown[]> = {},
  batchMs: CacheOptions['batchMs'] = { min: 1, max: 5 },
) {
  const feed = feedServer(initial);
  const cache = new ClusterCache(feed.transport, 'fake cluster', { batchMs });
  cache.start();
  await cache.settled();
  for (let i = 0; !feed.watching(); i++) {
    assert.ok(i < 250, 'every watch started');
    await sleep(20);
  }
  return { cache, ...feed };
}

describe('the model kept per change', () => {
  test('after random batches it equals the model assembled from the held objects (same order), and the changes are net and right', async () => {
    const { cache, send } = await watchedCache();
    const rand = random(29);
    const held = new Map<string, Record<string, unknown>>();
    let batches = 0;
    for (let round = 0; round < 300; round++) {
      const previous = cache.current()!;
      const sent = new Set<KnownKind>();
      // Now and then a burst of pod changes: past 32 edits the previous array is patched in one pass.
      const burst = round % 25 === 24;
      for (let n = burst ? 150 : 1 + Math.floor(rand() * 12); n > 0; n--) {
        const kind = burst ? 'Pod' : KNOWN_KINDS[Math.floor(rand() * KNOWN_KINDS.length)]!;
        const namespace = rand() < 0.5 ? 'a' : 'b';
        const name =
          kind === 'Role' || kind === 'ClusterRole'
            ? `r-${Math.floor(rand() * 2)}`
            : `${kind === 'ServiceAccount' ? 'sa' : 'o'}-${Math.floor(rand() * (kind === 'Pod' ? 40 : 3))}`;
        const id = `${kind} ${NAMESPACED.has(kind) ? namespace : ''}/${name}`;
        const was = held.get(id);
        sent.add(kind);
        if (was && rand() < 0.3) {
          send(kind, 'DELETED', was);
          held.delete(id);
          continue;
        }
        const object = manifest(kind, name, namespace, rand);
        send(kind, was ? 'MODIFIED' : 'ADDED', object);
        held.set(id, object);
      }
      const batch = await nextBatch(cache);
      const now = cache.current()!;
      assert.deepEqual(
        arrays(now.model),
        arrays(assembleModel(now.objects())),
        `round ${round}: the model as assembled`,
      );
      if (!batch) {
        assert.equal(now, previous, `round ${round}: no batch, the same snapshot`);
        continue;
      }
      batches++;
      assert.equal(batch.previous, previous);
      const expected = applied(previous.model, batch.modelChanges);
      for (const kind of KNOWN_KINDS) {
        const got = new Map(
          (now.model[FIELD[kind]] as { namespace?: string; name: string }[]).map((o) => [keyOf(o), o as unknown]),
        );
        assert.deepEqual(got, expected.get(kind), `round ${round}: ${kind} after the changes`);
        if (!sent.has(kind) && !batch.modelChanges.some((c) => c.kind === kind))
          assert.equal(now.model[FIELD[kind]], previous.model[FIELD[kind]], `round ${round}: ${kind} keeps its array`);
      }
    }
    cache.stop();
    assert.ok(batches > 200, `most rounds made a batch: ${batches}`);
  });

  const sa = (automount?: boolean) => ({
    metadata: { name: 'runner', namespace: 'ci' },
    ...(automount !== undefined && { automountServiceAccountToken: automount }),
  });
  const pod = (name: string, extra: Record<string, unknown> = {}) => ({
    metadata: { name, namespace: 'ci' },
    spec: { serviceAccountName: 'runner', ...extra },
    status: { phase: 'Running' },
  });
  const world = {
    [listPath('ServiceAccount')]: [sa()],
    [listPath('Pod')]: [pod('follows'), pod('says-true', { automountServiceAccountToken: true })],
  };

  test('a service account whose automount flips re-resolves the pods that follow it: those pods are changes too', async () => {
    const { cache, send } = await watchedCache(world);
    const automount = () => cache.current()!.model.pods.map((p) => [p.name, p.automountServiceAccountToken]);
    assert.deepEqual(automount(), [
      ['follows', true],
      ['says-true', true],
    ]);
    send('ServiceAccount', 'MODIFIED', sa(false));
    const batch = (await nextBatch(cache, 2000))!;
    cache.stop();
    assert.deepEqual(automount(), [
      ['follows', false],
      ['says-true', true],
    ]);
    assert.deepEqual(
      batch.modelChanges.map((c) => [
        c.kind,
        c.before && 'automountServiceAccountToken' in c.before ? c.before.automountServiceAccountToken : undefined,
        c.after && 'automountServiceAccountToken' in c.after ? c.after.automountServiceAccountToken : undefined,
      ]),
      [
        ['ServiceAccount', undefined, false],
        ['Pod', true, false],
      ],
    );
    assert.deepEqual(
      batch.changes.map((c) => c.kind),
      ['ServiceAccount'],
      'the objects read: the service account only',
    );
  });

  test('an object deleted and created again unchanged moves last with no change: the batch says reordered', async () => {
    const { cache, send } = await watchedCache(world);
    send('Pod', 'DELETED', pod('follows'));
    send('Pod', 'ADDED', pod('follows'));
    const batch = (await nextBatch(cache, 2000))!;
    cache.stop();
    assert.deepEqual(batch.modelChanges, []);
    assert.equal(batch.reordered, true);
    assert.deepEqual(
      cache.current()!.model.pods.map((p) => p.name),
      ['says-true', 'follows'],
    );
  });

  // The rule itself is batch-window.test.ts's table; here, that the cache follows it.
  const rb = {
    metadata: { name: 'ci-view', namespace: 'ci' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'alice' }],
  };
  const podPhase = (name: string, phase: string) => ({ ...pod(name), status: { phase } });

  test('pod changes alone wait for the pod window and come as one batch', async () => {
    const { cache, send } = await watchedCache(world, { min: 1, max: 5, pods: 400 });
    send('Pod', 'MODIFIED', podPhase('follows', 'Pending'));
    assert.equal(await nextBatch(cache, 100), undefined, 'not before the pod window closes');
    send('Pod', 'MODIFIED', podPhase('says-true', 'Pending'));
    const batch = await nextBatch(cache, 2000);
    cache.stop();
    assert.deepEqual(
      batch?.modelChanges.map((c) => [c.kind, c.after && 'phase' in c.after && c.after.phase]),
      [
        ['Pod', 'Pending'],
        ['Pod', 'Pending'],
      ],
    );
  });

  test('a RoleBinding sent into an open pod window is published by its own rule, with the pods', async () => {
    const { cache, send } = await watchedCache(world, { min: 1, max: 5, pods: 60_000 });
    send('Pod', 'MODIFIED', podPhase('follows', 'Pending'));
    await sleep(20);
    send('RoleBinding', 'ADDED', rb);
    const batch = await nextBatch(cache, 2000);
    cache.stop();
    assert.deepEqual(
      batch?.modelChanges.map((c) => c.kind),
      ['Pod', 'RoleBinding'],
    );
  });

  const noBatch: [string, (send: ReturnType<typeof feedServer>['send']) => void][] = [
    [
      'a status update in a field the model does not keep (conditions)',
      (send) =>
        send('Pod', 'MODIFIED', { ...pod('follows'), status: { phase: 'Running', conditions: [{ type: 'Ready' }] } }),
    ],
    [
      'a change and its undoing in one batch',
      (send) => {
        send('Pod', 'MODIFIED', { ...pod('follows'), status: { phase: 'Succeeded' } });
        send('Pod', 'MODIFIED', pod('follows'));
      },
    ],
    [
      'an object created and deleted in one batch',
      (send) => {
        send('Pod', 'ADDED', pod('brief'));
        send('Pod', 'DELETED', pod('brief'));
      },
    ],
    [
      'a pod whose own setting now says what its service account says',
      (send) => send('Pod', 'MODIFIED', pod('follows', { automountServiceAccountToken: true })),
    ],
  ];
  for (const [name, change] of noBatch)
    test(`no model change, no batch: ${name}`, async () => {
      const { cache, send } = await watchedCache(world);
      const before = cache.current()!;
      change(send);
      const batch = await nextBatch(cache, 150);
      cache.stop();
      assert.equal(batch, undefined);
      assert.equal(cache.current(), before);
    });
});
