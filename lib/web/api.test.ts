import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonStream } from './api';
import { csvChunks, toCsv } from '@/lib/reports/csv';

const items = Array.from({ length: 1234 }, (_, i) => ({ n: i, name: i % 7 === 0 ? `"quoted" ${i}\u2028` : `x${i}` }));

test('a streamed JSON answer is byte for byte what JSON.stringify writes, in more than one chunk', async () => {
  for (const head of [{}, { complete: false, missing: ['pods'] }])
    for (const list of [[], items.slice(0, 1), items]) {
      const res = jsonStream(head, 'findings', list, (x) => ({ ...x, twice: x.n * 2 }));
      const chunks: Uint8Array[] = [];
      const reader = res.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
      const text = Buffer.concat(chunks).toString('utf8');
      assert.equal(text, JSON.stringify({ ...head, findings: list.map((x) => ({ ...x, twice: x.n * 2 })) }));
      if (list.length === items.length) assert.ok(chunks.length > 3, `${chunks.length} chunks`);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
});

test('CSV in chunks is the same text as toCsv, neutralised and quoted alike', () => {
  const row = (x: (typeof items)[number]) => [String(x.n), `=${x.name}`];
  assert.equal([...csvChunks(['n', 'name'], items, row)].join(''), toCsv(['n', 'name'], items.map(row)));
});
