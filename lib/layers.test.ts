// The layers are enforced by ESLint (lint/layers.mjs): each row of the allowlist is shown to fire on
// an import it forbids and to accept one it allows, so a change that silently disables a rule fails here.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { CLIENT, LAYERS } from '../lint/layers.mjs';

const eslint = new ESLint({ cwd: path.join(import.meta.dirname, '..') });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const importing = (source: string) => `import { x } from '${source}';\nvoid x;\n`;
const FOLDERS = [
  'lib/rbac',
  'lib/k8s',
  'lib/reports',
  'lib/history',
  'lib/graph',
  'lib/tokens',
  'lib/web',
  'lib/security',
  'components',
  'bin',
];

describe('layer rules (lint/layers.mjs)', () => {
  for (const layer of LAYERS) {
    const file = `${layer.folder}/x.ts`;
    const forbidden = FOLDERS.filter((f) => !layer.ours.includes(f));
    test(`${layer.folder} imports only ${layer.ours.join(', ')}`, async () => {
      for (const folder of forbidden)
        assert.match((await problems(file, importing(`@/${folder}/y`))).join('\n'), /atlas\/layers/, folder);
      for (const folder of layer.ours.filter((f) => f !== 'package.json'))
        assert.deepEqual(await problems(file, importing(`@/${folder}/y`)), [], folder);
    });
    if (layer.packages !== undefined)
      test(`${layer.folder} uses only the packages ${layer.packages.join(', ') || '(none)'}`, async () => {
        for (const source of ['react', 'node:fs', '@kubernetes/client-node', 'yaml'].filter(
          (p) => !layer.packages?.some((a: string) => a === p || (a.endsWith(':*') && p.startsWith(a.slice(0, -1)))),
        ))
          assert.match((await problems(file, importing(source))).join('\n'), /atlas\/layers|only lib\/k8s/, source);
      });
  }

  test("a folder's tests are held to its row too, plus the test runner and the harness it names", async () => {
    for (const source of ['node:fs', '@/lib/k8s/source', '@/scripts/control-plane/control-plane'])
      assert.match((await problems('lib/rbac/x.test.ts', importing(source))).join('\n'), /engine/, source);
    for (const source of ['node:test', 'node:assert/strict', './test-fixtures'])
      assert.deepEqual(await problems('lib/rbac/x.test.ts', importing(source)), [], source);
    assert.deepEqual(await problems('lib/k8s/x.test.ts', importing('@/scripts/control-plane/control-plane')), []);
    assert.match(
      (await problems('lib/k8s/x.ts', importing('@/scripts/control-plane/control-plane'))).join('\n'),
      /lib\/k8s/,
    );
  });

  test('the engine imports no package, not even for a type', async () => {
    assert.match(
      (await problems('lib/rbac/x.ts', "import type { ZodType } from 'zod';\nexport type Y = ZodType;\n")).join('\n'),
      /engine/,
    );
  });

  test('the proxy reaches the source through lib/web', async () => {
    assert.match((await problems('proxy.ts', importing('@/lib/k8s/current-source'))).join('\n'), /proxy/);
    assert.deepEqual(await problems('proxy.ts', importing('@/lib/web/source-problem')), []);
  });

  test('relative imports are read as the folder they reach', async () => {
    assert.match((await problems('lib/rbac/x.ts', importing('../k8s/source'))).join('\n'), /engine/);
    assert.deepEqual(await problems('lib/rbac/x.ts', importing('./engine')), []);
  });

  test('a type-only import is a dependency too', async () => {
    assert.match(
      (await problems('lib/rbac/x.ts', "import type { X } from '@/lib/web/y';\nexport type Y = X;\n")).join('\n'),
      /engine/,
    );
  });

  test('only lib/k8s imports @kubernetes/client-node', async () => {
    const code = "import { KubeConfig } from '@kubernetes/client-node';\nvoid KubeConfig;\n";
    for (const file of [
      'lib/web/x.ts',
      'app/api/x/route.ts',
      'components/x.tsx',
      'bin/x.ts',
      'lib/rbac/x.ts',
      'scripts/x.ts',
    ])
      assert.notDeepEqual(await problems(file, code), [], file);
    assert.deepEqual(await problems('lib/k8s/x.ts', code), []);
  });

  test("a 'use client' component imports only the browser-safe allowlist; a server component may import more", async () => {
    const client = (source: string) => `'use client';\n${importing(source)}`;
    for (const source of [
      '@/lib/k8s/current-source',
      '@/lib/web/current',
      '@/lib/reports/csv',
      'next/headers',
      'node:fs',
    ])
      assert.match((await problems('components/x.tsx', client(source))).join('\n'), /client component/, source);
    for (const allowed of CLIENT.ours)
      assert.deepEqual(await problems('components/x.tsx', client(`@/${allowed.replace(/\.tsx?$/, '')}`)), [], allowed);
    assert.deepEqual(
      await problems(
        'components/x.tsx',
        "'use client';\nimport type { X } from '@/lib/web/current';\nexport type Y = X;\n",
      ),
      [],
    );
    assert.deepEqual(await problems('components/x.tsx', importing('@/lib/web/current')), []);
    // Followed through modules of ours: a component that is allowed, but itself reaches server code.
    assert.match(
      (await problems('components/x.tsx', client('@/components/layout/source-notices'))).join('\n'),
      /source-notices → @\/lib\/web\/current/,
    );
  });
});
