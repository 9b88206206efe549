import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { scanJsonItems, type JsonItem } from './json-items';
import { readSnapshot } from './snapshot';

const dir = await mkdtemp(path.join(tmpdir(), 'json-items-'));
let n = 0;
async function file(text: string): Promise<string> {
  const f = path.join(dir, `f${n++}.json`);
  await writeFile(f, text);
  return f;
}

async function scan(text: string, chunkSize?: number) {
  const items: JsonItem[] = [];
  const result = await scanJsonItems(await file(text), (i) => items.push(i), chunkSize);
  return { items, ...result };
}

// Strings that hold every character the scanner must not mistake for structure.
const tricky = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: { note: 'items: [ { } ] \\" \\\\ "quoted" \u00e9\u4e2d' },
  items: [
    { kind: 'Pod', metadata: { name: 'a"}]', annotations: { x: '\\', y: '{"items":[1,2]}', z: '\\\\"' } } },
    { kind: 'Namespace', metadata: { name: 'b' }, nested: [[{ a: [] }], {}] },
    { kind: 'ServiceAccount', metadata: { name: 'c\u2028\n\t' } },
  ],
};

describe('scanJsonItems', () => {
  test('cuts out each item exactly as JSON.parse reads it, whatever the chunk boundaries', async () => {
    const text = JSON.stringify(tricky, null, 1);
    for (const chunkSize of [1, 2, 3, 7, 64, 1 << 20]) {
      const { items, rest, streamed } = await scan(text, chunkSize);
      assert.equal(streamed, true);
      assert.deepEqual(
        items.map((i) => ('text' in i ? JSON.parse(i.text) : i)),
        tricky.items,
        `chunk size ${chunkSize}`,
      );
      assert.deepEqual(JSON.parse(rest), { ...tricky, items: [] }, `chunk size ${chunkSize}`);
    }
  });

  test('a file without a top-level items array is left whole for JSON.parse', async () => {
    const single = { kind: 'Pod', metadata: { name: 'p', items: [1] }, spec: { items: [{ kind: 'x' }] } };
    const { items, rest, streamed } = await scan(JSON.stringify(single), 5);
    assert.equal(streamed, false);
    assert.deepEqual(items, []);
    assert.deepEqual(JSON.parse(rest), single);
  });

  test('a large file is read with turns of the event loop between its chunks (a probe is not kept waiting)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-turns-'));
    const file = path.join(dir, 'big.json');
    const item = JSON.stringify({ kind: 'Pod', metadata: { name: 'p'.repeat(200), labels: { app: 'x'.repeat(200) } } });
    await writeFile(file, `{"items":[${Array.from({ length: 60_000 }, () => item).join(',')}]}`);
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    let items = 0;
    await scanJsonItems(file, () => items++);
    done = true;
    assert.equal(items, 60_000);
    assert.ok(turns > 1, `${turns} turns while reading ${items} items`);
  });

  test('items that are not objects are counted by position', async () => {
    const { items } = await scan('{"items": [ {"kind":"A"}, 3, "x,y", null, [1], {"kind":"B"} ]}', 4);
    assert.deepEqual(
      items.map((i) => ('text' in i ? i.text : `#${i.index}`)),
      ['{"kind":"A"}', '#1', '#2', '#3', '[1]', '{"kind":"B"}'],
    );
  });
});

describe('readSnapshot with JSON files', () => {
  test('a typed list names its kind after the items: they inherit it', async () => {
    const text =
      '{"apiVersion":"rbac.authorization.k8s.io/v1","items":[{"metadata":{"name":"rb","namespace":"n"},"roleRef":{"kind":"Role","name":"r","apiGroup":"rbac.authorization.k8s.io"},"subjects":[{"kind":"User","name":"u"}]}],"kind":"RoleBindingList","metadata":{}}';
    const snap = await readSnapshot(await file(text));
    assert.deepEqual(snap.issues, []);
    assert.deepEqual(
      snap.model.roleBindings.map((b) => `${b.namespace}/${b.name}`),
      ['n/rb'],
    );
  });

  test('a broken item is an issue naming its position; the others load', async () => {
    const text =
      '{"kind":"List","apiVersion":"v1","items":[{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a"}},{"kind":"Namespace",,},{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"c"}}]}';
    const snap = await readSnapshot(await file(text));
    assert.deepEqual(
      snap.model.namespaces.map((x) => x.name),
      ['a', 'c'],
    );
    assert.equal(snap.issues.length, 1);
    assert.equal(snap.issues[0]?.item, 1);
    assert.match(snap.issues[0]!.message, /^invalid JSON/);
  });

  test('a truncated file says so and keeps the items read before the cut', async () => {
    const text =
      '{"kind":"List","apiVersion":"v1","items":[{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a"}},{"kind":"Names';
    const snap = await readSnapshot(await file(text));
    assert.deepEqual(
      snap.model.namespaces.map((x) => x.name),
      ['a'],
    );
    assert.ok(snap.issues.some((i) => i.message.startsWith('invalid JSON')));
  });
});
