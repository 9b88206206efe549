import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The layers (README, Architecture), enforced: lib/rbac imports nothing else of ours and nothing
// with I/O; only lib/k8s talks to a cluster; client components import no server code.
const CLIENT_NODE = {
  name: '@kubernetes/client-node',
  message: 'only lib/k8s talks to a cluster: add what you need there, and pass its result along',
};
const NEXT_LINK = { name: 'next/link', message: 'use ContextLink (components/layout/context-link) to keep ?context=' };
const ENGINE_ONLY = [
  {
    group: ['@/*', '!@/lib/rbac', '!@/lib/rbac/*', '../*', 'next', 'next/*', 'react', 'react/*', 'node:*'],
    message: 'lib/rbac is the engine: pure TypeScript, no I/O, nothing else of ours',
  },
];
// What a 'use client' module may not import: it would ship server code (or fail) in the browser.
const SERVER_ONLY = [
  /^@\/lib\/k8s\//,
  /^@\/lib\/web\/(current|api|inventory-api)$/,
  /^next\/(headers|server)$/,
  /^node:/,
  /^@kubernetes\/client-node/,
  /^server-only$/,
];

const clientBoundary = {
  meta: { type: 'problem', messages: { server: "a client component ('use client') imports server code: {{source}}" } },
  create(context) {
    const first = context.sourceCode.ast.body[0];
    if (first?.type !== 'ExpressionStatement' || first.directive !== 'use client') return {};
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (node.importKind !== 'type' && SERVER_ONLY.some((re) => re.test(source)))
          context.report({ node, messageId: 'server', data: { source } });
      },
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  // Playwright fixtures call their continuation `use`, which is not React's hook.
  { files: ['e2e/**/*.ts'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: ['lib/k8s/**', 'scripts/build-cli.mjs'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLIENT_NODE] }] },
  },
  // Page links keep the view's kubeconfig context: they go through ContextLink, never next/link directly.
  {
    files: ['app/**/*.tsx', 'components/**/*.tsx'],
    ignores: ['components/layout/context-link.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLIENT_NODE, NEXT_LINK] }] },
  },
  {
    files: ['lib/rbac/**/*.ts'],
    ignores: ['lib/rbac/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLIENT_NODE], patterns: ENGINE_ONLY }] },
  },
  {
    files: ['**/*.tsx', '**/*.ts'],
    plugins: { atlas: { rules: { 'client-boundary': clientBoundary } } },
    rules: { 'atlas/client-boundary': 'error' },
  },
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
];

export default config;
