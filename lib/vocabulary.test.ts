// One spelling per idea (#26): a service account's user name is written only in lib/rbac/model/identity.ts,
// and an object's key (`Role:ns/name`, `ServiceAccount:ns/name`, ...) only in lib/rbac/model/refs.ts. The
// source files are scanned (not tests, fixtures or generated data); each rule is shown to fire.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..');
const SOURCE_DIRS = ['lib', 'app', 'components', 'bin', 'server'];
const SOURCE = /\.(ts|tsx|mjs)$/;
/** Tests, fixtures and generated data may hold literal data. */
const NOT_SOURCE = /(\.test\.tsx?$|test-fixtures\.ts$|\.data\.ts$|\/fixtures\/)/;

interface Rule {
  name: string;
  pattern: RegExp;
  /** The one file that may spell it. */
  home: string;
  /** Files that still spell it, each with the helper that removes it (#26). */
  pending?: readonly string[];
}

const KINDS = 'Role|ClusterRole|RoleBinding|ClusterRoleBinding|ServiceAccount|User|Group|Namespace';

const RULES: readonly Rule[] = [
  { name: 'a service account user name', pattern: /system:serviceaccount:/, home: 'lib/rbac/model/identity.ts' },
  {
    name: 'an inline ref key',
    // A template literal opening with a kind and a colon: `Role:${...}`.
    pattern: new RegExp(`\`(${KINDS}):\\$\\{`),
    home: 'lib/rbac/model/refs.ts',
  },
];

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name) && !NOT_SOURCE.test(rel)) out.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return out;
}

/** `file:line` for each line of `text` that breaks the rule. */
function offences(rule: Rule, file: string, text: string): string[] {
  if (file === rule.home || rule.pending?.includes(file)) return [];
  return text.split('\n').flatMap((line, i) => (rule.pattern.test(line) ? [`${file}:${i + 1}`] : []));
}

describe('one spelling per idea', () => {
  const files = sourceFiles();

  test('the scan sees the source files and skips tests and data', () => {
    assert.ok(files.includes('lib/rbac/model/identity.ts') && files.includes('bin/program.ts'));
    assert.ok(!files.some((f) => NOT_SOURCE.test(f)));
  });

  for (const rule of RULES)
    test(`${rule.name} is spelled only in ${rule.home}`, () => {
      const found = files.flatMap((f) => offences(rule, f, readFileSync(path.join(ROOT, f), 'utf8')));
      assert.deepEqual(found, []);
    });

  test('each rule fires on a sample, and not in its home', () => {
    const samples: [Rule, string][] = [
      [RULES[0]!, "const user = 'system:serviceaccount:' + ns + ':' + name;"],
      [RULES[1]!, 'const key = `Role:${ns}/${name}`;'],
      [RULES[1]!, 'const key = `ServiceAccount:${ns}/${name}`;'],
      [RULES[1]!, 'const key = `ClusterRoleBinding:${name}`;'],
    ];
    for (const [rule, code] of samples) {
      assert.deepEqual(offences(rule, 'lib/x.ts', code), ['lib/x.ts:1'], code);
      assert.deepEqual(offences(rule, rule.home, code), [], code);
    }
    // Labels and descriptions are not keys.
    assert.deepEqual(offences(RULES[1]!, 'lib/x.ts', 'const d = `Role ${label}`;'), []);
  });
});
