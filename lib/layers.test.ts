// The layers are enforced by ESLint (eslint.config.mjs): each rule is shown to fire on code that
// breaks it, so a config change that silently disables one fails here.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: path.join(import.meta.dirname, '..') });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  test('lib/rbac imports nothing else of ours and nothing with I/O', async () => {
    for (const source of ['@/lib/k8s/source', '@/lib/reports/csv', '../k8s/source', 'node:fs', 'next/headers', 'react'])
      assert.match(
        (await problems('lib/rbac/x.ts', `import '${source}';\n`)).join('\n'),
        /lib\/rbac is the engine/,
        source,
      );
    assert.deepEqual(
      await problems('lib/rbac/x.ts', "import { createEngine } from './engine';\nvoid createEngine;\n"),
      [],
    );
  });

  test('only lib/k8s imports @kubernetes/client-node', async () => {
    const code = "import { KubeConfig } from '@kubernetes/client-node';\nvoid KubeConfig;\n";
    for (const file of ['lib/web/x.ts', 'app/api/x/route.ts', 'components/x.tsx', 'bin/x.ts', 'lib/rbac/x.ts'])
      assert.match((await problems(file, code)).join('\n'), /only lib\/k8s talks to a cluster/, file);
    assert.deepEqual(await problems('lib/k8s/x.ts', code), []);
  });

  test("a 'use client' component imports no server module; a server component may", async () => {
    const code = (source: string) => `'use client';\nimport { x } from '${source}';\nvoid x;\n`;
    for (const source of ['@/lib/k8s/current-source', '@/lib/web/current', 'next/headers', 'node:fs'])
      assert.match((await problems('components/x.tsx', code(source))).join('\n'), /imports server code/, source);
    assert.deepEqual(await problems('components/x.tsx', code('@/lib/graph/types')), []);
    assert.deepEqual(await problems('components/x.tsx', "import { x } from '@/lib/web/current';\nvoid x;\n"), []);
  });
});
