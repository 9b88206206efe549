import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { layersRule } from './lint/layers.mjs';

// The layers (README, Layout) are enforced by lint/layers.mjs; only lib/k8s talks to a cluster.
const CLIENT_NODE = {
  name: '@kubernetes/client-node',
  message: 'only lib/k8s talks to a cluster: add what you need there, and pass its result along',
};
const NEXT_LINK = { name: 'next/link', message: 'use ContextLink (components/layout/context-link) to keep ?context=' };
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
  // Each folder imports only what its row of lint/layers.mjs allows; client components only browser-safe modules.
  {
    files: ['**/*.tsx', '**/*.ts', '**/*.mts'],
    plugins: { atlas: { rules: { layers: layersRule } } },
    rules: { 'atlas/layers': 'error' },
  },
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
];

export default config;
