import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from './csv';

test('quotes what needs quoting (RFC 4180)', () => {
  assert.equal(
    toCsv(
      ['a', 'b'],
      [
        ['x,y', 'say "hi"'],
        ['line\nbreak', 'cr\rhere'],
      ],
    ),
    'a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak","cr\rhere"\r\n',
  );
});

test('a cell a spreadsheet would run as a formula opens as text', () => {
  const rows = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tx', 'ok', 'a=b'].map((v) => [v]);
  assert.deepEqual(toCsv(['name'], rows).trimEnd().split('\r\n').slice(1), [
    `"'=HYPERLINK(""http://x"",""y"")"`,
    `'+1`,
    `'-2+3`,
    `'@SUM(A1)`,
    `'\tx`,
    'ok',
    'a=b',
  ]);
});
