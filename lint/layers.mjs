// The layers (README, "Layout"), as an allowlist: each folder names the folders of ours and the
// packages it may import; anything else is an error that names the rule. Type-only imports count
// for the folders of ours (a type is a dependency too) but not for the client boundary (types are
// erased before the browser sees them).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The test harness a test outside the engine may use: the real control plane, the CLI run in process. */
const HARNESS_REF = ['scripts/control-plane', 'bin/test-cli.ts'];

/** Every package a pure module may use: none. */
const NONE = [];
const NODE = ['node:*'];

/**
 * The folders, most specific first. `ours` are folders (or files) of this repository; `packages`
 * are npm package names (`next/*` matches `next/headers`), or undefined for "any package"; `tests`
 * what a folder's tests may import besides (they also get node:test and node:assert).
 */
export const LAYERS = [
  {
    folder: 'lib/rbac',
    ours: ['lib/rbac'],
    packages: NONE,
    why: 'lib/rbac is the engine: pure TypeScript, no I/O, nothing else of ours and no npm package',
  },
  {
    folder: 'lib/k8s',
    ours: ['lib/rbac', 'lib/k8s'],
    // The live tests feed what the watch cache saw to the change history, as the server does.
    tests: ['lib/history', ...HARNESS_REF],
    packages: ['@kubernetes/client-node', 'yaml', 'zod', 'server-only', ...NODE],
    why: 'lib/k8s reads clusters and files into the engine model: it may use the engine, nothing else of ours',
  },
  {
    folder: 'lib/reports',
    ours: ['lib/rbac', 'lib/history', 'lib/reports'],
    packages: ['yaml', 'zod', 'node:crypto'],
    why: 'lib/reports turns engine answers (and the change history) into CSV, JSON, SARIF and Markdown for the CLI and the API: pure',
  },
  {
    folder: 'lib/history',
    ours: ['lib/rbac', 'lib/history'],
    // The history's tests read it as the API exports it, and feed it the watch cache's changes.
    tests: ['lib/reports', 'lib/k8s'],
    packages: NONE,
    why: 'lib/history keeps the changes the engine computed: engine only, no I/O',
  },
  {
    folder: 'lib/graph',
    ours: ['lib/rbac', 'lib/graph'],
    // The graph's tests ask for views as a URL would.
    tests: ['lib/web/graph-params.ts'],
    packages: ['elkjs', 'zod', 'node:os', 'node:v8', 'node:path', 'node:worker_threads'],
    why: 'lib/graph turns engine answers into the elements of one view: engine only (no links, no request state)',
  },
  {
    folder: 'lib/tokens',
    ours: ['lib/rbac', 'lib/reports', 'lib/tokens'],
    packages: ['jose', 'zod'],
    why: 'lib/tokens decodes a bearer token and says what it is, in the browser and on the server: engine and reports only, no I/O',
  },
  {
    folder: 'lib/security',
    ours: ['lib/security'],
    packages: NODE,
    why: 'lib/security is the front door (hosts, headers): nothing else of ours',
  },
  {
    folder: 'lib/web',
    // lib/security: the sign-in's POSTs are guarded as /api/what-if is, and refusals look alike.
    ours: ['lib/rbac', 'lib/reports', 'lib/history', 'lib/graph', 'lib/tokens', 'lib/k8s', 'lib/security', 'lib/web'],
    tests: HARNESS_REF,
    packages: ['next/headers', 'next/server', 'next/navigation', 'zod', 'server-only', ...NODE],
    why: 'lib/web is request state, route helpers, URL schemas and links: it may use every lib folder',
  },
  {
    folder: 'app',
    // The one POST route (/api/what-if) applies the front door's guard of its body itself.
    ours: [
      'lib/rbac',
      'lib/reports',
      'lib/history',
      'lib/graph',
      'lib/tokens',
      'lib/web',
      'lib/security/post-guard.ts',
      'components',
      'app',
    ],
    packages: undefined,
    why: 'app is thin pages and route handlers: they ask lib/web for the source, never lib/k8s directly',
  },
  {
    folder: 'components',
    ours: ['lib/rbac', 'lib/reports', 'lib/history', 'lib/graph', 'lib/tokens', 'lib/web', 'components'],
    packages: undefined,
    why: 'components render answers: they ask lib/web for the source, never lib/k8s directly',
  },
  {
    folder: 'bin',
    ours: ['lib/rbac', 'lib/reports', 'lib/tokens', 'lib/k8s', 'bin', 'package.json'],
    packages: ['commander', 'yaml', 'zod', ...NODE],
    why: 'bin is the CLI: engine, reports and sources, never web code',
  },
  {
    folder: 'proxy.ts',
    ours: ['lib/web', 'lib/security', 'components/layout/nav-items.ts'],
    packages: ['next/server'],
    why: 'the proxy checks each request at the front door: it asks lib/web for the source, never lib/k8s directly',
  },
  {
    folder: 'server',
    ours: ['lib/security', 'server'],
    packages: undefined,
    why: 'server starts Next.js behind the front door: lib/security only',
  },
];

/**
 * What a 'use client' module may import at run time: it ships to the browser, so only modules that
 * are pure and small (each checked to import nothing server-side), components, and browser packages.
 */
export const CLIENT = {
  ours: [
    'lib/rbac',
    'lib/graph/types.ts',
    'lib/graph/node-size.ts',
    'lib/graph/edge-route.ts',
    'lib/web/context.ts',
    'lib/web/links.ts',
    'lib/web/auth/next-path.ts',
    // What each address needs of a viewer: every link marks what the viewer may not open.
    'lib/web/access-gates.ts',
    'lib/web/scope-review.ts',
    'lib/reports/compact-matrix.ts',
    'lib/reports/diff-lines.ts',
    // Where the risk answers stand, in words: the token inspector's answer says it in the browser.
    'lib/reports/risk-status.ts',
    // The token inspector decodes in the browser: the token is sent nowhere unless asked.
    'lib/tokens',
    'components',
  ],
  packages: ['react', 'react-dom', 'next/navigation', 'next/link', 'cytoscape', 'jose', 'zod'],
};

/** The repository path an import names (`lib/rbac/x`), or undefined for a package. */
export function importedPath(root, filename, source) {
  if (source.startsWith('@/')) return source.slice(2);
  if (source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..')
    return path
      .relative(root, path.resolve(path.dirname(filename), source))
      .split(path.sep)
      .join('/');
  return undefined;
}

/** Does `where` (a path without extension, or a folder) fall under an allowed entry? */
function within(allowed, where) {
  return allowed.some((a) => {
    const bare = a.replace(/\.(ts|tsx|mjs|json)$/, '');
    return where === a || where === bare || where.startsWith(`${a}/`) || where.replace(/\.\w+$/, '') === bare;
  });
}

function packageAllowed(allowed, source) {
  if (allowed === undefined) return true;
  return allowed.some((p) =>
    p.endsWith('/*') || p.endsWith(':*')
      ? source.startsWith(p.slice(0, -1))
      : source === p || source.startsWith(`${p}/`),
  );
}

function layerOf(file) {
  return LAYERS.find((l) => file === l.folder || file.startsWith(`${l.folder}/`));
}

/** What every test may use besides its folder's packages: the test runner and assertions. */
const TEST_PACKAGES = ['node:test', 'node:assert', 'node:assert/strict'];

const isTest = (file) => /\.test\.tsx?$|\.spec\.tsx?$/.test(file) || file.includes('/fixtures/');

function sourcesOf(node) {
  if (node.type === 'ImportExpression') return node.source.type === 'Literal' ? [node.source] : [];
  return node.source ? [node.source] : [];
}

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs', '/index.ts', '/index.tsx'];
const IMPORTS =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The run-time imports written in a file of ours (type-only ones are erased). */
function runtimeImports(root, file) {
  const full = EXTENSIONS.map((e) => path.join(root, file + e)).find((f) => existsSync(f));
  if (!full) return [];
  const text = readFileSync(full, 'utf8');
  return [...text.matchAll(IMPORTS)].filter((m) => !m[1]).map((m) => ({ full, source: m[2] ?? m[3] }));
}

/**
 * What a module a client component imports brings into the browser, followed through every module
 * of ours it imports: the first import outside the client allowlist, as `a → b → c`, or undefined.
 */
function clientLeak(root, where, seen = new Set()) {
  const file = where.replace(/\.(ts|tsx|mts|mjs)$/, '');
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const { full, source } of runtimeImports(root, file)) {
    const next = importedPath(root, full, source);
    if (next === undefined ? !packageAllowed(CLIENT.packages, source) : !within(CLIENT.ours, next)) return source;
    const deeper = next === undefined ? undefined : clientLeak(root, next, seen);
    if (deeper) return `${source} → ${deeper}`;
  }
  return undefined;
}

export const layersRule = {
  meta: {
    type: 'problem',
    messages: {
      ours: '{{why}}: {{source}} is outside {{allowed}}',
      pkg: '{{why}}: the package {{source}} is not one of {{allowed}}',
      client:
        "a client component ('use client') may import only browser-safe modules (lint/layers.mjs CLIENT): {{source}}",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layerOf(file);
    const first = context.sourceCode.ast.body[0];
    const client = first?.type === 'ExpressionStatement' && first.directive === 'use client';
    if (!layer && !client) return {};
    const check = (node) => {
      for (const lit of sourcesOf(node)) {
        const source = String(lit.value);
        const where = importedPath(root, context.filename, source);
        if (client && !isTypeOnly(node)) {
          const allowed = where ? within(CLIENT.ours, where) : packageAllowed(CLIENT.packages, source);
          const leak = allowed && where ? clientLeak(root, where) : undefined;
          if (!allowed || leak)
            context.report({ node, messageId: 'client', data: { source: leak ? `${source} → ${leak}` : source } });
        }
        if (!layer) continue;
        if (where !== undefined && !within(isTest(file) ? [...layer.ours, ...(layer.tests ?? [])] : layer.ours, where))
          context.report({ node, messageId: 'ours', data: { why: layer.why, source, allowed: layer.ours.join(', ') } });
        const packages = isTest(file) && layer.packages ? [...layer.packages, ...TEST_PACKAGES] : layer.packages;
        if (where === undefined && !packageAllowed(packages, source))
          context.report({
            node,
            messageId: 'pkg',
            data: { why: layer.why, source, allowed: packages.join(', ') || 'none' },
          });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
