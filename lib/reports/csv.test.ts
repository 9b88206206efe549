import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { role, roleBinding, rule, sa, world } from '@/lib/rbac/test-fixtures';
import { subjectCsv, toCsv } from './csv';
import { subjectReport } from './subject-report';

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

test("a subject's CSV spells resources as kubectl does: deployments.apps/scale", () => {
  const engine = createEngine(
    world({
      roles: [
        role('team', 'scaler', [rule({ verbs: ['update'], apiGroups: ['apps'], resources: ['deployments/scale'] })]),
      ],
      roleBindings: [roleBinding('team', 'scalers', { kind: 'Role', name: 'scaler' }, [sa('ci')])],
    }),
  );
  const csv = subjectCsv(subjectReport(engine, { kind: 'ServiceAccount', namespace: 'team', name: 'ci' }));
  assert.match(csv, /\r\nteam,deployments\.apps\/scale,update,/);
});
