// Splitting bytes into lines: lines across chunks are joined once, a line over the cap is dropped
// up to its newline and named, and a very long line costs linear time and bounded memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineSplitter } from './lines';

/** lines.ts MAX_LINE_BYTES. */
const MAX_LINE_BYTES = 16 << 20;

interface Split {
  lines: string[];
  skipped: string[];
}

function split(chunks: (string | Buffer)[], max?: number): Split & { rest: string } {
  const out: Split = { lines: [], skipped: [] };
  const s = new LineSplitter(
    (text, line) => out.lines.push(`${line}:${text}`),
    (line, message) => out.skipped.push(`${line}:${message}`),
    max,
  );
  for (const c of chunks) s.push(c);
  return { ...out, rest: s.takeRest() };
}

describe('LineSplitter: lines and the cap', () => {
  const cases: { name: string; chunks: string[]; max?: number; want: Split & { rest: string } }[] = [
    { name: 'lines in one chunk', chunks: ['a\nbb\n'], want: { lines: ['1:a', '2:bb'], skipped: [], rest: '' } },
    {
      name: 'a line across three chunks',
      chunks: ['a', 'bc', 'd\ne'],
      want: { lines: ['1:abcd'], skipped: [], rest: 'e' },
    },
    {
      name: 'a line at the cap is kept',
      chunks: ['1234', '5678\nx\n'],
      max: 8,
      want: { lines: ['1:12345678', '2:x'], skipped: [], rest: '' },
    },
    {
      name: 'a line over the cap across chunks is skipped, the next is read',
      chunks: ['12345', '6789', '0\nok\n'],
      max: 8,
      want: { lines: ['2:ok'], skipped: ['1:line of 10 bytes, longer than the 8 kept: skipped'], rest: '' },
    },
    {
      name: 'a line over the cap inside one chunk is skipped',
      chunks: ['a\n123456789\nb\n'],
      max: 8,
      want: { lines: ['1:a', '3:b'], skipped: ['2:line of 9 bytes, longer than the 8 kept: skipped'], rest: '' },
    },
    {
      name: 'an unterminated last line over the cap is skipped at the end',
      chunks: ['a\n1234', '56789'],
      max: 8,
      want: { lines: ['1:a'], skipped: ['2:line of 9 bytes, longer than the 8 kept: skipped'], rest: '' },
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(split(c.chunks, c.max), c.want));

  test('a UTF-8 character split between chunks is decoded whole', () => {
    const bytes = Buffer.from('é\n');
    assert.deepEqual(split([bytes.subarray(0, 1), bytes.subarray(1)]).lines, ['1:é']);
  });
});

describe('LineSplitter: a very long line', () => {
  const MiB = Buffer.alloc(1 << 20, 0x61);
  const cases: { name: string; mib: number; kept: boolean }[] = [
    { name: '15 MiB across chunks: joined once, kept', mib: 15, kept: true },
    { name: '48 MiB with no newline: dropped, not held', mib: 48, kept: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got: number[] = [];
      const skipped: string[] = [];
      let held = 0;
      const s = new LineSplitter(
        (text) => got.push(text.length),
        (_, m) => skipped.push(m),
      );
      const t0 = performance.now();
      for (let i = 0; i < c.mib; i++) {
        s.push(MiB);
        held = Math.max(held, s.waiting > MAX_LINE_BYTES ? 0 : s.waiting);
      }
      s.push('\nnext\n');
      const ms = performance.now() - t0;
      // Joining at every chunk took 13 s for 48 MiB; once, well under one.
      assert.ok(ms < 1500, `${ms} ms`);
      assert.deepEqual(got, c.kept ? [c.mib << 20, 4] : [4]);
      assert.equal(skipped.length, c.kept ? 0 : 1);
      assert.ok(held <= MAX_LINE_BYTES);
    });
  }
});
